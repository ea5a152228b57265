//! Quotes and their speakers: a transparent rule engine over cues, entities and persons.
//!
//! For every cue (`وقال`, `أكدت`, `مشيرا`, …, see [`crate::cues`]) it reads, left to right,
//! one phase per file: the subject, who speaks (`subject.rs`); the cue's preposition and the
//! marker that opens the content (`marker.rs`); the content up to its end (`content.rs`).
//! Paragraphs and sentences that carry on a quote with no cue of their own are read in
//! `continuation.rs`. This file holds what every phase reads (the [`Engine`]'s look-ups)
//! and the loop over paragraphs that calls them.

mod according;
mod content;
mod continuation;
mod marker;
mod subject;

use crate::annotations::{Annotations, EntitySpan, GenderEvidence, PersonId, QuoteRecord};
use crate::cues::{CueForm, CueInfo, RELAY_LEMMA};
use crate::document::{EntityType, QuoteKind};
use crate::lexicon::{Lexicon, QuoteWords, WordList};
use crate::view::{Context, Tok};
use marker::Opening;
use qawl_tokenizer::Span;
use subject::Subject;

/// Tokens at the start of the first paragraph within which a headline's colon is looked for (`X: …`).
const HEADLINE_COLON_WINDOW: usize = 5;
/// How many tokens back a verb of [`crate::tables::TAKE_AS_VERBS`] makes an accusative its object
/// (`تتخذ من العاصمة العمانية مسقط مقرا`).
const TAKE_AS_WINDOW: usize = 6;
/// Quotation marks that open a quotation.
const OPEN_MARKS: &[char] = &['«', '“', '"'];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Speaker {
    Person(usize),
    /// An institution or unnamed group: nobody is credited.
    Other,
}

struct Engine<'a> {
    lex: &'a Lexicon,
    toks: &'a [Tok],
    /// The text as written, for the few words that normalization makes alike (`ألا`, `إلا`).
    chars: &'a [char],
    /// For each token, the person index of a PERSON mention starting at it, with the mention's end char.
    person_at: Vec<Option<(usize, usize)>>,
    /// For each token, the end char of a ROLE/ORG/LOC entity starting at it.
    entity_end_at: Vec<Option<usize>>,
    /// For each token, the end char of an ORG/LOC that starts after a one-letter clitic the
    /// text layer left on it (`لسكاي نيوز` → `سكاي نيوز`): only an outlet after a cue reads it.
    glued_entity_end_at: Vec<Option<usize>>,
    org_at: Vec<bool>,
    /// What is known of each person's gender; a feminine cue with a named subject adds to it.
    evidence: Vec<GenderEvidence>,
    /// Role head words (normalized) of each person, for `وأضاف الوزير`.
    role_heads: Vec<Vec<String>>,
    /// A cue whose colon ends its paragraph (`يقول X:` on a line of its own): the speaker,
    /// the cue and its paragraph, for the statement in the next paragraph.
    colon_at_end: Option<(usize, Span, usize)>,
}

pub(crate) fn extract(ctx: &Context, ann: &mut Annotations) {
    let mut engine = Engine::new(ctx, ann);
    let quotes = engine.run();
    for (person, evidence) in ann.persons.iter_mut().zip(&engine.evidence) {
        person.gender.cue = evidence.cue;
    }
    ann.quotes = quotes.into_iter().map(|q| QuoteRecord { kind: q.kind, speaker: PersonId(q.speaker), span: q.span, cue: q.cue, paragraph: q.paragraph }).collect();
}

/// Whether entity `e` starts on token `t`: at its host or its first char, or, for a ROLE or
/// a PERSON, inside it.
fn starts_on(t: &Tok, e: &EntitySpan) -> bool {
    // A ROLE may start inside a word glued to a name; a PERSON mention inside a word whose
    // clitic the text layer left on (`وقرقاش`).
    t.host.start == e.span.start || t.span.start == e.span.start || (t.span.start < e.span.start && e.span.start < t.span.end && matches!(e.kind, EntityType::Role | EntityType::Person))
}

