//! Input documents for `qawl extract`: `.txt` files (id = file stem), folders (every `.txt`
//! below, sorted), `.jsonl` files with `{"id","text"}` per line, `<doc …>…</doc>`
//! archives (the news corpora's `text.txt`: one document per block), or `-` for stdin
//! (JSONL if each line is a JSON object, else one plain-text document). Documents are read lazily so
//! memory does not grow with the archive. A bad document is an `Err` naming file and line.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One input document, or why it could not be read.
pub struct Input {
    pub id: String,
    /// `file` or `file:line`, for messages.
    pub origin: String,
    pub text: Result<String, String>,
}

enum Source {
    Txt(PathBuf),
    Jsonl(PathBuf),
    Archive(PathBuf),
    Stdin,
}

/// Whether a file starts like a `<doc …>` archive.
fn is_archive(path: &Path) -> bool {
    let mut head = [0u8; 8];
    File::open(path).and_then(|mut f| f.read(&mut head)).map(|n| head[..n].starts_with(b"<doc")).unwrap_or(false)
}

/// Lazily yields the documents of every input path in order.
pub struct Inputs {
    sources: VecDeque<Source>,
    jsonl: Option<(String, Box<dyn BufRead>, usize)>,
    archive: Option<(String, Box<dyn BufRead>, usize)>,
    max_chars: usize,
}

impl Inputs {
    pub fn new(paths: &[PathBuf], max_chars: usize) -> anyhow::Result<Self> {
        let mut sources = VecDeque::new();
        for p in paths {
            if p.as_os_str() == "-" {
                sources.push_back(Source::Stdin);
            } else if p.is_dir() {
                let mut files = Vec::new();
                collect_txt(p, &mut files)?;
                files.sort();
                sources.extend(files.into_iter().map(Source::Txt));
            } else if p.is_file() {
                match p.extension().and_then(|e| e.to_str()) {
                    Some("jsonl") => sources.push_back(Source::Jsonl(p.clone())),
                    _ if is_archive(p) => sources.push_back(Source::Archive(p.clone())),
                    _ => sources.push_back(Source::Txt(p.clone())),
                }
            } else {
                anyhow::bail!("{}: no such file or directory", p.display());
            }
        }
        Ok(Inputs { sources, jsonl: None, archive: None, max_chars })
    }

    fn check_text(&self, text: String) -> Result<String, String> {
        if text.trim().is_empty() {
            return Err("empty document".into());
        }
        let n = text.chars().count();
        if n > self.max_chars {
            return Err(format!("document has {n} characters, over the limit of {} (--max-chars)", self.max_chars));
        }
        Ok(text)
    }

    fn next_jsonl_line(&mut self) -> Option<Input> {
        let (name, reader, line_no) = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            *line_no += 1;
            let n = match reader.read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(e) => {
                    let origin = format!("{name}:{line_no}");
                    self.jsonl = None;
                    return Some(Input { id: origin.clone(), origin, text: Err(format!("read error: {e}")) });
                }
            };
            if n == 0 {
                self.jsonl = None;
                return None;
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            break;
        }
        let origin = format!("{name}:{line_no}");
        let line = match String::from_utf8(buf) {
            Ok(l) => l,
            Err(e) => return Some(Input { id: origin.clone(), origin, text: Err(format!("invalid UTF-8 at byte {} of the line", e.utf8_error().valid_up_to())) }),
        };
        #[derive(serde::Deserialize)]
        struct Line {
            id: serde_json::Value,
            text: String,
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(l) => {
                let id = match l.id {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                let text = self.check_text(l.text);
                Some(Input { id, origin, text })
            }
            Err(e) => {
                // Keep whatever id the broken line shows, so the error record can be matched up.
                let id = serde_json::from_str::<serde_json::Value>(&line).ok().and_then(|v| v.get("id").map(|i| i.as_str().map(String::from).unwrap_or(i.to_string()))).unwrap_or_else(|| origin.clone());
                Some(Input { id, origin, text: Err(format!("broken JSON line: {e}")) })
            }
        }
    }
}

