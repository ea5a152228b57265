//! Fine-tuning the two-headed tagger.

use std::path::{Path, PathBuf};

use candle_nn::VarMap;
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use super::batch::{bucketed_batches, split_long, tagger_batch, SpecialIds, TaggerBatch};
use super::init::new_tagger;
use super::metrics::{span_f1, SpanScores};
use super::optim::{linear_schedule, AdamW, AdamWParams};
use super::progress::{Progress, Reporter};
use super::state::{self, TrainState};
use crate::checkpoint::{save_varmap, CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::heads::BertTagger;
use crate::decode::BioScheme;
use crate::labels::{Labels, Transitions};
use crate::tagger::{Tagger, TaggerOptions};

/// One training sequence: subword ids WITHOUT [CLS]/[SEP], and one label per
/// id for each head (index into the label names; -100 = ignore, e.g. on
/// non-initial subwords).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainExample {
    pub ids: Vec<u32>,
    pub entity_labels: Vec<i64>,
    pub role_labels: Vec<i64>,
    /// Token-type id of every piece (the features named by `Labels::token_types`);
    /// empty for none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<u32>,
    /// Whole-word id of every piece (0: unknown) for a model with word vectors; empty for none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<u32>,
}

/// Every fine-tuning hyper-parameter. Saved as `train_config.json` beside
/// the checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    /// Model sizes when starting from scratch. Ignored when `init_from` is a
    /// directory with a `config.json`.
    pub model: Option<Config>,
    /// Pretrained weights: a checkpoint directory (e.g. from
    /// [`pretrain_mlm`](super::pretrain_mlm)) or a `.safetensors` file.
    pub init_from: Option<PathBuf>,
    /// Label names of both heads and the special ids.
    pub labels: Labels,
    pub epochs: usize,
    pub batch_size: usize,
    /// Peak learning rate.
    pub learning_rate: f64,
    /// Fraction of all steps spent warming up.
    pub warmup_ratio: f64,
    pub weight_decay: f64,
    /// Clip gradients to this global norm (`None`: no clipping).
    pub max_grad_norm: Option<f64>,
    /// Weight of the role head's loss next to the entity head's.
    pub role_loss_weight: f64,
    /// Longest training piece in subwords, [CLS]/[SEP] excluded (`None`:
    /// `max_position_embeddings - 2`); longer examples are cut.
    pub max_len: Option<usize>,
    /// Batch size for dev evaluation.
    pub eval_batch_size: usize,
    /// Also write the resumable checkpoint every this many steps (it is
    /// always written at the end of each epoch).
    pub checkpoint_every: Option<usize>,
    /// Continue from `out_dir/state.json` when present.
    pub resume: bool,
    /// Seed for initialisation and shuffling.
    pub seed: u64,
    /// Overrides the config's hidden and attention dropout.
    pub dropout: Option<f64>,
    /// Write every this many steps to `train_log.jsonl`.
    pub log_every: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            model: None,
            init_from: None,
            labels: Labels::default(),
            epochs: 3,
            batch_size: 16,
            learning_rate: 5e-5,
            warmup_ratio: 0.1,
            weight_decay: 0.01,
            max_grad_norm: Some(1.0),
            role_loss_weight: 1.0,
            max_len: None,
            eval_batch_size: 32,
            checkpoint_every: None,
            resume: true,
            seed: 42,
            dropout: None,
            log_every: 10,
        }
    }
}

/// What fine-tuning produced.
#[derive(Debug, Clone, PartialEq)]
pub struct FinetuneOutcome {
    /// Dev scores of the saved model (`None` without dev data).
    pub best_dev: Option<SpanScores>,
    /// Epoch (from 0) of the saved model.
    pub best_epoch: Option<usize>,
    /// Optimizer steps taken in total.
    pub steps: usize,
    /// Directory holding the best model: `config.json`, `labels.json`,
    /// `model.safetensors`; load it with [`Tagger::load`].
    pub best_dir: PathBuf,
}