/// The role head words (normalized, without the article) of each person.
fn role_heads(ctx: &Context, ann: &Annotations) -> Vec<Vec<String>> {
    ann.persons
        .iter()
        .map(|p| p.roles.iter().map(|&r| ann.entity(r).span).filter(|&r| ctx.pieces(r, |_| false).next().is_some()).map(|r| ctx.first_word_norm(r).trim_start_matches("ال").to_string()).collect())
        .collect()
}

struct Found {
    kind: QuoteKind,
    speaker: usize,
    span: Span,
    cue: Option<Span>,
    paragraph: usize,
    /// Whether the content ran to the end of its paragraph (so the next may continue it).
    open: bool,
}

enum CueReading {
    /// A quote, and the token to go on from.
    Quote(Found, usize),
    /// A statement by an institution or unnamed group: nobody is credited.
    Other(usize),
    /// A statement by a subject nothing tells (see `Subject::Unknown`): nobody is credited
    /// and the last speaker is kept.
    Unknown(usize),
    Nothing,
}

impl<'a> Engine<'a> {
    /// The per-token look-ups of the entities (shown ones only) and persons.
    fn new(ctx: &Context<'a>, ann: &Annotations) -> Self {
        let toks = ctx.tokens;
        let mut person_at = vec![None; toks.len()];
        let mut entity_end_at = vec![None; toks.len()];
        let mut org_at = vec![false; toks.len()];
        let mut glued_entity_end_at = vec![None; toks.len()];
        for e in ann.entities.iter().filter(|e| ann.shown(e)) {
            // The token the entity starts on (a ROLE may start inside a word glued to a name).
            let t = e.tokens.start;
            if matches!(e.kind, EntityType::Org | EntityType::Loc) && toks.get(t).is_some_and(|tok| tok.span.start + 1 == e.span.start && e.span.start < tok.span.end) {
                glued_entity_end_at[t] = Some(e.span.end);
            }
            if !toks.get(t).is_some_and(|tok| starts_on(tok, e)) {
                continue;
            }
            match e.kind {
                EntityType::Person => {
                    if let Some(p) = e.person {
                        person_at[t] = Some((p.0, e.span.end));
                    }
                }
                _ => {
                    entity_end_at[t] = Some(entity_end_at[t].map_or(e.span.end, |x: usize| x.max(e.span.end)));
                    if e.kind == EntityType::Org {
                        org_at[t] = true;
                    }
                }
            }
        }
        let evidence = ann.persons.iter().map(|p| p.gender).collect();
        Engine { lex: ctx.lexicon, toks, chars: &ctx.analysis.chars, person_at, entity_end_at, glued_entity_end_at, org_at, evidence, role_heads: role_heads(ctx, ann), colon_at_end: None }
    }

    fn w(&self, i: usize) -> &str {
        &self.toks[i].host_norm
    }

    fn cue(&self, i: usize) -> Option<CueInfo> {
        let t = &self.toks[i];
        if !t.is_word() {
            return None;
        }
        self.lex.cues.lookup(&t.norm).filter(|c| !(c.form == CueForm::Participle && self.taken_as(i))).or_else(|| self.relative_cue(i))
    }

    /// A participle right after an indefinite noun, and not followed by what opens a
    /// statement, is that noun's adjective (`حضورا لافتا للسعوديات`, `نسبة حضور نسائية
    /// متوقعة`), not a cue.
    fn adjective_participle(&self, k: usize, info: CueInfo) -> bool {
        if info.form != CueForm::Participle || k == 0 {
            return false;
        }
        let prev = &self.toks[k - 1];
        // An accusative with tanween (`حضورا`) or a feminine noun (`نسائية`); not a pronoun
        // suffix (`معها محذرا`, `لنا`) or a function word.
        let accusative = prev.norm.ends_with('ا') && !crate::tables::ALEF_ENDINGS_NOT_ACCUSATIVE.iter().any(|p| prev.norm.ends_with(p));
        let indefinite_noun = prev.is_word() && !prev.definite() && self.cue(k - 1).is_none() && !self.lex.stopwords.contains(&prev.host_norm) && (accusative || prev.norm.ends_with('ة'));
        let opens = k + 1 < self.toks.len() && (self.is_marker(k + 1) || self.is(k + 1, &self.words().cue_prepositions) || self.is(k + 1, &self.words().object_introducers));
        indefinite_noun && !opens
    }

