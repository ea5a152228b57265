//! What the word tagger reads for each word, built the same way for training sentences
//! (`qawl_train::labeled`) and for text at run time (`entities/model.rs`): the normalized word,
//! its form with every proclitic and the article off (`وبالرياض` → `رياض`: its second
//! frozen vector), and its lexicon feature bits.
//!
//! ```
//! use qawl_pipeline::word_inputs::{stem, word_input};
//! assert_eq!(stem("وبالرياض"), "رياض");
//! let input = word_input(vec!["محمد".into(), "للوزير".into()], None);
//! assert_eq!(input.stems, ["محمد", "وزير"]);
//! assert!(input.flags.is_empty(), "no flags without a feature lexicon");
//! ```

use crate::features::{stripped_forms, FeatureLexicon};
use qawl_tokenizer::Analysis;
use qawl_transformer::word::WordInput;

/// Each sentence's normalized words, with the index of its first word among the analysis'
/// words (words come in text order, so each sentence is one run of them): what a tagger
/// reads, at run time, in pre-training and in the benchmarks.
///
/// ```
/// use qawl_pipeline::word_inputs::sentences;
/// let analysis = qawl_tokenizer::Analysis::new("قال علي. ثم سافر.");
/// let firsts: Vec<usize> = sentences(&analysis).map(|(first, _)| first).collect();
/// assert_eq!(firsts[0], 0);
/// assert!(firsts.len() == 2 && firsts[1] > 0);
/// ```
pub fn sentences(analysis: &Analysis) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
    let mut first = 0;
    analysis.words.chunk_by(|a, b| a.sentence == b.sentence).map(move |sentence| {
        let at = first;
        first += sentence.len();
        (at, sentence.iter().map(|w| w.norm.clone()).collect())
    })
}

/// The word tagger's input for the normalized words of one sentence; no flags without a
/// lexicon.
pub fn word_input(words: Vec<String>, lexicon: Option<&FeatureLexicon>) -> WordInput {
    let stems = words.iter().map(|w| stem(w)).collect();
    let flags = match lexicon {
        Some(l) => l.word_features(&words).into_iter().map(u32::from).collect(),
        None => Vec::new(),
    };
    WordInput { words, stems, flags }
}

/// The word without its proclitics and article: the article-less form of the first
/// clitic-free form that has the article (`للوزير` → `الوزير` → `وزير`), else the
/// shortest form ([`stripped_forms`]).
pub fn stem(word: &str) -> String {
    let forms = stripped_forms(word);
    if let Some(with_article) = forms.iter().find(|f| f.starts_with("ال") && f.chars().count() > 3) {
        return with_article.chars().skip(2).collect();
    }
    forms.last().cloned().unwrap_or_default()
}

/// Lexicon flags per word of the scheme [`crate::features::SCHEME`].
pub const FLAG_COUNT: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_lose_clitics_and_article() {
        let input = word_input(vec!["وبالرياض".into(), "محمد".into(), "للوزير".into()], None);
        assert_eq!(input.stems, vec!["رياض", "محمد", "وزير"]);
        assert!(input.flags.is_empty());
    }
}
