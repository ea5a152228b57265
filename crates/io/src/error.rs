use std::path::PathBuf;

/// What can stop a batch as a whole (a bad document never does: it becomes an error record).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: no such file or directory", .0.display())]
    Missing(PathBuf),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: is also an input; refusing to overwrite it (choose another -o)", .0.display())]
    OutputIsInput(PathBuf),
    #[error("{}: another qawl process is writing it (the file is locked)", .0.display())]
    Locked(PathBuf),
    #[error("{}:{line}: {message}; this output does not come from these inputs", path.display())]
    NotThisBatch { path: PathBuf, line: usize, message: String },
}

/// Why one document could not be read: it becomes an error record naming its origin; the
/// batch goes on. The messages are those of the records.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("empty document")]
    Empty,
    #[error("document has {chars} characters, over the limit of {limit} (--max-chars)")]
    TooLong { chars: usize, limit: usize },
    /// Known from the bytes read, before the whole text was.
    #[error("document is over the limit of {limit} characters (--max-chars)")]
    OverLimit { limit: usize },
    /// Where: `line`, `document` or empty (a whole file).
    #[error("invalid UTF-8 at byte {byte}{}", if where_.is_empty() { String::new() } else { format!(" of the {where_}") })]
    InvalidUtf8 { byte: usize, where_: &'static str },
    /// The file could not be opened or read (the I/O error's message: it is not `Clone`).
    #[error("cannot read: {0}")]
    CannotRead(String),
    /// A read failed partway; the documents before it are kept.
    #[error("read error: {0}")]
    ReadFailed(String),
    #[error("unsupported input type .{ext}: expected {expected}")]
    Unsupported { ext: String, expected: &'static str },
    #[error("broken JSON line: {0}")]
    BrokenJsonLine(String),
    #[error("broken JSON at line {line}: {message}")]
    BrokenJson { line: usize, message: String },
    /// A JSON value that is not a document object (`a JSON array`, `null`, …).
    #[error("{0}, not a document object {{\"id\", \"text\"}}")]
    NotADocument(&'static str),
    #[error("the document has no \"id\"")]
    NoId,
    #[error("the document has no \"text\"")]
    NoText,
    #[error("\"text\" is not a string")]
    TextNotAString,
}

impl Error {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), source }
    }
}
