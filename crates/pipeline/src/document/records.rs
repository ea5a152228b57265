//! What a [`Document`](super::Document) lists: entities, persons and quotes (with their
//! cues), each as ANNOTATION.md writes it.

use super::byte_range;
use qawl_tokenizer::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The type of an entity span, by its ANNOTATION.md label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    /// A person's name.
    #[serde(rename = "PERSON")]
    Person,
    /// An organization: a ministry, a company, a news agency.
    #[serde(rename = "ORG")]
    Org,
    /// A place: a country, a city, a region.
    #[serde(rename = "LOC")]
    Loc,
    /// A title or occupation (`وزير الخارجية`); in the output, always a named person's.
    #[serde(rename = "ROLE")]
    Role,
    /// Any other name a corpus or the tagger marks; not an ANNOTATION.md type.
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    /// Every type.
    pub const ALL: [EntityType; 5] = [EntityType::Person, EntityType::Org, EntityType::Loc, EntityType::Role, EntityType::Misc];

    /// The label as JSON and BIO files write it.
    ///
    /// ```
    /// assert_eq!(qawl_pipeline::EntityType::Person.as_str(), "PERSON");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Role => "ROLE",
            EntityType::Misc => "MISC",
        }
    }

    /// Maps the label names of the corpora we read (CoNLL files, Wojood, AQMAR) to ours.
    pub fn from_label(label: &str) -> Option<EntityType> {
        match label {
            "PERSON" | "PERS" | "PER" => Some(EntityType::Person),
            "ORG" => Some(EntityType::Org),
            "LOC" | "GPE" | "FAC" => Some(EntityType::Loc),
            "ROLE" | "OCC" => Some(EntityType::Role),
            l if l == "MISC" || l.starts_with("MIS") => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// A PERSON, ORG, LOC or ROLE span of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// `e1`, `e2`, … in text order.
    pub id: String,
    /// The entity's type (`type` in JSON).
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The first code point, into the document's text.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text of `start..end`.
    pub text: String,
    /// How sure the stage that found it is (0..1), when it can say.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "rounded_confidence")]
    pub confidence: Option<f32>,
    /// Index of the sentence the entity starts in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
}

impl Entity {
    /// The entity's code-point span.
    ///
    /// ```
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process("قال الوزير محمد بن سالم.");
    /// let e = &doc.entities[0];
    /// assert_eq!((e.span().start, e.span().end), (e.start, e.end));
    /// ```
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The entity's byte range in `text` (the document's text), for slicing it:
    /// `start`/`end` count code points, so `&text[e.start..e.end]` may panic.
    ///
    /// ```
    /// let text = "قال الوزير محمد بن سالم.";
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process(text);
    /// for e in &doc.entities {
    ///     assert_eq!(&text[e.byte_range(text)], e.text);
    /// }
    /// ```
    pub fn byte_range(&self, text: &str) -> Range<usize> {
        byte_range(text, self.start, self.end)
    }
}

/// A person's grammatical gender, as a name, a title or a cue tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// `male`.
    Male,
    /// `female`.
    Female,
}

/// A person: the PERSON mentions of one individual, with the roles and organizations
/// attached to them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// `p1`, `p2`, … in order of first mention.
    pub id: String,
    /// The text of the fullest mention.
    pub name: String,
    /// The ids of the PERSON entities that mention the person, in text order.
    pub mentions: Vec<String>,
    /// The ids of the ROLE entities that are the person's titles.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The ids of the ORG entities inside those titles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    /// The person's gender, when a name, a title or a cue tells it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

/// Whether a quote gives the speaker's own words or reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's own words: after a colon, in quotation marks, or first-person speech.
    Direct,
    /// Reported speech: after `أن`/`إن`, or a statement verb's object (`مشيرا إلى …`).
    Indirect,
}

/// The word that introduces a quote (`وقال`, `أكدت`, `مشيرا`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    /// The first code point, into the document's text.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text of `start..end`.
    pub text: String,
}

impl Cue {
    /// The cue's byte range in `text` (the document's text), for slicing it.
    ///
    /// ```
    /// let text = "وقال الوزير محمد بن سالم إن اللقاء مهم.";
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process(text);
    /// let cue = doc.quotes[0].cue.as_ref().unwrap();
    /// assert_eq!(&text[cue.byte_range(text)], cue.text);
    /// ```
    pub fn byte_range(&self, text: &str) -> Range<usize> {
        byte_range(text, self.start, self.end)
    }
}

/// A quote: what was said, by whom, and the word that says so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// `q1`, `q2`, … in reading order.
    pub id: String,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// The id of the person who said it (`p1`); `None` when no one is credited.
    pub speaker: Option<String>,
    /// The content's first code point, into the document's text.
    pub start: usize,
    /// One past the content's last code point.
    pub end: usize,
    /// The content: `start..end`, quotation marks and final stops left out.
    pub text: String,
    /// The word that introduces it; `None` for a quote that carries on the one before.
    pub cue: Option<Cue>,
    /// Index of the paragraph the quote sits in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
}

impl Quote {
    /// The quote's code-point span.
    ///
    /// ```
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process("وقال الوزير محمد بن سالم إن اللقاء مهم.");
    /// assert_eq!(doc.slice(doc.quotes[0].span()), doc.quotes[0].text);
    /// ```
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The quote's byte range in `text` (the document's text), for slicing it.
    ///
    /// ```
    /// let text = "وقال الوزير محمد بن سالم إن اللقاء مهم.";
    /// let doc = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir()).unwrap().process(text);
    /// assert_eq!(&text[doc.quotes[0].byte_range(text)], doc.quotes[0].text);
    /// ```
    pub fn byte_range(&self, text: &str) -> Range<usize> {
        byte_range(text, self.start, self.end)
    }
}

/// Confidences are written with 4 decimals (`0.9948`, not `0.9948400855064392`): the f32
/// they come from holds no more than that, and output lines stay short.
fn rounded_confidence<S: serde::Serializer>(c: &Option<f32>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.serialize_f64(round_confidence(*c)),
        None => s.serialize_none(),
    }
}

/// A confidence as the output writes it: 4 decimals.
///
/// ```
/// assert_eq!(qawl_pipeline::round_confidence(0.99484008), 0.9948);
/// ```
pub fn round_confidence(c: f32) -> f64 {
    (f64::from(c) * 10_000.0).round() / 10_000.0
}
