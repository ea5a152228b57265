//! Masked-language-model pre-training.

use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use super::batch::{bucketed_batches, mlm_batch, split_seq, Masking, SpecialIds};
use super::finetune::resolve_config;
use super::init::new_mlm;
use super::optim::{linear_schedule, AdamW, AdamWParams};
use super::progress::{Progress, Reporter};
use super::state::{self, TrainState};
use crate::checkpoint::{save_varmap, CONFIG_FILE, WEIGHTS_FILE};
use crate::config::Config;
use crate::error::{Error, Result};

/// Every pre-training hyper-parameter. Saved as `pretrain_config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PretrainConfig {
    /// Model sizes (ignored when `init_from` is a directory with config.json).
    pub model: Option<Config>,
    /// Continue from these weights (directory or `.safetensors`).
    pub init_from: Option<PathBuf>,
    pub batch_size: usize,
    pub learning_rate: f64,
    /// Fraction of all steps spent warming up.
    pub warmup_ratio: f64,
    pub weight_decay: f64,
    pub max_grad_norm: Option<f64>,
    /// Passes over the data (ignored when `max_steps` is set).
    pub epochs: usize,
    /// Stop after this many optimizer steps.
    pub max_steps: Option<usize>,
    /// Share of tokens to predict (BERT: 0.15).
    pub mask_prob: f64,
    pub mask_id: u32,
    pub cls_id: u32,
    pub sep_id: u32,
    pub pad_id: u32,
    /// Random replacements are drawn from `random_min..vocab_size`, skipping
    /// the special ids below it.
    pub random_min: u32,
    /// Longest piece in subwords, [CLS]/[SEP] excluded (`None`:
    /// `max_position_embeddings - 2`); longer sequences are cut.
    pub max_len: Option<usize>,
    /// Write the checkpoint every this many steps (and at the end).
    pub checkpoint_every: usize,
    /// Continue from `out_dir/state.json` when present.
    pub resume: bool,
    pub seed: u64,
    /// Overrides the config's hidden and attention dropout.
    pub dropout: Option<f64>,
    /// Write every this many steps to `train_log.jsonl`.
    pub log_every: usize,
}

impl Default for PretrainConfig {
    fn default() -> Self {
        Self {
            model: None,
            init_from: None,
            batch_size: 32,
            learning_rate: 1e-4,
            warmup_ratio: 0.06,
            weight_decay: 0.01,
            max_grad_norm: Some(1.0),
            epochs: 1,
            max_steps: None,
            mask_prob: 0.15,
            mask_id: 4,
            cls_id: 2,
            sep_id: 3,
            pad_id: 0,
            random_min: 5,
            max_len: None,
            checkpoint_every: 1000,
            resume: true,
            seed: 42,
            dropout: None,
            log_every: 50,
        }
    }
}

/// What pre-training produced.
#[derive(Debug, Clone, PartialEq)]
pub struct PretrainOutcome {
    pub steps: usize,
    /// Mean loss over the last (up to) 100 steps of this run.
    pub recent_loss: Option<f32>,
    /// `out_dir`: `config.json` + `model.safetensors`, usable as
    /// [`TrainConfig::init_from`](super::TrainConfig::init_from).
    pub model_dir: PathBuf,
}

