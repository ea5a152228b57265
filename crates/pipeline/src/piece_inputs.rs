//! The inputs a tagger takes beside the subword ids, built the same way for training
//! examples (`qawl_train::labeled`) and for text at run time (`entities/model.rs`): each piece
//! carries its word's lexicon feature class (the token type) and its word's row in the
//! word-vector table.
//!
//! ```
//! use qawl_pipeline::piece_inputs::PieceInputs;
//! use qawl_pipeline::word_index::WordIndex;
//! let index = WordIndex::new(["الرياض".to_string()]);
//! let inputs = PieceInputs { features: None, words: Some(&index) };
//! // Two words cut into three pieces, the last two of the second word.
//! let (types, rows) = inputs.for_pieces(&["في".to_string(), "الرياض".to_string()], &[0, 1, 1]);
//! assert!(types.is_empty(), "no token types without a feature lexicon");
//! assert_eq!(rows, [0, 1, 1]);
//! ```

use crate::features::FeatureLexicon;
use crate::word_index::WordIndex;

/// Which of the per-piece inputs a checkpoint uses; `None` leaves that input out.
#[derive(Clone, Copy, Default)]
pub struct PieceInputs<'a> {
    /// The lists whose feature bits each piece takes as its token type.
    pub features: Option<&'a FeatureLexicon>,
    /// The word-vector table's rows, one of which each piece takes from its word.
    pub words: Option<&'a WordIndex>,
}

impl PieceInputs<'_> {
    /// For the normalized `words` of one sentence and the word of every piece: the token
    /// type and the word-vector row of each piece, each empty when not used.
    pub fn for_pieces(&self, words: &[String], word_of: &[usize]) -> (Vec<u32>, Vec<u32>) {
        let types = match self.features {
            Some(f) => {
                let bits = f.word_features(words);
                word_of.iter().map(|&w| bits[w] as u32).collect()
            }
            None => Vec::new(),
        };
        let rows = match self.words {
            Some(index) => {
                let rows: Vec<u32> = words.iter().map(|w| index.id(w)).collect();
                word_of.iter().map(|&w| rows[w]).collect()
            }
            None => Vec::new(),
        };
        (types, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_takes_its_words_inputs() {
        let index = WordIndex::new(["الرياض".to_string(), "في".to_string()]);
        let inputs = PieceInputs { features: None, words: Some(&index) };
        let words = vec!["في".to_string(), "الرياض".to_string(), "جدة".to_string()];
        // Two pieces for الرياض, one each for the others.
        let (types, rows) = inputs.for_pieces(&words, &[0, 1, 1, 2]);
        assert!(types.is_empty());
        assert_eq!(rows, vec![2, 1, 1, 0]);
    }
}
