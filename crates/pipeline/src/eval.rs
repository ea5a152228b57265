//! Scoring predicted documents against gold ones, as `../shared/ANNOTATION.md` defines:
//! entities by exact span and type; quotes matched one-to-one when their overlap is at
//! least half the longer of the two (best overlap first); speaker accuracy over matched
//! quotes (the predicted speaker's mentions overlap the gold person's mentions); and
//! attributed-quote F1 (a match with the right speaker).
//!
//! ```
//! use qawl_pipeline::eval::Scores;
//! use qawl_pipeline::{default_model_dir, Pipeline};
//! let pipeline = Pipeline::rules(&default_model_dir())?;
//! // Gold comes from files (`gold::load_all`); here a prediction that missed the quote.
//! let gold = pipeline.process_with_id("d1", "وقال الوزير محمد بن سالم إن اللقاء مهم.");
//! let mut pred = gold.clone();
//! pred.quotes.clear();
//! let mut scores = Scores::default();
//! scores.add_document(&gold, &pred);
//! let figures = scores.report();
//! assert_eq!(figures["micro_f1"], 100.0);
//! assert_eq!((figures["quote_r"].as_f64(), figures["quotes_gold"].as_u64()), (Some(0.0), Some(1)));
//! # Ok::<(), qawl_pipeline::Error>(())
//! ```

use crate::document::{Document, EntityType};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The counts of one measure: matches, predictions and gold items.
///
/// ```
/// let c = qawl_pipeline::eval::Prf { tp: 2, pred: 4, gold: 2 };
/// assert_eq!((c.precision(), c.recall()), (0.5, 1.0));
/// assert!((c.f1() - 2.0 / 3.0).abs() < 1e-9);
/// ```
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Predictions that match a gold item.
    pub tp: usize,
    /// Predictions.
    pub pred: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// `tp / pred`, 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.pred)
    }
    /// `tp / gold`, 0 when there is no gold.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    /// The harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Adds another count to this one.
    pub fn add(&mut self, o: &Prf) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }

    /// The figures of one type in a report: P, R and F1 in percent, and the counts.
    pub(crate) fn figures(&self) -> serde_json::Value {
        serde_json::json!({"p": percent(self.precision()), "r": percent(self.recall()), "f1": percent(self.f1()), "gold": self.gold, "pred": self.pred})
    }
}

/// A ratio in percent with two decimals, as reports print it.
pub(crate) fn percent(x: f64) -> f64 {
    (x * 10000.0).round() / 100.0
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Counts summed over documents; turn into figures with [`Scores::report`].
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Documents scored.
    pub docs: usize,
    /// Entity counts by type label (`PERSON`), for the types either side has.
    pub entities: BTreeMap<&'static str, Prf>,
    /// Quotes, matched one to one by overlap.
    pub quotes: Prf,
    /// Matched quotes whose speaker is right.
    pub speaker_right: usize,
    /// Gold persons.
    pub persons_gold: usize,
    /// Gold persons whose exact set of mentions is one predicted person.
    pub persons_exact: usize,
}

impl Scores {
    /// Scores a predicted document against its gold one (the same text).
    pub fn add_document(&mut self, gold: &Document, pred: &Document) {
        self.docs += 1;
        self.add_entities(gold, pred);
        self.add_quotes(gold, pred);
        self.add_persons(gold, pred);
    }

    /// Entities by exact span, per type.
    fn add_entities(&mut self, gold: &Document, pred: &Document) {
        for t in EntityType::ALL {
            let g: HashSet<(usize, usize)> = gold.entities.iter().filter(|e| e.kind == t).map(|e| (e.start, e.end)).collect();
            let p: HashSet<(usize, usize)> = pred.entities.iter().filter(|e| e.kind == t).map(|e| (e.start, e.end)).collect();
            if g.is_empty() && p.is_empty() {
                continue;
            }
            let c = Prf { tp: g.intersection(&p).count(), pred: p.len(), gold: g.len() };
            self.entities.entry(t.as_str()).or_default().add(&c);
        }
    }

