//! # qawl-io: documents in, records out, nothing lost
//!
//! [`Inputs`] reads documents lazily from any mix of `.txt` files, folders, `.json` (one
//! document or an array), `.jsonl`/`.ndjson`, gzip of any of these, `<doc …>` archives (with
//! the metadata of a `docs.tsv` beside them) and standard input. A document that cannot be read
//! is an [`Input`] whose `text` is an error naming the file and line; the batch goes on.
//!
//! [`Output`] writes one JSON record per input position to a locked file, one `write` per
//! record batch, and resumes exactly: a cut or corrupt tail is removed, positions already done
//! are skipped, failed ones are retried and their old error records replaced.
//!
//! ```no_run
//! use qawl_io::{Inputs, Output, Resume};
//! # fn main() -> Result<(), qawl_io::Error> {
//! let inputs = Inputs::open(&["articles.jsonl".into()], 1_000_000)?;
//! let mut out = Output::create("out.jsonl".as_ref(), Resume::Yes, &inputs.files())?;
//! let mut seen = 0;
//! for (pos, doc) in inputs.enumerate() {
//!     seen = pos + 1;
//!     if out.is_done(pos, &doc.id)? {
//!         continue;
//!     }
//!     let record = serde_json::json!({"id": doc.id, "chars": doc.text.map(|t| t.chars().count()).unwrap_or(0)});
//!     out.write(&[(pos, record.to_string())])?;
//! }
//! out.finish(seen, true)?;
//! # Ok(()) }
//! ```

mod error;
mod inputs;
mod output;

pub use error::{DocumentError, Error};
pub use inputs::{Input, Inputs, Meta};
pub use output::{Output, Resume};
