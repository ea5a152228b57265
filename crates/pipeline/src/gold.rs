//! Loading gold documents (`../shared/ANNOTATION.md`): `.json` files, `.jsonl` files, or
//! folders of them. Errors name the file and line; offsets are checked against the text.

use crate::document::Document;
use crate::error::Error;
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
        for entry in std::fs::read_dir(&dir).map_err(|e| err(e.to_string()))? {
            let p = entry.map_err(|e| err(e.to_string()))?.path();
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

/// Loads the gold documents of one file.
pub fn load_file(path: &Path) -> Result<Vec<Document>, Error> {
    let err = |line: usize, message: String| Error::Gold { path: path.to_path_buf(), line, message };
    let bytes = std::fs::read(path).map_err(|e| err(0, e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| err(0, format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())))?;
    if text.trim().is_empty() {
        return Err(err(1, "empty file".into()));
    }
    let mut docs = Vec::new();
    if path.extension().and_then(|e| e.to_str()) == Some("jsonl") {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let doc: Document = serde_json::from_str(line).map_err(|e| err(i + 1, e.to_string()))?;
            docs.push(doc);
        }
    } else {
        let doc: Document = serde_json::from_str(&text).map_err(|e| err(e.line(), e.to_string()))?;
        docs.push(doc);
    }
    for doc in &docs {
        check(doc).map_err(|m| err(0, format!("document {}: {m}", doc.id)))?;
    }
    Ok(docs)
}


/// Offsets must slice the text exactly; ids must resolve.
pub fn check(doc: &Document) -> Result<(), String> {
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |s: usize, e: usize| -> Option<String> { (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect()) };
    for e in &doc.entities {
        if slice(e.start, e.end).as_deref() != Some(e.text.as_str()) {
            return Err(format!("entity {} text {:?} does not match offsets {}..{}", e.id, e.text, e.start, e.end));
        }
    }
    for p in &doc.persons {
        for m in p.mentions.iter().chain(&p.roles) {
            if doc.entity(m).is_none() {
                return Err(format!("person {} refers to missing entity {m}", p.id));
            }
        }
    }
    for q in &doc.quotes {
        if slice(q.start, q.end).as_deref() != Some(q.text.as_str()) {
            return Err(format!("quote {} text does not match offsets {}..{}", q.id, q.start, q.end));
        }
        if let Some(s) = &q.speaker {
            if doc.person(s).is_none() {
                return Err(format!("quote {} has unknown speaker {s}", q.id));
            }
        }
        if let Some(c) = &q.cue {
            if slice(c.start, c.end).as_deref() != Some(c.text.as_str()) {
                return Err(format!("quote {} cue does not match offsets", q.id));
            }
        }
    }
    Ok(())
}
