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

impl Error {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), source }
    }
}
