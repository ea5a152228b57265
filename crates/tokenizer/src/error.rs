use std::path::PathBuf;

/// Errors of the text layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("subword vocabulary not found at {path}: run `qawl vocab` or use the one shipped under models/")]
    MissingVocab { path: PathBuf },
    #[error("cannot read subword vocabulary {path}: {message}")]
    BadVocab { path: PathBuf, message: String },
    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error("training the subword vocabulary failed: {0}")]
    Train(String),
}
