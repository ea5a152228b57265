//! Words: the units taggers and rules look at.
//!
//! Arabic words keep their diacritics and tatweel (normalization happens later, with offsets);
//! numbers keep their decimal point, thousands separator and percent sign (`3.9`, `80%`,
//! `٣٫٩`); a number glued to a word (`يقارب80%`) is split from it; Latin words, hashtags,
//! @mentions and URLs are one token each; every other non-space character is punctuation.

use crate::span::Span;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordKind {
    Arabic,
    Latin,
    Number,
    Hashtag,
    Mention,
    Url,
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    pub span: Span,
    pub kind: WordKind,
}

pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// Marks written on or between Arabic letters that belong to the word: tashkeel, tatweel, ZWNJ/ZWJ.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' | '\u{200C}' | '\u{200D}')
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// Splits `span` of `chars` into words.
pub fn words(chars: &[char], span: Span) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = span.start;
    let end = span.end;
    let take_while = |mut j: usize, f: &dyn Fn(char) -> bool| {
        while j < end && f(chars[j]) {
            j += 1;
        }
        j
    };
    while i < end {
        let c = chars[i];
        if c.is_whitespace() || crate::normalize::is_invisible_control(c) {
            i += 1;
            continue;
        }
        let (j, kind) = if let Some(j) = url_end(chars, i, end) {
            (j, WordKind::Url)
        } else if (c == '#' || c == '@') && i + 1 < end && (is_arabic_letter(chars[i + 1]) || chars[i + 1].is_alphanumeric()) {
            let j = take_while(i + 1, &|c| c.is_alphanumeric() || c == '_' || is_arabic_mark(c));
            (j, if c == '#' { WordKind::Hashtag } else { WordKind::Mention })
        } else if is_arabic_letter(c) {
            (take_while(i, &|c| is_arabic_letter(c) || is_arabic_mark(c)), WordKind::Arabic)
        } else if is_digit(c) {
            (number_end(chars, i, end), WordKind::Number)
        } else if is_latin(c) {
            (take_while(i, &|c| is_latin(c) || c.is_ascii_digit()), WordKind::Latin)
        } else {
            (i + 1, WordKind::Punct)
        };
        out.push(Word { span: Span::new(i, j), kind });
        i = j;
    }
    out
}

fn number_end(chars: &[char], start: usize, end: usize) -> usize {
    let mut j = start;
    while j < end {
        let c = chars[j];
        if is_digit(c) {
            j += 1;
        } else if matches!(c, '.' | ',' | '٫' | '٬') && j + 1 < end && is_digit(chars[j + 1]) {
            j += 1;
        } else {
            break;
        }
    }
    if j < end && matches!(chars[j], '%' | '٪') {
        j += 1;
    }
    j
}

fn url_end(chars: &[char], start: usize, end: usize) -> Option<usize> {
    let rest: String = chars[start..end.min(start + 8)].iter().collect::<String>().to_ascii_lowercase();
    if !(rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.")) {
        return None;
    }
    let mut j = start;
    while j < end && !chars[j].is_whitespace() && !matches!(chars[j], '«' | '»' | '"' | '“' | '”' | '،') {
        j += 1;
    }
    // A sentence-final stop or bracket is not part of the address.
    while j > start && matches!(chars[j - 1], '.' | ',' | ')' | ';' | '؛' | '!' | '?' | '؟') {
        j -= 1;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(String, WordKind)> {
        let chars: Vec<char> = text.chars().collect();
        words(&chars, Span::new(0, chars.len())).iter().map(|w| (w.span.slice(&chars), w.kind)).collect()
    }

    #[test]
    fn splits_words_numbers_and_punctuation() {
        use WordKind::*;
        assert_eq!(
            split("ما يقارب80% من 3.9 مليار، و«ميتا»."),
            vec![
                ("ما".into(), Arabic),
                ("يقارب".into(), Arabic),
                ("80%".into(), Number),
                ("من".into(), Arabic),
                ("3.9".into(), Number),
                ("مليار".into(), Arabic),
                ("،".into(), Punct),
                ("و".into(), Arabic),
                ("«".into(), Punct),
                ("ميتا".into(), Arabic),
                ("»".into(), Punct),
                (".".into(), Punct),
            ]
        );
    }

    #[test]
    fn keeps_tashkeel_and_tatweel_inside_words() {
        assert_eq!(split("تمكّن الحكومـــة"), vec![("تمكّن".into(), WordKind::Arabic), ("الحكومـــة".into(), WordKind::Arabic)]);
    }

    #[test]
    fn latin_hashtags_mentions_urls() {
        use WordKind::*;
        assert_eq!(
            split("زوروا https://example.com/a?b=1. عبر #عمان_2040 و@gov_om على WhatsApp ٢٠٢٤"),
            vec![
                ("زوروا".into(), Arabic),
                ("https://example.com/a?b=1".into(), Url),
                (".".into(), Punct),
                ("عبر".into(), Arabic),
                ("#عمان_2040".into(), Hashtag),
                ("و".into(), Arabic),
                ("@gov_om".into(), Mention),
                ("على".into(), Arabic),
                ("WhatsApp".into(), Latin),
                ("٢٠٢٤".into(), Number),
            ]
        );
    }
}
