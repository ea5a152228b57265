//! Attributions with no speech verb of their own: `بحسب X` / `وفقا لـX` / `كما يقول X` with a
//! person X (ANNOTATION.md: an indirect quote with that cue). Leading, the statement follows
//! (`ووفقا للمشرف X فإن …`, `وبحسب X، …`); trailing, it is the clause before the comma
//! (`…، بحسب ما أكد X.`, `…، كما يقول X.`). Read after the cues, so a statement a cue
//! already reported is not reported twice.

use super::{Engine, Found};
use crate::document::QuoteKind;
use crate::entities::name_spans::after_first_letter;
use qawl_tokenizer::Span;

/// Words of a title between the attributing word and the person's name.
const MAX_TITLE_WORDS: usize = 5;

impl Engine<'_> {
    /// The attributions of the document, none overlapping a quote in `found`.
    pub(super) fn according_to(&self, found: &[Found]) -> Vec<Found> {
        let mut out = Vec::new();
        for k in 0..self.toks.len() {
            let Some(q) = self.attribution_at(k) else { continue };
            if !found.iter().chain(out.iter()).any(|f: &Found| f.span.overlaps(&q.span)) {
                out.push(q);
            }
        }
        out
    }

    /// The quote attributed by the word at token `k`, if it names a person.
    fn attribution_at(&self, k: usize) -> Option<Found> {
        let t = &self.toks[k];
        let according = self.is(k, &self.words().according_to);
        // `كما يقول X.`: only trailing, with a verb that says.
        let as_says = t.norm == "كما" && k + 1 < self.toks.len() && self.cue(k + 1).is_some_and(|c| c.says);
        if !according && !as_says {
            return None;
        }
        let b = self.sentence_end(k, self.toks.len());
        let mut j = k + 1;
        // `وفقا لـX`: the `ل` written apart; `بحسب ما أكد X`, `وفق ما أكدته X`: `ما` and the
        // verb, which may carry the pronoun of what it reports.
        if j < b && self.toks[j].norm == "ل" {
            j += 1;
        }
        let reporting_verb = |i: usize| self.cue(i).is_some() || ["ها", "ه"].iter().any(|s| self.toks[i].norm.strip_suffix(s).is_some_and(|v| self.lex.cues.lookup(v).is_some()));
        if j + 1 < b && self.toks[j].norm == "ما" && reporting_verb(j + 1) {
            j += 2;
        } else if as_says {
            j += 1;
        }
        // The person, after a title the entities may not hold (`للمشرف على الفريق X`): a few
        // words, no punctuation or cue between.
        let named = self.skip_titles(j, b);
        let title_word = |i: usize| {
            let t = &self.toks[i];
            t.is_word() && self.cue(i).is_none() && (t.definite() || self.is(i, &self.words().title_connectives) || self.lex.is_role_head(&t.host_norm))
        };
        let named = (named..b.min(named + MAX_TITLE_WORDS + 1)).take_while(|&i| i == named || self.person_at[i].is_some() || title_word(i)).find(|&i| self.person_at[i].is_some())?;
        let (p, end) = self.person_at[named]?;
        let mut after = self.past_name(named, end, b);
        // `وفقا للأطباء X وY وZ`: coordinated names, the first speaks for them.
        while after < b && self.toks[after].conj {
            let Some((_, e)) = self.person_at[after] else { break };
            after = self.past_name(after, e, b);
        }
        // `كما يقول X`: the verb is the cue.
        let cue = Some(if as_says { self.toks[k + 1].span } else { t.span });
        let paragraph = t.paragraph;
        let sentence_start = (0..k).rev().find(|&i| self.toks[i].sentence != t.sentence || self.toks[i].paragraph != paragraph).map_or(0, |i| i + 1);
        let leading = (sentence_start..k).all(|i| self.toks[i].is_punct() || self.toks[i].norm == "و");
        let span = if leading && according {
            // After the name: `فإن …`, or a comma, then the statement to the sentence's end.
            let opens = after < b && (self.is(after, &self.words().complementizers) || self.is(after, &self.words().resuming_complementizers) || matches!(self.toks[after].punct(), Some('،' | ',')));
            let s = if opens { after + 1 } else { return None };
            self.content(s, self.indirect_end(s, b), b)?
        } else if !leading && (after >= b || matches!(self.toks[after].punct(), Some('.' | '!' | '?' | '؟' | '؛' | ';'))) {
            // Trailing, at the sentence's end: the clause from the sentence's start up to the
            // comma before the word (`X، بحسب Y، Z` runs on past it and is left alone).
            let comma = k.checked_sub(1).filter(|&c| matches!(self.toks[c].punct(), Some('،' | ',')))?;
            let s = if self.toks[sentence_start].norm == "و" { sentence_start + 1 } else { sentence_start };
            // A clause with a speech verb of its own is that verb's report, not this one's.
            if (s..comma).any(|i| self.cue(i).is_some_and(|c| c.form != crate::cues::CueForm::Noun)) {
                return None;
            }
            let span = self.content(s, comma, b)?;
            // A sentence-initial `و` glued to the first word is outside (`وستستغرق`), also where
            // the text layer left it on (an unknown word: no common word is spelled so).
            let first = &self.toks[s];
            let rest = first.norm.strip_prefix('و').filter(|r| r.chars().count() >= 3 && !self.lex.common_words.contains(first.norm.as_str()));
            if first.span.start != span.start {
                span
            } else if first.conj && first.prep.is_none() {
                Span::new(first.host.start, span.end)
            } else if rest.is_some() && self.toks[s].is_word() {
                // Past the `و` and any mark on it (`وَستستغرق`).
                Span::new(after_first_letter(self.chars, span), span.end)
            } else {
                span
            }
        } else {
            return None;
        };
        Some(Found { kind: QuoteKind::Indirect, speaker: p, span: Span::new(span.start, span.end), cue, paragraph, open: false })
    }
}