/// Pre-trains a [`BertForMaskedLM`](crate::BertForMaskedLM) on `sequences`
/// (subword ids without [CLS]/[SEP]) with BERT's 15 % masking (80 % [MASK],
/// 10 % random, 10 % unchanged).
///
/// Every `checkpoint_every` steps and at the end, `out_dir` receives
/// `config.json` + `model.safetensors` (the MLM weights) and the resumable
/// `checkpoint.safetensors` + `state.json`; with `cfg.resume`, a run picks
/// up from them. Batching and masking are seeded per epoch and per step, so
/// a resumed run sees the same batches it would have.
pub fn pretrain_mlm(
    cfg: &PretrainConfig,
    sequences: &[Vec<u32>],
    out_dir: impl AsRef<Path>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PretrainOutcome> {
    let out_dir = out_dir.as_ref();
    if cfg.batch_size == 0 {
        return Err(Error::Invalid("batch_size must be at least 1".into()));
    }
    if !(0.0..=1.0).contains(&cfg.mask_prob) {
        return Err(Error::Invalid(format!(
            "mask_prob {} is not in [0, 1]",
            cfg.mask_prob
        )));
    }
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let config = resolve_config(cfg.model.as_ref(), cfg.init_from.as_deref(), cfg.dropout)?;
    let vocab = config.vocab_size as u32;
    if let Some(bad) = sequences.iter().flatten().find(|&&id| id >= vocab) {
        return Err(Error::Invalid(format!(
            "id {bad} outside the vocabulary of {vocab}"
        )));
    }
    let max_len = cfg
        .max_len
        .unwrap_or(usize::MAX)
        .min(config.max_position_embeddings - 2)
        .max(1);
    let pieces: Vec<&[u32]> = sequences
        .iter()
        .flat_map(|s| split_seq(s, max_len))
        .filter(|s| !s.is_empty())
        .collect();
    if pieces.is_empty() {
        return Err(Error::Invalid("no pre-training sequences".into()));
    }
    std::fs::write(
        out_dir.join("pretrain_config.json"),
        serde_json::to_string_pretty(cfg).expect("serializes"),
    )
    .map_err(|e| Error::io(out_dir.join("pretrain_config.json"), e))?;

    let mut reporter = Reporter::new(out_dir, cfg.log_every, progress)?;
    let (varmap, model, report) = new_mlm(&config, cfg.init_from.as_deref(), cfg.seed)?;
    if let (Some(r), Some(from)) = (report, cfg.init_from.as_deref()) {
        reporter.report(Progress::loaded(from, &r))?;
    }
    let hp = AdamWParams {
        weight_decay: cfg.weight_decay,
        ..AdamWParams::default()
    };
    let mut opt = AdamW::new(&varmap, hp);
    let mut st = TrainState::default();
    if cfg.resume {
        if let Some(saved) = state::restore(out_dir, &varmap, &mut opt)? {
            st = saved;
        }
    }

    let special = SpecialIds {
        cls: cfg.cls_id,
        sep: cfg.sep_id,
        pad: cfg.pad_id,
    };
    let masking = Masking {
        prob: cfg.mask_prob,
        mask_id: cfg.mask_id,
        random_min: cfg.random_min,
        vocab_size: vocab,
    };
    let lengths: Vec<usize> = pieces.iter().map(|s| s.len()).collect();
    let per_epoch = pieces.len().div_ceil(cfg.batch_size);
    let total = cfg.max_steps.unwrap_or(per_epoch * cfg.epochs);
    let warmup = (total as f64 * cfg.warmup_ratio).round() as usize;
    reporter.report(Progress::Start {
        total_steps: total,
        start_step: st.step,
        examples: pieces.len(),
    })?;

    let save = |st: &TrainState, opt: &AdamW, reporter: &mut Reporter| -> Result<()> {
        config.save(out_dir.join(CONFIG_FILE))?;
        save_varmap(&varmap, out_dir.join(WEIGHTS_FILE))?;
        state::save(out_dir, &varmap, opt, st)?;
        reporter.report(Progress::Checkpoint {
            step: st.step,
            path: out_dir.join(state::CHECKPOINT_FILE),
        })
    };

    let mut recent: std::collections::VecDeque<f32> = Default::default();
    while st.step < total {
        let epoch = st.epoch;
        let mut rng = StdRng::seed_from_u64(cfg.seed.wrapping_add(1 + epoch as u64));
        let batches = bucketed_batches(&lengths, cfg.batch_size, &mut rng);
        for batch_idx in batches.iter().skip(st.batch_in_epoch) {
            if st.step >= total {
                break;
            }
            let seqs: Vec<&[u32]> = batch_idx.iter().map(|&i| pieces[i]).collect();
            let mut mask_rng = StdRng::seed_from_u64(
                cfg.seed ^ (st.step as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            let batch = mlm_batch(&seqs, special, masking, &mut mask_rng)?;
            let lr = linear_schedule(st.step, warmup, total, cfg.learning_rate);
            let logits = model.forward_at(&batch.ids, Some(&batch.mask), &batch.positions, true)?;
            let loss = crate::ops::cross_entropy(&logits, &batch.targets)?;
            let grads = loss.backward()?;
            let info = opt.step(&grads, lr, cfg.max_grad_norm)?;
            let loss = loss.to_scalar::<f32>()?;
            st.step += 1;
            st.batch_in_epoch += 1;
            recent.push_back(loss);
            if recent.len() > 100 {
                recent.pop_front();
            }
            reporter.report(Progress::Step {
                epoch,
                step: st.step,
                total_steps: total,
                loss,
                lr,
                grad_norm: info.grad_norm,
                tokens: batch.tokens,
            })?;
            if cfg.checkpoint_every > 0 && st.step % cfg.checkpoint_every == 0 && st.step < total {
                save(&st, &opt, &mut reporter)?;
            }
        }
        if st.batch_in_epoch >= batches.len() {
            st.epoch += 1;
            st.batch_in_epoch = 0;
        }
    }
    save(&st, &opt, &mut reporter)?;
    let recent_loss =
        (!recent.is_empty()).then(|| recent.iter().sum::<f32>() / recent.len() as f32);
    Ok(PretrainOutcome {
        steps: st.step,
        recent_loss,
        model_dir: out_dir.to_path_buf(),
    })
}
