//! The word tagger's network: per word the frozen vectors of the word and of its
//! clitic-stripped form, the character CNN's features and the lexicon flags,
//! concatenated; dropout; a BiLSTM over the sentence; dropout; one linear layer per head
//! giving the emission scores of its CRF.
//!
//! Tensor names: `char_cnn.*` ([`CharCnn`]), `lstm.*` ([`BiLstm`], PyTorch's names),
//! `entity_classifier.{weight,bias}`, `role_classifier.{weight,bias}`, `entity_crf.*`,
//! `role_crf.*` ([`Crf`]). The frozen vector tables are stored beside them
//! ([`crate::word::vectors`]) and never become variables.

use std::path::Path;

use candle_core::{Device, Result, Tensor};
use candle_nn::VarBuilder;
use serde::{Deserialize, Serialize};

use super::chars::{char_batch, CharCnn};
use super::vectors::{VectorsConfig, WordVectors};
use crate::crf::Crf;
use crate::decode::BioScheme;
use crate::error::{Error, Result as QResult};
use crate::labels::Labels;
use crate::lstm::BiLstm;
use crate::nn::{dropout, Linear};

/// `model_type` of a word tagger's `config.json` (a subword tagger's says `bert`).
pub const WORD_MODEL_TYPE: &str = "qawl-word-tagger";

/// The word tagger's sizes, saved as its `config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordConfig {
    pub model_type: String,
    /// The frozen vector tables.
    pub vectors: VectorsConfig,
    /// Each word also takes the vector of its clitic-stripped form (`stems`).
    #[serde(default = "yes")]
    pub stem_vectors: bool,
    pub char_dim: usize,
    pub char_filters: usize,
    pub char_width: usize,
    /// Lexicon flags per word (bits of the caller's feature scheme, `Labels::token_types`).
    pub features: usize,
    /// Hidden size of each LSTM direction.
    pub lstm_hidden: usize,
    pub dropout: f64,
    /// Networks of this shape whose scores are averaged at inference (an ensemble, as
    /// `qawl ship A B …` writes it): member 0's tensors at the root of the weights, member
    /// k's under `members.k.`. All share the frozen vector tables.
    #[serde(default = "one")]
    pub members: usize,
}

fn yes() -> bool {
    true
}

fn one() -> usize {
    1
}

impl WordConfig {
    /// The recipe of issue 8: 30-d characters, 50 filters of width 3, BiLSTM 150 per
    /// direction, dropout 0.5.
    pub fn new(vectors: VectorsConfig, features: usize) -> Self {
        Self { model_type: WORD_MODEL_TYPE.into(), vectors, stem_vectors: true, char_dim: 30, char_filters: 50, char_width: 3, features, lstm_hidden: 150, dropout: 0.5, members: 1 }
    }

    /// Width of the word's input to the BiLSTM.
    pub fn input_dim(&self) -> usize {
        let v = self.vectors.dim * if self.stem_vectors { 2 } else { 1 };
        v + self.char_filters + self.features
    }

    pub fn from_file(path: &Path) -> QResult<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let c: WordConfig = serde_json::from_str(&text).map_err(|source| Error::Json { path: path.to_path_buf(), source })?;
        if c.model_type != WORD_MODEL_TYPE {
            return Err(Error::Invalid(format!("{}: model_type {:?} is not {WORD_MODEL_TYPE:?}", path.display(), c.model_type)));
        }
        if c.char_width == 0 || c.lstm_hidden == 0 || c.vectors.dim == 0 || c.members == 0 {
            return Err(Error::Invalid(format!("{}: zero sizes", path.display())));
        }
        Ok(c)
    }

    pub fn save(&self, path: &Path) -> QResult<()> {
        std::fs::write(path, serde_json::to_string_pretty(self).expect("serializes")).map_err(|e| Error::io(path, e))
    }
}

/// One sentence as the word tagger reads it: normalized words, the clitic-stripped form
/// of each (empty: none), and each word's lexicon flags (bit k = feature k).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WordInput {
    pub words: Vec<String>,
    #[serde(default)]
    pub stems: Vec<String>,
    #[serde(default)]
    pub flags: Vec<u32>,
}

impl WordInput {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Stems and flags must be absent or one per word.
    pub fn check(&self) -> QResult<()> {
        let n = self.words.len();
        if (!self.stems.is_empty() && self.stems.len() != n) || (!self.flags.is_empty() && self.flags.len() != n) {
            return Err(Error::Shape(format!("{n} words but {} stems and {} flags", self.stems.len(), self.flags.len())));
        }
        Ok(())
    }
}

/// A padded batch of sentences, as tensors.
pub struct WordBatch {
    /// `[b, t, vector width]`: the frozen vectors, zeros on padding.
    pub vectors: Tensor,
    /// `[b * t, chars]` character ids and their mask.
    pub chars: Tensor,
    pub char_mask: Tensor,
    /// `[b, t, features]` 0/1.
    pub flags: Tensor,
    pub lengths: Vec<usize>,
}

