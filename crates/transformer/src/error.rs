//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong while loading, running or training a model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file the checkpoint needs is not there.
    #[error("missing file {}", path.display())]
    MissingFile { path: PathBuf },

    /// A file exists but could not be read or written.
    #[error("i/o error on {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A JSON file (config.json, labels.json, state.json) could not be parsed.
    #[error("bad JSON in {}: {source}", path.display())]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    /// A tensor the model needs is not in the weights file. `name` is the
    /// checkpoint key, e.g. `bert.encoder.layer.0.attention.self.query.weight`.
    #[error("tensor `{name}` not found in {}", path.display())]
    MissingTensor { name: String, path: PathBuf },

    /// Shapes or lengths that should agree do not (labels vs ids, tensor shapes).
    #[error("shape mismatch: {0}")]
    Shape(String),

    /// Label names are inconsistent (labels.json vs model head, unknown label).
    #[error("label mismatch: {0}")]
    Labels(String),

    /// A bad option value (e.g. batch size 0).
    #[error("invalid setting: {0}")]
    Invalid(String),

    /// Any error raised by candle.
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
}

/// Shorthand for `Result<T, qawl_transformer::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::MissingFile { path }
        } else {
            Error::Io { path, source }
        }
    }
}
