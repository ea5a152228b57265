//! One writer per output file, and never an input as output.

use crate::Error;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Refuses an output that is one of the input files, compared by identity (device and
/// inode), so `./a.jsonl`, `a.jsonl` and a hard link are all caught. Standard input counts
/// when it is read (the caller passes `/dev/stdin` among the inputs).
pub(crate) fn refuse_inputs(output: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    let Ok(out) = std::fs::metadata(output) else { return Ok(()) };
    // Devices (`-o /dev/null`) are no files to protect.
    if !out.is_file() {
        return Ok(());
    }
    for meta in inputs.iter().filter_map(|p| std::fs::metadata(p).ok()) {
        if same_file(&out, &meta) {
            return Err(Error::OutputIsInput(output.to_path_buf()));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Opens `path` for reading and writing without truncating it, locked. The lock is taken
/// before anything is changed, so a second writer changes nothing. If another run renamed a
/// new file over the path while we waited, the lock is on the old file: open again.
pub(crate) fn open_locked(path: &Path) -> Result<File, Error> {
    loop {
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(|e| Error::io(path, e))?;
        try_lock(&file, path)?;
        if still_at(&file, path) {
            return Ok(file);
        }
    }
}

/// Creates (or empties) `path`, locked.
pub(crate) fn create_locked(path: &Path) -> Result<File, Error> {
    let file = open_locked(path)?;
    file.set_len(0).map_err(|e| Error::io(path, e))?;
    Ok(file)
}

fn try_lock(file: &File, path: &Path) -> Result<(), Error> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(Error::Locked(path.to_path_buf())),
        Err(TryLockError::Error(e)) => Err(Error::io(path, e)),
    }
}

#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => same_file(&a, &b),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_: &File, _: &Path) -> bool {
    true
}
