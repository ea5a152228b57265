//! Character n-grams of a word, as fastText cuts them (Bojanowski et al. 2017): the word
//! is wrapped in `<` and `>`, and every run of `minn..=maxn` characters of the wrapped
//! form is one n-gram (`<` and `>` alone are not). A word the vectors never saw still has
//! n-grams, so it still gets a vector: a transliterated name shares `<فيل`, `يلي` with
//! the names it resembles.
//!
//! Words are looked up by [`word_key`]: the caller's normalized form (alef forms, ya,
//! tashkeel, tatweel already handled) with every digit as `0`, so `2015` and `1998` share
//! a vector.

/// The form a word is stored and looked up under: ASCII digits become `0`.
pub fn word_key(word: &str) -> String {
    word.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
}

/// The n-grams of `word` (already a [`word_key`]) with `minn..=maxn` characters, in order
/// of position then length. Empty when `minn > maxn`.
pub fn char_ngrams(word: &str, minn: usize, maxn: usize) -> Vec<String> {
    let chars: Vec<char> = std::iter::once('<').chain(word.chars()).chain(std::iter::once('>')).collect();
    let mut out = Vec::new();
    for start in 0..chars.len() {
        for n in minn.max(1)..=maxn {
            let end = start + n;
            if end > chars.len() {
                break;
            }
            if n == 1 && (start == 0 || end == chars.len()) {
                continue;
            }
            out.push(chars[start..end].iter().collect());
        }
    }
    out
}

/// 32-bit FNV-1a of the UTF-8 bytes, as fastText hashes n-grams into buckets.
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for &b in s.as_bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(16_777_619);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngrams_of_a_wrapped_word() {
        assert_eq!(char_ngrams("ab", 2, 3), vec!["<a", "<ab", "ab", "ab>", "b>"]);
        // The whole wrapped word counts when it is short enough.
        assert!(char_ngrams("ab", 2, 4).contains(&"<ab>".to_string()));
        // Arabic: characters, not bytes.
        assert_eq!(char_ngrams("قال", 5, 5), vec!["<قال>"]);
        assert!(char_ngrams("x", 3, 2).is_empty());
    }

    #[test]
    fn digits_share_a_key_and_hashes_are_fnv() {
        assert_eq!(word_key("عام2015"), "عام0000");
        // Reference values of 32-bit FNV-1a.
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
    }
}
