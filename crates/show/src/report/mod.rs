//! Figures across an archive of `extract` records, read one record at a time.
//!
//! ```no_run
//! use qawl_show::{read::RecordFile, report::Archive};
//! let mut archive = Archive::default();
//! for item in RecordFile::open("out.jsonl".as_ref())? {
//!     let item = item?;
//!     match item.line {
//!         Ok(line) => archive.add(line),
//!         Err(why) => archive.add_unreadable(&item.origin, &why),
//!     }
//! }
//! let report = archive.finish(20);
//! qawl_show::report::write(&report, "report".as_ref(), &Default::default())?;
//! # Ok::<(), qawl_show::Error>(())
//! ```
//!
//! Definitions the figures use:
//! - a quote's gender is its speaker's gender as the quote's own document gives it
//!   (`unattributed` when the quote has no speaker), so the shares can be recounted from
//!   the records alone;
//! - a person of the archive is the merge of documents' persons (see [`persons`]); their
//!   gender is the one most of their documents give;
//! - a role or organization counts the archive persons who hold it in some document, and
//!   the quotes their holders gave in those documents.

mod html;
pub mod persons;
mod summary;
pub mod tally;
mod write;

pub use summary::{GenderCounts, GroupFigures, Ranked, Speaker, Summary};
pub use write::{write, WriteOptions, Written};

use crate::dates;
use crate::names::normalize;
use crate::record::{Line, Record};
use persons::{ArchivePerson, PersonTable};
use std::collections::{BTreeMap, HashMap, HashSet};
use tally::best_spelling;

/// A document that did not come through: an error record, or a line that is no record.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The document id (error records) or `file:line` (unreadable lines).
    pub at: String,
    pub why: String,
}

/// One quote, flattened for `quotes.csv`.
#[derive(Debug, Clone)]
pub struct QuoteRow {
    pub document: String,
    pub quote: String,
    pub speaker: String,
    /// Slot in the person table while reading; the archive person after `finish`.
    person: Option<usize>,
    pub person_key: String,
    /// `male`, `female`, `unknown`, or `unattributed`.
    pub gender: &'static str,
    pub role: String,
    pub organization: String,
    pub kind: String,
    pub cue: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub paragraph: Option<usize>,
    pub source: String,
    pub date: String,
}

/// Documents, quotes and speakers of one source or one month.
#[derive(Debug, Default, Clone)]
struct Group {
    documents: usize,
    quotes: GenderCounts,
    speakers: HashSet<usize>,
}

/// A role or an organization: spellings, who holds it, their quotes.
#[derive(Debug, Default, Clone)]
struct Held {
    spellings: HashMap<String, usize>,
    holders: HashSet<usize>,
    quotes: usize,
}

#[derive(Debug, Default)]
pub struct Archive {
    documents: usize,
    failed: Vec<Skipped>,
    unreadable: Vec<Skipped>,
    persons: PersonTable,
    quotes: Vec<QuoteRow>,
    by_gender: GenderCounts,
    direct: usize,
    indirect: usize,
    roles: HashMap<String, Held>,
    organizations: HashMap<String, Held>,
    sources: BTreeMap<String, Group>,
    months: BTreeMap<String, Group>,
    without_source: usize,
    without_date: usize,
    unknown_dates: usize,
    unknown_date_examples: Vec<String>,
}

/// An archive read to the end.
pub struct Report {
    pub summary: Summary,
    /// Most quoted first.
    pub persons: Vec<ArchivePerson>,
    pub quotes: Vec<QuoteRow>,
    pub skipped: Vec<Skipped>,
}

fn gender_of(g: Option<&str>) -> &'static str {
    match g {
        Some("male") => "male",
        Some("female") => "female",
        _ => "unknown",
    }
}

impl Archive {
    pub fn add(&mut self, line: Line) {
        match line {
            Line::Record(r) => self.add_record(&r),
            Line::Failed { id, error } => self.failed.push(Skipped { at: id, why: error }),
        }
    }

    /// A line that could not be read as a record is counted and skipped, like an error record.
    pub fn add_unreadable(&mut self, origin: &str, why: &str) {
        self.unreadable.push(Skipped { at: origin.to_string(), why: why.to_string() });
    }