impl Inputs {
    /// The next `<doc …>` block of the open archive; its lines (title, paragraphs) are the text.
    fn next_archive_doc(&mut self) -> Option<Input> {
        let (name, reader, line_no) = self.archive.as_mut()?;
        let mut buf = Vec::new();
        let mut current: Option<(String, usize, Vec<u8>)> = None;
        loop {
            buf.clear();
            let n = match reader.read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(e) => {
                    // A read error ends the archive; the documents before it are kept.
                    let origin = format!("{name}:{}", *line_no + 1);
                    self.archive = None;
                    return Some(Input { id: origin.clone(), origin, text: Err(format!("read error: {e}")) });
                }
            };
            if n == 0 {
                self.archive = None;
                return None;
            }
            *line_no += 1;
            if buf.starts_with(b"<doc") {
                let line = String::from_utf8_lossy(&buf);
                let id = line.split('"').nth(1).unwrap_or("").to_string();
                current = Some((id, *line_no, Vec::new()));
            } else if buf.starts_with(b"</doc") {
                let Some((id, start, body)) = current.take() else { continue };
                let origin = format!("{name}:{start}");
                let id = if id.is_empty() { origin.clone() } else { id };
                let text = match String::from_utf8(body) {
                    Ok(t) => self.check_text(t.trim_end().to_string()),
                    Err(e) => Err(format!("invalid UTF-8 at byte {} of the document", e.utf8_error().valid_up_to())),
                };
                return Some(Input { id, origin, text });
            } else if let Some((_, _, body)) = current.as_mut() {
                body.extend_from_slice(&buf);
            }
        }
    }
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))? {
        let p = entry?.path();
        if p.is_dir() {
            collect_txt(&p, out)?;
        } else if p.extension().and_then(|e| e.to_str()) == Some("txt") {
            out.push(p);
        }
    }
    Ok(())
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if self.jsonl.is_some() {
                if let Some(item) = self.next_jsonl_line() {
                    return Some(item);
                }
                continue;
            }
            if self.archive.is_some() {
                if let Some(item) = self.next_archive_doc() {
                    return Some(item);
                }
                continue;
            }
            match self.sources.pop_front()? {
                Source::Txt(path) => {
                    let origin = path.display().to_string();
                    let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| origin.clone());
                    let text = match std::fs::read(&path) {
                        Ok(bytes) => match String::from_utf8(bytes) {
                            Ok(t) => self.check_text(t),
                            Err(e) => Err(format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())),
                        },
                        Err(e) => Err(format!("cannot read: {e}")),
                    };
                    return Some(Input { id, origin, text });
                }
                Source::Archive(path) => match File::open(&path) {
                    Ok(f) => self.archive = Some((path.display().to_string(), Box::new(BufReader::new(f)), 0)),
                    Err(e) => {
                        let origin = path.display().to_string();
                        return Some(Input { id: origin.clone(), origin, text: Err(format!("cannot read: {e}")) });
                    }
                },
                Source::Jsonl(path) => match File::open(&path) {
                    Ok(f) => self.jsonl = Some((path.display().to_string(), Box::new(BufReader::new(f)), 0)),
                    Err(e) => {
                        let origin = path.display().to_string();
                        return Some(Input { id: origin.clone(), origin, text: Err(format!("cannot read: {e}")) });
                    }
                },
                Source::Stdin => {
                    let mut bytes = Vec::new();
                    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                        return Some(Input { id: "stdin".into(), origin: "<stdin>".into(), text: Err(format!("cannot read: {e}")) });
                    }
                    let looks_jsonl = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
                    if looks_jsonl {
                        self.jsonl = Some(("<stdin>".into(), Box::new(std::io::Cursor::new(bytes)), 0));
                        continue;
                    }
                    let text = match String::from_utf8(bytes) {
                        Ok(t) => self.check_text(t),
                        Err(e) => Err(format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())),
                    };
                    return Some(Input { id: "stdin".into(), origin: "<stdin>".into(), text });
                }
            }
        }
    }
}
