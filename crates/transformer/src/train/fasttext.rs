//! Subword-aware skip-gram (fastText, Bojanowski et al. 2017) over whole words: a word's
//! input vector is the mean of its own row and the rows of its character n-grams, hashed
//! into buckets. The context words are predicted from it with negative sampling, as in
//! [`super::skipgram`]. Because spelling carries part of the vector, a word seen once, or
//! never, still lands near the words it is spelled like.
//!
//! This follows fastText's `skipgram` model: vocabulary of words seen `min_count` times,
//! frequent words dropped with probability `1 - (sqrt(t/f) + t/f)`, a window drawn in
//! `1..=window` for each center word, negatives drawn from counts^0.5, the learning rate
//! decayed linearly to zero, and the whole gradient added to every input row of the word.
//! One thread: on this project's two cores the other one is for the user.
//!
//! [`FastText::export`] keeps the `words` most frequent words (their full vectors) and
//! the `ngrams` most frequent n-grams (their bucket rows): the [`WordVectors`] a word
//! tagger ships.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::ngrams::{char_ngrams, fnv1a};
use crate::word::vectors::{VectorsConfig, WordVectors};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FastTextConfig {
    pub dim: usize,
    pub window: usize,
    pub negatives: usize,
    pub epochs: usize,
    /// Starting learning rate, decayed linearly to 0.
    pub learning_rate: f32,
    /// Subsampling threshold `t`.
    pub subsample: f64,
    pub min_count: u64,
    pub minn: usize,
    pub maxn: usize,
    pub buckets: usize,
    pub seed: u64,
}

impl Default for FastTextConfig {
    /// The recipe of the classic 75: dim 100, window 5, n-grams 2–5, 5 epochs.
    fn default() -> Self {
        Self { dim: 100, window: 5, negatives: 5, epochs: 5, learning_rate: 0.05, subsample: 1e-4, min_count: 5, minn: 2, maxn: 5, buckets: 2_000_000, seed: 1 }
    }
}

/// A trained model: the vocabulary (most frequent first) and the input rows (`words`
/// rows, then `buckets` n-gram rows).
pub struct FastText {
    pub config: FastTextConfig,
    pub words: Vec<String>,
    pub counts: Vec<u64>,
    input: Vec<f32>,
    /// Input rows of each vocabulary word: its own, then its n-grams' buckets.
    rows: Vec<Vec<u32>>,
}

/// splitmix64: fast enough to draw every negative without showing in the profile.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

const NEG_TABLE: usize = 10_000_000;

fn sigmoid(x: f32) -> f32 {
    if x > 8.0 {
        1.0
    } else if x < -8.0 {
        0.0
    } else {
        1.0 / (1.0 + (-x).exp())
    }
}

/// Input rows of `word` in a model of `vocab` words: `own` (its row, if listed), then one
/// bucket row per n-gram.
fn rows_of(word: &str, own: Option<u32>, vocab: usize, cfg: &FastTextConfig) -> Vec<u32> {
    let mut rows: Vec<u32> = own.into_iter().collect();
    rows.extend(char_ngrams(word, cfg.minn, cfg.maxn).iter().map(|g| (vocab + fnv1a(g) as usize % cfg.buckets) as u32));
    rows
}