    pub fn add_record(&mut self, r: &Record) {
        self.documents += 1;
        let source = r.source.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let date = r.date.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let month = date.and_then(|d| match dates::month(d) {
            Some(m) => Some(dates::month_label(m)),
            None => {
                self.unknown_dates += 1;
                if self.unknown_date_examples.len() < 5 {
                    self.unknown_date_examples.push(d.to_string());
                }
                None
            }
        });
        if source.is_none() {
            self.without_source += 1;
        }
        if date.is_none() {
            self.without_date += 1;
        }

        // Each person of the document, under their name key.
        let mut slot_of: HashMap<&str, usize> = HashMap::new();
        for p in &r.persons {
            let name = if p.name.trim().is_empty() { r.entity_texts(&p.mentions).into_iter().max_by_key(|t| t.chars().count()).unwrap_or("") } else { p.name.as_str() };
            let key = normalize(name);
            if key.is_empty() {
                continue;
            }
            let slot = self.persons.slot(&key);
            slot_of.insert(p.id.as_str(), slot);
            let quotes: Vec<_> = r.quotes_of(&p.id).collect();
            let f = self.persons.facts_mut(slot);
            *f.names.entry(name.trim().to_string()).or_default() += 1;
            for m in r.entity_texts(&p.mentions) {
                *f.variants.entry(m.trim().to_string()).or_default() += 1;
            }
            match gender_of(p.gender.as_deref()) {
                "male" => f.male += 1,
                "female" => f.female += 1,
                _ => f.unknown += 1,
            }
            f.documents += 1;
            f.mentions += p.mentions.len();
            for q in &quotes {
                match q.kind.as_str() {
                    "direct" => f.direct += 1,
                    "indirect" => f.indirect += 1,
                    _ => f.other_quotes += 1,
                }
            }
            let roles = distinct(r.entity_texts(&p.roles));
            let orgs = distinct(r.entity_texts(&p.organizations));
            for t in &roles {
                f.roles.add(t, 1);
            }
            for t in &orgs {
                f.organizations.add(t, 1);
            }
            if let Some(s) = source {
                f.sources.add(s, 1);
            }
            for (table, texts) in [(&mut self.roles, &roles), (&mut self.organizations, &orgs)] {
                for t in texts {
                    let h = table.entry(normalize(t)).or_default();
                    *h.spellings.entry(t.trim().to_string()).or_default() += 1;
                    h.holders.insert(slot);
                    h.quotes += quotes.len();
                }
            }
        }

        let mut doc_quotes = GenderCounts::default();
        let mut speakers = HashSet::new();
        for q in &r.quotes {
            let person = q.speaker.as_deref().and_then(|s| r.person(s));
            let gender = match person {
                Some(p) => gender_of(p.gender.as_deref()),
                None => "unattributed",
            };
            doc_quotes.add(gender);
            match q.kind.as_str() {
                "direct" => self.direct += 1,
                "indirect" => self.indirect += 1,
                _ => {}
            }
            let slot = person.and_then(|p| slot_of.get(p.id.as_str()).copied());
            speakers.extend(slot);
            let join = |ids: &[String]| distinct(r.entity_texts(ids)).join(" | ");
            self.quotes.push(QuoteRow {
                document: r.id.clone(),
                quote: q.id.clone(),
                speaker: person.map(|p| p.name.clone()).unwrap_or_default(),
                person: slot,
                person_key: String::new(),
                gender,
                role: person.map(|p| join(&p.roles)).unwrap_or_default(),
                organization: person.map(|p| join(&p.organizations)).unwrap_or_default(),
                kind: q.kind.clone(),
                cue: q.cue.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
                text: q.text.clone(),
                start: q.start,
                end: q.end,
                cue_start: q.cue.as_ref().map(|c| c.start),
                cue_end: q.cue.as_ref().map(|c| c.end),
                paragraph: q.paragraph,
                source: source.unwrap_or("").to_string(),
                date: date.unwrap_or("").to_string(),
            });
        }
        self.by_gender.merge(&doc_quotes);
        for (key, table) in [(source.map(String::from), &mut self.sources), (month, &mut self.months)] {
            if let Some(key) = key {
                let g = table.entry(key).or_default();
                g.documents += 1;
                g.quotes.merge(&doc_quotes);
                g.speakers.extend(speakers.iter().copied());
            }
        }
    }

