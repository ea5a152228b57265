//! Skip-gram with negative sampling (word2vec, Mikolov et al. 2013) over subword ids: the
//! cheapest pre-training there is. On two CPU cores an MLM sees a few million tokens in an
//! hour; skip-gram sees the whole news corpus in minutes, and its vectors (pieces that occur
//! in the same contexts get close vectors: names with names, places with places) initialise
//! the tagger's word-embedding table.
//!
//! Plain single-threaded SGD, as in the reference implementation: for each center piece and
//! each context piece within a random window, one positive and `negatives` sampled pieces
//! (unigram^0.75) update the context's input vector and the output vectors.

use crate::checkpoint::{save_tensors, CONFIG_FILE, WEIGHTS_FILE};
use crate::config::Config;
use crate::error::{Error, Result};
use candle_core::{Device, Tensor};
use std::collections::HashMap;
use std::path::Path;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkipGramConfig {
    pub dim: usize,
    /// Largest distance to a context piece (each center draws a window in 1..=window).
    pub window: usize,
    pub negatives: usize,
    pub epochs: usize,
    /// Starting learning rate, decayed linearly to 1e-4 of itself.
    pub learning_rate: f32,
    /// Frequent pieces are dropped with probability 1 - sqrt(t / f) (t = this).
    pub subsample: f64,
    pub seed: u64,
}

impl Default for SkipGramConfig {
    fn default() -> Self {
        SkipGramConfig { dim: 256, window: 5, negatives: 5, epochs: 1, learning_rate: 0.025, subsample: 1e-4, seed: 1 }
    }
}

const NEG_TABLE: usize = 1 << 22;

/// Input vectors `[vocab * dim]` trained on `seqs`; pieces never seen keep their small
/// random start. `progress` gets the share of the work done, now and then.
pub fn skipgram(seqs: &[Vec<u32>], vocab: usize, cfg: &SkipGramConfig, progress: &mut dyn FnMut(f64)) -> Vec<f32> {
    let dim = cfg.dim;
    let mut rng = StdRng::seed_from_u64(cfg.seed);
    let mut input: Vec<f32> = (0..vocab * dim).map(|_| (rng.gen::<f32>() - 0.5) / dim as f32).collect();
    let mut output = vec![0f32; vocab * dim];
    let mut counts = vec![0u64; vocab];
    for s in seqs {
        for &id in s {
            counts[id as usize] += 1;
        }
    }
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return input;
    }
    let table = negative_table(&counts);
    let keep: Vec<f32> = counts
        .iter()
        .map(|&c| {
            let f = c as f64 / total as f64;
            if f == 0.0 { 1.0 } else { (((f / cfg.subsample).sqrt() + 1.0) * cfg.subsample / f).min(1.0) as f32 }
        })
        .collect();
    let work = (total as f64) * cfg.epochs as f64;
    let mut done = 0u64;
    let mut grad = vec![0f32; dim];
    let mut kept: Vec<u32> = Vec::new();
    for _ in 0..cfg.epochs {
        for s in seqs {
            kept.clear();
            kept.extend(s.iter().copied().filter(|&id| rng.gen::<f32>() < keep[id as usize]));
            done += s.len() as u64;
            let lr = cfg.learning_rate * (1.0 - done as f64 / work).max(1e-4) as f32;
            for (i, &center) in kept.iter().enumerate() {
                let b = rng.gen_range(1..=cfg.window.max(1));
                let lo = i.saturating_sub(b);
                let hi = (i + b + 1).min(kept.len());
                for (j, &ctx) in kept.iter().enumerate().take(hi).skip(lo) {
                    if j == i {
                        continue;
                    }
                    let v = ctx as usize * dim;
                    grad.iter_mut().for_each(|g| *g = 0.0);
                    for k in 0..=cfg.negatives {
                        let (target, label) = if k == 0 {
                            (center as usize, 1.0)
                        } else {
                            let t = table[rng.gen_range(0..table.len())] as usize;
                            if t == center as usize {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let o = target * dim;
                        let dot: f32 = input[v..v + dim].iter().zip(&output[o..o + dim]).map(|(a, b)| a * b).sum();
                        let g = (label - sigmoid(dot)) * lr;
                        for d in 0..dim {
                            grad[d] += g * output[o + d];
                            output[o + d] += g * input[v + d];
                        }
                    }
                    for d in 0..dim {
                        input[v + d] += grad[d];
                    }
                }
            }
            if done % 100_000 < s.len() as u64 {
                progress(done as f64 / work);
            }
        }
    }
    progress(1.0);
    input
}

fn sigmoid(x: f32) -> f32 {
    if x > 6.0 {
        1.0
    } else if x < -6.0 {
        0.0
    } else {
        1.0 / (1.0 + (-x).exp())
    }
}

/// Pieces repeated in proportion to count^0.75, for drawing negatives.
fn negative_table(counts: &[u64]) -> Vec<u32> {
    let weights: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(0.75)).collect();
    let sum: f64 = weights.iter().sum();
    let mut table = Vec::with_capacity(NEG_TABLE);
    for (id, w) in weights.iter().enumerate() {
        let n = (w / sum * NEG_TABLE as f64).round() as usize;
        table.extend(std::iter::repeat_n(id as u32, n));
    }
    table
}

