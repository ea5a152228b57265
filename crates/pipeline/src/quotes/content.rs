//! Where a quote's content ends: at the closing mark of its quotation marks (fragments
//! joined by `و` under one cue are one quote), or, unmarked, at the next cue, sentence end
//! or paragraph end; and what of it is the content (marks, final stops and dashes trimmed).

use super::marker::Opening;
use super::Engine;
use crate::cues::CueForm;
use crate::document::QuoteKind;
use qawl_tokenizer::Span;

/// Tokens between a cue inside direct speech and a colon that makes it a new quote's cue.
const MAX_WORDS_BEFORE_COLON: usize = 3;

/// A quote's content and where reading goes on.
pub(super) struct Content {
    pub span: Span,
    /// The token after the content.
    pub next: usize,
    /// Whether the content ran to the end of its paragraph (so the next may continue it).
    pub open: bool,
}

impl Engine<'_> {
    /// The content an opening opens, up to its end in paragraph `..b`.
    pub(super) fn content_of(&self, opening: &Opening, b: usize) -> Option<Content> {
        let start = opening.start;
        let (span, next, open) = if opening.closing {
            let open_at = if self.opens_quotation(start) { start } else { opening.marker };
            match self.closing_mark(open_at, b) {
                // A closed quotation does not run on: the writer would reopen the marks.
                Some(close) => {
                    let close = self.last_joined_fragment(close, b);
                    (self.content(open_at + 1, close, b), close + 1, false)
                }
                None => (self.content(open_at + 1, b, b), b, true),
            }
        } else if opening.kind == QuoteKind::Direct {
            let end = self.next_cue_with_subject(start, b).unwrap_or(b);
            (self.content(start, end, b), end, end == b)
        } else {
            let end = self.indirect_end(start, b);
            (self.content(start, end, b), end, end == b)
        };
        Some(Content { span: span?, next, open })
    }

    /// The mark that closes the quotation mark at token `open`, before `b`.
    pub(super) fn closing_mark(&self, open: usize, b: usize) -> Option<usize> {
        let o = self.toks[open].punct()?;
        let close = match o {
            '«' => '»',
            '“' => '”',
            _ => '"',
        };
        let mut depth = 0;
        for k in open + 1..b {
            let p = self.toks[k].punct();
            if p == Some(o) && o != '"' {
                depth += 1;
            } else if p == Some(close) {
                if depth == 0 {
                    return Some(k);
                }
                depth -= 1;
            }
        }
        None
    }

    /// `"…"، و"…"`: quoted fragments joined by و under one cue are one quote; the closing
    /// mark of the last one.
    fn last_joined_fragment(&self, mut close: usize, b: usize) -> usize {
        loop {
            let mut k = close + 1;
            if k < b && matches!(self.toks[k].punct(), Some('،' | ',')) {
                k += 1;
            }
            if !(k + 1 < b && self.toks[k].norm == "و" && self.opens_quotation(k + 1)) {
                return close;
            }
            match self.closing_mark(k + 1, b) {
                Some(next) => close = next,
                None => return close,
            }
        }
    }

    /// An indirect quote runs to the next cue or the end of its sentence.
    pub(super) fn indirect_end(&self, s: usize, b: usize) -> usize {
        if s >= b {
            return b;
        }
        let sent = self.toks[s].sentence;
        let mut depth = 0i32;
        // Straight marks opened inside the content (`…، "على الجانب الآخر، تحدثت تقارير …"`):
        // a cue between a pair that closes in the sentence is quoted speech, not a new report.
        let mut straight_open = false;
        for k in s..b {
            depth += self.mark_depth_change(k);
            if self.toks[k].sentence != sent {
                return k;
            }
            // (Only in content that opens unquoted: marks nested in a quotation cannot be paired.)
            if self.toks[k].punct() == Some('"') && !self.opens_quotation(s) {
                straight_open = !straight_open && self.straight_pair_opens(k, b);
                continue;
            }
            if straight_open {
                continue;
            }
            // `أن "صحة حائل" تبين …`: a quoted name that opens the content is its clause's
            // subject; the verb after it is no new cue. (Asked only at a cue: it looks for the
            // closing mark, which is a walk of its own.)
            if depth <= 0 && k > s && self.cue(k).is_some() && self.opens_new_quote(k) && !(k > s + 1 && self.quoted_subject_before(s, k, b)) {
                // `…، لكنه توقع`, `…، إلا أنه أكد`: the connective opens the next statement.
                return self.before_connective(s, k);
            }
            // `…، وعن اختياره X أوضح أن …`: a finite cue with its own complementizer after a
            // comma is a new report; the content ends at the comma.
            if depth <= 0 && k > s && self.finite_cue_before_complementizer(k) {
                if let Some(comma) = (s + 1..k).rev().find(|&j| matches!(self.toks[j].punct(), Some('،' | ','))) {
                    return comma;
                }
            }
            // `…، في إشارة إلى …`, or right after a closing mark (`"…" في إشارة إلى …`): the
            // writer's aside.
            if depth <= 0 && k > s && matches!(self.toks[k].punct(), Some('،' | ',')) && self.phrase_starts_at(k + 1, &self.words().writer_asides) {
                return k;
            }
            if depth <= 0 && k > s + 1 && matches!(self.toks[k - 1].punct(), Some('»' | '”' | '"')) && self.phrase_starts_at(k, &self.words().writer_asides) {
                return k;
            }
        }
        b
    }

    /// Whether the straight mark at `k` opens a quotation inside running content: it follows
    /// a comma or colon, and its pair closes before any full stop (an unpaired `"` often ends a
    /// statement opened sentences before, and the sentence splitter does not always cut after `".`).
    fn straight_pair_opens(&self, k: usize, b: usize) -> bool {
        let after_comma = k > 0 && matches!(self.toks[k - 1].punct(), Some('،' | ',' | ':'));
        let sent = self.toks[k].sentence;
        let close = (k + 1..b).take_while(|&j| self.toks[j].sentence == sent && !matches!(self.toks[j].punct(), Some('.' | '!' | '?' | '؟'))).find(|&j| self.toks[j].punct() == Some('"'));
        after_comma && close.is_some()
    }

    /// Token `k`, or the start of a connective (`لكنه`, `إلا أنه`) right before it that is
    /// not the whole content from `s`.
    fn before_connective(&self, s: usize, k: usize) -> usize {
        if k > s + 1 && self.is(k - 1, &self.words().connectives) {
            return k - 1;
        }
        match self.words().connective_phrases.iter().find(|p| p.len() < k - s && self.phrase_ends_at(k, std::slice::from_ref(p))) {
            Some(p) => k - p.len(),
            None => k,
        }
    }

    fn finite_cue_before_complementizer(&self, k: usize) -> bool {
        self.cue(k).is_some_and(|i| matches!(i.form, CueForm::Perfect | CueForm::Imperfect)) && k + 1 < self.toks.len() && self.is(k + 1, &self.words().complementizers)
    }

    /// Inside direct speech only a cue with a named subject (someone else speaking), one
    /// that opens its own colon (`قال لي فيها:`) or a participle after a comma ends it.
    fn next_cue_with_subject(&self, s: usize, b: usize) -> Option<usize> {
        (s + 1..b).find(|&k| self.cue(k).is_some() && k + 1 < b && (self.person_at[k + 1].is_some() || self.colon_after_cue(k, b) || self.participle_after_comma(k)))
    }

    /// `وقال: Y، مفيدا بأن Z`: a participle after a comma, with its marker, opens the next
    /// (indirect) quote.
    fn participle_after_comma(&self, k: usize) -> bool {
        let comma = k > 0 && matches!(self.toks[k - 1].punct(), Some('،' | ','));
        let participle = self.cue(k).is_some_and(|c| c.form == CueForm::Participle);
        comma && participle && k + 1 < self.toks.len() && (self.is(k + 1, &self.words().complementizers) || self.is(k + 1, &self.words().cue_prepositions))
    }

    /// A colon within a few tokens after the cue at `k`, in its sentence.
    fn colon_after_cue(&self, k: usize, b: usize) -> bool {
        let sent = self.toks[k].sentence;
        (k + 1..b.min(k + 1 + MAX_WORDS_BEFORE_COLON)).take_while(|&j| self.toks[j].sentence == sent).any(|j| self.toks[j].punct() == Some(':'))
    }

    /// A cue inside running text opens a new quote when it is a participle (`مشيرا`), carries
    /// a conjunction (`وأضاف`), or names its subject.
    fn opens_new_quote(&self, k: usize) -> bool {
        let Some(info) = self.cue(k) else { return false };
        if self.adjective_participle(k, info) {
            return false;
        }
        // After punctuation or a connective (`لكنه لفت إلى أن`, `كما أكد`) a cue starts a new statement.
        let prev_punct = k > 0 && (self.toks[k - 1].is_punct() || self.is(k - 1, &self.words().connectives) || self.phrase_ends_at(k, &self.words().connective_phrases));
        info.form == CueForm::Participle || self.toks[k].norm.starts_with('و') && info.form == CueForm::Perfect || prev_punct || (k + 1 < self.toks.len() && self.person_at[k + 1].is_some())
    }

    /// The content span between tokens `s` and `e`: quotation marks, final stops and dashes trimmed.
    pub(super) fn content(&self, s: usize, e: usize, b: usize) -> Option<Span> {
        let mut s = s;
        let mut e = e.min(b);
        // An opening mark whose quotation closes well inside the content is part of it
        // (`أن "صحة حائل" تبين …`).
        let closes_inside = |s: usize| self.closing_mark(s, e).is_some_and(|c| (c + 1..e).any(|k| self.toks[k].is_word()));
        while s < e && ((self.opens_quotation(s) && !closes_inside(s)) || matches!(self.toks[s].punct(), Some(':' | '،' | ','))) {
            s += 1;
        }
        // ANNOTATION.md: an opening `إن` inside quotation marks is outside the content (`: «إن …»`).
        if s + 1 < e && s > 0 && self.opens_quotation(s - 1) && self.is(s, &self.words().complementizers) {
            s += 1;
        }
        while e > s && matches!(self.toks[e - 1].punct(), Some('.' | '،' | ',' | ':' | '-' | '–' | '»' | '”' | '"' | ';' | '؛') | Some('ـ')) {
            e -= 1;
        }
        // The writer's `، بحسب تعبيره` at the end is outside the statement.
        if let Some(n) = self.words().trailing_attributions.iter().find(|p| p.len() < e - s && self.phrase_ends_at(e, std::slice::from_ref(p))).map(|p| p.len()) {
            e -= n;
            while e > s && matches!(self.toks[e - 1].punct(), Some('.' | '،' | ',' | '-' | '–')) {
                e -= 1;
            }
        }
        // A dash written as tatweel stands alone: drop it at the edge too.
        while e > s && self.toks[e - 1].norm.is_empty() {
            e -= 1;
        }
        if e <= s || (s..e).filter(|&k| self.toks[k].is_word()).count() < 2 {
            return None;
        }
        Some(Span::new(self.toks[s].span.start, self.toks[e - 1].span.end))
    }
}