    /// Merges persons across documents and computes the figures; `top` bounds the ranked lists.
    pub fn finish(self, top: usize) -> Report {
        let merged = self.persons.merge();
        let of = |slot: usize| merged.of_key[slot];
        let mut quotes = self.quotes;
        for q in &mut quotes {
            q.person = q.person.map(of);
            q.person_key = q.person.map(|p| merged.people[p].key.clone()).unwrap_or_default();
        }
        let people = &merged.people;
        let mut quoted_by_gender = GenderCounts::default();
        for p in people.iter().filter(|p| p.facts.quotes() > 0) {
            quoted_by_gender.add(p.facts.gender());
        }
        let ranked = |table: &HashMap<String, Held>| -> Vec<Ranked> {
            let mut all: Vec<Ranked> = table
                .values()
                .map(|h| Ranked { name: best_spelling(&h.spellings), persons: h.holders.iter().map(|&s| of(s)).collect::<HashSet<_>>().len(), quotes: h.quotes })
                .collect();
            all.sort_by(|a, b| b.persons.cmp(&a.persons).then(b.quotes.cmp(&a.quotes)).then_with(|| a.name.cmp(&b.name)));
            all.truncate(top);
            all
        };
        let groups = |table: &BTreeMap<String, Group>| -> Vec<GroupFigures> {
            table
                .iter()
                .map(|(name, g)| GroupFigures { name: name.clone(), documents: g.documents, quotes: g.quotes.total(), quoted_persons: g.speakers.iter().map(|&s| of(s)).collect::<HashSet<_>>().len(), quotes_by_gender: g.quotes.clone() })
                .collect()
        };
        let mut sources = groups(&self.sources);
        sources.sort_by(|a, b| b.documents.cmp(&a.documents).then_with(|| a.name.cmp(&b.name)));
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.sort_by(|&a, &b| people[b].facts.quotes().cmp(&people[a].facts.quotes()).then(people[b].facts.documents.cmp(&people[a].facts.documents)).then_with(|| people[a].key.cmp(&people[b].key)));
        let top_speakers = order
            .iter()
            .map(|&i| &people[i])
            .filter(|p| p.facts.quotes() > 0)
            .take(top)
            .map(|p| Speaker { key: p.key.clone(), name: p.facts.name(), gender: p.facts.gender().to_string(), quotes: p.facts.quotes(), documents: p.facts.documents, roles: p.facts.roles.top(3).into_iter().map(|r| r.0).collect(), organizations: p.facts.organizations.top(3).into_iter().map(|r| r.0).collect() })
            .collect();
        let summary = Summary {
            documents: self.documents,
            error_records: self.failed.len(),
            unreadable_lines: self.unreadable.len(),
            quotes: quotes.len(),
            direct: self.direct,
            indirect: self.indirect,
            attributed: quotes.len() - self.by_gender.unattributed,
            persons: people.len(),
            quoted_persons: quoted_by_gender.total(),
            quotes_by_gender: self.by_gender.clone(),
            quoted_persons_by_gender: quoted_by_gender,
            top_speakers,
            top_roles: ranked(&self.roles),
            top_organizations: ranked(&self.organizations),
            sources,
            months: groups(&self.months),
            documents_without_source: self.without_source,
            documents_without_date: self.without_date,
            documents_with_unknown_date: self.unknown_dates,
            unknown_date_examples: self.unknown_date_examples,
        };
        let persons = order.into_iter().map(|i| merged.people[i].clone()).collect();
        let mut skipped = self.failed;
        skipped.extend(self.unreadable);
        Report { summary, persons, quotes, skipped }
    }
}

/// The texts once each, in first-seen order (a person can hold one role twice in a document).
fn distinct(texts: Vec<&str>) -> Vec<&str> {
    let mut seen = HashSet::new();
    texts.into_iter().filter(|t| seen.insert(normalize(t))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Line {
        Line::parse(s).unwrap()
    }

    fn archive() -> Report {
        let mut a = Archive::default();
        a.add(line(r#"{"id": "d1", "source": "aawsat", "date": "2015-07-21 02:51:32",
            "entities": [{"id": "e1", "type": "PERSON", "start": 0, "end": 4, "text": "سالم"}, {"id": "e2", "type": "ROLE", "start": 5, "end": 9, "text": "وزير"}],
            "persons": [{"id": "p1", "name": "سالم", "mentions": ["e1"], "roles": ["e2"], "gender": "male"}],
            "quotes": [{"id": "q1", "kind": "direct", "speaker": "p1", "start": 10, "end": 12, "text": "نعم"},
                       {"id": "q2", "kind": "indirect", "speaker": null, "start": 13, "end": 15, "text": "لا"}]}"#));
        a.add(line(r#"{"id": "d2", "source": "okaz", "date": "someday",
            "persons": [{"id": "p1", "name": "مريم", "gender": "female"}],
            "quotes": [{"id": "q1", "kind": "indirect", "speaker": "p1", "start": 0, "end": 2, "text": "نعم"}]}"#));
        a.add(line(r#"{"id": "d3", "error": "d3.txt: empty document"}"#));
        a.add_unreadable("x.jsonl:4", "not a qawl record");
        a.finish(10)
    }

    #[test]
    fn figures_of_a_small_archive() {
        let r = archive();
        let s = &r.summary;
        assert_eq!((s.documents, s.error_records, s.unreadable_lines), (2, 1, 1));
        assert_eq!((s.quotes, s.direct, s.indirect, s.attributed), (3, 1, 2, 2));
        assert_eq!(s.quotes_by_gender, GenderCounts { male: 1, female: 1, unknown: 0, unattributed: 1 });
        assert_eq!(s.quoted_persons_by_gender, GenderCounts { male: 1, female: 1, unknown: 0, unattributed: 0 });
        assert_eq!(s.top_roles.len(), 1);
        assert_eq!((s.top_roles[0].name.as_str(), s.top_roles[0].persons, s.top_roles[0].quotes), ("وزير", 1, 1));
        assert_eq!(s.sources.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["aawsat", "okaz"]);
        assert_eq!(s.months.len(), 1);
        assert_eq!((s.documents_with_unknown_date, s.unknown_date_examples.as_slice()), (1, &["someday".to_string()][..]));
        assert_eq!(r.skipped.len(), 2);
        assert_eq!(r.quotes[1].gender, "unattributed");
        assert_eq!(r.quotes[0].role, "وزير");
    }

    #[test]
    fn the_html_report_is_rtl_with_inline_svg() {
        let html = html::render(&archive());
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(html.matches("<svg").count() >= 5);
        assert!(html.contains("d3") && html.contains("x.jsonl:4"), "what was skipped is listed");
    }
}
