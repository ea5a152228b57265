//! Entities from the trained transformer tagger (`models/tagger/`), optionally merged with
//! the rule baseline.
//!
//! Each sentence's words are normalized and cut into subword pieces; the tagger labels every
//! piece (two BIO heads: PERSON/ORG/LOC/MISC and ROLE, so a ROLE may contain an ORG);
//! labeled pieces become character spans on the original text through the normalization
//! alignment, so a span may start inside a glued word (`الراجحيةمديرة`). A span that starts
//! at a word's first letter starts after its clitics (`بوزارة` → `وزارة`).
//!
//! A word tagger (`config.json` with `model_type` `qawl-word-tagger`, see
//! `qawl_transformer::word`) labels whole words instead: each sentence's normalized words
//! with their stems and lexicon flags ([`crate::word_inputs`]); a span runs from the
//! first labeled word's host (after its clitics) to the end of the last.

use crate::document::EntityType;
use crate::entities::rules::Found;
use crate::error::Error;
use crate::features::{self, FeatureLexicon};
use crate::piece_inputs::PieceInputs;
use crate::word_index::{WordIndex, WORDS_FILE};
use crate::view::Tok;
use qawl_tokenizer::{Analysis, Span, Subwords, WordKind};
use crate::word_inputs::{word_input, FLAG_COUNT};
use qawl_transformer::word::{is_word_tagger, WordTagger};
use qawl_transformer::{TaggedSeq, Tagger, TaggerOptions};
use std::path::Path;

/// Which entity source a pipeline uses.
///
/// ```
/// use qawl_pipeline::EntitySource;
/// assert_eq!(EntitySource::Hybrid.to_string(), "hybrid");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntitySource {
    /// Gazetteers and rules only.
    Rules,
    /// The tagger only.
    Model,
    /// The rules, plus the tagger's names, organizations and places where the rules found nothing.
    Hybrid,
}

/// A name that is not an entity source.
///
/// ```
/// let err = "neural".parse::<qawl_pipeline::EntitySource>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown entity source \"neural\" (rules, model, hybrid)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity source {0:?} (rules, model, hybrid)")]
pub struct ParseEntitySourceError(pub String);

impl std::str::FromStr for EntitySource {
    type Err = ParseEntitySourceError;
    /// `rules`, `model` or `hybrid`.
    ///
    /// ```
    /// use qawl_pipeline::EntitySource;
    /// assert_eq!("rules".parse::<EntitySource>(), Ok(EntitySource::Rules));
    /// ```
    fn from_str(s: &str) -> Result<Self, ParseEntitySourceError> {
        match s {
            "rules" => Ok(EntitySource::Rules),
            "model" => Ok(EntitySource::Model),
            "hybrid" => Ok(EntitySource::Hybrid),
            other => Err(ParseEntitySourceError(other.to_string())),
        }
    }
}

impl std::fmt::Display for EntitySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EntitySource::Rules => "rules",
            EntitySource::Model => "model",
            EntitySource::Hybrid => "hybrid",
        })
    }
}

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

struct PieceRef {
    word: usize,
    start: usize,
    end: usize,
}

