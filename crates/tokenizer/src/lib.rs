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

/// A word with its normalized form and the sentence and paragraph it sits in.
#[derive(Clone, Debug)]
pub struct AnalyzedWord {
    pub span: Span,
    pub kind: WordKind,
    /// Normalized form ([`NormalizeOptions::default`]) used for lexicon lookup and the model.
    pub norm: String,
    pub sentence: usize,
    pub paragraph: usize,
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
                    let norm = Normalized::new(&raw, &options).as_str().to_string();
                    out_words.push(AnalyzedWord { span: w.span, kind: w.kind, norm, sentence: s, paragraph: p });
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
        let word = &self.words[w];
        let raw: String = word.span.slice(&self.chars);
        let n = Normalized::new(&raw, &NormalizeOptions::default());
        let local = n.to_original(Span::new(start, end));
        Span::new(word.span.start + local.start, word.span.start + local.end)
    }
}
