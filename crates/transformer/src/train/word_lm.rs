//! Pre-training the word tagger's encoder as a bidirectional language model (issue 8,
//! item 2; ELMo's objective on the word tagger's own inputs): the forward LSTM's state at a
//! word predicts the next word, the backward LSTM's state the previous one. The output
//! layer scores the frozen fastText-style vectors of the distinct words of the batch (in-
//! batch candidates, a sampled softmax), so a step costs about what a tagging step costs and
//! the vocabulary never becomes a matrix. The character CNN and the BiLSTM carry the tagger's
//! tensor names (`char_cnn.*`, `lstm.*`): `qawl train --init` starts the tagger from them.
//!
//! Resumable like the other loops: `checkpoint.safetensors` + `state.json`, and
//! `model.safetensors` (the encoder's variables) every `checkpoint_every` steps.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor, D};
use candle_nn::{VarBuilder, VarMap};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use super::optim::{AdamW, AdamWParams};
use super::progress::{Progress, Reporter};
use super::state;
use super::word::init_word_weights;
use crate::checkpoint::{save_tensors, varmap_tensors, Weights, CONFIG_FILE, WEIGHTS_FILE};
use crate::error::{Error, Result};
use crate::lstm::BiLstm;
use crate::nn::{dropout, Linear};
use crate::word::chars::CharCnn;
use crate::word::model::{frozen_vectors, WordBatch, WordConfig, WordInput};
use crate::word::vectors::WordVectors;

/// Every hyper-parameter of the pre-training; saved as `train_config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WordLmConfig {
    /// Optimizer steps in all (the run may be resumed with more).
    pub steps: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    pub max_grad_norm: Option<f64>,
    /// Sentences are cut to at most this many words.
    pub max_words: usize,
    pub lstm_hidden: usize,
    pub char_dim: usize,
    pub char_filters: usize,
    pub dropout: f64,
    pub stem_vectors: bool,
    pub checkpoint_every: usize,
    pub seed: u64,
    pub log_every: usize,
}

impl Default for WordLmConfig {
    /// The tagger's sizes (BiLSTM 150, 50 character filters), so the weights fit it.
    fn default() -> Self {
        Self { steps: 20_000, batch_size: 32, learning_rate: 1e-3, max_grad_norm: Some(5.0), max_words: 60, lstm_hidden: 150, char_dim: 30, char_filters: 50, dropout: 0.3, stem_vectors: true, checkpoint_every: 500, seed: 42, log_every: 20 }
    }
}

impl WordLmConfig {
    /// The sizes of the tagger the encoder is trained for (`features` lexicon flags).
    pub fn word_config(&self, vectors: &WordVectors, features: usize) -> WordConfig {
        WordConfig { stem_vectors: self.stem_vectors, char_dim: self.char_dim, char_filters: self.char_filters, lstm_hidden: self.lstm_hidden, dropout: self.dropout, ..WordConfig::new(vectors.config().clone(), features) }
    }
}

/// The encoder and the two prediction layers.
struct WordLm {
    chars: CharCnn,
    lstm: BiLstm,
    next: Linear,
    previous: Linear,
    dropout: f64,
}

impl WordLm {
    fn load(vb: VarBuilder, config: &WordConfig) -> candle_core::Result<Self> {
        let chars = CharCnn::load(vb.pp("char_cnn"), config.char_dim, config.char_filters, config.char_width)?;
        let lstm = BiLstm::load(vb.pp("lstm"), config.input_dim(), config.lstm_hidden)?;
        let d = config.vectors.dim;
        Ok(Self { chars, lstm, next: Linear::load(vb.pp("lm_next"), config.lstm_hidden, d)?, previous: Linear::load(vb.pp("lm_previous"), config.lstm_hidden, d)?, dropout: config.dropout })
    }

