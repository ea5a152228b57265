//! Paragraphs: the runs of text between line breaks, trimmed of surrounding whitespace.

use crate::span::Span;

/// Splits `chars` at line breaks; empty and whitespace-only lines are skipped.
pub fn paragraphs(chars: &[char]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || matches!(chars[i], '\n' | '\r' | '\u{2029}') {
            if let Some(span) = trim(chars, Span::new(start, i)) {
                out.push(span);
            }
            start = i + 1;
        }
    }
    out
}

/// Shrinks `span` to exclude surrounding whitespace and invisible controls; `None` if nothing is left.
pub fn trim(chars: &[char], span: Span) -> Option<Span> {
    let blank = |c: char| c.is_whitespace() || crate::normalize::is_invisible_control(c);
    let mut s = span.start;
    let mut e = span.end;
    while s < e && blank(chars[s]) {
        s += 1;
    }
    while e > s && blank(chars[e - 1]) {
        e -= 1;
    }
    (s < e).then(|| Span::new(s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_line_breaks_and_skips_blank_lines() {
        let text = " مسقط ـ «الوطن» :\r\n\n  نظم المركز لقاءه.  \nوقال المدير";
        let chars: Vec<char> = text.chars().collect();
        let got: Vec<String> = paragraphs(&chars).iter().map(|s| s.slice(&chars)).collect();
        assert_eq!(got, vec!["مسقط ـ «الوطن» :", "نظم المركز لقاءه.", "وقال المدير"]);
    }
}
