//! Each word keeps its normalized form and its alignment: reading a part of the text off the
//! words gives what normalizing that part again would.

use qawl_tokenizer::{normalize_key, Analysis, Span};

const TEXTS: &[&str] = &[
    "وقالَ الوزيرُ أحمد\u{200f}: «نعمـــــ، اللقاءُ مهمٌّ». وأضاف أن ٣٫٩ مليار\n\nثم مضى الراجحيةمديرة ﻻ بأس  و\u{200c}بعد",
    "بالوزارة، لِلْبيت الأبيض - واس: ﷲ أكبر (https://x.y/z). يقارب80% #وسم @حساب",
];

fn texts() -> Vec<String> {
    let mut out: Vec<String> = TEXTS.iter().map(|t| t.to_string()).collect();
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/seed-gcc-meta.txt");
    if let Ok(t) = std::fs::read_to_string(seed) {
        out.push(t);
    }
    out
}

#[test]
fn any_span_reads_as_its_normalization() {
    for text in texts() {
        let a = Analysis::new(&text);
        let n = a.chars.len();
        let step = (n / 97).max(1);
        for start in (0..n).step_by(step) {
            for end in (start..=n.min(start + 60)).step_by(3) {
                let s = Span::new(start, end);
                assert_eq!(a.normalized(s), normalize_key(&a.slice(s)), "{s:?} of {:?}", a.slice(s));
            }
        }
    }
}

#[test]
fn word_parts_read_as_their_normalization() {
    for text in texts() {
        let a = Analysis::new(&text);
        for w in &a.words {
            for cut in w.span.start..=w.span.end {
                for part in [Span::new(w.span.start, cut), Span::new(cut, w.span.end)] {
                    assert_eq!(w.norm_of(part), normalize_key(&a.slice(part)));
                }
            }
        }
    }
}
