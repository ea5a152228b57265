//! Pages and reports over `qawl extract` output.
//!
//! - [`page`] renders one document as a self-contained right-to-left HTML page (entities
//!   marked by type with nesting kept, quotes with their cue and a badge naming the
//!   speaker, a panel of persons); [`site`] writes one page, or a folder with an index.
//! - [`report`] aggregates an archive of records: persons keyed across documents, quote
//!   shares by gender, top roles and organizations, figures per source and per month, and
//!   writes `quotes.csv`, `persons.csv`, `summary.json` and an HTML report with SVG plots.
//!
//! Records are read with their own serde types ([`record`]), so this crate does not
//! depend on the pipeline.
//!
//! ```
//! use qawl_show::record::Line;
//! let line = r#"{"id": "d1", "text": "قال سالم: نعم.", "entities": [{"id": "e1", "type": "PERSON", "start": 4, "end": 8, "text": "سالم"}],
//!   "persons": [{"id": "p1", "name": "سالم", "mentions": ["e1"]}],
//!   "quotes": [{"id": "q1", "kind": "direct", "speaker": "p1", "start": 10, "end": 13, "text": "نعم", "cue": {"start": 0, "end": 3, "text": "قال"}}]}"#;
//! let Line::Record(record) = Line::parse(line).unwrap() else { unreachable!() };
//! let page = qawl_show::page::render(&record, None);
//! assert!(page.html.contains(r#"data-speaker="p1""#));
//! ```

pub mod csv;
pub mod dates;
mod error;
mod html;
pub mod index;
mod labels;
pub mod names;
pub mod page;
pub mod read;
pub mod record;
pub mod report;
pub mod site;
pub mod spans;
pub mod svg;

pub use error::{Error, Result};
