//! `qawl.Doc` and its spans. A `Doc` keeps the Rust [`Document`]; the span objects are built
//! when asked for, and `to_json` is the line `qawl extract` writes for the same article.

use pyo3::prelude::*;
use qawl_pipeline::{Document, Gender, QuoteKind};

/// One processed article, or, from `pipe`, an input that could not be processed (`error` set,
/// no spans).
#[pyclass(frozen, module = "qawl")]
pub struct Doc {
    id: String,
    error: Option<String>,
    doc: Option<Document>,
}

impl Doc {
    pub fn ok(doc: Document) -> Doc {
        Doc { id: doc.id.clone(), error: None, doc: Some(doc) }
    }

    pub fn failed(id: String, error: String) -> Doc {
        Doc { id, error: Some(error), doc: None }
    }

    /// The record `qawl extract` writes: the document (ANNOTATION.md shape), or `{"id", "error"}`.
    fn record(&self, include_text: bool) -> serde_json::Value {
        match (&self.doc, &self.error) {
            (Some(doc), _) => {
                let mut v = doc.to_json();
                if !include_text {
                    v.as_object_mut().expect("a document is an object").remove("text");
                }
                v
            }
            (None, error) => serde_json::json!({"id": self.id, "error": error}),
        }
    }
}

#[pymethods]
impl Doc {
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// The article text; `None` for an input that failed.
    #[getter]
    fn text(&self) -> Option<&str> {
        self.doc.as_ref().map(|d| d.text.as_str())
    }

    /// Why the input failed (`"item N: why"`), or `None`.
    #[getter]
    fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    #[getter]
    fn entities(&self) -> Vec<Entity> {
        let Some(doc) = &self.doc else { return Vec::new() };
        doc.entities
            .iter()
            .map(|e| Entity { id: e.id.clone(), kind: e.kind.as_str(), start: e.start, end: e.end, text: e.text.clone(), confidence: e.confidence.map(qawl_pipeline::round_confidence), sentence: e.sentence })
            .collect()
    }

    #[getter]
    fn persons(&self) -> Vec<Person> {
        let Some(doc) = &self.doc else { return Vec::new() };
        doc.persons
            .iter()
            .map(|p| Person {
                id: p.id.clone(),
                name: p.name.clone(),
                mentions: p.mentions.clone(),
                roles: p.roles.clone(),
                organizations: p.organizations.clone(),
                gender: p.gender.map(|g| match g {
                    Gender::Male => "male",
                    Gender::Female => "female",
                }),
            })
            .collect()
    }

    #[getter]
    fn quotes(&self) -> Vec<Quote> {
        let Some(doc) = &self.doc else { return Vec::new() };
        doc.quotes
            .iter()
            .map(|q| Quote {
                id: q.id.clone(),
                kind: match q.kind {
                    QuoteKind::Direct => "direct",
                    QuoteKind::Indirect => "indirect",
                },
                speaker: q.speaker.clone(),
                // The id alone says little at the prompt; the name saves a lookup in `persons`.
                speaker_name: q.speaker.as_deref().and_then(|id| doc.person(id)).map(|p| p.name.clone()),
                start: q.start,
                end: q.end,
                text: q.text.clone(),
                cue: q.cue.as_ref().map(|c| Cue { start: c.start, end: c.end, text: c.text.clone() }),
                paragraph: q.paragraph,
            })
            .collect()
    }

    /// The `qawl extract` record as Python objects (`json.loads(self.to_json())`).
    #[pyo3(signature = (include_text = true))]
    fn to_dict<'py>(&self, py: Python<'py>, include_text: bool) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.to_json(include_text),))
    }

    /// The `qawl extract` output line for this article (`include_text=False` is `--no-text`).
    #[pyo3(signature = (include_text = true))]
    fn to_json(&self, include_text: bool) -> String {
        self.record(include_text).to_string()
    }

    fn __repr__(&self) -> String {
        match (&self.doc, &self.error) {
            (Some(d), _) => format!("Doc(id={:?}, entities={}, persons={}, quotes={})", self.id, d.entities.len(), d.persons.len(), d.quotes.len()),
            (None, e) => format!("Doc(id={:?}, error={:?})", self.id, e.as_deref().unwrap_or("")),
        }
    }
}

/// An entity span: `text == doc.text[start:end]` (code points, `end` exclusive).
#[pyclass(frozen, get_all, module = "qawl")]
#[derive(Clone)]
pub struct Entity {
    id: String,
    #[pyo3(name = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
    text: String,
    confidence: Option<f64>,
    sentence: Option<usize>,
}

#[pymethods]
impl Entity {
    fn __repr__(&self) -> String {
        format!("Entity(id={:?}, type={:?}, start={}, end={}, text={:?})", self.id, self.kind, self.start, self.end, self.text)
    }
}

/// A person: mentions, roles and organizations are entity ids.
#[pyclass(frozen, get_all, module = "qawl")]
#[derive(Clone)]
pub struct Person {
    id: String,
    name: String,
    mentions: Vec<String>,
    roles: Vec<String>,
    organizations: Vec<String>,
    gender: Option<&'static str>,
}

#[pymethods]
impl Person {
    fn __repr__(&self) -> String {
        format!("Person(id={:?}, name={:?}, mentions={:?}, roles={:?})", self.id, self.name, self.mentions, self.roles)
    }
}

/// A quote: `speaker` is a person id (`speaker_name` its name), `cue` the verb that opens it.
#[pyclass(frozen, get_all, module = "qawl")]
#[derive(Clone)]
pub struct Quote {
    id: String,
    kind: &'static str,
    speaker: Option<String>,
    speaker_name: Option<String>,
    start: usize,
    end: usize,
    text: String,
    cue: Option<Cue>,
    paragraph: Option<usize>,
}

#[pymethods]
impl Quote {
    fn __repr__(&self) -> String {
        format!("Quote(id={:?}, kind={:?}, speaker={}, speaker_name={}, start={}, end={}, text={:?})", self.id, self.kind, py_opt(&self.speaker), py_opt(&self.speaker_name), self.start, self.end, self.text)
    }
}

#[pyclass(frozen, get_all, module = "qawl")]
#[derive(Clone)]
pub struct Cue {
    start: usize,
    end: usize,
    text: String,
}

#[pymethods]
impl Cue {
    fn __repr__(&self) -> String {
        format!("Cue(start={}, end={}, text={:?})", self.start, self.end, self.text)
    }
}

/// An optional string as Python prints it: `"p1"` or `None`.
fn py_opt(s: &Option<String>) -> String {
    s.as_ref().map(|s| format!("{s:?}")).unwrap_or_else(|| "None".into())
}
