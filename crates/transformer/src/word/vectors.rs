//! Frozen subword-aware word vectors (fastText-style, trained by
//! [`crate::train::fasttext`]): a table of the most frequent words and a table of the
//! most frequent character n-grams. A listed word takes its row; any other word the mean
//! of the rows of its listed n-grams ([`crate::ngrams::char_ngrams`]), so an unseen or
//! transliterated name still gets a vector near the words it is spelled like. Keeping a
//! list of n-grams instead of fastText's two million hash buckets keeps the tables at a
//! few tens of MB.
//!
//! On disk, in a directory: [`VECTORS_CONFIG`] (the [`VectorsConfig`]), [`WORDS_FILE`]
//! (line k is row k + 1; row 0 is the zero vector of an empty word), [`NGRAMS_FILE`]
//! (line k is row k) and the tables, named [`WORDS_TENSOR`] and [`NGRAMS_TENSOR`], in
//! [`VECTORS_WEIGHTS`]; a word tagger keeps the same two text files and stores the tables
//! in its `model.safetensors`.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::checkpoint::{save_tensors, Weights, CONFIG_FILE, WEIGHTS_FILE};
use crate::error::{Error, Result};
use crate::ngrams::{char_ngrams, word_key};

/// The sizes of a vector table pair, saved as `vectors.json` (and inside a word tagger's
/// `config.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VectorsConfig {
    pub dim: usize,
    /// Shortest and longest n-gram, in characters of the `<word>` form.
    pub minn: usize,
    pub maxn: usize,
    /// Rows of the word table, the zero row 0 not counted.
    pub words: usize,
    /// Rows of the n-gram table.
    pub ngrams: usize,
}

pub const VECTORS_CONFIG: &str = "vectors.json";
pub const VECTORS_WEIGHTS: &str = "vectors.safetensors";
/// The word list (shared with the subword tagger's word vectors: line k is row k + 1).
pub const WORDS_FILE: &str = "words.txt";
pub const NGRAMS_FILE: &str = "ngrams.txt";
pub const WORDS_TENSOR: &str = "word_vectors.words";
pub const NGRAMS_TENSOR: &str = "word_vectors.ngrams";

/// The two tables in memory, with their indexes.
#[derive(Debug, Clone)]
pub struct WordVectors {
    config: VectorsConfig,
    words: HashMap<String, u32>,
    word_list: Vec<String>,
    ngrams: HashMap<String, u32>,
    ngram_list: Vec<String>,
    /// `[(words + 1) * dim]`, row 0 zero.
    word_table: Vec<f32>,
    /// `[ngrams * dim]`.
    ngram_table: Vec<f32>,
}

impl WordVectors {
    /// Builds the tables from word and n-gram lists with their rows (`word_table` holds
    /// the zero row 0 first).
    pub fn new(
        config: VectorsConfig,
        word_list: Vec<String>,
        word_table: Vec<f32>,
        ngram_list: Vec<String>,
        ngram_table: Vec<f32>,
    ) -> Result<Self> {
        let d = config.dim;
        if word_list.len() != config.words || word_table.len() != (config.words + 1) * d {
            return Err(Error::Shape(format!(
                "{} words and {} numbers for a word table of {} rows of {d}",
                word_list.len(),
                word_table.len(),
                config.words + 1
            )));
        }
        if ngram_list.len() != config.ngrams || ngram_table.len() != config.ngrams * d {
            return Err(Error::Shape(format!(
                "{} n-grams and {} numbers for an n-gram table of {} rows of {d}",
                ngram_list.len(),
                ngram_table.len(),
                config.ngrams
            )));
        }
        let words = word_list.iter().enumerate().map(|(k, w)| (w.clone(), k as u32 + 1)).collect();
        let ngrams = ngram_list.iter().enumerate().map(|(k, g)| (g.clone(), k as u32)).collect();
        Ok(Self { config, words, word_list, ngrams, ngram_list, word_table, ngram_table })
    }

    pub fn config(&self) -> &VectorsConfig {
        &self.config
    }

    pub fn dim(&self) -> usize {
        self.config.dim
    }

