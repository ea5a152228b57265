//! A token view of a document for the rule stages: each word with its clitics split off.

use crate::lexicon::Lexicon;
use qawl_tokenizer::clitics::{segment, CliticKind};
use qawl_tokenizer::{normalize_key, Analysis, Span, WordKind};

#[derive(Clone, Debug)]
pub struct Tok {
    /// The whole word as written.
    pub span: Span,
    /// The word without conjunction/preposition clitics (article kept): where entity spans start.
    pub host: Span,
    pub kind: WordKind,
    /// Normalized whole word.
    pub norm: String,
    /// Normalized host.
    pub host_norm: String,
    /// The preposition clitic (ب ل ك) stripped off, if any.
    pub prep: Option<char>,
    /// Whether a conjunction (و ف) was stripped off.
    pub conj: bool,
    /// Whether the host starts with the article (`ال`, or the `ل` left of it in `لل`).
    pub article: bool,
    pub sentence: usize,
    pub paragraph: usize,
}

impl Tok {
    pub fn is_punct(&self) -> bool {
        self.kind == WordKind::Punct
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, WordKind::Arabic | WordKind::Latin)
    }

    /// Starts with the article (`ال`).
    pub fn definite(&self) -> bool {
        self.article
    }

    pub fn has_clitic(&self) -> bool {
        self.conj || self.prep.is_some()
    }

    /// The punctuation character of a one-char punctuation token.
    pub fn punct(&self) -> Option<char> {
        if self.is_punct() {
            self.norm.chars().next()
        } else {
            None
        }
    }
}

pub fn tokens(analysis: &Analysis, lex: &Lexicon) -> Vec<Tok> {
    let known = |w: &str| lex.is_known_stem(w);
    analysis
        .words
        .iter()
        .map(|w| {
            let (host, prep, conj, article) = if w.kind == WordKind::Arabic {
                let seg = segment(&analysis.chars, w.span, &known);
                let prep = seg.clitics.iter().find(|(_, k)| *k == CliticKind::Preposition).map(|(s, _)| analysis.chars[s.start]);
                let conj = seg.clitics.iter().any(|(_, k)| *k == CliticKind::Conjunction);
                (seg.host, prep, conj, seg.article.is_some())
            } else {
                (w.span, None, false, false)
            };
            let host_norm = normalize_key(&host.slice(&analysis.chars));
            Tok { span: w.span, host, kind: w.kind, norm: w.norm.clone(), host_norm, prep, conj, article, sentence: w.sentence, paragraph: w.paragraph }
        })
        .collect()
}