/// Resolves the model config: `init_from/config.json`, else `cfg.model`.
pub(crate) fn resolve_config(
    model: Option<&Config>,
    init_from: Option<&Path>,
    dropout: Option<f64>,
) -> Result<Config> {
    let from_dir = init_from
        .map(|p| p.join(CONFIG_FILE))
        .filter(|p| p.is_file());
    let mut config =
        match (from_dir, model) {
            (Some(path), _) => Config::from_file(path)?,
            (None, Some(c)) => c.clone(),
            (None, None) => return Err(Error::Invalid(
                "no model config: set `model` or point `init_from` at a directory with config.json"
                    .into(),
            )),
        };
    if let Some(p) = dropout {
        config.hidden_dropout_prob = p;
        config.attention_probs_dropout_prob = p;
    }
    config.validate()?;
    Ok(config)
}

fn check_examples(
    set: &str,
    examples: &[TrainExample],
    labels: &Labels,
    config: &Config,
) -> Result<()> {
    let vocab = config.vocab_size;
    let (ne, nr) = (labels.entity.len() as i64, labels.role.len() as i64);
    for (i, e) in examples.iter().enumerate() {
        if e.entity_labels.len() != e.ids.len() || e.role_labels.len() != e.ids.len() {
            return Err(Error::Shape(format!(
                "{set} example {i}: {} ids but {} entity and {} role labels",
                e.ids.len(),
                e.entity_labels.len(),
                e.role_labels.len()
            )));
        }
        if let Some(&l) = e.entity_labels.iter().find(|&&l| l >= ne) {
            return Err(Error::Labels(format!(
                "{set} example {i}: entity label {l} but the head has {ne} labels"
            )));
        }
        if let Some(&l) = e.role_labels.iter().find(|&&l| l >= nr) {
            return Err(Error::Labels(format!(
                "{set} example {i}: role label {l} but the head has {nr} labels"
            )));
        }
        if !e.types.is_empty() && e.types.len() != e.ids.len() {
            return Err(Error::Shape(format!("{set} example {i}: {} ids but {} token types", e.ids.len(), e.types.len())));
        }
        if let Some(&t) = e.types.iter().find(|&&t| t as usize >= config.type_vocab_size) {
            return Err(Error::Invalid(format!(
                "{set} example {i}: token type {t} outside the table of {}",
                config.type_vocab_size
            )));
        }
        if !e.words.is_empty() && e.words.len() != e.ids.len() {
            return Err(Error::Shape(format!("{set} example {i}: {} ids but {} word ids", e.ids.len(), e.words.len())));
        }
        if let Some(&w) = e.words.iter().find(|&&w| w as usize >= config.word_vectors.unwrap_or(1)) {
            return Err(Error::Invalid(format!(
                "{set} example {i}: word id {w} outside the word-vector table of {}",
                config.word_vectors.unwrap_or(0)
            )));
        }
        if let Some(&id) = e.ids.iter().find(|&&id| id as usize >= vocab) {
            return Err(Error::Invalid(format!(
                "{set} example {i}: id {id} outside the vocabulary of {vocab}"
            )));
        }
    }
    Ok(())
}

/// Loss of one batch: entity cross-entropy + `role_weight` × role cross-entropy.
pub(crate) fn tagger_loss(
    model: &BertTagger,
    batch: &TaggerBatch,
    role_weight: f64,
) -> candle_core::Result<candle_core::Tensor> {
    let logits = model.forward_with(&batch.ids, batch.types.as_ref(), batch.words.as_ref(), Some(&batch.mask), true)?;
    let (b, s, ne) = logits.entity.dims3()?;
    let nr = logits.role.dim(2)?;
    let le = crate::ops::cross_entropy(&logits.entity.reshape((b * s, ne))?, &batch.entity)?;
    let lr = crate::ops::cross_entropy(&logits.role.reshape((b * s, nr))?, &batch.role)?;
    le + (lr * role_weight)?
}

