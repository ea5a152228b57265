//! Input documents, read lazily in order from files, folders and standard input.

mod archive;
mod detect;
mod jsonl;
mod record;

use crate::{DocumentError, Error};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// Fields of an input record other than `id` and `text`, carried to its output record.
pub type Meta = serde_json::Map<String, serde_json::Value>;

/// One input document, or why it could not be read.
#[derive(Debug)]
pub struct Input {
    /// The document's own id when it can be read (a `.txt` file's stem, a JSON `id`, a
    /// `<doc id>`), else its `origin`.
    pub id: String,
    /// `file` or `file:line`, for messages.
    pub origin: String,
    pub text: Result<String, DocumentError>,
    pub meta: Meta,
}

impl Input {
    fn failed(id: String, origin: String, error: DocumentError) -> Self {
        Input { id, origin, text: Err(error), meta: Meta::new() }
    }
}

enum Source {
    File(PathBuf),
    Stdin,
}

/// Lazily yields the documents of every input path in order.
pub struct Inputs {
    sources: VecDeque<Source>,
    current: Option<Box<dyn Iterator<Item = Input> + Send>>,
    max_chars: usize,
    files: Vec<PathBuf>,
    warnings: Vec<String>,
}

impl Inputs {
    /// Resolves `paths` (`-` is standard input; folders are searched for `.txt`, `.json`,
    /// `.jsonl`, `.ndjson` and `.gz` files, sorted). A path that does not exist is an error;
    /// a folder with no input files is a warning ([`Inputs::warnings`]).
    pub fn open(paths: &[PathBuf], max_chars: usize) -> Result<Self, Error> {
        let mut sources = VecDeque::new();
        let mut warnings = Vec::new();
        for p in paths {
            if p.as_os_str() == "-" {
                sources.push_back(Source::Stdin);
            } else if p.is_dir() {
                let mut files = Vec::new();
                collect(p, &mut files)?;
                if files.is_empty() {
                    warnings.push(format!("{}: folder holds no input files ({})", p.display(), detect::SUPPORTED));
                }
                files.sort();
                sources.extend(files.into_iter().map(Source::File));
            } else if p.exists() {
                sources.push_back(Source::File(p.clone()));
            } else {
                return Err(Error::Missing(p.clone()));
            }
        }
        let files = sources.iter().filter_map(|s| if let Source::File(p) = s { Some(p.clone()) } else { None }).collect();
        Ok(Inputs { sources, current: None, max_chars, files, warnings })
    }

    /// The files that will be read, for checking that an output is not one of them.
    pub fn files(&self) -> Vec<PathBuf> {
        self.files.clone()
    }

    /// Whether standard input is one of the inputs.
    pub fn reads_stdin(&self) -> bool {
        self.sources.iter().any(|s| matches!(s, Source::Stdin))
    }

    /// Problems that lose no document but that a user should hear of (an empty folder).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    fn start(&self, source: Source) -> Result<Box<dyn Iterator<Item = Input> + Send>, Input> {
        let (name, path) = match &source {
            Source::File(p) => (p.display().to_string(), Some(p.as_path())),
            Source::Stdin => ("<stdin>".to_string(), None),
        };
        let opened = match path {
            Some(p) => detect::open(p),
            None => detect::open_stdin().map_err(|e| DocumentError::CannotRead(e.to_string())),
        };
        let (kind, mut reader) = opened.map_err(|e| Input::failed(stem_or(path, &name), name.clone(), e))?;
        let max_chars = self.max_chars;
        Ok(match kind {
            detect::Kind::Jsonl => Box::new(jsonl::JsonLines { name, reader, line_no: 0 }),
            detect::Kind::Archive => Box::new(archive::Archive::new(name, reader, path)),
            detect::Kind::Json => Box::new(read_json(&name, &mut reader).into_iter()),
            detect::Kind::Text => {
                let id = path.map(|p| stem_or(Some(p), &name)).unwrap_or_else(|| "stdin".into());
                let text = read_text(&mut reader, max_chars);
                Box::new(std::iter::once(Input { id, origin: name, text, meta: Meta::new() }))
            }
        })
    }
}

fn stem_or(path: Option<&Path>, name: &str) -> String {
    let stem = path.and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.to_string());
    // `a.txt` → `a`; `a.txt.gz` → `a`.
    let stem = stem.strip_suffix(".gz").unwrap_or(&stem);
    Path::new(stem).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.to_string())
}

/// Empty texts and texts over the limit are errors of that document.
pub fn check_text(text: String, max_chars: usize) -> Result<String, DocumentError> {
    if text.trim().is_empty() {
        return Err(DocumentError::Empty);
    }
    let n = text.chars().count();
    if n > max_chars {
        return Err(DocumentError::TooLong { chars: n, limit: max_chars });
    }
    Ok(text)
}

fn read_text(reader: &mut detect::Reader, max_chars: usize) -> Result<String, DocumentError> {
    // A character is at most 4 bytes: reading 4 × the limit is enough to know it is over.
    let (bytes, over) = detect::read_bounded(reader, max_chars.saturating_mul(4)).map_err(|e| DocumentError::CannotRead(e.to_string()))?;
    if over {
        return Err(DocumentError::OverLimit { limit: max_chars });
    }
    let text = String::from_utf8(bytes).map_err(|e| DocumentError::InvalidUtf8 { byte: e.utf8_error().valid_up_to(), where_: "" })?;
    check_text(text, max_chars)
}

/// A `.json` file: one document object, or an array of them (`file:[i]` names each).
fn read_json(name: &str, reader: &mut detect::Reader) -> Vec<Input> {
    let stem = stem_or(Some(Path::new(name)), name);
    let value: serde_json::Value = match serde_json::from_reader(reader) {
        Ok(v) => v,
        Err(e) => return vec![Input::failed(stem, name.to_string(), DocumentError::BrokenJson { line: e.line(), message: e.to_string() })],
    };
    match value {
        serde_json::Value::Array(items) => items.into_iter().enumerate().map(|(i, v)| record::from_value(v, format!("{name}:[{i}]"))).collect(),
        other => vec![record::from_value(other, name.to_string())],
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let p = entry.map_err(|e| Error::io(dir, e))?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if detect::is_input_file(&p) {
            out.push(p);
        }
    }
    Ok(())
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(current) = self.current.as_mut() {
                match current.next() {
                    Some(input) => {
                        let max = self.max_chars;
                        return Some(Input { text: input.text.and_then(|t| check_text(t, max)), ..input });
                    }
                    None => self.current = None,
                }
            }
            let source = self.sources.pop_front()?;
            match self.start(source) {
                Ok(it) => self.current = Some(it),
                Err(failed) => return Some(failed),
            }
        }
    }
}
