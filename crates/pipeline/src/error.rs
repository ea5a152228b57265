//! [`Error`]: what can go wrong in the pipeline library.

use std::path::PathBuf;

/// Errors of the pipeline library. The CLI turns them into messages that name the file.
///
/// ```
/// use qawl_pipeline::{Error, Pipeline};
/// let err = Pipeline::load(std::path::Path::new("/nonexistent/qawl-models")).err().unwrap();
/// assert!(matches!(err, Error::Model { .. }));
/// assert!(err.to_string().contains("/nonexistent/qawl-models"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file of the model directory or of the gold data could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// A lexicon or word list could not be read.
    #[error("cannot read lexicon {}: {source}", path.display())]
    Lexicon {
        /// The list's file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// The model directory lacks a part, or its parts disagree.
    #[error("model directory {} is missing or incomplete: {message}", path.display())]
    Model {
        /// The model directory, or the part of it at fault.
        path: PathBuf,
        /// What is missing or wrong.
        message: String,
    },
    /// A tagger checkpoint could not be loaded.
    #[error("model directory {} is missing or incomplete: {source}", path.display())]
    Tagger {
        /// The tagger's directory.
        path: PathBuf,
        /// What the tagger's loader says.
        #[source]
        source: qawl_transformer::Error,
    },
    /// The subword vocabulary is missing or unreadable.
    #[error(transparent)]
    Tokenizer(#[from] qawl_tokenizer::Error),
    /// A gold, BIO or CoNLL file is not what its format says (line 0: the file as a whole).
    #[error("{}:{line}: {message}", path.display())]
    Gold {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// What is wrong there.
        message: String,
    },
    /// The corpus archive a gold document names could not be opened.
    #[error("{}:{line}: {source}", path.display())]
    Corpus {
        /// The gold file.
        path: PathBuf,
        /// The line of the document that names the archive.
        line: usize,
        /// Why the archive could not be read.
        #[source]
        source: qawl_io::Error,
    },
    /// The tagger failed while labeling a document.
    #[error("the tagger failed: {0}")]
    Transformer(#[from] qawl_transformer::Error),
    /// The pipeline's thread pool could not start.
    #[error("cannot start the pipeline's threads: {0}")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    /// A pipeline whose stages do not fit together (a stage reads what no earlier stage writes).
    #[error("stage {stage} reads {field}, which no earlier stage writes")]
    Contract {
        /// The stage's name.
        stage: &'static str,
        /// The field it reads.
        field: &'static str,
    },
}
