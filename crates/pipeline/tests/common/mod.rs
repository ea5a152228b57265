#![allow(dead_code)]
//! Shared helpers for the pipeline's integration tests.

use qawl_pipeline::{default_model_dir, Document, EntityType, Pipeline};
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(&default_model_dir()).expect("the shipped model under models/ loads"))
}

/// `../shared` beside the repository, when this checkout has it (CI does; a fresh clone may not).
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared is absent (it holds the seed fixture and corpora)");
        None
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every span of the document slices its text exactly.
pub fn assert_offsets(doc: &Document) {
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    for e in &doc.entities {
        assert_eq!(slice(e.start, e.end), e.text, "entity {} of {}", e.id, doc.id);
    }
    for q in &doc.quotes {
        assert_eq!(slice(q.start, q.end), q.text, "quote {} of {}", q.id, doc.id);
        if let Some(c) = &q.cue {
            assert_eq!(slice(c.start, c.end), c.text, "cue of quote {} of {}", q.id, doc.id);
        }
    }
}

pub fn speaker_name<'a>(doc: &'a Document, quote: usize) -> Option<&'a str> {
    let id = doc.quotes[quote].speaker.as_deref()?;
    doc.person(id).map(|p| p.name.as_str())
}

/// The document the shipped pipeline makes of `text`, its offsets checked.
pub fn processed(id: &str, text: &str) -> Document {
    let doc = pipeline().process_with_id(id, text);
    assert_offsets(&doc);
    doc
}

/// The quotes' contents, in order.
pub fn quote_texts(doc: &Document) -> Vec<&str> {
    doc.quotes.iter().map(|q| q.text.as_str()).collect()
}

/// Each quote's content with its speaker's name ("" for nobody).
pub fn quotes_with_speakers(doc: &Document) -> Vec<(&str, &str)> {
    (0..doc.quotes.len()).map(|q| (doc.quotes[q].text.as_str(), speaker_name(doc, q).unwrap_or(""))).collect()
}

/// The texts of the document's entities of one type, in order.
pub fn entity_texts(doc: &Document, kind: EntityType) -> Vec<&str> {
    doc.entities.iter().filter(|e| e.kind == kind).map(|e| e.text.as_str()).collect()
}
