//! The crate's error type.

use std::path::PathBuf;

/// What can go wrong while reading training data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line of a labeled file is not what its format says.
    #[error("{}:{line}: {message}", path.display())]
    Format { path: PathBuf, line: usize, message: String },
    /// A corpus folder holds no `text.txt`.
    #[error("no text.txt under {}", .0.display())]
    NoCorpus(PathBuf),
    #[error(transparent)]
    Pipeline(#[from] qawl_pipeline::Error),
    #[error(transparent)]
    Transformer(#[from] qawl_transformer::Error),
    #[error(transparent)]
    Tokenizer(#[from] qawl_tokenizer::Error),
}
