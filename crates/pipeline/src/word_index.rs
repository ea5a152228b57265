//! Whole-word ids for the tagger's word vectors (`words.txt` beside the tagger: one
//! normalized word per line, line k is row k; row 0 is the unknown word).
//!
//! A word missing as written is looked up without its proclitics (`وبالرياض` → `الرياض`),
//! so the rarer clitic forms of a known word still get its vector.
//!
//! ```
//! use qawl_pipeline::word_index::WordIndex;
//! let index = WordIndex::new(["الرياض".to_string(), "قال".to_string()]);
//! assert_eq!(index.id("قال"), 2);
//! assert_eq!(index.id("وبالرياض"), 1, "a clitic form takes its word's row");
//! assert_eq!(index.id("جدة"), 0, "row 0 is the unknown word");
//! ```

use crate::error::Error;
use crate::features::stripped_forms;
use std::collections::HashMap;
use std::path::Path;

/// The word list's name in a tagger directory.
pub const WORDS_FILE: &str = "words.txt";

/// Normalized words and their rows in a tagger's word-vector table.
pub struct WordIndex {
    ids: HashMap<String, u32>,
}

impl WordIndex {
    /// Builds the index from words in row order (row 0 stays the unknown word).
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        let ids = words.into_iter().enumerate().map(|(k, w)| (w, k as u32 + 1)).collect();
        WordIndex { ids }
    }

    /// Reads `words.txt`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Lexicon { path: path.to_path_buf(), source })?;
        Ok(Self::new(text.lines().map(str::to_string)))
    }

    /// Rows in the vector table: the words plus the unknown row.
    pub fn rows(&self) -> usize {
        self.ids.len() + 1
    }

    /// The row of a normalized word, 0 when neither it nor its clitic-free forms are known.
    pub fn id(&self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        stripped_forms(word).iter().skip(1).find_map(|f| self.ids.get(f).copied()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_words_and_their_clitic_forms_share_a_row() {
        let idx = WordIndex::new(["الرياض".to_string(), "قال".to_string()]);
        assert_eq!(idx.rows(), 3);
        assert_eq!(idx.id("الرياض"), 1);
        assert_eq!(idx.id("وبالرياض"), 1);
        assert_eq!(idx.id("قال"), 2);
        assert_eq!(idx.id("جدة"), 0);
    }
}
