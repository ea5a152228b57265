//! Entities from the trained transformer tagger (`models/tagger/`), optionally merged with
//! the rule baseline.
//!
//! Each sentence's words are normalized and cut into subword pieces; the tagger labels every
//! piece (two BIO heads: PERSON/ORG/LOC/MISC and ROLE, so a ROLE may contain an ORG);
//! labeled pieces become character spans on the original text (`spans.rs`).
//!
//! A word tagger (`config.json` with `model_type` `qawl-word-tagger`, see
//! `qawl_transformer::word`) labels whole words instead: each sentence's normalized words
//! with their stems and lexicon flags ([`crate::word_inputs`]); each word is then one piece.

mod spans;

use crate::entities::rules::Found;
use crate::error::Error;
use crate::features::{self, FeatureLexicon};
use crate::piece_inputs::PieceInputs;
use crate::view::Tok;
use crate::word_index::{WordIndex, WORDS_FILE};
use crate::word_inputs::{sentences, word_input, FLAG_COUNT};
use qawl_tokenizer::{Analysis, Subwords};
use qawl_transformer::word::{is_word_tagger, WordTagger};
use qawl_transformer::{Tagger, TaggerOptions};
use spans::{joined, sentence_spans, PieceRef, Sentence};
use std::path::Path;

/// Sentences of one article per forward pass. An article's sentences differ in length and a
/// batch is padded to its longest, so small batches waste less: on 100 SaudiNewsNet articles
/// (one thread) 1 took 6.94 s, 4 took 5.63 s, 8 took 6.06 s, 16 took 7.26 s, 64 took 9.42 s.
pub const SENTENCES_PER_BATCH: usize = 4;

/// Sentences of one article per forward pass of a word tagger. A BiLSTM step costs about
/// the same for 1 sentence as for 8, so larger batches pay more than for the transformer;
/// sentences are sorted by length first. On 100 SaudiNewsNet articles (one thread, the
/// machine shared with a training job) 4 took 5.5–5.6 s, 8 took 4.8–5.2 s, 16 took
/// 5.4–7.6 s, 32 took 6.1–6.8 s.
pub const WORD_SENTENCES_PER_BATCH: usize = 8;

pub struct ModelTagger {
    model: TaggerModel,
    /// The lexicon features the checkpoint was trained with (`features/` beside it).
    features: Option<FeatureLexicon>,
}

/// The two kinds of tagger checkpoint. One per pipeline, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
enum TaggerModel {
    /// BERT-style, over subword pieces.
    Subwords {
        tagger: Tagger,
        subwords: Subwords,
        /// The rows of its word-vector table (`words.txt` beside it), when it has one.
        words: Option<WordIndex>,
    },
    /// BiLSTM-CRF over whole words.
    Words(WordTagger),
}

/// The lexicon features a tagger's `labels.json` names, from `features/` beside it.
fn load_features(dir: &Path, scheme: Option<&str>) -> Result<Option<FeatureLexicon>, Error> {
    match scheme {
        None => Ok(None),
        Some(features::SCHEME) => Ok(Some(FeatureLexicon::load(&dir.join(features::DIR))?)),
        Some(other) => Err(Error::Model { path: dir.to_path_buf(), message: format!("labels.json names token types {other:?}; this build knows {:?}", features::SCHEME) }),
    }
}

impl ModelTagger {
    /// Loads `dir` (a tagger checkpoint: config.json, labels.json, model.safetensors) and,
    /// for a subword tagger, the vocabulary.
    pub fn load(dir: &Path, vocab: &Path) -> Result<Self, Error> {
        if is_word_tagger(dir) {
            return Self::load_words(dir);
        }
        let tagger = Tagger::load(dir)
            .map_err(|source| Error::Tagger { path: dir.to_path_buf(), source })?
            .with_options(TaggerOptions { batch_size: SENTENCES_PER_BATCH, ..TaggerOptions::default() });
        let subwords = Subwords::load(vocab)?;
        if subwords.vocab_size() != tagger.config().vocab_size {
            return Err(Error::Model { path: dir.to_path_buf(), message: format!("vocabulary has {} pieces but the model expects {}", subwords.vocab_size(), tagger.config().vocab_size) });
        }
        let features = load_features(dir, tagger.labels().token_types.as_deref())?;
        let words = match tagger.config().word_vectors {
            None => None,
            Some(rows) => {
                let index = WordIndex::load(&dir.join(WORDS_FILE))?;
                if index.rows() != rows {
                    return Err(Error::Model { path: dir.to_path_buf(), message: format!("words.txt lists {} words but the model has {} word vectors", index.rows() - 1, rows - 1) });
                }
                Some(index)
            }
        };
        Ok(ModelTagger { model: TaggerModel::Subwords { tagger, subwords, words }, features })
    }

