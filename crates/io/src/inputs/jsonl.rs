//! JSON lines (`.jsonl`, `.ndjson`, or standard input): one document object per line, read
//! one line at a time so memory does not grow with the file.

use super::detect::Reader;
use super::{record, Input};
use crate::DocumentError;

pub(crate) struct JsonLines {
    pub(crate) name: String,
    pub(crate) reader: Reader,
    pub(crate) line_no: usize,
}

impl Iterator for JsonLines {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            self.line_no += 1;
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) if buf.iter().all(|b| b.is_ascii_whitespace()) => continue,
                Ok(_) => break,
                Err(e) => {
                    // A read error (a cut gzip stream, a failing disk) ends this file only.
                    let origin = format!("{}:{}", self.name, self.line_no);
                    self.reader = Box::new(std::io::empty());
                    return Some(Input::failed(origin.clone(), origin, DocumentError::ReadFailed(e.to_string())));
                }
            }
        }
        let origin = format!("{}:{}", self.name, self.line_no);
        let id = || record::guess_id(&buf).unwrap_or_else(|| origin.clone());
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l,
            Err(e) => return Some(Input::failed(id(), origin.clone(), DocumentError::InvalidUtf8 { byte: e.valid_up_to(), where_: "line" })),
        };
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(value) => Some(record::from_value(value, origin)),
            Err(e) => Some(Input::failed(id(), origin.clone(), DocumentError::BrokenJsonLine(e.to_string()))),
        }
    }
}
