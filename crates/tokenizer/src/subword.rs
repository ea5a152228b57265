//! Subwords: a Unigram vocabulary trained with Hugging Face `tokenizers` on our news corpora.
//!
//! Why Unigram, 16k pieces:
//! - Arabic glues clitics and suffixes to stems (`وبالمديرية`, `مديرتها`). Unigram picks the
//!   most probable segmentation of a word as a whole instead of WordPiece's greedy longest
//!   prefix, so pieces tend to fall on morpheme boundaries, and a piece learned word-initially
//!   (`مديرة`) can also be used inside a word. That is what keeps glued text tractable:
//!   `الراجحيةمديرة` (a missing space) segments with a boundary where `مديرة` begins, so a
//!   tagger can close a PERSON and open a ROLE there (see the test below and in tests/).
//! - 16k keeps the embedding matrix small (16k × 256 floats = 16 MB), inside the shipped
//!   model's budget of tens of MB, while covering frequent words and clitic+stem combinations.
//! The text is normalized first ([`crate::normalize`]); words are pre-split by
//! [`crate::words`], each word marked by a leading `▁`, so piece offsets stay inside one word
//! and map back to the original through the normalization alignment.

use crate::error::Error;
use std::path::Path;
use tokenizers::models::unigram::{Unigram, UnigramTrainer};
use tokenizers::models::{ModelWrapper, TrainerWrapper};
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::{AddedToken, Model, Tokenizer};

/// Special tokens, in id order: their ids are fixed (0..5) because the model's config relies on them.
pub const SPECIAL_TOKENS: [&str; 5] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
pub const PAD_ID: u32 = 0;
pub const UNK_ID: u32 = 1;
pub const CLS_ID: u32 = 2;
pub const SEP_ID: u32 = 3;
pub const MASK_ID: u32 = 4;
const WORD_MARK: char = '▁';

/// One subword piece of a word: its id and its char range inside the (normalized) word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub id: u32,
    pub start: usize,
    pub end: usize,
}

pub struct Subwords {
    tokenizer: Tokenizer,
}

impl Subwords {
    pub fn load(path: &Path) -> Result<Self, Error> {
        if !path.exists() {
            return Err(Error::MissingVocab { path: path.to_path_buf() });
        }
        let tokenizer = Tokenizer::from_file(path).map_err(|e| Error::BadVocab { path: path.to_path_buf(), message: e.to_string() })?;
        for (id, tok) in SPECIAL_TOKENS.iter().enumerate() {
            if tokenizer.token_to_id(tok) != Some(id as u32) {
                return Err(Error::BadVocab { path: path.to_path_buf(), message: format!("special token {tok} must have id {id}") });
            }
        }
        Ok(Subwords { tokenizer })
    }

    pub fn save(&self, path: &Path) -> Result<(), Error> {
        self.tokenizer.save(path, false).map_err(|e| Error::Write { path: path.to_path_buf(), message: e.to_string() })
    }

    /// Trains a vocabulary of `vocab_size` pieces on `lines` of normalized, space-separated words.
    pub fn train<I>(lines: I, vocab_size: u32) -> Result<Self, Error>
    where
        I: Iterator<Item = String> + Send,
    {
        let trainer = UnigramTrainer::builder()
            .vocab_size(vocab_size)
            .show_progress(false)
            .special_tokens(SPECIAL_TOKENS.iter().map(|t| AddedToken::from(*t, true)).collect())
            .unk_token(Some("[UNK]".to_string()))
            .max_piece_length(16)
            .build()
            .map_err(|e| Error::Train(e.to_string()))?;
        let mut trainer = TrainerWrapper::UnigramTrainer(trainer);
        let mut tokenizer = Tokenizer::new(ModelWrapper::Unigram(Unigram::default()));
        tokenizer.with_pre_tokenizer(Some(Metaspace::new(WORD_MARK, PrependScheme::Always, true)));
        tokenizer.train(&mut trainer, lines).map_err(|e| Error::Train(e.to_string()))?;
        Ok(Subwords { tokenizer })
    }

    pub fn vocab_size(&self) -> usize {
        self.tokenizer.get_vocab_size(true)
    }

    pub fn token_to_id(&self, token: &str) -> Option<u32> {
        self.tokenizer.token_to_id(token)
    }

    pub fn id_to_token(&self, id: u32) -> Option<String> {
        self.tokenizer.id_to_token(id)
    }

    /// Splits one normalized word into pieces. A bare `▁` piece (when the word-initial form
    /// of the first letters is not in the vocabulary) is dropped: it carries no character.
    pub fn tokenize_word(&self, word: &str) -> Vec<Piece> {
        if word.is_empty() {
            return Vec::new();
        }
        let marked = format!("{WORD_MARK}{word}");
        let mark_len = WORD_MARK.len_utf8();
        // Byte offset in `marked` → char offset in `word`.
        let mut byte_to_char = vec![0usize; marked.len() + 1];
        let mut chars = 0;
        for (b, c) in word.char_indices() {
            byte_to_char[b + mark_len] = chars;
            chars += 1;
            let _ = c;
        }
        byte_to_char[marked.len()] = chars;
        let tokens = match self.tokenizer.get_model().tokenize(&marked) {
            Ok(t) => t,
            Err(_) => return vec![Piece { id: UNK_ID, start: 0, end: chars }],
        };
        let mut out = Vec::with_capacity(tokens.len());
        for t in tokens {
            let (s, e) = t.offsets;
            let start = byte_to_char[s.max(mark_len)];
            let end = byte_to_char[e.max(mark_len)];
            if start == end {
                continue;
            }
            out.push(Piece { id: t.id, start, end });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Subwords {
        let mut lines = Vec::new();
        for _ in 0..50 {
            lines.push("قالت مديرة المدرسة إن الراجحية مديرة ناجحة".to_string());
            lines.push("المديرة الجديدة والمدير العام للمركز".to_string());
            lines.push("فاطمة الراجحية وعائشة الراجحية في الاجتماع".to_string());
        }
        Subwords::train(lines.into_iter(), 60).unwrap()
    }

    #[test]
    fn special_tokens_have_fixed_ids() {
        let s = tiny();
        for (id, tok) in SPECIAL_TOKENS.iter().enumerate() {
            assert_eq!(s.token_to_id(tok), Some(id as u32));
        }
    }

    #[test]
    fn pieces_cover_the_word_in_order() {
        let s = tiny();
        let word = "والمديرة";
        let pieces = s.tokenize_word(word);
        assert!(!pieces.is_empty());
        assert_eq!(pieces.first().unwrap().start, 0);
        assert_eq!(pieces.last().unwrap().end, word.chars().count());
        for w in pieces.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
    }

    #[test]
    fn glued_name_and_role_split_where_the_role_begins() {
        let s = tiny();
        let word = "الراجحيةمديرة";
        let boundary = "الراجحية".chars().count();
        let pieces = s.tokenize_word(word);
        assert!(pieces.iter().any(|p| p.start == boundary), "no piece starts at the role: {pieces:?}");
    }

    #[test]
    fn roundtrips_through_json() {
        let s = tiny();
        let dir = std::env::temp_dir().join(format!("qawl-vocab-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("vocab.json");
        s.save(&path).unwrap();
        let back = Subwords::load(&path).unwrap();
        assert_eq!(back.tokenize_word("المديرة"), s.tokenize_word("المديرة"));
        assert!(matches!(Subwords::load(&dir.join("absent.json")), Err(Error::MissingVocab { .. })));
    }
}
