//! BIO token files (`token TAG` per line, blank line between sentences) and span-level
//! scoring with seqeval's semantics: an `I-X` after `O` or after another type opens a chunk.
//! Label sets are mapped to ours: PERS/PER→PERSON, GPE/LOC/FAC→LOC, OCC→ROLE, MIS*→MISC;
//! other types (DATE, NORP, …) are dropped to `O`.
//!
//! ```
//! use qawl_pipeline::conll::{map_tag, report, score};
//! let tags = |s: &str| s.split_whitespace().map(map_tag).collect::<Vec<_>>();
//! let gold = vec![tags("B-PERS I-PERS O B-GPE")];
//! let pred = vec![tags("B-PERS I-PERS O B-ORG")];
//! assert_eq!(gold[0], ["B-PERSON", "I-PERSON", "O", "B-LOC"]);
//! let figures = report(&score(&gold, &pred));
//! assert_eq!(figures["PERSON_f1"], 100.0);
//! assert_eq!(figures["micro_f1"], 50.0);
//! ```

use crate::document::EntityType;
use crate::error::Error;
use crate::eval::{percent, Prf};
use crate::pipeline::Pipeline;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// One sentence of a BIO file.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    /// The tokens as written.
    pub tokens: Vec<String>,
    /// Mapped tags (`B-PERSON`, `I-LOC`, `O`), one per token.
    pub tags: Vec<String>,
}

/// Maps one tag of any of our corpora to our label set.
pub fn map_tag(tag: &str) -> String {
    let (prefix, label) = match tag.split_once('-') {
        Some((p, l)) if p == "B" || p == "I" => (p, l),
        _ => return "O".into(),
    };
    match EntityType::from_label(label) {
        Some(t) => format!("{prefix}-{}", t.as_str()),
        None => "O".into(),
    }
}

/// Reads a BIO file. The first tag column is used (Wojood's outermost level); `$#$`
/// segment markers are skipped. Errors name the file and line.
pub fn read(path: &Path) -> Result<Vec<Sentence>, Error> {
    let err = |line: usize, message: String| Error::Gold { path: path.to_path_buf(), line, message };
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let text = String::from_utf8(bytes).map_err(|e| err(0, format!("invalid UTF-8: {e}")))?;
    let mut out = Vec::new();
    let mut cur = Sentence { tokens: vec![], tags: vec![] };
    for (i, line) in text.lines().enumerate() {
        let mut parts = line.split_whitespace();
        let Some(token) = parts.next() else {
            if !cur.tokens.is_empty() {
                out.push(std::mem::replace(&mut cur, Sentence { tokens: vec![], tags: vec![] }));
            }
            continue;
        };
        if token == "$#$" {
            continue;
        }
        let tag = parts.next().ok_or_else(|| err(i + 1, format!("expected `token TAG`, found {line:?}")))?;
        cur.tokens.push(token.to_string());
        cur.tags.push(map_tag(tag));
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    if out.is_empty() {
        return Err(err(1, "no sentences".into()));
    }
    Ok(out)
}

/// Chunks of a tag sequence as (type, start, end) token ranges, seqeval-style.
pub fn chunks(tags: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, label) = tag.split_once('-').map(|(p, l)| (p, l.to_string())).unwrap_or(("O", String::new()));
        let continues = prefix == "I" && cur.as_ref().map(|(l, _)| *l == label).unwrap_or(false);
        if !continues {
            if let Some((l, s)) = cur.take() {
                out.push((l, s, i));
            }
            if prefix == "B" || prefix == "I" {
                cur = Some((label, i));
            }
        }
    }
    if let Some((l, s)) = cur {
        out.push((l, s, tags.len()));
    }
    out
}

/// Span-level P/R/F1 per type and micro over all types.
pub fn score(gold: &[Vec<String>], pred: &[Vec<String>]) -> BTreeMap<String, Prf> {
    let mut per: BTreeMap<String, Prf> = BTreeMap::new();
    for (s, (g, p)) in gold.iter().zip(pred).enumerate() {
        let gc: HashSet<_> = chunks(g).into_iter().map(|c| (s, c)).collect();
        let pc: HashSet<_> = chunks(p).into_iter().map(|c| (s, c)).collect();
        for c in &gc {
            let e = per.entry(c.1 .0.clone()).or_default();
            e.gold += 1;
            if pc.contains(c) {
                e.tp += 1;
            }
        }
        for c in &pc {
            per.entry(c.1 .0.clone()).or_default().pred += 1;
        }
    }
    per
}

