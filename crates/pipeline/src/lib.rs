//! # qawl-pipeline: who is in Arabic news, what they do, and who said what
//!
//! A [`Pipeline`] runs named stages over a [`Document`]: `entities` (PERSON, ORG, LOC,
//! ROLE spans), `persons` (mentions grouped into people), `roles` (titles and organizations
//! attached to people) and `quotes` (direct and indirect, with speaker and cue). Offsets are
//! code points into the original text, as `../shared/ANNOTATION.md` defines.
//!
//! ```
//! use qawl_pipeline::{default_model_dir, Pipeline};
//! // `Pipeline::load` is the default (rules and the shipped tagger); the rules need no tagger.
//! let pipeline = Pipeline::rules(&default_model_dir())?;
//! let text = "وقال إبراهيم بن سالم السالمي مدير عام مركز التواصل الحكومي إن اللقاء مهم.";
//! let doc = pipeline.process(text);
//! for q in &doc.quotes {
//!     let speaker = doc.speaker(q).map(|p| p.name.as_str());
//!     // Offsets count code points; `byte_range` slices the text safely.
//!     println!("{speaker:?} said {}", &text[q.byte_range(text)]);
//! }
//! println!("{}", doc.to_json());
//! # Ok::<(), qawl_pipeline::Error>(())
//! ```
//!
//! Many documents run in parallel with [`Pipeline::process_batch`], on
//! [`PipelineBuilder::threads`] threads. Stages are chosen with [`PipelineBuilder::stages`];
//! each declares the [`Field`]s it reads and writes, checked when the pipeline is built.

// Every public item says what it is (`cargo doc` is the library's manual).
#![warn(missing_docs)]

// The evaluation API (gold files, BIO files, scorers), read by `qawl eval` and the tests.
pub mod conll;
pub mod eval;
pub mod gold;
// What a tagger reads beside its pieces or words, built the same way at run time here and
// for training examples in `qawl-train`.
pub mod features;
pub mod piece_inputs;
pub mod word_index;
pub mod word_inputs;

mod annotations;
mod cues;
mod document;
mod entities;
mod error;
mod lexicon;
mod persons;
mod pipeline;
mod quotes;
mod roles;
mod stages;
mod tables;
mod view;

pub use document::{round_confidence, Cue, Document, Entity, EntityType, Gender, Person, Quote, QuoteKind};
pub use entities::source::{EntitySource, ParseEntitySourceError};
pub use error::Error;
pub use pipeline::{default_model_dir, Pipeline, PipelineBuilder};
pub use qawl_tokenizer::Span;
pub use stages::{Field, StageKind};
