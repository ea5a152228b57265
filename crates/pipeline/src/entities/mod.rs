//! Entity stages: where PERSON, ORG, LOC and ROLE spans come from.

pub mod hybrid;
pub mod model;
pub mod rules;
pub mod speakers;

use crate::document::{Document, Entity, EntityType};
use qawl_tokenizer::{Analysis, Span};

/// Writes found spans into `doc.entities` with text, sentence index and fresh ids.
pub fn set_entities(doc: &mut Document, analysis: &Analysis, found: impl IntoIterator<Item = (EntityType, Span, Option<f32>)>) {
    let mut entities: Vec<Entity> = found
        .into_iter()
        .filter(|(_, s, _)| !s.is_empty() && s.end <= analysis.chars.len())
        .enumerate()
        .map(|(i, (kind, span, confidence))| Entity {
            id: format!("t{i}"),
            kind,
            start: span.start,
            end: span.end,
            text: analysis.slice(span),
            confidence,
            sentence: analysis.sentences.iter().position(|s| s.start <= span.start && span.start < s.end),
        })
        .collect();
    entities.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(&b.kind)));
    entities.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.kind == b.kind);
    doc.entities = entities;
    doc.renumber_entities();
}