    /// Whether `word` (normalized) has its own row.
    pub fn is_listed(&self, word: &str) -> bool {
        self.words.contains_key(&word_key(word))
    }

    /// Writes the vector of `word` (normalized) into `out` (`dim` long): its row when it is
    /// listed, else the mean of its listed n-grams, else zeros.
    pub fn vector_into(&self, word: &str, out: &mut [f32]) {
        let d = self.config.dim;
        out.iter_mut().for_each(|x| *x = 0.0);
        if word.is_empty() {
            return;
        }
        let key = word_key(word);
        if let Some(&row) = self.words.get(&key) {
            out.copy_from_slice(&self.word_table[row as usize * d..(row as usize + 1) * d]);
            return;
        }
        self.ngram_mean_into(&key, out);
    }

    /// Writes the vector `word` (normalized) would have if it were not listed: the mean of
    /// its listed n-grams, else zeros. Training shows the tagger some known words this way,
    /// so that it learns to read the vectors of names it has never seen.
    pub fn unlisted_vector_into(&self, word: &str, out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        if !word.is_empty() {
            self.ngram_mean_into(&word_key(word), out);
        }
    }

    fn ngram_mean_into(&self, key: &str, out: &mut [f32]) {
        let d = self.config.dim;
        let mut n = 0usize;
        for g in char_ngrams(key, self.config.minn, self.config.maxn) {
            if let Some(&row) = self.ngrams.get(&g) {
                let r = &self.ngram_table[row as usize * d..(row as usize + 1) * d];
                out.iter_mut().zip(r).for_each(|(o, x)| *o += x);
                n += 1;
            }
        }
        if n > 1 {
            let s = 1.0 / n as f32;
            out.iter_mut().for_each(|x| *x *= s);
        }
    }

    /// The vector of `word` as a new vector.
    pub fn vector(&self, word: &str) -> Vec<f32> {
        let mut v = vec![0.0; self.config.dim];
        self.vector_into(word, &mut v);
        v
    }

    /// The two tables as named tensors.
    pub fn tensors(&self) -> Result<HashMap<String, Tensor>> {
        let d = self.config.dim;
        Ok(HashMap::from([
            (WORDS_TENSOR.to_string(), Tensor::from_slice(&self.word_table, (self.config.words + 1, d), &Device::Cpu)?),
            (NGRAMS_TENSOR.to_string(), Tensor::from_slice(&self.ngram_table, (self.config.ngrams, d), &Device::Cpu)?),
        ]))
    }

    /// Writes the word and n-gram lists into `dir`.
    pub fn save_lists(&self, dir: &Path) -> Result<()> {
        write_lines(&dir.join(WORDS_FILE), &self.word_list)?;
        write_lines(&dir.join(NGRAMS_FILE), &self.ngram_list)
    }

    /// Writes a standalone vectors directory: `vectors.json`, the lists, `vectors.safetensors`.
    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(VECTORS_CONFIG);
        std::fs::write(&path, serde_json::to_string_pretty(&self.config).expect("serializes")).map_err(|e| Error::io(&path, e))?;
        self.save_lists(dir)?;
        save_tensors(&self.tensors()?, &dir.join(VECTORS_WEIGHTS))
    }

    /// Reads a standalone vectors directory written by [`save`](Self::save), or the
    /// tables inside a word tagger's directory (its `config.json` names their sizes), so
    /// a tagger can be trained on new data with the shipped model's vectors, without the
    /// news corpus they were trained on.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(VECTORS_CONFIG);
        if !path.is_file() && dir.join(CONFIG_FILE).is_file() {
            return Self::load_from_tagger(dir);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let config: VectorsConfig = serde_json::from_str(&text).map_err(|source| Error::Json { path: path.clone(), source })?;
        let weights = Weights::load(dir.join(VECTORS_WEIGHTS))?;
        Self::from_weights(config, dir, &weights)
    }

    fn load_from_tagger(dir: &Path) -> Result<Self> {
        /// The one field of a word tagger's config read here.
        #[derive(Deserialize)]
        struct TaggerConfig {
            vectors: VectorsConfig,
        }
        let path = dir.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let config: TaggerConfig = serde_json::from_str(&text).map_err(|source| Error::Json { path: path.clone(), source })?;
        let weights = Weights::load(dir.join(WEIGHTS_FILE))?;
        Self::from_weights(config.vectors, dir, &weights)
    }

    /// Reads the lists in `dir` and the tables from `weights` (a word tagger's).
    pub fn from_weights(config: VectorsConfig, dir: &Path, weights: &Weights) -> Result<Self> {
        let table = |name: &str, rows: usize| -> Result<Vec<f32>> {
            let t = weights.get(name).ok_or_else(|| Error::MissingTensor { name: name.to_string(), path: dir.to_path_buf() })?;
            if t.dims() != [rows, config.dim] {
                return Err(Error::Shape(format!("`{name}` is {:?}, expected [{rows}, {}]", t.dims(), config.dim)));
            }
            Ok(t.to_dtype(DType::F32)?.flatten_all()?.to_vec1::<f32>()?)
        };
        let word_table = table(WORDS_TENSOR, config.words + 1)?;
        let ngram_table = table(NGRAMS_TENSOR, config.ngrams)?;
        let word_list = read_lines(&dir.join(WORDS_FILE))?;
        let ngram_list = read_lines(&dir.join(NGRAMS_FILE))?;
        Self::new(config, word_list, word_table, ngram_list, ngram_table)
    }
}

