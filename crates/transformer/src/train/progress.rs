//! Progress events reported to the caller (a CLI can drive a progress bar
//! from them) and appended to `train_log.jsonl`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::metrics::SpanScores;
use crate::checkpoint::LoadReport;
use crate::error::{Error, Result};

/// What happened during training.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Progress {
    /// Training starts (or resumes at `start_step`).
    Start {
        total_steps: usize,
        start_step: usize,
        examples: usize,
    },
    /// Pretrained weights were copied in (`missing`: variables left freshly initialised).
    Loaded {
        from: PathBuf,
        loaded: usize,
        missing: Vec<String>,
        unused: usize,
    },
    /// One optimizer step. `step` counts from 1; `tokens` are the batch's real tokens.
    Step {
        epoch: usize,
        step: usize,
        total_steps: usize,
        loss: f32,
        lr: f64,
        grad_norm: f64,
        tokens: usize,
    },
    /// End of an epoch; `dev` is the entity head's span scores, when there is dev data.
    Epoch {
        epoch: usize,
        train_loss: f32,
        dev: Option<SpanScores>,
        improved: bool,
    },
    /// A checkpoint was written.
    Checkpoint { step: usize, path: PathBuf },
}

impl Progress {
    pub(crate) fn loaded(from: &Path, r: &LoadReport) -> Self {
        Progress::Loaded {
            from: from.to_path_buf(),
            loaded: r.loaded.len(),
            missing: r.missing.clone(),
            unused: r.unused.len(),
        }
    }
}

/// Sends events to the callback and, for all but most steps, to a log file.
pub(crate) struct Reporter<'a> {
    callback: &'a mut dyn FnMut(&Progress),
    log: std::fs::File,
    log_path: PathBuf,
    log_every: usize,
}

impl<'a> Reporter<'a> {
    pub fn new(
        out_dir: &Path,
        log_every: usize,
        callback: &'a mut dyn FnMut(&Progress),
    ) -> Result<Self> {
        let log_path = out_dir.join("train_log.jsonl");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| Error::io(&log_path, e))?;
        Ok(Self {
            callback,
            log,
            log_path,
            log_every: log_every.max(1),
        })
    }

    pub fn report(&mut self, p: Progress) -> Result<()> {
        let write = match &p {
            Progress::Step { step, .. } => step % self.log_every == 0,
            _ => true,
        };
        if write {
            let line = serde_json::to_string(&p).expect("progress serializes");
            writeln!(self.log, "{line}").map_err(|e| Error::io(&self.log_path, e))?;
        }
        (self.callback)(&p);
        Ok(())
    }
}
