//! # qawl-tokenizer: the Arabic text layer
//!
//! Turns Arabic text into paragraphs, sentences, words, clitic segments and subword pieces,
//! keeping every offset in code points of the *original* text (as `../shared/ANNOTATION.md`
//! requires), so any span found downstream slices the input exactly.
//!
//! ```
//! use qawl_tokenizer::Analysis;
//! let a = Analysis::new("وقال المدير: «اللقاء مهم».\nوأضاف أن 3.9 مليار.");
//! assert_eq!(a.paragraphs.len(), 2);
//! let w = &a.words[1];
//! assert_eq!(a.slice(w.span), "المدير");
//! assert_eq!(w.norm, "المدير");
//! ```

pub mod clitics;
pub mod error;
pub mod normalize;
pub mod paragraphs;
pub mod sentences;
pub mod span;
pub mod subword;
pub mod words;

pub use error::Error;
pub use normalize::{normalize_key, NormalizeOptions, Normalized};
pub use span::{CharText, Span};
pub use subword::{Piece, Subwords};
pub use words::{Word, WordKind};

/// A word with its normalized form, the alignment of that form to the original, and the
/// sentence and paragraph it sits in (like `tokenizers`' `NormalizedString` per split).
#[derive(Clone, Debug)]
pub struct AnalyzedWord {
    pub span: Span,
    pub kind: WordKind,
    /// Normalized form ([`NormalizeOptions::default`]) used for lexicon lookup and the model.
    pub norm: String,
    /// For each char of `norm`, the char of the original word it came from, counted from
    /// `span.start`: non-decreasing, so any range of `norm` maps back to the original.
    pub origin: Vec<usize>,
    pub sentence: usize,
    pub paragraph: usize,
}

impl AnalyzedWord {
    /// The original span of `norm`'s chars `start..end` (as [`Normalized::to_original`]).
    ///
    /// ```
    /// let a = qawl_tokenizer::Analysis::new("وقالَ");
    /// let w = &a.words[0];
    /// assert_eq!(w.norm, "وقال");
    /// assert_eq!(w.to_original(1, 4), qawl_tokenizer::Span::new(1, 4));
    /// ```
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        let local = if start >= end {
            let at = self.origin.get(start).copied().unwrap_or(self.span.len());
            Span::new(at, at)
        } else {
            Span::new(self.origin[start], self.origin[end - 1] + 1)
        };
        Span::new(self.span.start + local.start, self.span.start + local.end)
    }

    /// The range of `norm`'s chars that come from the original chars `part` (a part of the
    /// word, such as its host without clitics).
    pub fn norm_range(&self, part: Span) -> std::ops::Range<usize> {
        let from = |at: usize| self.origin.partition_point(|&o| self.span.start + o < at);
        from(part.start)..from(part.end)
    }

    /// The normalized form of a part of the word: [`normalize_key`] of its original chars,
    /// read off `norm` instead of normalizing again.
    ///
    /// ```
    /// let a = qawl_tokenizer::Analysis::new("بالوزارةِ");
    /// let w = &a.words[0];
    /// assert_eq!(w.norm_of(qawl_tokenizer::Span::new(1, 9)), "الوزارة");
    /// ```
    pub fn norm_of(&self, part: Span) -> String {
        let r = self.norm_range(part);
        self.norm.chars().skip(r.start).take(r.len()).collect()
    }
}

/// The text layer's view of one document.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub chars: Vec<char>,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    /// Index of the paragraph each sentence belongs to.
    pub sentence_paragraph: Vec<usize>,
    pub words: Vec<AnalyzedWord>,
}

impl Analysis {
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let paragraphs = paragraphs::paragraphs(&chars);
        let mut sentences = Vec::new();
        let mut sentence_paragraph = Vec::new();
        let mut out_words = Vec::new();
        let options = NormalizeOptions::default();
        for (p, para) in paragraphs.iter().enumerate() {
            for sent in sentences::sentences(&chars, *para) {
                let s = sentences.len();
                for w in words::words(&chars, sent) {
                    let raw: String = w.span.slice(&chars);
                    let n = Normalized::new(&raw, &options);
                    let origin = (0..n.len()).map(|i| n.origin(i)).collect();
                    out_words.push(AnalyzedWord { span: w.span, kind: w.kind, norm: n.as_str().to_string(), origin, sentence: s, paragraph: p });
                }
                sentences.push(sent);
                sentence_paragraph.push(p);
            }
        }
        Analysis { chars, paragraphs, sentences, sentence_paragraph, words: out_words }
    }

    pub fn slice(&self, span: Span) -> String {
        span.slice(&self.chars)
    }

    /// Maps a char range inside word `w`'s normalized form back to original chars.
    pub fn word_subspan(&self, w: usize, start: usize, end: usize) -> Span {
        self.words[w].to_original(start, end)
    }

    /// [`normalize_key`] of the text of `span`, read off the words' normalized forms (the
    /// whitespace between words kept, invisible controls dropped) instead of normalizing again.
    ///
    /// ```
    /// use qawl_tokenizer::{normalize_key, Analysis, Span};
    /// let a = Analysis::new("قالَ الوزيرُ أحمد\u{200f}: نعم");
    /// let s = Span::new(2, 17);
    /// assert_eq!(a.normalized(s), normalize_key(&a.slice(s)));
    /// ```
    pub fn normalized(&self, span: Span) -> String {
        let mut out = String::new();
        let mut at = span.start;
        let first = self.words.partition_point(|w| w.span.end <= span.start);
        for w in self.words[first..].iter().take_while(|w| w.span.start < span.end) {
            self.push_gap(&mut out, at, w.span.start.max(span.start));
            let part = Span::new(w.span.start.max(span.start), w.span.end.min(span.end));
            let r = w.norm_range(part);
            out.extend(w.norm.chars().skip(r.start).take(r.len()));
            at = part.end;
        }
        self.push_gap(&mut out, at, span.end);
        out
    }

    /// The chars between words that normalization keeps: whitespace (the rest are controls).
    fn push_gap(&self, out: &mut String, from: usize, to: usize) {
        out.extend(self.chars[from.min(to)..to.min(self.chars.len())].iter().filter(|c| c.is_whitespace()));
    }
}