/// Fine-tunes a [`BertTagger`] on `train`, scoring the entity head's span F1
/// on `dev` after each epoch.
///
/// `out_dir` receives the best model (`config.json`, `labels.json`,
/// `model.safetensors`: a [`Tagger`] directory; with no dev data, the last
/// epoch's model), `train_config.json`, `train_log.jsonl`, and the resumable
/// `checkpoint.safetensors` + `state.json`. When `cfg.resume` is set and
/// those two exist, training continues where they left off.
pub fn finetune(
    cfg: &TrainConfig,
    train: &[TrainExample],
    dev: &[TrainExample],
    out_dir: impl AsRef<Path>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<FinetuneOutcome> {
    let out_dir = out_dir.as_ref();
    if cfg.batch_size == 0 || cfg.eval_batch_size == 0 {
        return Err(Error::Invalid("batch sizes must be at least 1".into()));
    }
    cfg.labels.validate()?;
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let config = resolve_config(cfg.model.as_ref(), cfg.init_from.as_deref(), cfg.dropout)?;
    check_examples("train", train, &cfg.labels, &config)?;
    check_examples("dev", dev, &cfg.labels, &config)?;
    let max_len = cfg
        .max_len
        .unwrap_or(usize::MAX)
        .min(config.max_position_embeddings - 2)
        .max(1);
    let pieces: Vec<TrainExample> = train
        .iter()
        .flat_map(|e| split_long(e, max_len))
        .filter(|e| !e.ids.is_empty())
        .collect();
    if pieces.is_empty() {
        return Err(Error::Invalid("no training examples".into()));
    }
    std::fs::write(
        out_dir.join("train_config.json"),
        serde_json::to_string_pretty(cfg).expect("serializes"),
    )
    .map_err(|e| Error::io(out_dir.join("train_config.json"), e))?;

    let mut reporter = Reporter::new(out_dir, cfg.log_every, progress)?;
    let (ne, nr) = (cfg.labels.entity.len(), cfg.labels.role.len());
    let (varmap, model, report) = new_tagger(&config, ne, nr, cfg.init_from.as_deref(), cfg.seed)?;
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
        cls: cfg.labels.cls_id,
        sep: cfg.labels.sep_id,
        pad: cfg.labels.pad_id,
    };
    let lengths: Vec<usize> = pieces.iter().map(|e| e.ids.len()).collect();
    let per_epoch = pieces.len().div_ceil(cfg.batch_size);
    let total = per_epoch * cfg.epochs;
    let warmup = (total as f64 * cfg.warmup_ratio).round() as usize;
    reporter.report(Progress::Start {
        total_steps: total,
        start_step: st.step,
        examples: pieces.len(),
    })?;

    // Label transitions of the training pieces, for Viterbi at dev time and after.
    let mut labels = cfg.labels.clone();
    labels.transitions = Some(transitions(&labels, &pieces));
    let eval_tagger = Tagger::from_parts(model.clone(), config.clone(), labels.clone())?
        .with_options(TaggerOptions {
            batch_size: cfg.eval_batch_size,
            window: Some(max_len),
            stride: None,
        });

    while st.epoch < cfg.epochs {
        let epoch = st.epoch;
        let mut rng = StdRng::seed_from_u64(cfg.seed.wrapping_add(1 + epoch as u64));
        let batches = bucketed_batches(&lengths, cfg.batch_size, &mut rng);
        for batch_idx in batches.iter().skip(st.batch_in_epoch) {
            let examples: Vec<&TrainExample> = batch_idx.iter().map(|&i| &pieces[i]).collect();
            let batch = tagger_batch(&examples, special)?;
            let lr = linear_schedule(st.step, warmup, total, cfg.learning_rate);
            let loss = tagger_loss(&model, &batch, cfg.role_loss_weight)?;
            let grads = loss.backward()?;
            let info = opt.step(&grads, lr, cfg.max_grad_norm)?;
            let loss = loss.to_scalar::<f32>()?;
            st.step += 1;
            st.batch_in_epoch += 1;
            st.epoch_loss_sum += loss as f64;
            st.epoch_batches += 1;
            reporter.report(Progress::Step {
                epoch,
                step: st.step,
                total_steps: total,
                loss,
                lr,
                grad_norm: info.grad_norm,
                tokens: batch.tokens,
            })?;
            if cfg
                .checkpoint_every
                .is_some_and(|n| n > 0 && st.step % n == 0)
            {
                state::save(out_dir, &varmap, &opt, &st)?;
                reporter.report(Progress::Checkpoint {
                    step: st.step,
                    path: out_dir.join(state::CHECKPOINT_FILE),
                })?;
            }
        }
        let train_loss = (st.epoch_loss_sum / st.epoch_batches.max(1) as f64) as f32;
        let dev_scores = if dev.is_empty() {
            None
        } else {
            Some(evaluate(&eval_tagger, dev)?)
        };
        let improved = match (dev_scores, st.best_dev) {
            (Some(s), Some(best)) => s.f1 > best.f1,
            _ => true,
        };
        if improved {
            st.best_dev = dev_scores;
            st.best_epoch = Some(epoch);
            save_model_dir(out_dir, &config, &labels, &varmap)?;
        }
        reporter.report(Progress::Epoch {
            epoch,
            train_loss,
            dev: dev_scores,
            improved,
        })?;
        st.epoch += 1;
        st.batch_in_epoch = 0;
        st.epoch_loss_sum = 0.0;
        st.epoch_batches = 0;
        state::save(out_dir, &varmap, &opt, &st)?;
        reporter.report(Progress::Checkpoint {
            step: st.step,
            path: out_dir.join(state::CHECKPOINT_FILE),
        })?;
    }

    // A run finished before transitions existed gets them on a rerun of the same command.
    if out_dir.join(WEIGHTS_FILE).is_file() {
        labels.save(out_dir.join(LABELS_FILE))?;
    }
    Ok(FinetuneOutcome {
        best_dev: st.best_dev,
        best_epoch: st.best_epoch,
        steps: st.step,
        best_dir: out_dir.to_path_buf(),
    })
}