/// Rescales vectors to mean 0 and standard deviation `std` over all components, so they
/// sit at the scale of the position and token-type embeddings they are added to.
pub fn rescale(vectors: &mut [f32], std: f32) {
    let n = vectors.len().max(1) as f64;
    let mean = vectors.iter().map(|&x| x as f64).sum::<f64>() / n;
    let var = vectors.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
    let scale = std as f64 / var.sqrt().max(1e-12);
    for x in vectors.iter_mut() {
        *x = ((*x as f64 - mean) * scale) as f32;
    }
}

/// Writes a partial checkpoint in `dir`: `config.json` and a `model.safetensors` holding
/// the subword table `vectors` (`[vocab * hidden]`, `bert.embeddings.word_embeddings.weight`)
/// and, when the config has word vectors, `word_vectors` (`[rows * dim]`,
/// `bert.embeddings.word_vectors.weight`). A tagger started from it (`init_from`) takes
/// these tables and a fresh rest.
pub fn save_embeddings(dir: &Path, config: &Config, vectors: Vec<f32>, word_vectors: Option<Vec<f32>>) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    config.save(dir.join(CONFIG_FILE))?;
    let table = Tensor::from_vec(vectors, (config.vocab_size, config.hidden_size), &Device::Cpu)?;
    let mut tensors = HashMap::from([("bert.embeddings.word_embeddings.weight".to_string(), table)]);
    if let (Some(v), Some(rows), Some(dim)) = (word_vectors, config.word_vectors, config.word_vector_dim) {
        tensors.insert("bert.embeddings.word_vectors.weight".to_string(), Tensor::from_vec(v, (rows, dim), &Device::Cpu)?);
    }
    save_tensors(&tensors, &dir.join(WEIGHTS_FILE))
}

/// Scales every row of `vectors` (`[rows * dim]`) to unit length; zero rows stay zero.
pub fn unit_rows(vectors: &mut [f32], dim: usize) {
    for row in vectors.chunks_mut(dim) {
        let n = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        if n > 0.0 {
            row.iter_mut().for_each(|x| *x /= n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cosine(v: &[f32], dim: usize, a: usize, b: usize) -> f32 {
        let (x, y) = (&v[a * dim..(a + 1) * dim], &v[b * dim..(b + 1) * dim]);
        let dot: f32 = x.iter().zip(y).map(|(p, q)| p * q).sum();
        let n = |z: &[f32]| z.iter().map(|p| p * p).sum::<f32>().sqrt();
        dot / (n(x) * n(y))
    }

    /// Pieces 10 and 11 occur in the same contexts (between 20 and 21), piece 12 in others
    /// (between 30 and 31): 10 ends up closer to 11 than to 12.
    #[test]
    fn pieces_in_shared_contexts_get_close_vectors() {
        let mut rng = StdRng::seed_from_u64(5);
        let seqs: Vec<Vec<u32>> = (0..3000)
            .map(|_| {
                let mut s = Vec::new();
                for _ in 0..6 {
                    match rng.gen_range(0..3) {
                        0 => s.extend([20, 10, 21]),
                        1 => s.extend([20, 11, 21]),
                        _ => s.extend([30, 12, 31]),
                    }
                    s.push(rng.gen_range(40..60));
                }
                s
            })
            .collect();
        let cfg = SkipGramConfig { dim: 16, window: 1, epochs: 3, subsample: 1.0, ..SkipGramConfig::default() };
        let v = skipgram(&seqs, 64, &cfg, &mut |_| {});
        let (same, other) = (cosine(&v, 16, 10, 11), cosine(&v, 16, 10, 12));
        assert!(same > other + 0.3, "cos(10,11) {same} vs cos(10,12) {other}");
    }

    #[test]
    fn rescale_sets_the_spread() {
        let mut v: Vec<f32> = (0..1000).map(|i| (i % 17) as f32).collect();
        rescale(&mut v, 0.02);
        let n = v.len() as f32;
        let mean = v.iter().sum::<f32>() / n;
        let std = (v.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n).sqrt();
        assert!(mean.abs() < 1e-6 && (std - 0.02).abs() < 1e-4, "{mean} {std}");
    }
}