fn write_lines(path: &Path, lines: &[String]) -> Result<()> {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

fn read_lines(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(text.lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::scratch_dir;

    fn tiny() -> WordVectors {
        let config = VectorsConfig { dim: 2, minn: 2, maxn: 3, words: 1, ngrams: 3 };
        WordVectors::new(
            config,
            vec!["قال".into()],
            vec![0.0, 0.0, 1.0, 2.0],
            vec!["<ف".into(), "في".into(), "0".into()],
            vec![1.0, 0.0, 0.0, 1.0, 5.0, 5.0],
        )
        .unwrap()
    }

    #[test]
    fn listed_words_take_their_row_others_their_ngrams() {
        let v = tiny();
        assert_eq!(v.vector("قال"), vec![1.0, 2.0]);
        // فيل: <ف and في are listed, the rest not: their mean.
        assert_eq!(v.vector("فيل"), vec![0.5, 0.5]);
        assert_eq!(v.vector("xyz"), vec![0.0, 0.0]);
        assert_eq!(v.vector(""), vec![0.0, 0.0]);
        assert!(v.is_listed("قال") && !v.is_listed("فيل"));
    }

    #[test]
    fn an_unlisted_vector_ignores_the_words_own_row() {
        let v = tiny();
        // قال's n-grams are not listed: without its row it has nothing.
        assert_eq!(v.vector("قال"), vec![1.0, 2.0]);
        let mut out = vec![9.0; 2];
        v.unlisted_vector_into("قال", &mut out);
        assert_eq!(out, vec![0.0, 0.0]);
        // A word that is not listed reads the same either way.
        v.unlisted_vector_into("فيل", &mut out);
        assert_eq!(out, v.vector("فيل"));
    }

    #[test]
    fn saved_vectors_load_back() {
        let dir = scratch_dir("vectors");
        let v = tiny();
        v.save(&dir).unwrap();
        let back = WordVectors::load(&dir).unwrap();
        assert_eq!(back.config(), v.config());
        assert_eq!(back.vector("فيل"), v.vector("فيل"));
        assert_eq!(back.vector("قال"), v.vector("قال"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_taggers_directory_gives_its_tables() {
        // A word tagger keeps the two lists and stores the tables in its weights, its
        // config naming their sizes among other fields.
        let dir = scratch_dir("vectors-tagger");
        let v = tiny();
        v.save_lists(&dir).unwrap();
        save_tensors(&v.tensors().unwrap(), &dir.join(WEIGHTS_FILE)).unwrap();
        let config = serde_json::json!({ "model_type": "qawl-word-tagger", "vectors": v.config(), "lstm_hidden": 4 });
        std::fs::write(dir.join(CONFIG_FILE), config.to_string()).unwrap();
        let back = WordVectors::load(&dir).unwrap();
        assert_eq!(back.config(), v.config());
        assert_eq!(back.vector("فيل"), v.vector("فيل"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
