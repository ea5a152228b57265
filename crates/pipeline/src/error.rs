use std::path::PathBuf;

/// Errors of the pipeline library. The CLI turns them into messages that name the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot read lexicon {path}: {message}")]
    Lexicon { path: PathBuf, message: String },
    #[error("model directory {path} is missing or incomplete: {message}")]
    Model { path: PathBuf, message: String },
    #[error(transparent)]
    Tokenizer(#[from] qawl_tokenizer::Error),
    #[error("{path}:{line}: {message}")]
    Gold { path: PathBuf, line: usize, message: String },
    #[error("{0}")]
    Transformer(String),
}
