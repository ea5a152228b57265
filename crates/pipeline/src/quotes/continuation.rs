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
            if (k..end).any(|j| self.cue(j).is_some() || self.person_at[j].is_some()) || !(k..end).any(|j| self.first_person_word(j)) {
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
        self.lex.first_person.contains(&self.toks[k].norm) || self.lex.first_person.contains(self.w(k))
    }

    /// A verb with `نا` (`لعبنا`, `حققنا`): first person plural.
    fn first_person_verb(&self, k: usize) -> bool {
        self.toks[k].is_word() && self.w(k).chars().count() >= 4 && self.w(k).ends_with("نا") && !self.lex.stopwords.contains(self.w(k))
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
        let first_person = (a..b).any(|k| self.first_person_word(k) || self.first_person_verb(k));
        let narrator_opening = self.toks[a].conj && !first_person;
        if narrator_opening || !(self.opens_quotation(a) || first_person) {
            return None;
        }
        let span = self.content(a, b, b)?;
        Some(Found { kind: QuoteKind::Direct, speaker: prev.speaker, span, cue: None, paragraph: self.toks[a].paragraph, open: true })
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
