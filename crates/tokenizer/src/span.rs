//! Character spans: the one coordinate system every stage speaks.
//!
//! Offsets count Unicode code points (as Python `str` indexing does), `end` exclusive,
//! into the original text, as `../shared/ANNOTATION.md` requires.

use serde::{Deserialize, Serialize};

/// A half-open range of code points `[start, end)` in the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies inside this span (edges may touch; an equal span is inside).
    ///
    /// ```
    /// use qawl_tokenizer::Span;
    /// assert!(Span::new(0, 10).contains(&Span::new(2, 10)));
    /// assert!(!Span::new(0, 10).contains(&Span::new(8, 12)));
    /// ```
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// How many code points the two spans share.
    ///
    /// ```
    /// use qawl_tokenizer::Span;
    /// assert_eq!(Span::new(0, 10).overlap(&Span::new(8, 12)), 2);
    /// assert_eq!(Span::new(0, 10).overlap(&Span::new(10, 12)), 0);
    /// ```
    pub fn overlap(&self, other: &Span) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }

    /// Whether the two spans share at least one code point: the one overlap test of every
    /// stage. Spans that only touch (`0..5`, `5..9`) do not overlap, and an empty span
    /// overlaps nothing.
    ///
    /// ```
    /// use qawl_tokenizer::Span;
    /// assert!(Span::new(0, 10).overlaps(&Span::new(9, 12)));
    /// assert!(!Span::new(0, 5).overlaps(&Span::new(5, 9)));
    /// assert!(!Span::new(0, 10).overlaps(&Span::new(4, 4)));
    /// ```
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start.max(other.start) < self.end.min(other.end)
    }

    /// The characters of `chars` this span covers.
    pub fn slice(&self, chars: &[char]) -> String {
        chars[self.start..self.end].iter().collect()
    }
}

/// Code-point access to a string: Rust strings index bytes, our offsets count chars.
#[derive(Clone, Debug)]
pub struct CharText {
    chars: Vec<char>,
}

impl CharText {
    pub fn new(text: &str) -> Self {
        CharText { chars: text.chars().collect() }
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

    pub fn slice(&self, span: Span) -> String {
        span.slice(&self.chars)
    }
}