    /// Quotes matched one-to-one, best overlap first, and their speakers.
    fn add_quotes(&mut self, gold: &Document, pred: &Document) {
        let mut pairs = Vec::new();
        for (i, pq) in pred.quotes.iter().enumerate() {
            for (j, gq) in gold.quotes.iter().enumerate() {
                let ov = pq.span().overlap(&gq.span());
                if ov > 0 && 2 * ov >= pq.span().len().max(gq.span().len()) {
                    pairs.push((ov, i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut used_p, mut used_g) = (HashSet::new(), HashSet::new());
        let mut matched = 0;
        for (_, i, j) in pairs {
            if used_p.contains(&i) || used_g.contains(&j) {
                continue;
            }
            used_p.insert(i);
            used_g.insert(j);
            matched += 1;
            if same_speaker(gold, gold.quotes[j].speaker.as_deref(), pred, pred.quotes[i].speaker.as_deref()) {
                self.speaker_right += 1;
            }
        }
        self.quotes.add(&Prf { tp: matched, pred: pred.quotes.len(), gold: gold.quotes.len() });
    }

    /// Persons as exact clusters of mention spans.
    fn add_persons(&mut self, gold: &Document, pred: &Document) {
        let mention_set = |d: &Document, ids: &[String]| -> Vec<(usize, usize)> {
            let mut v: Vec<(usize, usize)> = ids.iter().filter_map(|m| d.entity(m)).map(|e| (e.start, e.end)).collect();
            v.sort();
            v
        };
        let predicted: Vec<Vec<(usize, usize)>> = pred.persons.iter().map(|p| mention_set(pred, &p.mentions)).collect();
        for gp in &gold.persons {
            self.persons_gold += 1;
            if predicted.contains(&mention_set(gold, &gp.mentions)) {
                self.persons_exact += 1;
            }
        }
    }

    /// Entity counts summed over the types, MISC left out.
    pub fn micro(&self) -> Prf {
        let mut m = Prf::default();
        for (t, c) in &self.entities {
            if *t != "MISC" {
                m.add(c);
            }
        }
        m
    }

    /// Quotes matched with the right speaker, against all predicted and gold quotes.
    pub fn attributed(&self) -> Prf {
        Prf { tp: self.speaker_right, pred: self.quotes.pred, gold: self.quotes.gold }
    }

    /// Figures in percent, as `qawl eval --json` prints them.
    pub fn report(&self) -> serde_json::Value {
        let micro = self.micro();
        let mut v = serde_json::json!({
            "docs": self.docs,
            "micro_p": percent(micro.precision()),
            "micro_r": percent(micro.recall()),
            "micro_f1": percent(micro.f1()),
            "quote_p": percent(self.quotes.precision()),
            "quote_r": percent(self.quotes.recall()),
            "quote_f1": percent(self.quotes.f1()),
            "quotes_gold": self.quotes.gold,
            "quotes_pred": self.quotes.pred,
            "speaker_acc": percent(ratio(self.speaker_right, self.quotes.tp)),
            "attributed_quote_f1": percent(self.attributed().f1()),
            "persons_gold": self.persons_gold,
            "persons_exact": self.persons_exact,
        });
        let mut per_type = serde_json::Map::new();
        for (t, c) in &self.entities {
            v[format!("{t}_f1")] = serde_json::json!(percent(c.f1()));
            per_type.insert(t.to_string(), c.figures());
        }
        v["per_type"] = serde_json::Value::Object(per_type);
        v
    }
}

/// Whether the predicted speaker's mentions overlap the gold speaker's mentions.
fn same_speaker(gold: &Document, g: Option<&str>, pred: &Document, p: Option<&str>) -> bool {
    let (Some(g), Some(p)) = (g, p) else { return false };
    let (Some(gp), Some(pp)) = (gold.person(g), pred.person(p)) else { return false };
    let gspans: Vec<_> = gp.mentions.iter().filter_map(|m| gold.entity(m)).map(|e| e.span()).collect();
    pp.mentions.iter().filter_map(|m| pred.entity(m)).any(|e| gspans.iter().any(|s| s.overlaps(&e.span())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, Person, Quote, QuoteKind};

    fn ent(id: &str, kind: EntityType, s: usize, e: usize) -> Entity {
        Entity { id: id.into(), kind, start: s, end: e, text: String::new(), confidence: None, sentence: None }
    }
    fn quote(id: &str, sp: &str, s: usize, e: usize) -> Quote {
        Quote { id: id.into(), kind: QuoteKind::Direct, speaker: Some(sp.into()), start: s, end: e, text: String::new(), cue: None, paragraph: None }
    }
    fn person(id: &str, mentions: &[&str]) -> Person {
        Person { id: id.into(), name: String::new(), mentions: mentions.iter().map(|m| m.to_string()).collect(), roles: vec![], organizations: vec![], gender: None }
    }

    /// Worked by hand: gold has PERSON 0..5, 20..25 and ORG 10..15; the prediction has
    /// PERSON 0..5 (right), PERSON 20..24 (wrong span) and ORG 10..15 (right), LOC 30..33 (spurious).
    /// PERSON p=1/2 r=1/2; ORG 1/1; LOC p=0/1. Micro: tp=2, pred=4, gold=3 → P=.5 R=.667 F1=.5714.
    /// Quotes: gold q1 40..60 (p1), q2 70..80 (p2); predicted 42..60 (overlap 18 ≥ 10: match,
    /// speaker is the person at 0..5 = gold p1: right), 70..71 (overlap 1 < 5: no match),
    /// 100..110 (no match). Quote P=1/3 R=1/2 F1=.4; speaker acc 1/1; attributed F1 = .4.
    #[test]
    fn scores_a_hand_worked_example() {
        let mut gold = Document::new("g", "x".repeat(120));
        gold.entities = vec![ent("e1", EntityType::Person, 0, 5), ent("e2", EntityType::Org, 10, 15), ent("e3", EntityType::Person, 20, 25)];
        gold.persons = vec![person("p1", &["e1"]), person("p2", &["e3"])];
        gold.quotes = vec![quote("q1", "p1", 40, 60), quote("q2", "p2", 70, 80)];
        let mut pred = Document::new("g", "x".repeat(120));
        pred.entities = vec![ent("e1", EntityType::Person, 0, 5), ent("e2", EntityType::Org, 10, 15), ent("e3", EntityType::Person, 20, 24), ent("e4", EntityType::Loc, 30, 33)];
        pred.persons = vec![person("p1", &["e1"]), person("p2", &["e3"])];
        pred.quotes = vec![quote("q1", "p1", 42, 60), quote("q2", "p2", 70, 71), quote("q3", "p2", 100, 110)];
        let mut s = Scores::default();
        s.add_document(&gold, &pred);
        let r = s.report();
        assert_eq!(r["PERSON_f1"], 50.0);
        assert_eq!(r["ORG_f1"], 100.0);
        assert_eq!(r["LOC_f1"], 0.0);
        assert_eq!(r["micro_f1"], 57.14);
        assert_eq!(r["quote_f1"], 40.0);
        assert_eq!(r["speaker_acc"], 100.0);
        assert_eq!(r["attributed_quote_f1"], 40.0);
        assert_eq!(r["persons_exact"], 1);
    }

    #[test]
    fn wrong_speaker_counts_as_match_but_not_attributed() {
        let mut gold = Document::new("g", "x".repeat(50));
        gold.entities = vec![ent("e1", EntityType::Person, 0, 5), ent("e2", EntityType::Person, 6, 9)];
        gold.persons = vec![person("p1", &["e1"]), person("p2", &["e2"])];
        gold.quotes = vec![quote("q1", "p1", 20, 40)];
        let mut pred = gold.clone();
        pred.quotes = vec![quote("q1", "p2", 20, 40)];
        let mut s = Scores::default();
        s.add_document(&gold, &pred);
        let r = s.report();
        assert_eq!(r["quote_f1"], 100.0);
        assert_eq!(r["speaker_acc"], 0.0);
        assert_eq!(r["attributed_quote_f1"], 0.0);
    }
}
