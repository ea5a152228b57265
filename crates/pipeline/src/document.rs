//! The document every stage enriches, and its JSON shape (`../shared/ANNOTATION.md`).
//!
//! Like spaCy's `Doc`, a [`Document`] owns the original text; entities, persons and quotes
//! are spans on it linked by id. Gold files load into the same type, so evaluation compares
//! two `Document`s over one text.

use crate::lexicon::Lexicon;
use crate::view::{self, Tok};
use qawl_tokenizer::{Analysis, Span};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "ROLE")]
    Role,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 5] = [EntityType::Person, EntityType::Org, EntityType::Loc, EntityType::Role, EntityType::Misc];

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// How sure the stage that found it is (0..1), when it can say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Index of the sentence the entity starts in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
}

impl Entity {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub mentions: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    pub kind: QuoteKind,
    pub speaker: Option<String>,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub cue: Option<Cue>,
    /// Index of the paragraph the quote sits in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
}

impl Quote {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// One article: its text and what the stages found in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub persons: Vec<Person>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Paragraphs, sentences and words; rebuilt from `text`, never serialized.
    #[serde(skip)]
    pub(crate) analysis: Option<Analysis>,
    /// The rule stages' token view, built once and shared by the stages that read it.
    #[serde(skip)]
    pub(crate) toks: Option<Vec<Tok>>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let analysis = Some(Analysis::new(&text));
        Document { id: id.into(), text, entities: Vec::new(), persons: Vec::new(), quotes: Vec::new(), analysis, toks: None }
    }

    /// The text layer's view (paragraphs, sentences, words), built on first use.
    pub fn analysis(&mut self) -> &Analysis {
        if self.analysis.is_none() {
            self.analysis = Some(Analysis::new(&self.text));
        }
        self.analysis.as_ref().unwrap()
    }

    /// Lends the analysis and token view (built on first use) to `f`, which may also change
    /// the document's annotations; they are put back afterwards, so no stage copies them.
    pub(crate) fn with_view<R>(&mut self, lex: &Lexicon, f: impl FnOnce(&mut Document, &Analysis, &[Tok]) -> R) -> R {
        let analysis = self.analysis.take().unwrap_or_else(|| Analysis::new(&self.text));
        let toks = self.toks.take().unwrap_or_else(|| view::tokens(&analysis, lex));
        let r = f(self, &analysis, &toks);
        self.analysis = Some(analysis);
        self.toks = Some(toks);
        r
    }

    pub fn chars(&mut self) -> &[char] {
        &self.analysis().chars
    }

    pub fn slice(&mut self, span: Span) -> String {
        self.analysis().slice(span)
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// Sorts entities by position (outer span first) and renames them `e1, e2, …`,
    /// rewriting every reference from persons.
    pub fn renumber_entities(&mut self) {
        self.entities.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(&b.kind)));
        let mut map = std::collections::HashMap::new();
        for (i, e) in self.entities.iter_mut().enumerate() {
            let new = format!("e{}", i + 1);
            map.insert(std::mem::replace(&mut e.id, new.clone()), new);
        }
        let remap = |ids: &mut Vec<String>| {
            *ids = ids.iter().filter_map(|id| map.get(id).cloned()).collect();
        };
        for p in &mut self.persons {
            remap(&mut p.mentions);
            remap(&mut p.roles);
            remap(&mut p.organizations);
        }
    }

    /// One JSON line in the ANNOTATION.md shape (plus optional fields).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a Document always serializes")
    }
}
