//! What a gold document must satisfy before it is scored: offsets that slice its text, ids
//! used once, no span annotated twice, and every reference resolving to the right kind.

use crate::document::{Document, EntityType};
use std::collections::{HashMap, HashSet};

/// The first problem of `doc`, in words.
pub fn check(doc: &Document) -> Result<(), String> {
    let chars: Vec<char> = doc.text.chars().collect();
    let kinds = check_entities(doc, &chars)?;
    let persons = check_persons(doc, &kinds)?;
    check_quotes(doc, &chars, &persons)
}

/// The text of `s..e`, or `None` when the offsets do not slice the text.
fn slice(chars: &[char], s: usize, e: usize) -> Option<String> {
    (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect())
}

/// Entity ids used once, spans annotated once, texts that match their offsets; the type of
/// each entity id.
fn check_entities<'a>(doc: &'a Document, chars: &[char]) -> Result<HashMap<&'a str, EntityType>, String> {
    let mut kinds: HashMap<&str, EntityType> = HashMap::new();
    let mut spans = HashSet::new();
    for e in &doc.entities {
        if kinds.insert(&e.id, e.kind).is_some() {
            return Err(format!("entity id {} is used twice", e.id));
        }
        if !spans.insert((e.kind, e.start, e.end)) {
            return Err(format!("entity {} repeats the {} span {}..{}", e.id, e.kind.as_str(), e.start, e.end));
        }
        if slice(chars, e.start, e.end).as_deref() != Some(e.text.as_str()) {
            return Err(format!("entity {} text {:?} does not match offsets {}..{}", e.id, e.text, e.start, e.end));
        }
    }
    Ok(kinds)
}

/// Person ids used once, each mention of one person, references to entities of the right
/// type; the person ids.
fn check_persons<'a>(doc: &'a Document, kinds: &HashMap<&str, EntityType>) -> Result<HashSet<&'a str>, String> {
    let refers = |person: &str, id: &str, want: EntityType, field: &str| -> Result<(), String> {
        match kinds.get(id) {
            None => Err(format!("person {person} {field} refers to missing entity {id}")),
            Some(&k) if k != want => Err(format!("person {person} {field} {id} is a {}, not a {}", k.as_str(), want.as_str())),
            Some(_) => Ok(()),
        }
    };
    let mut persons = HashSet::new();
    let mut mention_of: HashMap<&str, &str> = HashMap::new();
    for p in &doc.persons {
        if !persons.insert(p.id.as_str()) {
            return Err(format!("person id {} is used twice", p.id));
        }
        for m in &p.mentions {
            refers(&p.id, m, EntityType::Person, "mention")?;
            if let Some(other) = mention_of.insert(m, &p.id) {
                return Err(format!("entity {m} is a mention of both {other} and {}", p.id));
            }
        }
        for r in &p.roles {
            refers(&p.id, r, EntityType::Role, "role")?;
        }
        for o in &p.organizations {
            refers(&p.id, o, EntityType::Org, "organization")?;
        }
    }
    Ok(persons)
}

/// Quote ids used once, texts and cues that match their offsets, known speakers.
fn check_quotes(doc: &Document, chars: &[char], persons: &HashSet<&str>) -> Result<(), String> {
    let mut quotes = HashSet::new();
    for q in &doc.quotes {
        if !quotes.insert(q.id.as_str()) {
            return Err(format!("quote id {} is used twice", q.id));
        }
        if slice(chars, q.start, q.end).as_deref() != Some(q.text.as_str()) {
            return Err(format!("quote {} text does not match offsets {}..{}", q.id, q.start, q.end));
        }
        if let Some(s) = &q.speaker {
            if !persons.contains(s.as_str()) {
                return Err(format!("quote {} has unknown speaker {s}", q.id));
            }
        }
        if let Some(c) = &q.cue {
            if slice(chars, c.start, c.end).as_deref() != Some(c.text.as_str()) {
                return Err(format!("quote {} cue does not match offsets", q.id));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: serde_json::Value) -> Document {
        serde_json::from_value(json).unwrap()
    }

    fn base() -> serde_json::Value {
        serde_json::json!({"id": "t", "text": "قال علي إن اللقاء مهم",
            "entities": [{"id": "e1", "type": "PERSON", "start": 4, "end": 7, "text": "علي"}],
            "persons": [{"id": "p1", "name": "علي", "mentions": ["e1"]}],
            "quotes": [{"id": "q1", "kind": "indirect", "speaker": "p1", "start": 11, "end": 21, "text": "اللقاء مهم", "cue": {"start": 0, "end": 3, "text": "قال"}}]})
    }

    #[test]
    fn a_valid_document_passes() {
        assert_eq!(check(&doc(base())), Ok(()));
    }

    #[test]
    fn duplicates_and_dangling_references_are_named() {
        let mut v = base();
        v["entities"].as_array_mut().unwrap().push(serde_json::json!({"id": "e1", "type": "ORG", "start": 4, "end": 7, "text": "علي"}));
        assert!(check(&doc(v)).unwrap_err().contains("e1 is used twice"));
        let mut v = base();
        v["entities"].as_array_mut().unwrap().push(serde_json::json!({"id": "e2", "type": "PERSON", "start": 4, "end": 7, "text": "علي"}));
        assert!(check(&doc(v)).unwrap_err().contains("repeats"));
        let mut v = base();
        v["persons"][0]["organizations"] = serde_json::json!(["e9"]);
        assert!(check(&doc(v)).unwrap_err().contains("organization refers to missing entity e9"));
        let mut v = base();
        v["persons"][0]["roles"] = serde_json::json!(["e1"]);
        assert!(check(&doc(v)).unwrap_err().contains("is a PERSON, not a ROLE"));
        let mut v = base();
        let q = v["quotes"][0].clone();
        v["quotes"].as_array_mut().unwrap().push(q);
        assert!(check(&doc(v)).unwrap_err().contains("quote id q1 is used twice"));
        let mut v = base();
        v["persons"].as_array_mut().unwrap().push(serde_json::json!({"id": "p2", "name": "علي", "mentions": ["e1"]}));
        assert!(check(&doc(v)).unwrap_err().contains("mention of both p1 and p2"));
    }
}