    /// Whether `span` is right inside one pair of quotation marks, with no mark inside it.
    fn enclosed_in_marks(&self, span: Span) -> bool {
        let (Some(&open), Some(&close)) = (span.start.checked_sub(1).and_then(|i| self.chars.get(i)), self.chars.get(span.end)) else { return false };
        let pair = matches!((open, close), ('«', '»') | ('“', '”') | ('"', '"'));
        pair && !self.chars[span.start..span.end].iter().any(|c| matches!(c, '«' | '»' | '“' | '”' | '"'))
    }

    /// A perfect form without a clitic right after a word that governs a noun (`مع تعهد X`),
    /// or before a nationality adjective (`وتعهد قطري`): the verbal noun, spelled like the verb.
    fn verbal_noun(&self, k: usize, info: CueInfo) -> bool {
        let governed = k > 0 && !self.toks[k].has_clitic() && self.is(k - 1, &self.words().noun_governors);
        // `وتعهد قطري باستثمار …`: a nationality adjective right after it qualifies the noun.
        let qualified = self.toks.get(k + 1).is_some_and(|n| n.is_word() && !n.definite() && self.lex.nationalities.contains(&n.norm));
        info.form == CueForm::Perfect && (governed || qualified)
    }

    /// `يتخذ من موسكو مقرا`: a participle a few words after a verb of [`crate::tables::TAKE_AS_VERBS`] is its object noun.
    fn taken_as(&self, i: usize) -> bool {
        (i.saturating_sub(TAKE_AS_WINDOW)..i).any(|j| self.toks[j].sentence == self.toks[i].sentence && self.is(j, &self.words().take_as_verbs))
    }

    /// `ويتوقع أن …` with no subject: impersonal, "it is expected that".
    fn impersonal(&self, c: usize, info: CueInfo) -> bool {
        info.form == CueForm::Imperfect && crate::tables::IMPERSONAL_LEMMAS.contains(&info.lemma) && c + 1 < self.toks.len() && self.is(c + 1, &self.words().complementizers)
    }

    /// An ambiguous form is a cue between a relative and a complementizer (`X الذي بين أن …`,
    /// `كما بين أن …`), also with an adverb between (`التي ذكرت كذلك بأن …`).
    fn relative_cue(&self, i: usize) -> Option<CueInfo> {
        let after_relative = i > 0 && self.lex.name_words.relatives.matches(&self.toks[i - 1]);
        let adverb = i + 2 < self.toks.len() && self.is(i + 1, &self.words().additive_openers);
        let next = if adverb { i + 2 } else { i + 1 };
        let before_complementizer = next < self.toks.len() && self.is(next, &self.words().complementizers);
        if after_relative && before_complementizer {
            self.lex.cues.lookup_any(&self.toks[i].norm)
        } else {
            None
        }
    }

    /// Whether token `i` is in a word list (on the form the list declares).
    fn is(&self, i: usize, list: &WordList) -> bool {
        list.matches(&self.toks[i])
    }

    /// Whether one of `phrases` (normalized words) ends right before token `k`.
    fn phrase_ends_at(&self, k: usize, phrases: &[Vec<String>]) -> bool {
        phrases.iter().any(|p| p.len() <= k && p.iter().zip(&self.toks[k - p.len()..k]).all(|(w, t)| *w == t.norm))
    }

    /// Whether one of `phrases` (normalized words) starts at token `k`.
    fn phrase_starts_at(&self, k: usize, phrases: &[Vec<String>]) -> bool {
        phrases.iter().any(|p| k + p.len() <= self.toks.len() && p.iter().zip(&self.toks[k..k + p.len()]).all(|(w, t)| *w == t.norm))
    }

