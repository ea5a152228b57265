//! Sentences inside a paragraph.
//!
//! A sentence ends at `.`, `!`, `?`, `؟`, `;`, `؛` or `…`, followed by any closing quote or
//! bracket. It never ends inside «…», “…” or "…" (a quoted statement is one unit for quote
//! attribution), and a full stop between digits (`3.9`) is a decimal point. The Arabic
//! comma `،` is not a boundary: news writers chain clauses with it, and a cue such as
//! `مشيرا إلى أن` after a comma continues the same sentence's speaker. A full stop after a
//! title abbreviated to one letter (`د. خالد`, `م. سعيد`, `أ.د. سالم`) is no boundary either: the
//! title and the name it introduces are one subject.

use crate::span::Span;
use crate::paragraphs::trim;

const TERMINALS: &[char] = &['.', '!', '?', '؟', ';', '؛', '…'];
const CLOSERS: &[char] = &['»', '”', '"', ')', ']', '’', '\''];
/// Titles written as one letter and a full stop before a name: doctor, engineer, ustadh. The
/// quote rules read the same letters as honorifics before a name.
pub const TITLE_ABBREVIATIONS: &[char] = &['د', 'م', 'أ'];

/// Splits the paragraph `para` of `chars` into sentences.
pub fn sentences(chars: &[char], para: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = para.start;
    let mut guillemets = 0usize; // « … » nesting
    let mut curly = 0usize; // “ … ” nesting
    let mut straight_open = false; // " … " toggles
    let mut i = para.start;
    while i < para.end {
        let c = chars[i];
        match c {
            '«' => guillemets += 1,
            '»' => guillemets = guillemets.saturating_sub(1),
            '“' => curly += 1,
            '”' => curly = curly.saturating_sub(1),
            '"' => straight_open = !straight_open,
            _ => {}
        }
        let quoted = guillemets > 0 || curly > 0 || straight_open;
        if !quoted && TERMINALS.contains(&c) && !is_decimal_point(chars, i, para) && !is_title_abbreviation(chars, i, para) {
            let mut end = i + 1;
            while end < para.end && (TERMINALS.contains(&chars[end]) || CLOSERS.contains(&chars[end])) {
                if chars[end] == '"' {
                    // A straight quote right after the stop closes nothing we opened: keep it for the next sentence.
                    break;
                }
                end += 1;
            }
            if let Some(s) = trim(chars, Span::new(start, end)) {
                out.push(s);
            }
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if let Some(s) = trim(chars, Span::new(start, para.end)) {
        out.push(s);
    }
    out
}

/// `د.` before a name: the stop follows a lone title letter (at the paragraph start or after a
/// space or another abbreviation's stop, never after a number: `2015 م.` ends a sentence) and
/// a letter follows, after one space or directly (`أ.د.`).
fn is_title_abbreviation(chars: &[char], i: usize, para: Span) -> bool {
    if chars[i] != '.' || i == para.start || !TITLE_ABBREVIATIONS.contains(&chars[i - 1]) {
        return false;
    }
    let letter_before = i - 1;
    let lone = letter_before == para.start || {
        let b = chars[letter_before - 1];
        b == '.' || (b.is_whitespace() && !preceded_by_number(chars, letter_before - 1, para))
    };
    let next = if i + 1 < para.end && chars[i + 1] == ' ' { i + 2 } else { i + 1 };
    lone && next < para.end && chars[next].is_alphabetic()
}

/// Whether the word before the space at `space` ends in a digit.
fn preceded_by_number(chars: &[char], space: usize, para: Span) -> bool {
    space > para.start && chars[space - 1].is_numeric()
}

fn is_decimal_point(chars: &[char], i: usize, para: Span) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c);
    chars[i] == '.' && i > para.start && i + 1 < para.end && digit(chars[i - 1]) && digit(chars[i + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        sentences(&chars, Span::new(0, chars.len())).iter().map(|s| s.slice(&chars)).collect()
    }

    #[test]
    fn splits_on_arabic_and_latin_punctuation() {
        assert_eq!(
            split("وصل الوزير. هل انتهى الاجتماع؟ نعم؛ انتهى! ثم غادر"),
            vec!["وصل الوزير.", "هل انتهى الاجتماع؟", "نعم؛", "انتهى!", "ثم غادر"]
        );
    }

    #[test]
    fn keeps_decimals_whole() {
        assert_eq!(split("أكثر من 3.9 مليار مستخدم. وأضاف"), vec!["أكثر من 3.9 مليار مستخدم.", "وأضاف"]);
    }

    #[test]
    fn never_splits_inside_quotes() {
        assert_eq!(
            split("قال: «نحن هنا. وسنبقى!» ثم غادر. وقالت “لا. أبدا” فقط"),
            vec!["قال: «نحن هنا. وسنبقى!» ثم غادر.", "وقالت “لا. أبدا” فقط"]
        );
        assert_eq!(split("وصف \"صراع جيلنا. كله\" بدقة. انتهى"), vec!["وصف \"صراع جيلنا. كله\" بدقة.", "انتهى"]);
    }

    #[test]
    fn title_abbreviations_do_not_end_a_sentence() {
        assert_eq!(split("وأشار د. خالد السالم إلى أن العمل بدأ. وانتهى"), vec!["وأشار د. خالد السالم إلى أن العمل بدأ.", "وانتهى"]);
        assert_eq!(split("وأوضح م. سعيد العمري أن المشروع جاهز."), vec!["وأوضح م. سعيد العمري أن المشروع جاهز."]);
        assert_eq!(split("قال أ.د. سالم الهاشمي إن البحث انتهى."), vec!["قال أ.د. سالم الهاشمي إن البحث انتهى."]);
        // A year's era letter after a number, and a word that merely ends in the letter, still end one.
        assert_eq!(split("افتتح عام 2015 م. وبعده توسع"), vec!["افتتح عام 2015 م.", "وبعده توسع"]);
        assert_eq!(split("وصل الوفد إلى البلد. ثم غادر"), vec!["وصل الوفد إلى البلد.", "ثم غادر"]);
    }

    #[test]
    fn arabic_comma_is_not_a_boundary() {
        assert_eq!(split("أكد أن الخطة جاهزة، مشيرا إلى أن التنفيذ قريب."), vec!["أكد أن الخطة جاهزة، مشيرا إلى أن التنفيذ قريب."]);
    }
}