    /// Mean cross-entropy of predicting each word's neighbours among the batch's distinct words.
    fn loss(&self, batch: &WordBatch, inputs: &[&WordInput], dim: usize) -> candle_core::Result<Tensor> {
        let (b, t, _) = batch.vectors.dims3()?;
        let chars = self.chars.forward(&batch.chars, &batch.char_mask, self.dropout, true)?.reshape((b, t, self.chars.filters()))?;
        let x = dropout(&Tensor::cat(&[&batch.vectors, &chars, &batch.flags], 2)?, self.dropout, true)?;
        let h = dropout(&self.lstm.forward(&x, &batch.lengths)?, self.dropout, true)?;
        let hidden = h.dim(2)? / 2;
        let h = h.reshape((b * t, 2 * hidden))?;
        // The distinct words of the batch are the candidates; each is its own frozen vector.
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut first_row: Vec<u32> = Vec::new();
        let mut word_id = vec![0u32; b * t];
        for (i, s) in inputs.iter().enumerate() {
            for (k, w) in s.words.iter().enumerate() {
                let next = ids.len() as u32;
                let id = *ids.entry(w.as_str()).or_insert_with(|| {
                    first_row.push((i * t + k) as u32);
                    next
                });
                word_id[i * t + k] = id;
            }
        }
        let rows = Tensor::from_vec(first_row.clone(), first_row.len(), h.device())?;
        let candidates = batch.vectors.reshape((b * t, ()))?.index_select(&rows, 0)?.narrow(1, 0, dim)?.contiguous()?;
        let mut losses = Vec::new();
        for (layer, offset, shift) in [(&self.next, 0usize, 1isize), (&self.previous, hidden, -1isize)] {
            let mut from = Vec::new();
            let mut target = Vec::new();
            for (i, s) in inputs.iter().enumerate() {
                for k in 0..s.len() {
                    let n = k as isize + shift;
                    if n >= 0 && (n as usize) < s.len() {
                        from.push((i * t + k) as u32);
                        target.push(word_id[i * t + n as usize]);
                    }
                }
            }
            if from.is_empty() {
                continue;
            }
            let idx = Tensor::from_vec(from.clone(), from.len(), h.device())?;
            let states = h.index_select(&idx, 0)?.narrow(1, offset, hidden)?.contiguous()?;
            let scores = layer.forward(&states, true)?.matmul(&candidates.t()?)?;
            let logp = candle_nn::ops::log_softmax(&scores, D::Minus1)?;
            let target = Tensor::from_vec(target, from.len(), h.device())?.unsqueeze(1)?;
            losses.push(logp.gather(&target, 1)?.mean_all()?.neg()?);
        }
        match losses.len() {
            0 => h.sum_all()? * 0.0,
            1 => Ok(losses.remove(0)),
            _ => (&losses[0] + &losses[1])? / 2.0,
        }
    }
}

/// Where a run stands: steps done and the last logged loss.
#[derive(Debug, Clone, PartialEq)]
pub struct WordLmOutcome {
    pub steps: usize,
    pub last_loss: Option<f32>,
}

