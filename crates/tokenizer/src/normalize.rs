//! Offset-keeping normalization of Arabic text, for matching and for the model.
//!
//! Like `tokenizers`' `NormalizedString`, every edit keeps an alignment: each character of
//! the normalized text remembers the original character it came from, so any span found on
//! the normalized text maps back to the exact characters of the input. Edits are only
//! one-to-one replacements, deletions and (for presentation forms) one-to-many expansions,
//! so the alignment is monotone.

use crate::span::Span;
use unicode_normalization::UnicodeNormalization;

/// Which edits to apply. `Default` is what matching and the model use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// Remove tashkeel (fatha, damma, kasra, shadda, sukun, tanwin, dagger alef, Quranic marks).
    pub diacritics: bool,
    /// Remove tatweel (kashida) `ـ` used to stretch words.
    pub tatweel: bool,
    /// Arabic-Indic `٠-٩` and Persian `۰-۹` digits become ASCII digits.
    pub digits: bool,
    /// `أ إ آ ٱ` become bare `ا`.
    pub alef: bool,
    /// Alef maqsura `ى` becomes `ي` (writers use them interchangeably at word ends).
    pub ya: bool,
    /// Ta marbuta `ة` becomes `ه`. Off by default: it is a real distinction (gender of roles).
    pub ta_marbuta: bool,
    /// Presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) become their base letters (NFKC).
    pub presentation_forms: bool,
    /// Remove zero-width and bidi control characters (ZWNJ, ZWJ, LRM, RLM, embeddings, BOM).
    pub controls: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            diacritics: true,
            tatweel: true,
            digits: true,
            alef: true,
            ya: true,
            ta_marbuta: false,
            presentation_forms: true,
            controls: true,
        }
    }
}

/// Normalized text with its alignment to the original.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    chars: Vec<char>,
    /// `origin[i]` is the original char index that normalized char `i` came from.
    origin: Vec<usize>,
    original_len: usize,
}

impl Normalized {
    pub fn new(original: &str, options: &NormalizeOptions) -> Self {
        let mut chars = Vec::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut original_len = 0;
        for (i, c) in original.chars().enumerate() {
            original_len = i + 1;
            match normalize_char(c, options) {
                Edit::Keep => {
                    chars.push(c);
                    origin.push(i);
                }
                Edit::Replace(r) => {
                    chars.push(r);
                    origin.push(i);
                }
                Edit::Expand(s) => {
                    for r in s.chars() {
                        // The expansion of a presentation form may itself need normalizing
                        // (a ligature with a hamza alef): apply the one-char rules again.
                        match normalize_char(r, options) {
                            Edit::Keep => chars.push(r),
                            Edit::Replace(r2) => chars.push(r2),
                            Edit::Expand(_) | Edit::Drop => continue,
                        }
                        origin.push(i);
                    }
                }
                Edit::Drop => {}
            }
        }
        Normalized { text: chars.iter().collect(), chars, origin, original_len }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The original char index of normalized char `i`.
    pub fn origin(&self, i: usize) -> usize {
        self.origin[i]
    }

    /// Maps a span of normalized chars back to the original: from the first source char to
    /// just after the last one. Characters dropped *inside* the span (diacritics) are
    /// covered; those dropped at its edges are not.
    pub fn to_original(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self.origin.get(span.start).copied().unwrap_or(self.original_len);
            return Span::new(at, at);
        }
        Span::new(self.origin[span.start], self.origin[span.end - 1] + 1)
    }
}

enum Edit {
    Keep,
    Replace(char),
    Expand(String),
    Drop,
}

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}')
}

/// Zero-width and bidi controls that change nothing a reader sees.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

fn normalize_char(c: char, o: &NormalizeOptions) -> Edit {
    if o.diacritics && is_diacritic(c) {
        return Edit::Drop;
    }
    if o.tatweel && c == '\u{0640}' {
        return Edit::Drop;
    }
    if o.controls && is_invisible_control(c) {
        return Edit::Drop;
    }
    if o.digits {
        if let '\u{0660}'..='\u{0669}' = c {
            return Edit::Replace(char::from(b'0' + (c as u32 - 0x0660) as u8));
        }
        if let '\u{06F0}'..='\u{06F9}' = c {
            return Edit::Replace(char::from(b'0' + (c as u32 - 0x06F0) as u8));
        }
    }
    if o.alef && matches!(c, 'أ' | 'إ' | 'آ' | 'ٱ') {
        return Edit::Replace('ا');
    }
    if o.ya && c == 'ى' {
        return Edit::Replace('ي');
    }
    if o.ta_marbuta && c == 'ة' {
        return Edit::Replace('ه');
    }
    if o.presentation_forms && is_presentation_form(c) {
        let base: String = std::iter::once(c).nfkc().filter(|r| *r != ' ').collect();
        return match base.chars().count() {
            0 => Edit::Drop,
            1 => Edit::Replace(base.chars().next().unwrap()),
            _ => Edit::Expand(base),
        };
    }
    Edit::Keep
}

/// Normalizes a short string for dictionary lookup (no alignment kept).
pub fn normalize_key(s: &str) -> String {
    Normalized::new(s, &NormalizeOptions::default()).as_str().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Normalized {
        Normalized::new(s, &NormalizeOptions::default())
    }

    #[test]
    fn strips_diacritics_and_tatweel_keeping_offsets() {
        let original = "مُحَمَّـــد قال";
        let n = norm(original);
        assert_eq!(n.as_str(), "محمد قال");
        let chars: Vec<char> = original.chars().collect();
        // "قال" in normalized text maps back to "قال" in the original.
        let span = n.to_original(Span::new(5, 8));
        assert_eq!(span.slice(&chars), "قال");
        // The whole name maps back with its inner diacritics and tatweel.
        let name = n.to_original(Span::new(0, 4));
        assert_eq!(name.slice(&chars), "مُحَمَّـــد");
    }

    #[test]
    fn unifies_alef_ya_and_digits() {
        assert_eq!(norm("إلى أن آلاف ٣٫٩ ۱۲").as_str(), "الي ان الاف 3٫9 12");
    }

    #[test]
    fn ta_marbuta_only_when_asked() {
        assert_eq!(norm("مديرة").as_str(), "مديرة");
        let o = NormalizeOptions { ta_marbuta: true, ..Default::default() };
        assert_eq!(Normalized::new("مديرة", &o).as_str(), "مديره");
    }

    #[test]
    fn expands_presentation_forms_and_drops_controls() {
        // ﻻ is the lam-alef ligature; U+200F is RLM; U+FEFF a BOM.
        let original = "\u{FEFF}ﻻ\u{200F}بد";
        let n = norm(original);
        assert_eq!(n.as_str(), "لابد");
        let chars: Vec<char> = original.chars().collect();
        assert_eq!(n.to_original(Span::new(0, 2)).slice(&chars), "ﻻ");
        assert_eq!(n.to_original(Span::new(2, 4)).slice(&chars), "بد");
    }

    #[test]
    fn edge_drops_are_outside_mapped_span() {
        let original = "ـعمانـ";
        let n = norm(original);
        assert_eq!(n.as_str(), "عمان");
        assert_eq!(n.to_original(Span::new(0, 4)), Span::new(1, 5));
        assert_eq!(n.to_original(Span::new(4, 4)), Span::new(6, 6));
    }
}
