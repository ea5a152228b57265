//! The document every stage enriches, and its JSON shape (`../shared/ANNOTATION.md`).
//!
//! Like spaCy's `Doc`, a [`Document`] owns the original text; entities, persons and quotes
//! (`records.rs`) are spans on it linked by id. Gold files load into the same type, so
//! evaluation compares two `Document`s over one text.

mod records;

pub use records::{round_confidence, Cue, Entity, EntityType, Gender, Person, Quote, QuoteKind};

use qawl_tokenizer::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The byte range of the code-point span `start..end` in `text`, clamped to the text: safe
/// to slice `text` with, whatever the offsets.
fn byte_range(text: &str, start: usize, end: usize) -> Range<usize> {
    let mut at = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    let a = at.nth(start).unwrap_or(text.len());
    let b = if end > start { at.nth(end - start - 1).unwrap_or(text.len()) } else { a };
    a..b.max(a)
}

/// One article: its text and what the stages found in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Document {
    /// The article's id (empty when none was given).
    pub id: String,
    /// The original text: every offset counts code points into it.
    pub text: String,
    /// The entity spans, in text order (an outer span before the spans inside it).
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// The persons, in order of first mention.
    #[serde(default)]
    pub persons: Vec<Person>,
    /// The quotes, each with its speaker.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// What went wrong in a stage on this document (the tagger failed): the stage's fields
    /// are left empty rather than filled by another source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

impl Document {
    /// A document with its text and no annotations yet ([`crate::Pipeline::run`] adds them).
    ///
    /// ```
    /// let doc = qawl_pipeline::Document::new("d1", "نص قصير.");
    /// assert!(doc.entities.is_empty() && doc.quotes.is_empty());
    /// ```
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), text: text.into(), entities: Vec::new(), persons: Vec::new(), quotes: Vec::new(), errors: Vec::new() }
    }

    /// The text of a code-point span (clamped to the text; never panics).
    ///
    /// ```
    /// use qawl_tokenizer::Span;
    /// let doc = qawl_pipeline::Document::new("d1", "قال الوزير");
    /// assert_eq!(doc.slice(Span::new(4, 10)), "الوزير");
    /// assert_eq!(doc.slice(Span::new(4, 99)), "الوزير");
    /// ```
    pub fn slice(&self, span: Span) -> &str {
        &self.text[self.byte_range(span)]
    }

    /// The byte range of a code-point span in [`Document::text`] (clamped to the text).
    ///
    /// ```
    /// use qawl_tokenizer::Span;
    /// let doc = qawl_pipeline::Document::new("d1", "قال الوزير");
    /// assert_eq!(doc.byte_range(Span::new(0, 3)), 0..6);
    /// ```
    pub fn byte_range(&self, span: Span) -> Range<usize> {
        byte_range(&self.text, span.start, span.end)
    }

    /// The person who said a quote, if the quote has a speaker.
    ///
    /// ```
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process("وقال الوزير محمد بن سالم إن اللقاء مهم.");
    /// assert_eq!(doc.speaker(&doc.quotes[0]).unwrap().name, "محمد بن سالم");
    /// ```
    pub fn speaker(&self, quote: &Quote) -> Option<&Person> {
        self.person(quote.speaker.as_deref()?)
    }

    /// The entities a person is mentioned as, in text order.
    ///
    /// ```
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process("وقال الوزير محمد بن سالم إن اللقاء مهم.");
    /// let names: Vec<&str> = doc.mentions(&doc.persons[0]).map(|e| e.text.as_str()).collect();
    /// assert_eq!(names, ["محمد بن سالم"]);
    /// ```
    pub fn mentions<'a>(&'a self, person: &'a Person) -> impl Iterator<Item = &'a Entity> + 'a {
        person.mentions.iter().filter_map(|id| self.entity(id))
    }

    /// The entity with this id (`e1`).
    ///
    /// ```
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process("قال الوزير محمد بن سالم.");
    /// assert_eq!(doc.entity("e1").unwrap().id, "e1");
    /// ```
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The person with this id (`p1`).
    ///
    /// ```
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process("قال الوزير محمد بن سالم.");
    /// assert_eq!(doc.person("p1").unwrap().name, "محمد بن سالم");
    /// ```
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// One JSON line in the ANNOTATION.md shape (plus optional fields).
    ///
    /// ```
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process_with_id("d1", "قال الوزير محمد بن سالم.");
    /// let json = doc.to_json();
    /// assert_eq!(json["id"], "d1");
    /// assert_eq!(json["persons"][0]["name"], "محمد بن سالم");
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a Document always serializes")
    }
}