/// Pre-trains on `sentences` (cut to `max_words`) until `cfg.steps` steps are done,
/// resuming from `out_dir` when it holds a checkpoint. `features` is the number of lexicon
/// flags per word (as the tagger will have).
pub fn pretrain_word_lm(cfg: &WordLmConfig, vectors: &WordVectors, features: usize, sentences: &[WordInput], out_dir: impl AsRef<Path>, progress: &mut dyn FnMut(&Progress)) -> Result<WordLmOutcome> {
    let out_dir = out_dir.as_ref();
    if cfg.batch_size == 0 || cfg.max_words < 2 {
        return Err(Error::Invalid("batch size must be at least 1 and max_words at least 2".into()));
    }
    let pieces: Vec<WordInput> = sentences.iter().flat_map(|s| cut(s, cfg.max_words)).filter(|s| s.len() >= 2).collect();
    if pieces.is_empty() {
        return Err(Error::Invalid("no sentence of two words or more to pre-train on".into()));
    }
    for (i, s) in pieces.iter().enumerate() {
        s.check().map_err(|e| Error::Shape(format!("sentence {i}: {e}")))?;
    }
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let path = out_dir.join("train_config.json");
    std::fs::write(&path, serde_json::to_string_pretty(cfg).expect("serializes")).map_err(|e| Error::io(&path, e))?;
    let config = cfg.word_config(vectors, features);
    config.save(&out_dir.join(CONFIG_FILE))?;
    let mut reporter = Reporter::new(out_dir, cfg.log_every, progress)?;
    let varmap = VarMap::new();
    let model = WordLm::load(VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu), &config)?;
    init_word_weights(&varmap, cfg.seed)?;
    let mut opt = AdamW::new(&varmap, AdamWParams { weight_decay: 0.0, ..AdamWParams::default() });
    let mut st = state::restore(out_dir, &varmap, &mut opt)?.unwrap_or_default();
    reporter.report(Progress::Start { total_steps: cfg.steps, start_step: st.step, examples: pieces.len() })?;
    let lengths: Vec<usize> = pieces.iter().map(|s| s.len()).collect();
    let mut last_loss = None;
    while st.step < cfg.steps {
        let epoch = st.epoch;
        let mut rng = StdRng::seed_from_u64(cfg.seed.wrapping_add(1 + epoch as u64));
        let batches = super::batch::bucketed_batches(&lengths, cfg.batch_size, &mut rng);
        for batch_idx in batches.iter().skip(st.batch_in_epoch) {
            if st.step >= cfg.steps {
                break;
            }
            let inputs: Vec<&WordInput> = batch_idx.iter().map(|&i| &pieces[i]).collect();
            let batch = WordBatch::new(&inputs, &|k| frozen_vectors(vectors, inputs[k], config.stem_vectors), &config, &Device::Cpu)?;
            let loss = model.loss(&batch, &inputs, config.vectors.dim)?;
            let grads = loss.backward()?;
            let info = opt.step(&grads, cfg.learning_rate, cfg.max_grad_norm)?;
            let loss = loss.to_scalar::<f32>()?;
            last_loss = Some(loss);
            st.step += 1;
            st.batch_in_epoch += 1;
            reporter.report(Progress::Step { epoch, step: st.step, total_steps: cfg.steps, loss, lr: cfg.learning_rate, grad_norm: info.grad_norm, tokens: batch.lengths.iter().sum() })?;
            if cfg.checkpoint_every > 0 && st.step % cfg.checkpoint_every == 0 {
                save_encoder(out_dir, &varmap)?;
                state::save(out_dir, &varmap, &opt, &st)?;
                reporter.report(Progress::Checkpoint { step: st.step, path: out_dir.join(state::CHECKPOINT_FILE) })?;
            }
        }
        if st.batch_in_epoch >= batches.len() {
            st.epoch += 1;
            st.batch_in_epoch = 0;
        }
    }
    save_encoder(out_dir, &varmap)?;
    state::save(out_dir, &varmap, &opt, &st)?;
    Ok(WordLmOutcome { steps: st.step, last_loss })
}

/// The encoder's variables (`char_cnn.*`, `lstm.*`), what a tagger starts from.
fn save_encoder(dir: &Path, varmap: &VarMap) -> Result<()> {
    let tensors: HashMap<String, Tensor> = varmap_tensors(varmap).into_iter().filter(|(n, _)| is_encoder(n)).collect();
    save_tensors(&tensors, &dir.join(WEIGHTS_FILE))
}

fn is_encoder(name: &str) -> bool {
    name.starts_with("char_cnn.") || name.starts_with("lstm.")
}

/// Copies a pre-trained encoder (`model.safetensors` of a [`pretrain_word_lm`] run) into a
/// tagger's variables; returns how many tensors were copied. Sizes must match.
pub fn load_encoder(dir: &Path, varmap: &VarMap) -> Result<usize> {
    let path = dir.join(WEIGHTS_FILE);
    let weights = Weights::load(&path)?;
    let report = weights.copy_into(varmap)?;
    let copied = report.loaded.iter().filter(|n| is_encoder(n)).count();
    if copied == 0 {
        return Err(Error::Invalid(format!("{}: no char_cnn.* or lstm.* tensors of the tagger's sizes", path.display())));
    }
    Ok(copied)
}

