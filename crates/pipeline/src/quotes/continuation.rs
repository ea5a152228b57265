//! Quotes with no cue of their own that carry on the one before. After `قال X: …`, later
//! paragraphs of first-person speech continue the quote (one quote per paragraph,
//! `cue: null`) until the narrator resumes or someone else is named; after an indirect quote,
//! a paragraph opened by `إضافة إلى ذلك،`-type words does. Sentences of first-person speech
//! after an indirect quote in the same paragraph are the speaker's own words.

use super::{Engine, Found};
use crate::cues::CueForm;
use crate::document::QuoteKind;

/// Tokens at a paragraph's start within which a continuation opener's comma is looked for.
const CONTINUATION_COMMA_WINDOW: usize = 6;

impl Engine<'_> {
    /// After an indirect quote that ended at a sentence end, following sentences of the
    /// same paragraph in the first person are direct quotes of the same speaker.
    pub(super) fn first_person_tail(&self, mut k: usize, b: usize, out: &mut Vec<Found>) -> usize {
        let Some(prev) = out.last() else { return k };
        let speaker = prev.speaker;
        while k < b {
            // Skip the sentence-final punctuation the last quote left out.
            while k < b && self.toks[k].is_punct() {
                k += 1;
            }
            if k >= b {
                return k;
            }
            let end = self.sentence_end(k, b);
            // `، في إشارة إلى …`: the writer's aside, not the speaker's.
            if self.phrase_starts_at(k, &self.words().writer_asides) {
                return k;
            }
            // A sentence with a cue or a name is someone's new statement, or narration.
            if (k..end).any(|j| self.cue(j).is_some() || self.person_at[j].is_some()) || !(k..end).any(|j| self.first_person_word(j) || self.first_person_prefixed(j)) {
                return k;
            }
            if let Some(span) = self.content(k, end, b) {
                out.push(Found { kind: QuoteKind::Direct, speaker, span, cue: None, paragraph: self.toks[k].paragraph, open: end == b });
            }
            k = end;
        }
        k
    }

    /// Whether token `k` is a first-person pronoun or marker of the table.
    fn first_person_word(&self, k: usize) -> bool {
        let norm = &self.toks[k].norm;
        // The clitic splitter keeps `و` on some verbs (`ونعمل`); not on two letters (`ولي
        // العهد` is no `لي`).
        let unjoined = norm.strip_prefix('و').or_else(|| norm.strip_prefix('ف')).filter(|w| w.chars().count() >= 3);
        self.lex.first_person.contains(norm) || self.lex.first_person.contains(self.w(k)) || unjoined.is_some_and(|w| self.lex.first_person.contains(w))
    }

    /// A verb with `نا` (`لعبنا`, `حققنا`): first person plural.
    fn first_person_verb(&self, k: usize) -> bool {
        self.toks[k].is_word() && self.w(k).chars().count() >= 4 && self.w(k).ends_with("نا") && !self.lex.stopwords.contains(self.w(k))
    }

    /// A first-person verb shown by its prefix: the future `سنعمل`, or `ن`/`أ` after a
    /// particle that only takes a verb (`لن نسمح`, `لم أكن`).
    fn first_person_prefixed(&self, k: usize) -> bool {
        let words = self.words();
        let w = self.w(k);
        if !self.toks[k].is_word() {
            return false;
        }
        let future = w.chars().count() >= 5 && w.starts_with(words.first_person_future.as_str()) && !words.not_future_starts.iter().any(|s| w.starts_with(s.as_str()));
        let negated = k > 0 && words.verb_only_negations.matches(&self.toks[k - 1]) && (w.starts_with('ن') || w.starts_with('ا'));
        future || negated
    }

    /// Whether tokens `a..b` show first-person speech.
    fn speaks_in_first_person(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| self.first_person_word(k) || self.first_person_verb(k) || self.first_person_prefixed(k))
    }

    /// Paragraph `a..b` as the continuation of the previous one's quote, or `None` when the
    /// narrator resumes.
    pub(super) fn continuation(&self, prev: &Found, a: usize, b: usize) -> Option<Found> {
        let names_someone = (a..b).any(|k| self.person_at[k].is_some());
        // Only a cue that opens a statement counts (`وأضاف`, `مشيرا`, first word), not one in
        // the speaker's own relative clause (`مما أضاف لي`).
        let has_cue = (a..b).any(|k| {
            self.cue(k).map(|info| k == a || info.form == CueForm::Participle || (self.toks[k].conj && info.form == CueForm::Perfect)).unwrap_or(false)
        });
        if names_someone || has_cue {
            return None;
        }
        match prev.kind {
            QuoteKind::Direct => self.direct_continuation(prev, a, b),
            QuoteKind::Indirect => self.indirect_continuation(prev, a, b),
        }
    }

    /// Direct speech goes on in a paragraph in quotation marks or in the first person
    /// (headings, bylines and narration follow quotes too).
    fn direct_continuation(&self, prev: &Found, a: usize, b: usize) -> Option<Found> {
        let first_person = self.speaks_in_first_person(a, b);
        let narrator_opening = self.toks[a].conj && !first_person;
        // `كما …`, `كذلك …` not followed by a cue (`كما أكد`) adds to what was being said.
        let adds_on = self.words().additive_openers.matches(&self.toks[a]) && !self.toks[a].conj && (a + 1..b.min(a + 2)).all(|k| self.cue(k).is_none());
        if narrator_opening || !(self.opens_quotation(a) || first_person || adds_on || self.first_person_follows(b)) {
            return None;
        }
        let span = self.content(a, b, b)?;
        Some(Found { kind: QuoteKind::Direct, speaker: prev.speaker, span, cue: None, paragraph: self.toks[a].paragraph, open: true })
    }

    /// Whether the paragraph from `b` goes on in the first person with nobody new named and
    /// no cue: the speech runs through the paragraph before it, which shows no person of its
    /// own (`كانت فرصة مميزة …` between two paragraphs of `استفدت`, `تعرفت`).
    fn first_person_follows(&self, b: usize) -> bool {
        let Some(next) = self.toks.get(b) else { return false };
        let end = (b..self.toks.len()).find(|&k| self.toks[k].paragraph != next.paragraph).unwrap_or(self.toks.len());
        !self.toks[b].conj && self.speaks_in_first_person(b, end) && !(b..end).any(|k| self.person_at[k].is_some() || self.cue(k).is_some())
    }

    /// `إضافة إلى ذلك، …`: reported speech goes on after a continuation opener; the content
    /// starts after the opener's comma.
    fn indirect_continuation(&self, prev: &Found, a: usize, b: usize) -> Option<Found> {
        let comma = (a..b.min(a + CONTINUATION_COMMA_WINDOW)).find(|&k| self.toks[k].punct() == Some('،'))?;
        let opener: String = (a..comma).map(|k| self.toks[k].norm.clone()).collect::<Vec<_>>().join(" ");
        if !self.words().continuation_openers.contains(&opener) {
            return None;
        }
        let span = self.content(comma + 1, b, b)?;
        Some(Found { kind: QuoteKind::Indirect, speaker: prev.speaker, span, cue: None, paragraph: self.toks[a].paragraph, open: true })
    }
}
