//! A token view of a document for the rule stages: each word with its clitics split off,
//! built once per document ([`Context::new`]) and read by every stage.

use crate::lexicon::Lexicon;
use qawl_tokenizer::clitics::{segment, CliticKind};
use qawl_tokenizer::{Analysis, Span, WordKind};
use std::ops::Range;

/// What every stage reads about one document: the text layer's analysis, the token view
/// over its words (one token per word) and the lexicon. Built once by the pipeline.
pub(crate) struct Context<'a> {
    pub analysis: &'a Analysis,
    pub tokens: &'a [Tok],
    pub lexicon: &'a Lexicon,
}

impl Context<'_> {
    /// The text as code points: offsets index this.
    pub fn chars(&self) -> &[char] {
        &self.analysis.chars
    }

    /// The spans of the whitespace-separated pieces of the text in `span` (as
    /// `str::split_whitespace` cuts it), each trimmed of the chars `trim` accepts at its ends.
    pub fn pieces<'s>(&'s self, span: Span, trim: impl Fn(char) -> bool + 's) -> impl Iterator<Item = Span> + 's {
        let chars = &self.analysis.chars[span.start..span.end];
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < chars.len() && chars[at].is_whitespace() {
                at += 1;
            }
            if at >= chars.len() {
                return None;
            }
            let (mut a, mut b) = (at, at);
            while b < chars.len() && !chars[b].is_whitespace() {
                b += 1;
            }
            at = b;
            while a < b && trim(chars[a]) {
                a += 1;
            }
            while b > a && trim(chars[b - 1]) {
                b -= 1;
            }
            Some(Span::new(span.start + a, span.start + b))
        })
    }

    /// The normalized first word of a span (`normalize_key` of its first whitespace piece).
    pub fn first_word_norm(&self, span: Span) -> String {
        self.pieces(span, |_| false).next().map(|p| self.analysis.normalized(p)).unwrap_or_default()
    }
}

#[derive(Clone, Debug)]
pub struct Tok {
    /// The whole word as written.
    pub span: Span,
    /// The word without conjunction/preposition clitics (article kept): where entity spans start.
    pub host: Span,
    pub kind: WordKind,
    /// Normalized whole word.
    pub norm: String,
    /// Normalized host (read off the word's normalized form).
    pub host_norm: String,
    /// Where `host_norm` starts in the word's normalized form ([`qawl_tokenizer::AnalyzedWord::norm`]).
    pub host_norm_at: usize,
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

/// The tokens a span touches, found by binary search (tokens are in text order and do not
/// overlap): those that [overlap](Span::overlaps) it, or for an empty span the token it
/// falls strictly inside, if any.
pub fn token_range(toks: &[Tok], span: Span) -> Range<usize> {
    let first = toks.partition_point(|t| t.span.end <= span.start);
    let end = first + toks[first..].partition_point(|t| t.span.start < span.end);
    first..end
}

/// The first token at or after `j` (and before `limit`) that starts at or after char `end`:
/// where reading goes on after a span that ends at `end`.
pub fn skip_to_char(toks: &[Tok], mut j: usize, end: usize, limit: usize) -> usize {
    while j < limit && toks[j].span.start < end {
        j += 1;
    }
    j
}

/// The span of tokens `first..end`: from the host of the first (its clitics left out, as
/// entity spans start) to the end of the last.
pub fn host_span(toks: &[Tok], first: usize, end: usize) -> Span {
    Span::new(toks[first].host.start, toks[end - 1].span.end)
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
            let range = w.norm_range(host);
            let host_norm = w.norm.chars().skip(range.start).take(range.len()).collect();
            Tok { span: w.span, host, kind: w.kind, norm: w.norm.clone(), host_norm, host_norm_at: range.start, prep, conj, article, sentence: w.sentence, paragraph: w.paragraph }
        })
        .collect()
}