    /// Loads a word tagger's checkpoint, checking its flags against its features.
    fn load_words(dir: &Path) -> Result<Self, Error> {
        let tagger = WordTagger::load(dir).map_err(|source| Error::Tagger { path: dir.to_path_buf(), source })?.with_batch_size(WORD_SENTENCES_PER_BATCH);
        let features = load_features(dir, tagger.labels().token_types.as_deref())?;
        let want = if features.is_some() { FLAG_COUNT } else { 0 };
        if tagger.config().features != want {
            return Err(Error::Model { path: dir.to_path_buf(), message: format!("the model reads {} lexicon flags per word, its labels.json gives {want}", tagger.config().features) });
        }
        Ok(ModelTagger { model: TaggerModel::Words(tagger), features })
    }

    /// Entity spans the tagger finds in `analysis` (words index `toks` one to one).
    pub fn find(&self, analysis: &Analysis, toks: &[Tok]) -> Result<Vec<Found>, Error> {
        match &self.model {
            TaggerModel::Subwords { tagger, subwords, words } => self.find_pieces(tagger, subwords, words.as_ref(), analysis, toks),
            TaggerModel::Words(tagger) => self.find_words(tagger, analysis, toks),
        }
    }

    /// A word tagger's spans: each word is one "piece" covering the whole word.
    fn find_words(&self, tagger: &WordTagger, analysis: &Analysis, toks: &[Tok]) -> Result<Vec<Found>, Error> {
        let mut inputs = Vec::new();
        let mut refs: Vec<Vec<PieceRef>> = Vec::new();
        for (first, words) in sentences(analysis) {
            refs.push((0..words.len()).map(|k| PieceRef { word: first + k, start: 0, end: words[k].chars().count() }).collect());
            inputs.push(word_input(words, self.features.as_ref()));
        }
        let tagged = tagger.predict(&inputs)?;
        let mut out = Vec::new();
        for (seq, pieces) in tagged.iter().zip(&refs) {
            sentence_spans(seq, tagger.labels(), &Sentence { pieces, analysis, toks }, &mut out);
        }
        Ok(out)
    }

    /// A subword tagger's spans; a word's pieces tagged apart are joined first.
    fn find_pieces(&self, tagger: &Tagger, subwords: &Subwords, word_index: Option<&WordIndex>, analysis: &Analysis, toks: &[Tok]) -> Result<Vec<Found>, Error> {
        let inputs = PieceInputs { features: self.features.as_ref(), words: word_index };
        let mut seqs = Vec::new();
        let mut types = Vec::new();
        let mut word_ids = Vec::new();
        let mut refs: Vec<Vec<PieceRef>> = Vec::new();
        for (first, words) in sentences(analysis) {
            let (mut ids, mut r, mut word_of) = (Vec::new(), Vec::new(), Vec::new());
            for (k, word) in words.iter().enumerate() {
                for p in subwords.tokenize_word(word) {
                    ids.push(p.id);
                    r.push(PieceRef { word: first + k, start: p.start, end: p.end });
                    word_of.push(k);
                }
            }
            if ids.is_empty() {
                continue;
            }
            let (t, v) = inputs.for_pieces(&words, &word_of);
            if self.features.is_some() {
                types.push(t);
            }
            if word_index.is_some() {
                word_ids.push(v);
            }
            seqs.push(ids);
            refs.push(r);
        }
        let tagged = tagger.predict_with(&seqs, &types, &word_ids)?;
        let labels = tagger.labels();
        let mut out = Vec::new();
        for (seq, pieces) in tagged.iter().zip(&refs) {
            let seq = joined(seq, labels, pieces);
            sentence_spans(&seq, labels, &Sentence { pieces, analysis, toks }, &mut out);
        }
        Ok(out)
    }
}
