//! Skip-gram vectors of whole words (`qawl embed --words`), the word-vector table a subword
//! tagger reads beside its pieces.

use qawl_transformer::train::{skipgram, unit_rows, SkipGramConfig};
use std::collections::HashMap;

/// The `n` most frequent words of `texts` seen at least `min_count` times, most frequent
/// first (ties in word order).
pub fn frequent_words(texts: &[Vec<String>], n: usize, min_count: u64) -> Vec<String> {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for t in texts {
        for w in t {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, u64)> = counts.into_iter().filter(|&(_, c)| c >= min_count).collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    ranked.truncate(n);
    ranked.iter().map(|(w, _)| w.to_string()).collect()
}

/// Each text as row ids of `words` (row `k + 1` for `words[k]`), words not listed left out.
pub fn word_rows(texts: &[Vec<String>], words: &[String]) -> Vec<Vec<u32>> {
    let index: HashMap<&str, u32> = words.iter().enumerate().map(|(k, w)| (w.as_str(), k as u32 + 1)).collect();
    texts.iter().map(|t| t.iter().filter_map(|w| index.get(w.as_str()).copied()).collect()).collect()
}

/// Skip-gram vectors of `rows` rows (row 0 for unknown words, left zero), unit length.
pub fn word_vectors(sequences: &[Vec<u32>], rows: usize, cfg: &SkipGramConfig) -> Vec<f32> {
    let mut table = skipgram(sequences, rows, cfg, &mut |_| {});
    table[..cfg.dim].iter_mut().for_each(|x| *x = 0.0);
    unit_rows(&mut table, cfg.dim);
    table
}
