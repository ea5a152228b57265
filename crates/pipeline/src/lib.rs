//! # qawl-pipeline: who is in Arabic news, what they do, and who said what
//!
//! A [`Pipeline`] runs named stages over a [`Document`]: `entities` (PERSON, ORG, LOC,
//! ROLE spans), `persons` (mentions grouped into people), `roles` (titles and organizations
//! attached to people) and `quotes` (direct and indirect, with speaker and cue). Offsets are
//! code points into the original text, as `../shared/ANNOTATION.md` defines.
//!
//! ```no_run
//! use qawl_pipeline::{default_model_dir, Pipeline};
//! let pipeline = Pipeline::load(&default_model_dir()).unwrap();
//! let doc = pipeline.process("d1", "وقال إبراهيم بن سالم السالمي مدير عام مركز التواصل الحكومي: اللقاء مهم.");
//! for q in &doc.quotes {
//!     println!("{:?} said {}", q.speaker, q.text);
//! }
//! println!("{}", doc.to_json());
//! ```

pub mod conll;
pub mod cues;
pub mod document;
pub mod entities;
pub mod error;
pub mod eval;
pub mod features;
pub mod gold;
pub mod lexicon;
pub mod persons;
pub mod piece_inputs;
pub mod pipeline;
pub mod quotes;
pub mod roles;
pub mod stages;
pub mod word_index;
pub mod word_inputs;
pub mod tables;
pub mod view;

pub use document::{Cue, Document, Entity, EntityType, Gender, Person, Quote, QuoteKind};
pub use error::Error;
pub use lexicon::Lexicon;
pub use entities::model::EntitySource;
pub use pipeline::{default_model_dir, Pipeline};
