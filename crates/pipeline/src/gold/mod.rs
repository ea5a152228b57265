//! Loading gold documents (`../shared/ANNOTATION.md`): `.json` files, `.jsonl` files, or
//! folders of them. A gold document made from a corpus article whose licence forbids copying
//! it holds no text: a `source` (`{"archive", "doc", "sha256"}`) names the article, and the
//! text (with every span's `text`) is rebuilt from the corpus when loaded ([`corpus`]).
//! Every error names the file and line; [`check`] validates ids, references and offsets.
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("qawl-gold-example-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("gold.jsonl");
//! let line = r#"{"id": "d1", "text": "قال الوزير محمد.", "entities": [{"id": "e1", "type": "PERSON", "start": 11, "end": 15, "text": "محمد"}]}"#;
//! std::fs::write(&path, line).unwrap();
//! let docs = qawl_pipeline::gold::load_file(&path)?;
//! assert_eq!(docs[0].entities[0].text, "محمد");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), qawl_pipeline::Error>(())
//! ```

mod check;
pub mod corpus;

pub use check::check;

use crate::document::Document;
use crate::error::Error;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every `.json`/`.jsonl` file under `path` (or `path` itself), sorted.
pub fn gold_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let err = |message: String| Error::Gold { path: path.to_path_buf(), line: 0, message };
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        return Err(err("no such file or directory".into()));
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let read = |source| Error::Read { path: dir.clone(), source };
        for entry in std::fs::read_dir(&dir).map_err(read)? {
            let p = entry.map_err(read)?.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "jsonl")) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A gold document as read, before its text is resolved: where it came from.
struct Raw {
    path: PathBuf,
    line: usize,
    value: serde_json::Value,
    /// A `.json` file's own text, to name the line of a field of the wrong type.
    source: Option<String>,
}

fn read_raw(path: &Path) -> Result<Vec<Raw>, Error> {
    let err = |line: usize, message: String| Error::Gold { path: path.to_path_buf(), line, message };
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let text = String::from_utf8(bytes).map_err(|e| err(0, format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())))?;
    if text.trim().is_empty() {
        return Err(err(1, "empty file".into()));
    }
    let mut out = Vec::new();
    if path.extension().and_then(|e| e.to_str()) == Some("jsonl") {
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                let value = serde_json::from_str(line).map_err(|e| err(i + 1, e.to_string()))?;
                out.push(Raw { path: path.to_path_buf(), line: i + 1, value, source: None });
            }
        }
    } else {
        let value = serde_json::from_str(&text).map_err(|e| err(e.line(), e.to_string()))?;
        out.push(Raw { path: path.to_path_buf(), line: 1, value, source: Some(text) });
    }
    Ok(out)
}

/// Loads the gold documents of one file (documents with a `source` need [`load_all`]).
pub fn load_file(path: &Path) -> Result<Vec<Document>, Error> {
    load_all(&[path.to_path_buf()], None)
}

/// Loads gold files (or folders of them). Documents that name a corpus `source` get their
/// text from `corpus` (e.g. `../shared/data/news`); a document id seen twice is an error.
pub fn load_all(paths: &[PathBuf], corpus: Option<&Path>) -> Result<Vec<Document>, Error> {
    let mut raws = Vec::new();
    for p in paths {
        for f in gold_files(p)? {
            raws.extend(read_raw(&f)?);
        }
    }
    corpus::resolve(&mut raws, corpus)?;
    let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
    let mut docs = Vec::with_capacity(raws.len());
    for raw in raws {
        let err = |message: String| Error::Gold { path: raw.path.clone(), line: raw.line, message };
        let doc: Document = match serde_json::from_value(raw.value) {
            Ok(doc) => doc,
            Err(e) => {
                // Parsed again from the file's text, the error knows its line.
                let at = raw.source.as_deref().and_then(|t| serde_json::from_str::<Document>(t).err());
                return Err(match at {
                    Some(e) => Error::Gold { path: raw.path.clone(), line: e.line(), message: e.to_string() },
                    None => err(e.to_string()),
                });
            }
        };
        check(&doc).map_err(|m| err(format!("document {}: {m}", doc.id)))?;
        if let Some((path, line)) = seen.insert(doc.id.clone(), (raw.path.clone(), raw.line)) {
            return Err(err(format!("document id {} is also at {}:{line}", doc.id, path.display())));
        }
        docs.push(doc);
    }
    Ok(docs)
}
