//! The output of a batch: one JSON record per input position, in input order, in a file that
//! only this process writes.
//!
//! Safety, in the order a run meets it:
//! - an output that is one of the inputs (the same file, by device and inode) is refused;
//! - the file is locked (`flock`), so a second writer fails at once;
//! - each write holds whole records with their newlines, so a kill leaves at most one cut line;
//! - `--resume` keeps the longest valid prefix, cuts the rest, skips the positions done, and
//!   retries the failed ones: their error records are replaced through a temporary file that
//!   is renamed over the output at the end ([`scan`] and [`Rewrite`]).

mod lock;
mod scan;

use crate::Error;
use scan::{scan, Scanned};
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Start the file anew.
    No,
    /// Continue a file an earlier run left, cut or whole.
    Yes,
}

/// The old output being copied into the temporary file while failed positions are retried.
struct Rewrite {
    old: BufReader<File>,
    tmp_path: PathBuf,
    /// Lines of `old` copied (or replaced) so far.
    copied: usize,
}

pub struct Output {
    path: PathBuf,
    file: File,
    /// Per position of the earlier output: its id and whether it was an error record.
    done: Vec<(String, bool)>,
    rewrite: Option<Rewrite>,
    /// Keeps the lock of the output path while a temporary file is written.
    _locked: Option<File>,
    /// A regular file (not a device such as `/dev/null`): only those are synced.
    regular: bool,
}

impl Output {
    /// Opens `path` for writing records. `inputs` are the files being read: an output that is
    /// one of them is refused before anything is written.
    pub fn create(path: &Path, resume: Resume, inputs: &[PathBuf]) -> Result<Self, Error> {
        lock::refuse_inputs(path, inputs)?;
        let mut file = lock::open_locked(path)?;
        let tmp_path = tmp_path(path);
        // A device (`-o /dev/null`) is written to as it is: nothing to cut or resume.
        let regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
        if !regular {
            return Ok(Output { path: path.to_path_buf(), file, done: Vec::new(), rewrite: None, _locked: None, regular });
        }
        if resume == Resume::No {
            file.set_len(0).map_err(|e| Error::io(path, e))?;
            let _ = std::fs::remove_file(&tmp_path);
            return Ok(Output { path: path.to_path_buf(), file, done: Vec::new(), rewrite: None, _locked: None, regular });
        }
        // A run killed while rewriting left a temporary file; it is the better copy when it
        // holds more records than the output.
        if tmp_path.exists() {
            let tmp = scan(&mut File::open(&tmp_path).map_err(|e| Error::io(&tmp_path, e))?).map_err(|e| Error::io(&tmp_path, e))?;
            let out = scan(&mut file).map_err(|e| Error::io(path, e))?;
            if tmp.records.len() > out.records.len() {
                std::fs::rename(&tmp_path, path).map_err(|e| Error::io(path, e))?;
                drop(file);
                file = lock::open_locked(path)?;
            } else {
                std::fs::remove_file(&tmp_path).map_err(|e| Error::io(&tmp_path, e))?;
            }
        }
        let Scanned { records, valid_bytes } = scan(&mut file).map_err(|e| Error::io(path, e))?;
        // Cut back a record cut by a kill, or anything after the last valid record.
        file.set_len(valid_bytes).map_err(|e| Error::io(path, e))?;
        let any_failed = records.iter().any(|(_, failed)| *failed);
        let mut out = Output { path: path.to_path_buf(), file, done: records, rewrite: None, _locked: None, regular };
        if any_failed {
            let tmp = lock::create_locked(&tmp_path)?;
            let mut old = out.file.try_clone().map_err(|e| Error::io(path, e))?;
            old.seek(SeekFrom::Start(0)).map_err(|e| Error::io(path, e))?;
            out._locked = Some(std::mem::replace(&mut out.file, tmp));
            out.rewrite = Some(Rewrite { old: BufReader::new(old), tmp_path, copied: 0 });
        } else {
            out.file.seek(SeekFrom::End(0)).map_err(|e| Error::io(path, e))?;
        }
        Ok(out)
    }

    /// Records an earlier run wrote for positions that succeeded (they are skipped).
    pub fn resumed(&self) -> usize {
        self.done.iter().filter(|(_, failed)| !failed).count()
    }

    /// Whether position `pos` (document `id`) is already in the output. A different id at
    /// that position means the output is not from these inputs, which is an error.
    pub fn is_done(&self, pos: usize, id: &str) -> Result<bool, Error> {
        match self.done.get(pos) {
            None => Ok(false),
            Some((old, _)) if old != id => Err(Error::NotThisBatch { path: self.path.clone(), line: pos + 1, message: format!("the record has id {old:?} where the input has {id:?}") }),
            Some((_, failed)) => Ok(!failed),
        }
    }

    /// Writes records (position, JSON line without newline) in increasing position order,
    /// in one write.
    pub fn write(&mut self, records: &[(usize, String)]) -> Result<(), Error> {
        let mut buf = Vec::with_capacity(records.iter().map(|(_, l)| l.len() + 1).sum());
        for (pos, line) in records {
            self.copy_old_until(*pos, &mut buf)?;
            if let Some(rw) = self.rewrite.as_mut() {
                if *pos < self.done.len() {
                    // Skip the old error record this one replaces.
                    let mut skipped = Vec::new();
                    rw.old.read_until(b'\n', &mut skipped).map_err(|e| Error::io(&self.path, e))?;
                    rw.copied += 1;
                }
            }
            buf.extend_from_slice(line.as_bytes());
            buf.push(b'\n');
        }
        self.file.write_all(&buf).map_err(|e| Error::io(&self.path, e))
    }

    /// Appends old records before position `pos` to `buf` (rewriting only).
    fn copy_old_until(&mut self, pos: usize, buf: &mut Vec<u8>) -> Result<(), Error> {
        let Some(rw) = self.rewrite.as_mut() else { return Ok(()) };
        while rw.copied < pos.min(self.done.len()) {
            rw.old.read_until(b'\n', buf).map_err(|e| Error::io(&self.path, e))?;
            rw.copied += 1;
        }
        Ok(())
    }

    /// Completes the file: the rest of an old output is kept, a rewrite is renamed over the
    /// output, and the data reaches the disk. `seen` input positions were read; when
    /// `exhausted`, the inputs ended there, so an old output with more records is not theirs.
    pub fn finish(mut self, seen: usize, exhausted: bool) -> Result<(), Error> {
        if exhausted && self.done.len() > seen {
            return Err(Error::NotThisBatch { path: self.path.clone(), line: seen + 1, message: format!("the output has {} records but the inputs only {seen} documents", self.done.len()) });
        }
        let mut buf = Vec::new();
        self.copy_old_until(usize::MAX, &mut buf)?;
        self.file.write_all(&buf).map_err(|e| Error::io(&self.path, e))?;
        if self.regular {
            self.file.sync_all().map_err(|e| Error::io(&self.path, e))?;
        }
        if let Some(rw) = self.rewrite.take() {
            std::fs::rename(&rw.tmp_path, &self.path).map_err(|e| Error::io(&self.path, e))?;
        }
        Ok(())
    }
}

/// Where a resume that retries failed records writes before renaming: `out.jsonl.qawl-partial`.
fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".qawl-partial");
    path.with_file_name(name)
}