/// How much the label transitions count against the heads' scores in decoding. Chosen
/// on the dev split (CLEANANERCorp train's last 10%): 0 gave micro F1 63.1, 0.5 gave
/// 65.5, 1 gave 64.7, 1.5 gave 59.6 (BENCHMARKS.md).
pub const TRANSITION_WEIGHT: f32 = 0.5;

/// Transition scores of both heads over the training pieces.
fn transitions(labels: &Labels, pieces: &[TrainExample]) -> Transitions {
    let of = |names: &[String], pick: fn(&TrainExample) -> &Vec<i64>| {
        let seqs: Vec<Vec<i64>> = pieces.iter().map(|e| pick(e).clone()).collect();
        BioScheme::new(names).transition_log_probs(&seqs, TRANSITION_WEIGHT)
    };
    Transitions { entity: of(&labels.entity, |e| &e.entity_labels), role: of(&labels.role, |e| &e.role_labels) }
}

/// Entity-head span scores of `tagger` on `examples`.
pub fn evaluate(tagger: &Tagger, examples: &[TrainExample]) -> Result<SpanScores> {
    let ids: Vec<Vec<u32>> = examples.iter().map(|e| e.ids.clone()).collect();
    // One per-piece input of every example, zeros where an example lacks it; empty when none has it.
    let per_piece = |pick: fn(&TrainExample) -> &Vec<u32>| -> Vec<Vec<u32>> {
        if examples.iter().all(|e| pick(e).is_empty()) {
            return Vec::new();
        }
        examples.iter().map(|e| if pick(e).is_empty() { vec![0; e.ids.len()] } else { pick(e).clone() }).collect()
    };
    let pred: Vec<Vec<usize>> = tagger
        .predict_with(&ids, &per_piece(|e| &e.types), &per_piece(|e| &e.words))?
        .into_iter()
        .map(|t| t.entity)
        .collect();
    let gold: Vec<Vec<i64>> = examples.iter().map(|e| e.entity_labels.clone()).collect();
    Ok(span_f1(tagger.entity_scheme(), &gold, &pred))
}

/// Writes a [`Tagger`] directory: config.json, labels.json, model.safetensors.
pub fn save_model_dir(dir: &Path, config: &Config, labels: &Labels, varmap: &VarMap) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    config.save(dir.join(CONFIG_FILE))?;
    labels.save(dir.join(LABELS_FILE))?;
    save_varmap(varmap, dir.join(WEIGHTS_FILE))
}
