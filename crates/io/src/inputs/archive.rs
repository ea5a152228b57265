//! `<doc>` archives (the news corpora's `text.txt`): one document per block, its lines
//! (title, then paragraphs) the text. A `docs.tsv` beside the archive gives each block's
//! source, url, date and title, one row per block in the same order.

use super::detect::Reader;
use super::{Input, Meta};
use crate::DocumentError;
use std::io::BufRead;
use std::path::Path;

pub(crate) struct Archive {
    pub(crate) name: String,
    pub(crate) reader: Reader,
    pub(crate) line_no: usize,
    pub(crate) tsv: Option<Box<dyn BufRead + Send>>,
}

impl Archive {
    pub(crate) fn new(name: String, reader: Reader, path: Option<&Path>) -> Self {
        let tsv = path.and_then(|p| p.parent()).map(|d| d.join("docs.tsv")).and_then(|p| std::fs::File::open(p).ok());
        let tsv = tsv.map(|f| Box::new(std::io::BufReader::new(f)) as Box<dyn BufRead + Send>);
        Archive { name, reader, line_no: 0, tsv }
    }

    /// The next row of `docs.tsv` as metadata for the block `id`. The two layouts of the
    /// corpora: `DOCNO URL SRC CAT TITLE TIME` (ANT) and `source url date title author`
    /// (SaudiNewsNet, rows in block order). A row that fits neither ends the metadata.
    fn meta_for(&mut self, id: &str) -> Meta {
        let mut meta = Meta::new();
        let Some(tsv) = self.tsv.as_mut() else { return meta };
        let mut row = String::new();
        if tsv.read_line(&mut row).unwrap_or(0) == 0 {
            self.tsv = None;
            return meta;
        }
        let cols: Vec<&str> = row.trim_end_matches(['\n', '\r']).split('\t').collect();
        let named: &[&str] = match cols.len() {
            6 if cols[0] == id => &["", "url", "source", "category", "title", "date"],
            5 => &["source", "url", "date", "title", "author"],
            _ => {
                self.tsv = None;
                return meta;
            }
        };
        for (key, value) in named.iter().zip(&cols) {
            if !key.is_empty() && !value.is_empty() {
                meta.insert(key.to_string(), value.to_string().into());
            }
        }
        meta
    }
}

impl Iterator for Archive {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        let mut buf = Vec::new();
        let mut current: Option<(String, usize, Vec<u8>)> = None;
        loop {
            buf.clear();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => self.line_no += 1,
                Err(e) => {
                    // A read error ends the archive; the documents before it are kept.
                    let origin = format!("{}:{}", self.name, self.line_no + 1);
                    self.reader = Box::new(std::io::empty());
                    let id = current.map(|c| c.0).filter(|id| !id.is_empty()).unwrap_or_else(|| origin.clone());
                    return Some(Input::failed(id, origin, DocumentError::ReadFailed(e.to_string())));
                }
            }
            if buf.starts_with(b"<doc") {
                let line = String::from_utf8_lossy(&buf);
                let id = line.split('"').nth(1).unwrap_or("").to_string();
                current = Some((id, self.line_no, Vec::new()));
            } else if buf.starts_with(b"</doc") {
                let Some((id, start, body)) = current.take() else { continue };
                let origin = format!("{}:{start}", self.name);
                let id = if id.is_empty() { origin.clone() } else { id };
                let meta = self.meta_for(&id);
                let text = match String::from_utf8(body) {
                    Ok(t) => Ok(t.trim_end().to_string()),
                    Err(e) => Err(DocumentError::InvalidUtf8 { byte: e.utf8_error().valid_up_to(), where_: "document" }),
                };
                return Some(Input { id, origin, text, meta });
            } else if let Some((_, _, body)) = current.as_mut() {
                body.extend_from_slice(&buf);
            }
        }
    }
}
