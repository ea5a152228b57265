//! The resumable training state: `checkpoint.safetensors` (weights and
//! optimizer moments) and `state.json` (where the loop stands).

use std::path::Path;

use candle_nn::VarMap;
use serde::{Deserialize, Serialize};

use super::metrics::SpanScores;
use super::optim::AdamW;
use crate::checkpoint::{save_tensors, varmap_tensors, Weights};
use crate::error::{Error, Result};

/// Resumable checkpoint weights file.
pub const CHECKPOINT_FILE: &str = "checkpoint.safetensors";
/// Loop position file.
pub const STATE_FILE: &str = "state.json";

/// Where the training loop stands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainState {
    /// Epoch in progress (from 0).
    pub epoch: usize,
    /// Batches of `epoch` already done.
    pub batch_in_epoch: usize,
    /// Optimizer steps taken.
    pub step: usize,
    /// Dev scores of the best epoch so far (fine-tuning only).
    #[serde(default)]
    pub best_dev: Option<SpanScores>,
    #[serde(default)]
    pub best_epoch: Option<usize>,
    /// Loss sum and batch count of the epoch in progress.
    #[serde(default)]
    pub epoch_loss_sum: f64,
    #[serde(default)]
    pub epoch_batches: usize,
    /// Learning-rate factor after decays on a plateau (word tagger; `None`: 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr_scale: Option<f64>,
}

/// Writes the model variables, optimizer moments and state into `dir`.
pub(crate) fn save(dir: &Path, varmap: &VarMap, opt: &AdamW, state: &TrainState) -> Result<()> {
    let mut tensors = varmap_tensors(varmap);
    tensors.extend(opt.state_tensors()?);
    save_tensors(&tensors, &dir.join(CHECKPOINT_FILE))?;
    let path = dir.join(STATE_FILE);
    let tmp = dir.join("state.json.tmp");
    let text = serde_json::to_string_pretty(state).expect("state serializes");
    std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// Restores a checkpoint from `dir` when both files are there; returns the
/// saved state, or `None` when there is nothing to resume.
pub(crate) fn restore(dir: &Path, varmap: &VarMap, opt: &mut AdamW) -> Result<Option<TrainState>> {
    let state_path = dir.join(STATE_FILE);
    let ckpt = dir.join(CHECKPOINT_FILE);
    if !state_path.is_file() || !ckpt.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&state_path).map_err(|e| Error::io(&state_path, e))?;
    let state: TrainState = serde_json::from_str(&text).map_err(|source| Error::Json {
        path: state_path.clone(),
        source,
    })?;
    let weights = Weights::load(&ckpt)?;
    let report = weights.copy_into(varmap)?;
    if let Some(name) = report.missing.first() {
        return Err(Error::MissingTensor {
            name: name.clone(),
            path: ckpt,
        });
    }
    opt.load_state(&weights, state.step)?;
    Ok(Some(state))
}
