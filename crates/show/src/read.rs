//! Reading `extract` output files line by line, so an archive never has to fit in memory.

use crate::error::{Error, Result};
use crate::record::Line;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One non-blank line of a record file.
pub struct Item {
    /// `file:line`, for messages.
    pub origin: String,
    /// The record, or why the line is not one (broken JSON, a field of the wrong type).
    pub line: std::result::Result<Line, String>,
}

/// The lines of one JSONL file of records, in order.
pub struct RecordFile {
    path: PathBuf,
    reader: BufReader<File>,
    line_no: usize,
    buf: String,
}

impl RecordFile {
    pub fn open(path: &Path) -> Result<RecordFile> {
        let f = File::open(path).map_err(Error::read(path))?;
        Ok(RecordFile { path: path.to_path_buf(), reader: BufReader::new(f), line_no: 0, buf: String::new() })
    }
}

impl Iterator for RecordFile {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        loop {
            self.buf.clear();
            self.line_no += 1;
            match self.reader.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(Error::Read { path: self.path.clone(), source: e })),
            }
            if self.buf.trim().is_empty() {
                continue;
            }
            let origin = format!("{}:{}", self.path.display(), self.line_no);
            let line = Line::parse(&self.buf).map_err(|e| format!("not a qawl record: {e}"));
            return Some(Ok(Item { origin, line }));
        }
    }
}

/// Whether a file holds `extract` output rather than `{"id","text"}` inputs: its first
/// non-blank line is a JSON object with `entities`, `persons`, `quotes` or `error`.
pub fn looks_like_records(path: &Path) -> bool {
    let Ok(f) = File::open(path) else { return false };
    for line in BufReader::new(f).lines() {
        let Ok(line) = line else { return false };
        if line.trim().is_empty() {
            continue;
        }
        let Ok(serde_json::Value::Object(obj)) = serde_json::from_str::<serde_json::Value>(&line) else { return false };
        return ["entities", "persons", "quotes", "error"].iter().any(|k| obj.contains_key(*k));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_inputs_are_told_apart_and_bad_lines_reported() {
        let dir = std::env::temp_dir().join(format!("qawl-show-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let records = dir.join("out.jsonl");
        std::fs::write(&records, "\n{\"id\": \"a\", \"entities\": []}\n{broken\n{\"id\": \"b\", \"error\": \"b.txt: empty document\"}\n").unwrap();
        let inputs = dir.join("in.jsonl");
        std::fs::write(&inputs, "{\"id\": \"a\", \"text\": \"نص\"}\n").unwrap();
        assert!(looks_like_records(&records));
        assert!(!looks_like_records(&inputs));
        let items: Vec<Item> = RecordFile::open(&records).unwrap().map(|i| i.unwrap()).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].origin.ends_with("out.jsonl:2"));
        assert!(matches!(items[0].line, Ok(Line::Record(_))));
        assert!(items[1].line.as_ref().err().unwrap().contains("not a qawl record"));
        assert!(matches!(items[2].line, Ok(Line::Failed { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
