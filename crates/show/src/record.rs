//! The records `qawl extract` writes: the ANNOTATION.md shape plus `confidence`, `sentence`,
//! `organizations`, `gender` and `paragraph`, and optional top-level `source` and `date`.
//! Fields this crate does not need are ignored, and every list may be missing, so records
//! from older or newer versions of `extract` still load.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    /// Absent when `extract` ran with `--no-text`.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub persons: Vec<Person>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Outlet or corpus the article came from, when the records carry it.
    #[serde(default)]
    pub source: Option<String>,
    /// Publication date as the source wrote it (see `dates`).
    #[serde(default)]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Code points into `Record::text`, `end` exclusive.
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// PERSON entity ids.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// ROLE entity ids.
    #[serde(default)]
    pub roles: Vec<String>,
    /// ORG entity ids.
    #[serde(default)]
    pub organizations: Vec<String>,
    /// `male`, `female`, or absent when the pipeline could not tell.
    #[serde(default)]
    pub gender: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Quote {
    pub id: String,
    /// `direct` or `indirect`.
    #[serde(default)]
    pub kind: String,
    /// Person id; absent when the quote could not be credited.
    #[serde(default)]
    pub speaker: Option<String>,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub cue: Option<Cue>,
    #[serde(default)]
    pub paragraph: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Cue {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
}

/// One line of `extract` output: a document, or the error record of one that failed.
#[derive(Debug, Clone)]
pub enum Line {
    Record(Box<Record>),
    Failed { id: String, error: String },
}

impl Line {
    /// Parses one JSON line. An object with an `error` field is an error record.
    pub fn parse(line: &str) -> Result<Line, serde_json::Error> {
        let value: serde_json::Value = serde_json::from_str(line)?;
        Line::from_value(value)
    }

    pub fn from_value(value: serde_json::Value) -> Result<Line, serde_json::Error> {
        if let Some(error) = value.get("error") {
            let id = value.get("id").map(value_as_id).unwrap_or_default();
            let error = error.as_str().map(String::from).unwrap_or_else(|| error.to_string());
            return Ok(Line::Failed { id, error });
        }
        Ok(Line::Record(Box::new(serde_json::from_value(value)?)))
    }
}

impl Record {
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// The quotes credited to `person_id`, in text order.
    pub fn quotes_of<'a>(&'a self, person_id: &'a str) -> impl Iterator<Item = &'a Quote> + 'a {
        self.quotes.iter().filter(move |q| q.speaker.as_deref() == Some(person_id))
    }

    /// The texts of a list of entity ids (ids that name no entity are left out).
    pub fn entity_texts(&self, ids: &[String]) -> Vec<&str> {
        ids.iter().filter_map(|id| self.entity(id)).map(|e| e.text.as_str()).collect()
    }
}

/// Ids are strings in `extract` output, but `{"id": 7, …}` inputs keep a number; both read.
fn value_as_id(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(value_as_id(&serde_json::Value::deserialize(d)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_record_is_not_a_document() {
        match Line::parse(r#"{"id": "x", "error": "x.txt: empty document"}"#).unwrap() {
            Line::Failed { id, error } => assert_eq!((id.as_str(), error.as_str()), ("x", "x.txt: empty document")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn missing_lists_and_text_are_allowed() {
        let Line::Record(r) = Line::parse(r#"{"id": 12, "persons": [{"id": "p1", "name": "سالم"}]}"#).unwrap() else { panic!() };
        assert_eq!(r.id, "12");
        assert!(r.text.is_none() && r.entities.is_empty());
        assert_eq!(r.persons[0].gender, None);
    }
}