    fn words(&self) -> &'a QuoteWords {
        &self.lex.quote_words
    }

    /// Whether token `k` is a quotation mark that opens a quotation ([`OPEN_MARKS`]).
    fn opens_quotation(&self, k: usize) -> bool {
        matches!(self.toks[k].punct(), Some(c) if OPEN_MARKS.contains(&c))
    }

    /// How token `k` changes the depth of guillemets and curly quotes (straight `"` cannot
    /// say whether it opens or closes).
    fn mark_depth_change(&self, k: usize) -> i32 {
        match self.toks[k].punct() {
            Some('«') | Some('“') => 1,
            Some('»') | Some('”') => -1,
            _ => 0,
        }
    }

    /// The first token from `k` on (before `b`) in another sentence than `k`'s, else `b`.
    fn sentence_end(&self, k: usize, b: usize) -> usize {
        (k..b).find(|&j| self.toks[j].sentence != self.toks[k].sentence).unwrap_or(b)
    }

    fn run(&mut self) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        let mut last: Option<Speaker> = None;
        let n_para = self.toks.iter().map(|t| t.paragraph + 1).max().unwrap_or(0);
        let mut i = 0;
        for p in 0..n_para {
            let start = i;
            while i < self.toks.len() && self.toks[i].paragraph == p {
                i += 1;
            }
            let (a, b) = (start, i);
            if a == b {
                continue;
            }
            // A paragraph that carries on the previous speaker's statement.
            if let Some(prev) = out.last() {
                if prev.open && prev.paragraph + 1 == p {
                    if let Some(q) = self.continuation(prev, a, b) {
                        last = Some(Speaker::Person(q.speaker));
                        out.push(q);
                        continue;
                    }
                }
            }
            // `يقول X:` ended the paragraph before: this one is the statement.
            if let Some((speaker, cue, at)) = self.colon_at_end.take() {
                if at + 1 == p {
                    if let Some(content) = self.content_of(&Opening { kind: QuoteKind::Direct, marker: a, start: a, closing: self.opens_quotation(a) }, b) {
                        out.push(Found { kind: QuoteKind::Direct, speaker, span: content.span, cue: Some(cue), paragraph: p, open: content.open });
                        last = Some(Speaker::Person(speaker));
                        if content.next < b {
                            self.paragraph(content.next, b, &mut last, &mut out);
                        }
                        continue;
                    }
                }
            }
            if p == 0 {
                if let Some(q) = self.headline(a, b) {
                    out.push(q);
                    continue;
                }
            }
            self.paragraph(a, b, &mut last, &mut out);
        }
        let mut attributed = self.according_to(&out);
        if !attributed.is_empty() {
            out.append(&mut attributed);
            out.sort_by_key(|q| q.span.start);
        }
        out
    }

    /// `X: …` on the first line, where X names a person of the document.
    fn headline(&self, a: usize, b: usize) -> Option<Found> {
        let colon = (a..b).find(|&k| self.toks[k].punct() == Some(':'))?;
        // A headline of two clauses (`X يبحث … مع وفد.. وقرقاش: …`): the speaker is in the
        // colon's own clause, a few words before it.
        let a = (a..colon).rev().find(|&k| matches!(self.toks[k].punct(), Some('.' | '؛' | '،' | ','))).map_or(a, |k| k + 1);
        // A sentence that opens with its cue is read as any cue is (`وقال X: «…»`).
        if colon - a > HEADLINE_COLON_WINDOW || self.cue(a).is_some() {
            return None;
        }
        // `بحضور وزير الدفاع: …`, `برعاية X: …`: who attended an event is its topic, no speaker.
        if self.is(a, &self.words().presence_openers) {
            return None;
        }
        // `ولي العهد للسيسي:`, `ترد على المعلم:`: a name after ل or a preposition is the addressee.
        let addressee = |k: usize| self.toks[k].prep == Some('ل') || (k > a && self.is(k - 1, &self.words().object_introducers));
        let speaker = (a..colon).filter(|&k| !addressee(k)).find_map(|k| self.person_at[k].map(|(p, _)| p)).or_else(|| {
            let heads: Vec<String> = (a..colon).map(|k| self.w(k).trim_start_matches("ال").to_string()).collect();
            let found: Vec<usize> = (0..self.role_heads.len()).filter(|&p| self.role_heads[p].iter().any(|h| heads.contains(h))).collect();
            (found.len() == 1).then(|| found[0])
        })?;
        let span = self.content(colon + 1, b, b)?;
        Some(Found { kind: QuoteKind::Direct, speaker, span, cue: None, paragraph: self.toks[a].paragraph, open: false })
    }

    /// The cues of paragraph `a..b` (outside quotation marks), each read into a quote.
    fn paragraph(&mut self, a: usize, b: usize, last: &mut Option<Speaker>, out: &mut Vec<Found>) {
        let mut k = a;
        let mut quote_mark_depth = 0i32;
        while k < b {
            quote_mark_depth += self.mark_depth_change(k);
            let Some(info) = self.cue(k) else {
                k += 1;
                continue;
            };
            if quote_mark_depth > 0 {
                k += 1;
                continue;
            }
            match self.read_cue(k, info, a, b, *last) {
                CueReading::Quote(q, next) => {
                    *last = Some(Speaker::Person(q.speaker));
                    out.push(q);
                    // Sentences after an indirect quote that are first-person speech are the speaker's own words.
                    k = self.first_person_tail(next, b, out);
                }
                CueReading::Other(next) => {
                    *last = Some(Speaker::Other);
                    k = next;
                }
                CueReading::Unknown(next) => k = next,
                CueReading::Nothing => k += 1,
            }
        }
    }

    /// The quote the cue at token `c` opens, phase by phase: its subject, the marker that
    /// opens the content, who speaks when nobody is named, and where the content ends.
    fn read_cue(&mut self, c: usize, info: CueInfo, a: usize, b: usize, last: Option<Speaker>) -> CueReading {
        if self.adjective_participle(c, info) || self.verbal_noun(c, info) || (info.lemma == RELAY_LEMMA && self.relay_speaker(c, a).is_none()) {
            return CueReading::Nothing;
        }
        let (speaker, j) = match self.subject(c, info, a, b, last) {
            Subject::Other(next) => return CueReading::Other(next),
            Subject::Unknown(next) => return CueReading::Unknown(next),
            Subject::Read { speaker, next } => (speaker, next),
        };
        if speaker.is_none() && self.impersonal(c, info) {
            return CueReading::Nothing;
        }
        let explicit = speaker.is_some();
        let Some(opening) = self.opening(j, info, explicit, b) else { return CueReading::Nothing };
        // Who, when the sentence names nobody.
        let Some(speaker) = speaker.or_else(|| self.resolve(c, info.gender, a, last)) else { return CueReading::Nothing };
        let Speaker::Person(p) = speaker else {
            return CueReading::Other(opening.start);
        };
        let Some(content) = self.content_of(&opening, b) else {
            if self.toks[opening.marker].punct() == Some(':') && opening.marker + 1 == b {
                self.colon_at_end = Some((p, self.toks[c].span, self.toks[c].paragraph));
            }
            return CueReading::Nothing;
        };
        let span = self.past_cue_b(content.span, opening.start, info);
        // The kind is a label; the extent above was read by the opening's own kind. A colon
        // makes the report direct also before `إن` (`قال X: إن Y`, annotation-notes; relayed
        // `قوله: إن` stays indirect; `:أن …` reads as reported, as the seed's gold has it), and
        // so does content entirely inside one pair of marks (ANNOTATION.md), even after `أن`.
        let after_colon = self.toks.get(opening.marker + 1).map(|t| t.host.start);
        let colon = self.toks[opening.marker].punct() == Some(':') && info.lemma != RELAY_LEMMA && after_colon.is_some_and(|c| self.chars.get(c) == Some(&'إ'));
        let kind = if colon || self.enclosed_in_marks(span) { QuoteKind::Direct } else { opening.kind };
        let quote = Found { kind, speaker: p, span, cue: Some(self.toks[c].span), paragraph: self.toks[c].paragraph, open: content.open };
        CueReading::Quote(quote, content.next)
    }
}