impl ModelTagger {
    /// Loads `dir` (a tagger checkpoint: config.json, labels.json, model.safetensors) and,
    /// for a subword tagger, the vocabulary.
    pub fn load(dir: &Path, vocab: &Path) -> Result<Self, Error> {
        if is_word_tagger(dir) {
            let tagger = WordTagger::load(dir).map_err(|source| Error::Tagger { path: dir.to_path_buf(), source })?.with_batch_size(WORD_SENTENCES_PER_BATCH);
            let features = load_features(dir, tagger.labels().token_types.as_deref())?;
            let want = if features.is_some() { FLAG_COUNT } else { 0 };
            if tagger.config().features != want {
                return Err(Error::Model { path: dir.to_path_buf(), message: format!("the model reads {} lexicon flags per word, its labels.json gives {want}", tagger.config().features) });
            }
            return Ok(ModelTagger { model: TaggerModel::Words(tagger), features });
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
        let mut first = 0;
        for sentence in analysis.words.chunk_by(|a, b| a.sentence == b.sentence) {
            let words: Vec<String> = sentence.iter().map(|w| w.norm.clone()).collect();
            refs.push((0..words.len()).map(|k| PieceRef { word: first + k, start: 0, end: words[k].chars().count() }).collect());
            first += sentence.len();
            inputs.push(word_input(words, self.features.as_ref()));
        }
        let tagged = tagger.predict(&inputs)?;
        let labels = tagger.labels();
        let mut out = Vec::new();
        for (seq, r) in tagged.iter().zip(&refs) {
            let free: Vec<bool> = (0..seq.entity.len()).map(|k| labels.entity[seq.entity[k]] == "O" && labels.role[seq.role[k]] == "O").collect();
            spans(&seq.entity, &seq.entity_confidence, &labels.entity, &free, r, analysis, toks, &mut out);
            spans(&seq.role, &seq.role_confidence, &labels.role, &free, r, analysis, toks, &mut out);
        }
        Ok(out)
    }

    fn find_pieces(&self, tagger: &Tagger, subwords: &Subwords, word_index: Option<&WordIndex>, analysis: &Analysis, toks: &[Tok]) -> Result<Vec<Found>, Error> {
        let inputs = PieceInputs { features: self.features.as_ref(), words: word_index };
        let mut seqs = Vec::new();
        let mut types = Vec::new();
        let mut word_ids = Vec::new();
        let mut refs: Vec<Vec<PieceRef>> = Vec::new();
        // Words come in text order, so each sentence is one run of them.
        let mut first = 0;
        for sentence in analysis.words.chunk_by(|a, b| a.sentence == b.sentence) {
            let words: Vec<String> = sentence.iter().map(|w| w.norm.clone()).collect();
            let (mut ids, mut r, mut word_of) = (Vec::new(), Vec::new(), Vec::new());
            for (k, word) in words.iter().enumerate() {
                for p in subwords.tokenize_word(word) {
                    ids.push(p.id);
                    r.push(PieceRef { word: first + k, start: p.start, end: p.end });
                    word_of.push(k);
                }
            }
            first += sentence.len();
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
        let mut out = Vec::new();
        for (seq, r) in tagged.iter().zip(&refs) {
            let labels = tagger.labels();
            let entity = join_split_words(&seq.entity, &labels.entity, r);
            let role = join_split_words(&seq.role, &labels.role, r);
            let seq = TaggedSeq { entity, role, entity_confidence: seq.entity_confidence.clone(), role_confidence: seq.role_confidence.clone() };
            let free: Vec<bool> = (0..seq.entity.len()).map(|k| labels.entity[seq.entity[k]] == "O" && labels.role[seq.role[k]] == "O").collect();
            spans(&seq.entity, &seq.entity_confidence, &labels.entity, &free, r, analysis, toks, &mut out);
            spans(&seq.role, &seq.role_confidence, &labels.role, &free, r, analysis, toks, &mut out);
        }
        Ok(out)
    }
}

#[allow(clippy::too_many_arguments)]
/// Spans of one head's tags. `free[k]`: piece `k` is outside every span of both heads.
fn spans(tags: &[usize], conf: &[f32], names: &[String], free: &[bool], r: &[PieceRef], analysis: &Analysis, toks: &[Tok], out: &mut Vec<Found>) {
        let mut k = 0;
        while k < tags.len() {
            let name = &names[tags[k]];
            let Some(kind) = name.strip_prefix("B-").or_else(|| name.strip_prefix("I-")).and_then(EntityType::from_label) else {
                k += 1;
                continue;
            };
            let mut e = k + 1;
            while e < tags.len() && names[tags[e]].strip_prefix("I-").and_then(EntityType::from_label) == Some(kind) {
                e += 1;
            }
            // Punctuation at the edges is never part of a name.
            let (mut a, mut b) = (k, e);
            while a < b && toks[r[a].word].kind == WordKind::Punct {
                a += 1;
            }
            while b > a && toks[r[b - 1].word].kind == WordKind::Punct {
                b -= 1;
            }
            // A span that stops or starts inside a word whose other pieces are in no span
            // takes the whole word (`كوفي أن|ان` → `كوفي أنان`); a word whose other pieces
            // are in another span (either head) is glued text (`الراجحية|مديرة`) and keeps the cut.
            while b > a && b < tags.len() && r[b].word == r[b - 1].word && free[b] {
                b += 1;
            }
            let mut grow_start = false;
            if a < b && r[a].start > 0 {
                let mut p = a;
                while p > 0 && r[p - 1].word == r[a].word && free[p - 1] {
                    p -= 1;
                }
                grow_start = p < a && r[p].start == 0;
            }
            if a < b {
                let first = &r[a];
                let last = &r[b - 1];
                let mut start = analysis.word_subspan(first.word, first.start, first.end).start;
                if first.start == 0 {
                    start = start.max(toks[first.word].host.start);
                } else if grow_start {
                    start = start.min(toks[first.word].host.start);
                }
                let end = analysis.word_subspan(last.word, last.start, last.end).end;
                if start < end {
                    let c = conf[a..b].iter().sum::<f32>() / (b - a) as f32;
                    out.push(Found { kind, span: Span::new(start, end), confidence: c });
                }
            }
            k = e;
        }
}

/// A word is never split between two spans of one type: a `B-X` on a piece that continues
/// a word whose previous piece is already in an `X` span becomes `I-X` (`طل|عت زكريا` is one
/// name). Glued words with two different types (`الراجحية|مديرة`) keep their cut.
fn join_split_words(tags: &[usize], names: &[String], r: &[PieceRef]) -> Vec<usize> {
    let mut out = tags.to_vec();
    for k in 1..out.len() {
        if r[k].word != r[k - 1].word {
            continue;
        }
        let Some(kind) = names[out[k]].strip_prefix("B-") else { continue };
        let prev_kind = names[out[k - 1]].get(2..);
        if names[out[k - 1]] != "O" && prev_kind == Some(kind) {
            if let Some(i) = names.iter().position(|n| n.strip_prefix("I-") == Some(kind)) {
                out[k] = i;
            }
        }
    }
    out
}

#[cfg(test)]
mod split_word_tests {
    use super::*;

    #[test]
    fn a_word_split_between_two_names_of_one_type_is_joined() {
        let names: Vec<String> = ["O", "B-PERSON", "I-PERSON", "B-ROLE"].iter().map(|s| s.to_string()).collect();
        // Pieces: طل | عت (one word) | زكريا | الراجحية | مديرة (one glued word).
        let r: Vec<PieceRef> = [(0, 0, 2), (0, 2, 4), (1, 0, 5), (2, 0, 8), (2, 8, 13)]
            .iter()
            .map(|&(word, start, end)| PieceRef { word, start, end })
            .collect();
        let tags = vec![1, 1, 2, 1, 3];
        assert_eq!(join_split_words(&tags, &names, &r), vec![1, 2, 2, 1, 3]);
    }
}