/// A sentence cut into consecutive pieces of at most `max` words (stems and flags alongside).
pub(super) fn cut(s: &WordInput, max: usize) -> Vec<WordInput> {
    let part = |v: &[String], a: usize, b: usize| if v.is_empty() { Vec::new() } else { v[a..b].to_vec() };
    (0..s.len())
        .step_by(max)
        .map(|a| {
            let b = (a + max).min(s.len());
            WordInput { words: s.words[a..b].to_vec(), stems: part(&s.stems, a, b), flags: if s.flags.is_empty() { Vec::new() } else { s.flags[a..b].to_vec() } }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::scratch_dir;
    use crate::word::vectors::VectorsConfig;

    /// Word vectors where each of 6 words has its own one-hot row.
    fn one_hot() -> (WordVectors, Vec<String>) {
        let words: Vec<String> = ["ب", "ت", "ث", "ج", "ح", "خ"].iter().map(|s| s.to_string()).collect();
        // Row 0 is the zero row of unknown words.
        let mut rows = vec![0f32; 7 * 6];
        for i in 0..6 {
            rows[(i + 1) * 6 + i] = 1.0;
        }
        let v = WordVectors::new(VectorsConfig { dim: 6, minn: 2, maxn: 3, words: 6, ngrams: 0 }, words.clone(), rows, vec![], vec![]).unwrap();
        (v, words)
    }

    /// Sentences that cycle through the words in order: the next word is always predictable,
    /// so the loss must fall well below the uniform guess, and a resumed run continues.
    #[test]
    fn a_predictable_sequence_is_learnt_and_the_run_resumes() -> Result<()> {
        let dir = scratch_dir("word-lm");
        let (vectors, words) = one_hot();
        let sentences: Vec<WordInput> = (0..60).map(|s| WordInput { words: (0..8).map(|k| words[(s + k) % 6].clone()).collect(), stems: vec![], flags: vec![] }).collect();
        let cfg = WordLmConfig { steps: 150, batch_size: 8, learning_rate: 1e-2, lstm_hidden: 16, char_dim: 4, char_filters: 4, dropout: 0.0, stem_vectors: false, checkpoint_every: 50, log_every: 1, ..WordLmConfig::default() };
        let mut first = Vec::new();
        let out = pretrain_word_lm(&WordLmConfig { steps: 100, ..cfg.clone() }, &vectors, 0, &sentences, &dir, &mut |p| {
            if let Progress::Step { loss, .. } = p {
                first.push(*loss);
            }
        })?;
        assert_eq!(out.steps, 100);
        let mut starts = Vec::new();
        let out = pretrain_word_lm(&cfg, &vectors, 0, &sentences, &dir, &mut |p| {
            if let Progress::Start { start_step, .. } = p {
                starts.push(*start_step);
            }
        })?;
        assert_eq!(starts, vec![100]);
        assert_eq!(out.steps, 150);
        // Six candidates at most per batch: a uniform guess costs ln 6 ≈ 1.79.
        assert!(first[0] > 1.0, "first loss {}", first[0]);
        assert!(out.last_loss.unwrap() < 0.3, "last loss {:?}", out.last_loss);
        // The encoder loads into a tagger of the same sizes.
        let varmap = VarMap::new();
        let config = WordConfig { stem_vectors: false, char_dim: 4, char_filters: 4, lstm_hidden: 16, ..WordConfig::new(vectors.config().clone(), 0) };
        let labels = crate::labels::Labels::default();
        crate::word::model::WordTaggerModel::load(VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu), &config, &labels)?;
        assert!(load_encoder(&dir, &varmap)? >= 5);
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }
}