impl WordBatch {
    /// Builds the batch for `inputs` (none empty). `vectors_of(i)` gives the frozen
    /// vectors of sentence `i`, `[len * width]` (see [`frozen_vectors`]).
    pub fn new(inputs: &[&WordInput], vectors_of: &dyn Fn(usize) -> Vec<f32>, config: &WordConfig, device: &Device) -> QResult<Self> {
        let b = inputs.len();
        let t = inputs.iter().map(|s| s.len()).max().unwrap_or(0);
        if b == 0 || t == 0 {
            return Err(Error::Invalid("an empty batch".into()));
        }
        let width = config.input_dim() - config.char_filters - config.features;
        let mut vectors = vec![0f32; b * t * width];
        let mut flags = vec![0f32; b * t * config.features];
        let mut words: Vec<&str> = Vec::with_capacity(b * t);
        for (i, s) in inputs.iter().enumerate() {
            s.check()?;
            let v = vectors_of(i);
            if v.len() != s.len() * width {
                return Err(Error::Shape(format!("{} vector numbers for {} words of {width}", v.len(), s.len())));
            }
            vectors[i * t * width..(i * t + s.len()) * width].copy_from_slice(&v);
            for (k, &f) in s.flags.iter().enumerate() {
                for bit in 0..config.features {
                    if f & (1 << bit) != 0 {
                        flags[(i * t + k) * config.features + bit] = 1.0;
                    }
                }
            }
            words.extend(s.words.iter().map(|w| w.as_str()));
            words.extend(std::iter::repeat_n("", t - s.len()));
        }
        let (chars, char_mask) = char_batch(&words, device)?;
        Ok(Self {
            vectors: Tensor::from_vec(vectors, (b, t, width), device)?,
            chars,
            char_mask,
            flags: Tensor::from_vec(flags, (b, t, config.features), device)?,
            lengths: inputs.iter().map(|s| s.len()).collect(),
        })
    }
}

/// The frozen vectors of a sentence's words, `[len * width]`: each word's vector, then
/// (with `stem_vectors`) its stem's (the word's own when it has no stem).
pub fn frozen_vectors(vectors: &WordVectors, input: &WordInput, stem_vectors: bool) -> Vec<f32> {
    frozen_vectors_by(vectors, input, stem_vectors, WordVectors::vector_into)
}

/// [`frozen_vectors`] as if no word of the sentence were listed (each the mean of its
/// n-grams): what training mixes in to teach the tagger the vectors of unseen words.
pub fn unlisted_frozen_vectors(vectors: &WordVectors, input: &WordInput, stem_vectors: bool) -> Vec<f32> {
    frozen_vectors_by(vectors, input, stem_vectors, WordVectors::unlisted_vector_into)
}

fn frozen_vectors_by(vectors: &WordVectors, input: &WordInput, stem_vectors: bool, vector_into: fn(&WordVectors, &str, &mut [f32])) -> Vec<f32> {
    let d = vectors.dim();
    let per = if stem_vectors { 2 * d } else { d };
    let mut out = vec![0f32; input.len() * per];
    for (k, w) in input.words.iter().enumerate() {
        let row = &mut out[k * per..(k + 1) * per];
        vector_into(vectors, w, &mut row[..d]);
        if stem_vectors {
            let stem = input.stems.get(k).filter(|s| !s.is_empty()).unwrap_or(w);
            if stem == w {
                let (a, b) = row.split_at_mut(d);
                b.copy_from_slice(a);
            } else {
                vector_into(vectors, stem, &mut row[d..]);
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
pub struct WordTaggerModel {
    chars: CharCnn,
    lstm: BiLstm,
    entity_classifier: Linear,
    role_classifier: Linear,
    entity_crf: Crf,
    role_crf: Crf,
    dropout: f64,
}

/// Emission scores of both heads, `[b, t, labels]` each.
pub struct WordEmissions {
    pub entity: Tensor,
    pub role: Tensor,
}

impl WordTaggerModel {
    /// `vb` is the checkpoint root.
    pub fn load(vb: VarBuilder, config: &WordConfig, labels: &Labels) -> Result<Self> {
        let chars = CharCnn::load(vb.pp("char_cnn"), config.char_dim, config.char_filters, config.char_width)?;
        let lstm = BiLstm::load(vb.pp("lstm"), config.input_dim(), config.lstm_hidden)?;
        let h = lstm.output_dim();
        Ok(Self {
            chars,
            entity_classifier: Linear::load(vb.pp("entity_classifier"), h, labels.entity.len())?,
            role_classifier: Linear::load(vb.pp("role_classifier"), h, labels.role.len())?,
            entity_crf: Crf::load(vb.pp("entity_crf"), &BioScheme::new(&labels.entity))?,
            role_crf: Crf::load(vb.pp("role_crf"), &BioScheme::new(&labels.role))?,
            lstm,
            dropout: config.dropout,
        })
    }

    pub fn entity_crf(&self) -> &Crf {
        &self.entity_crf
    }

    pub fn role_crf(&self) -> &Crf {
        &self.role_crf
    }

    /// Emission scores; with `train`, dropout is on.
    pub fn forward(&self, batch: &WordBatch, train: bool) -> Result<WordEmissions> {
        let (b, t, _) = batch.vectors.dims3()?;
        let chars = self.chars.forward(&batch.chars, &batch.char_mask, self.dropout, train)?.reshape((b, t, self.chars.filters()))?;
        let x = Tensor::cat(&[&batch.vectors, &chars, &batch.flags], 2)?;
        let x = dropout(&x, self.dropout, train)?;
        let h = if train { self.lstm.forward(&x, &batch.lengths)? } else { self.lstm.infer(&x, &batch.lengths)? };
        let h = dropout(&h, self.dropout, train)?;
        Ok(WordEmissions { entity: self.entity_classifier.forward(&h, train)?, role: self.role_classifier.forward(&h, train)? })
    }
}