/// Trains on `texts` (each a run of words as [`crate::ngrams::word_key`]s). `progress`
/// gets the share of the work done, now and then.
pub fn fasttext(texts: &[Vec<String>], cfg: &FastTextConfig, progress: &mut dyn FnMut(f64)) -> FastText {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for t in texts {
        for w in t {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, u64)> = counts.into_iter().filter(|&(_, c)| c >= cfg.min_count).collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let words: Vec<String> = ranked.iter().map(|(w, _)| w.to_string()).collect();
    let word_counts: Vec<u64> = ranked.iter().map(|&(_, c)| c).collect();
    let index: HashMap<&str, u32> = words.iter().enumerate().map(|(k, w)| (w.as_str(), k as u32)).collect();
    let seqs: Vec<Vec<u32>> = texts.iter().map(|t| t.iter().filter_map(|w| index.get(w.as_str()).copied()).collect()).collect();
    let v = words.len();
    let rows: Vec<Vec<u32>> = words.iter().enumerate().map(|(k, w)| rows_of(w, Some(k as u32), v, cfg)).collect();
    let dim = cfg.dim;
    let mut rng = Rng(cfg.seed);
    let mut input: Vec<f32> = (0..(v + cfg.buckets) * dim).map(|_| (rng.unit() * 2.0 - 1.0) / dim as f32).collect();
    let mut output = vec![0f32; v * dim];
    let total: u64 = word_counts.iter().sum();
    if total == 0 {
        return FastText { config: cfg.clone(), words, counts: word_counts, input, rows };
    }
    let keep: Vec<f32> = word_counts
        .iter()
        .map(|&c| {
            let f = c as f64 / total as f64;
            ((cfg.subsample / f).sqrt() + cfg.subsample / f) as f32
        })
        .collect();
    let table = negative_table(&word_counts);
    let work = total as f64 * cfg.epochs as f64;
    let mut done = 0u64;
    let mut hidden = vec![0f32; dim];
    let mut grad = vec![0f32; dim];
    let mut kept: Vec<u32> = Vec::new();
    let mut next_report = 0u64;
    for _ in 0..cfg.epochs {
        for s in &seqs {
            kept.clear();
            kept.extend(s.iter().copied().filter(|&id| rng.unit() < keep[id as usize]));
            done += s.len() as u64;
            let lr = cfg.learning_rate * (1.0 - done as f64 / work).max(0.0) as f32;
            for (i, &center) in kept.iter().enumerate() {
                let b = 1 + rng.below(cfg.window.max(1));
                let rs = &rows[center as usize];
                let scale = 1.0 / rs.len() as f32;
                let lo = i.saturating_sub(b);
                for (j, &target) in kept.iter().enumerate().take((i + b + 1).min(kept.len())).skip(lo) {
                    if j == i {
                        continue;
                    }
                    // The hidden vector is recomputed for every context, as the rows moved.
                    hidden.iter_mut().for_each(|h| *h = 0.0);
                    for &r in rs {
                        let row = &input[r as usize * dim..(r as usize + 1) * dim];
                        hidden.iter_mut().zip(row).for_each(|(h, x)| *h += x);
                    }
                    hidden.iter_mut().for_each(|h| *h *= scale);
                    grad.iter_mut().for_each(|g| *g = 0.0);
                    let target = target as usize;
                    for k in 0..=cfg.negatives {
                        let (t, label) = if k == 0 {
                            (target, 1.0)
                        } else {
                            let t = table[rng.below(table.len())] as usize;
                            if t == target {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let o = &mut output[t * dim..(t + 1) * dim];
                        let dot: f32 = o.iter().zip(&hidden).map(|(a, b)| a * b).sum();
                        let alpha = lr * (label - sigmoid(dot));
                        grad.iter_mut().zip(o.iter()).for_each(|(g, x)| *g += alpha * x);
                        o.iter_mut().zip(&hidden).for_each(|(x, h)| *x += alpha * h);
                    }
                    for &r in rs {
                        let row = &mut input[r as usize * dim..(r as usize + 1) * dim];
                        row.iter_mut().zip(&grad).for_each(|(x, g)| *x += g);
                    }
                }
            }
            if done >= next_report {
                progress(done as f64 / work);
                next_report = done + 200_000;
            }
        }
    }
    progress(1.0);
    FastText { config: cfg.clone(), words, counts: word_counts, input, rows }
}

/// Words repeated in proportion to count^0.5 (fastText's table), for drawing negatives.
fn negative_table(counts: &[u64]) -> Vec<u32> {
    let weights: Vec<f64> = counts.iter().map(|&c| (c as f64).sqrt()).collect();
    let sum: f64 = weights.iter().sum();
    let mut table = Vec::with_capacity(NEG_TABLE);
    for (id, w) in weights.iter().enumerate() {
        let n = (w / sum * NEG_TABLE as f64).ceil() as usize;
        table.extend(std::iter::repeat_n(id as u32, n));
    }
    table
}

impl FastText {
    /// The vector of any word (a word key): the mean of its input rows, as fastText's
    /// `getWordVector`; a word outside the vocabulary uses its n-grams only.
    pub fn word_vector(&self, word: &str) -> Vec<f32> {
        let dim = self.config.dim;
        let own = self.words.iter().position(|w| w == word).map(|k| k as u32);
        let rows = match own {
            Some(k) => self.rows[k as usize].clone(),
            None => rows_of(word, None, self.words.len(), &self.config),
        };
        self.mean_of(&rows, dim)
    }

    fn mean_of(&self, rows: &[u32], dim: usize) -> Vec<f32> {
        let mut v = vec![0f32; dim];
        for &r in rows {
            let row = &self.input[r as usize * dim..(r as usize + 1) * dim];
            v.iter_mut().zip(row).for_each(|(a, x)| *a += x);
        }
        if !rows.is_empty() {
            v.iter_mut().for_each(|a| *a /= rows.len() as f32);
        }
        v
    }

    /// The tables a tagger ships: the `words` most frequent words with their full vectors,
    /// and the `ngrams` n-grams most frequent over the vocabulary (weighted by word
    /// count) with their bucket rows.
    pub fn export(&self, words: usize, ngrams: usize) -> Result<WordVectors> {
        let dim = self.config.dim;
        let n_words = words.min(self.words.len());
        let mut word_table = vec![0f32; (n_words + 1) * dim];
        for k in 0..n_words {
            word_table[(k + 1) * dim..(k + 2) * dim].copy_from_slice(&self.mean_of(&self.rows[k], dim));
        }
        let mut gram_counts: HashMap<String, u64> = HashMap::new();
        for (w, &c) in self.words.iter().zip(&self.counts) {
            for g in char_ngrams(w, self.config.minn, self.config.maxn) {
                *gram_counts.entry(g).or_default() += c;
            }
        }
        let mut ranked: Vec<(String, u64)> = gram_counts.into_iter().collect();
        ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        ranked.truncate(ngrams);
        let v = self.words.len();
        let mut ngram_table = Vec::with_capacity(ranked.len() * dim);
        for (g, _) in &ranked {
            let r = v + fnv1a(g) as usize % self.config.buckets;
            ngram_table.extend_from_slice(&self.input[r * dim..(r + 1) * dim]);
        }
        let config = VectorsConfig { dim, minn: self.config.minn, maxn: self.config.maxn, words: n_words, ngrams: ranked.len() };
        WordVectors::new(config, self.words[..n_words].to_vec(), word_table, ranked.into_iter().map(|(g, _)| g).collect(), ngram_table)
    }
}

/// The full model's files in a directory: the input rows (f16) and the vocabulary with counts.
pub const FASTTEXT_WEIGHTS: &str = "fasttext.safetensors";
pub const FASTTEXT_VOCAB: &str = "vocab.tsv";
pub const FASTTEXT_CONFIG: &str = "fasttext.json";

impl FastText {
    /// Writes the whole model into `dir` ([`FASTTEXT_CONFIG`], [`FASTTEXT_VOCAB`],
    /// [`FASTTEXT_WEIGHTS`] in f16), so other table sizes can be exported later.
    pub fn save(&self, dir: &std::path::Path) -> Result<()> {
        use crate::error::Error;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(FASTTEXT_CONFIG);
        std::fs::write(&path, serde_json::to_string_pretty(&self.config).expect("serializes")).map_err(|e| Error::io(&path, e))?;
        let mut vocab = String::new();
        for (w, c) in self.words.iter().zip(&self.counts) {
            vocab.push_str(&format!("{w}\t{c}\n"));
        }
        let path = dir.join(FASTTEXT_VOCAB);
        std::fs::write(&path, vocab).map_err(|e| Error::io(&path, e))?;
        let rows = self.input.len() / self.config.dim;
        let t = candle_core::Tensor::from_slice(&self.input, (rows, self.config.dim), &candle_core::Device::Cpu)?.to_dtype(candle_core::DType::F16)?;
        crate::checkpoint::save_tensors(&HashMap::from([("input".to_string(), t)]), &dir.join(FASTTEXT_WEIGHTS))
    }

    /// Reads a model written by [`save`](Self::save).
    pub fn load(dir: &std::path::Path) -> Result<Self> {
        use crate::error::Error;
        let path = dir.join(FASTTEXT_CONFIG);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let config: FastTextConfig = serde_json::from_str(&text).map_err(|source| Error::Json { path: path.clone(), source })?;
        let path = dir.join(FASTTEXT_VOCAB);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let mut words = Vec::new();
        let mut counts = Vec::new();
        for line in text.lines() {
            let (w, c) = line.rsplit_once('\t').ok_or_else(|| Error::Invalid(format!("{}: bad line {line:?}", path.display())))?;
            words.push(w.to_string());
            counts.push(c.parse().map_err(|_| Error::Invalid(format!("{}: bad count in {line:?}", path.display())))?);
        }
        let weights = crate::checkpoint::Weights::load(dir.join(FASTTEXT_WEIGHTS))?;
        let input = weights.get("input").ok_or_else(|| Error::MissingTensor { name: "input".into(), path: dir.join(FASTTEXT_WEIGHTS) })?;
        let input = input.to_dtype(candle_core::DType::F32)?.flatten_all()?.to_vec1::<f32>()?;
        if input.len() != (words.len() + config.buckets) * config.dim {
            return Err(Error::Shape(format!("{} numbers for {} words and {} buckets of {}", input.len(), words.len(), config.buckets, config.dim)));
        }
        let v = words.len();
        let rows = words.iter().enumerate().map(|(k, w)| rows_of(w, Some(k as u32), v, &config)).collect();
        Ok(Self { config, words, counts, input, rows })
    }
}

/// Cosine similarity of two vectors (0 when either is zero).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let n = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let d = n(a) * n(b);
    if d == 0.0 {
        0.0
    } else {
        dot / d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words in shared contexts get close vectors; an unseen word spelled like a known one
    /// gets a vector near it through its n-grams, nearer than an unrelated spelling.
    #[test]
    fn contexts_and_spelling_both_shape_the_vectors() {
        let mut rng = Rng(3);
        let pick = |r: &mut Rng, xs: &[&str]| xs[r.below(xs.len())].to_string();
        let texts: Vec<Vec<String>> = (0..4000)
            .map(|_| {
                let mut t = Vec::new();
                for _ in 0..4 {
                    match rng.below(2) {
                        0 => t.extend([pick(&mut rng, &["قال", "اكد"]), pick(&mut rng, &["الوزير", "المدير"]), "امس".to_string()]),
                        _ => t.extend([pick(&mut rng, &["في", "من"]), pick(&mut rng, &["الرياض", "جدة"]), "اليوم".to_string()]),
                    }
                }
                t
            })
            .collect();
        let cfg = FastTextConfig { dim: 24, epochs: 3, buckets: 5000, min_count: 1, subsample: 1.0, ..FastTextConfig::default() };
        let m = fasttext(&texts, &cfg, &mut |_| {});
        let v = |w: &str| m.word_vector(w);
        assert!(cosine(&v("الوزير"), &v("المدير")) > cosine(&v("الوزير"), &v("جدة")));
        assert!(cosine(&v("الرياض"), &v("جدة")) > cosine(&v("الرياض"), &v("قال")));
        // Unseen: والرياض shares most n-grams with الرياض.
        assert!(cosine(&v("والرياض"), &v("الرياض")) > cosine(&v("والرياض"), &v("المدير")));

        let exported = m.export(4, 2000).unwrap();
        assert_eq!(exported.config().words, 4);
        let listed = &m.words[0];
        assert_eq!(exported.vector(listed), m.word_vector(listed));
        // A word outside the exported list comes from its n-grams, close to the full model's.
        let w = &m.words[6];
        assert!(!exported.is_listed(w));
        assert!(cosine(&exported.vector(w), &m.word_vector(w)) > 0.8);

        let dir = crate::test_util::scratch_dir("fasttext");
        m.save(&dir).unwrap();
        let back = FastText::load(&dir).unwrap();
        assert_eq!(back.words, m.words);
        assert!(cosine(&back.word_vector("جدة"), &m.word_vector("جدة")) > 0.999);
        std::fs::remove_dir_all(&dir).ok();
    }
}