/// The figures `qawl eval --conll` prints, in percent.
pub fn report(per: &BTreeMap<String, Prf>) -> serde_json::Value {
    let mut micro = Prf::default();
    let mut types = serde_json::Map::new();
    let mut v = json!({});
    for (t, c) in per {
        micro.add(c);
        types.insert(t.clone(), c.figures());
        v[format!("{t}_f1")] = json!(percent(c.f1()));
    }
    v["micro_p"] = json!(percent(micro.precision()));
    v["micro_r"] = json!(percent(micro.recall()));
    v["micro_f1"] = json!(percent(micro.f1()));
    v["per_type"] = serde_json::Value::Object(types);
    v
}

/// Runs the entity stage on the tokens joined by spaces and reads entity spans back as one BIO
/// tag per token: a token is tagged when an entity starts inside it (after its clitics);
/// outer spans win over nested ones.
///
/// ```
/// use std::collections::HashSet;
/// let pipeline = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir())?;
/// let tokens: Vec<String> = ["قال", "الوزير", "محمد", "بن", "سالم"].map(String::from).to_vec();
/// let types: HashSet<String> = ["PERSON".to_string()].into();
/// let tags = qawl_pipeline::conll::tag_sentence(&pipeline, &tokens, &types);
/// assert_eq!(tags, ["O", "O", "B-PERSON", "I-PERSON", "I-PERSON"]);
/// # Ok::<(), qawl_pipeline::Error>(())
/// ```
pub fn tag_sentence(pipeline: &Pipeline, tokens: &[String], types: &HashSet<String>) -> Vec<String> {
    let mut starts = Vec::with_capacity(tokens.len());
    let mut text = String::new();
    let mut pos = 0;
    for t in tokens {
        if !text.is_empty() {
            text.push(' ');
            pos += 1;
        }
        let n = t.chars().count();
        starts.push((pos, pos + n));
        text.push_str(t);
        pos += n;
    }
    let entities = pipeline.entities(&text);
    let mut tags = vec!["O".to_string(); tokens.len()];
    // Only the scored types compete for tokens: an unscored ROLE must not hide the ORG inside it.
    let mut ents: Vec<_> = entities.iter().filter(|e| types.contains(e.kind.as_str())).collect();
    ents.sort_by_key(|e| std::cmp::Reverse(e.end - e.start));
    for e in ents {
        let covered: Vec<usize> = (0..tokens.len()).filter(|&i| starts[i].0 < e.end && e.start < starts[i].1).collect();
        if covered.is_empty() || covered.iter().any(|&i| tags[i] != "O") {
            continue;
        }
        for (k, &i) in covered.iter().enumerate() {
            tags[i] = format!("{}-{}", if k == 0 { "B" } else { "I" }, e.kind.as_str());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn maps_label_sets() {
        assert_eq!(map_tag("B-PERS"), "B-PERSON");
        assert_eq!(map_tag("I-GPE"), "I-LOC");
        assert_eq!(map_tag("B-FAC"), "B-LOC");
        assert_eq!(map_tag("B-OCC"), "B-ROLE");
        assert_eq!(map_tag("I-MIS2"), "I-MISC");
        assert_eq!(map_tag("B-DATE"), "O");
        assert_eq!(map_tag("O"), "O");
    }

    #[test]
    fn chunks_follow_seqeval() {
        // I- after O opens a chunk; a type change closes one.
        assert_eq!(
            chunks(&tags("B-PERSON I-PERSON O I-LOC I-LOC B-ORG I-LOC")),
            vec![("PERSON".into(), 0, 2), ("LOC".into(), 3, 5), ("ORG".into(), 5, 6), ("LOC".into(), 6, 7)]
        );
        assert_eq!(chunks(&tags("B-LOC B-LOC")), vec![("LOC".into(), 0, 1), ("LOC".into(), 1, 2)]);
    }

    /// Worked by hand. Gold: [PERSON 0-2] [LOC 3-4] | [ORG 0-3]. Pred: [PERSON 0-2] [LOC 3-4]
    /// wrong as [ORG 3-4] | [ORG 0-2]. PERSON 1/1/1; LOC tp0 gold1 pred0; ORG tp0 pred2 gold1.
    /// Micro tp=1 pred=3 gold=3 → P=R=F1=33.33.
    #[test]
    fn scores_a_hand_worked_example() {
        let gold = vec![tags("B-PERSON I-PERSON O B-LOC"), tags("B-ORG I-ORG I-ORG O")];
        let pred = vec![tags("B-PERSON I-PERSON O B-ORG"), tags("B-ORG I-ORG O O")];
        let r = report(&score(&gold, &pred));
        assert_eq!(r["PERSON_f1"], 100.0);
        assert_eq!(r["LOC_f1"], 0.0);
        assert_eq!(r["ORG_f1"], 0.0);
        assert_eq!(r["micro_f1"], 33.33);
        assert_eq!(r["per_type"]["ORG"]["pred"], 2);
    }
}
