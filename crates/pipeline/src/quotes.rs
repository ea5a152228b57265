//! Quotes and their speakers: a transparent rule engine over cues, entities and persons.
//!
//! For every cue (`وقال`, `أكدت`, `مشيرا`, …, see [`crate::cues`]) it reads, left to right:
//! the subject (a PERSON with its role, a role that names a known person such as
//! `الوزير`, a group or institution, or nothing: a dropped subject), the cue's
//! preposition (`إلى`), and the marker that opens the content: a colon (direct), quotation
//! marks (direct), a complementizer `أن/إن/بأن` (indirect), first-person speech straight
//! after `قال X` (direct) or a noun phrase after `مثمنا`-type cues (indirect).
//! Content runs to the closing mark, or to the next cue, sentence end or paragraph end.
//! A dropped subject goes to the person who spoke last, or who was named last in the same
//! sentence (`أما X … أوضحت`), if the cue's gender agrees. Statements by institutions and
//! unnamed groups are not credited to anyone and stop the chain of dropped subjects.
//! After `قال X: …`, later paragraphs of first-person speech continue the quote (one quote
//! per paragraph, `cue: null`) until the narrator resumes or someone else is named.

use crate::cues::{CueForm, CueInfo};
use crate::annotations::{Annotations, GenderEvidence, PersonId, QuoteRecord};
use crate::document::{EntityType, Gender, QuoteKind};
use crate::lexicon::{Lexicon, QuoteWords, WordList};
use crate::tables;
use crate::view::{Context, Tok};
use qawl_tokenizer::Span;

/// Most words of a name in quotation marks after a [`NAME_INTRODUCERS`] word.
const MAX_QUOTED_NAME_WORDS: usize = 4;
/// Tokens at the start of the first paragraph within which a headline's colon is looked for (`X: …`).
const HEADLINE_COLON_WINDOW: usize = 5;
/// Tokens after a named subject that may still be the rest of its title before the marker.
const MAX_SUBJECT_TITLE_TAIL: usize = 12;
/// Tokens after a title head within which the name it introduces is looked for.
const TITLE_NAME_WINDOW: usize = 14;
/// Tokens after a cue within which its marker is looked for.
const MARKER_WINDOW: usize = 40;
/// Tokens at a paragraph's start within which a continuation opener's comma is looked for.
const CONTINUATION_COMMA_WINDOW: usize = 6;
const OPEN_MARKS: &[char] = &['«', '“', '"'];
/// Words of a title that stands for a person without naming them (`مبعوث الأمم المتحدة`).
const MAX_TITLE_WORDS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Speaker {
    Person(usize),
    /// An institution or unnamed group: nobody is credited.
    Other,
}

struct Engine<'a> {
    lex: &'a Lexicon,
    toks: &'a [Tok],
    /// For each token, the person index of a PERSON mention starting at it, with the mention's end char.
    person_at: Vec<Option<(usize, usize)>>,
    /// For each token, the end char of a ROLE/ORG/LOC entity starting at it.
    entity_end_at: Vec<Option<usize>>,
    org_at: Vec<bool>,
    /// What is known of each person's gender; a feminine cue with a named subject adds to it.
    evidence: Vec<GenderEvidence>,
    /// Role head words (normalized) of each person, for `وأضاف الوزير`.
    role_heads: Vec<Vec<String>>,
}

pub(crate) fn extract(ctx: &Context, ann: &mut Annotations) {
    let (toks, lex) = (ctx.tokens, ctx.lexicon);
    let mut person_at = vec![None; toks.len()];
    let mut entity_end_at = vec![None; toks.len()];
    let mut org_at = vec![false; toks.len()];
    for e in ann.entities.iter().filter(|e| ann.shown(e)) {
        // The token the entity starts on (a ROLE may start inside a word glued to a name).
        let t = e.tokens.start;
        let starts_here = toks.get(t).is_some_and(|t| t.host.start == e.span.start || t.span.start == e.span.start || (t.span.start < e.span.start && e.span.start < t.span.end && e.kind == EntityType::Role));
        if !starts_here {
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
    let role_heads = ann
        .persons
        .iter()
        .map(|p| p.roles.iter().map(|&r| ann.entity(r).span).filter(|&r| ctx.pieces(r, |_| false).next().is_some()).map(|r| ctx.first_word_norm(r).trim_start_matches("ال").to_string()).collect())
        .collect();
    let evidence = ann.persons.iter().map(|p| p.gender).collect();
    let mut engine = Engine { lex, toks, person_at, entity_end_at, org_at, evidence, role_heads };
    let quotes = engine.run();
    for (person, evidence) in ann.persons.iter_mut().zip(&engine.evidence) {
        person.gender.cue = evidence.cue;
    }
    ann.quotes = quotes.into_iter().map(|q| QuoteRecord { kind: q.kind, speaker: PersonId(q.speaker), span: q.span, cue: q.cue, paragraph: q.paragraph }).collect();
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

impl<'a> Engine<'a> {
    fn w(&self, i: usize) -> &str {
        &self.toks[i].host_norm
    }

    fn cue(&self, i: usize) -> Option<CueInfo> {
        let t = &self.toks[i];
        if !t.is_word() {
            return None;
        }
        self.lex.cues.lookup(&t.norm)
    }

    /// Whether token `i` is in a word list (on the form the list declares).
    fn is(&self, i: usize, list: &WordList) -> bool {
        list.matches(&self.toks[i])
    }

    /// Whether one of `phrases` (normalized words) ends right before token `k`.
    fn phrase_ends_at(&self, k: usize, phrases: &[Vec<String>]) -> bool {
        phrases.iter().any(|p| p.len() <= k && p.iter().zip(&self.toks[k - p.len()..k]).all(|(w, t)| *w == t.norm))
    }

    fn words(&self) -> &'a QuoteWords {
        &self.lex.quote_words
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
            if p == 0 {
                if let Some(q) = self.headline(a, b) {
                    out.push(q);
                    continue;
                }
            }
            self.paragraph(a, b, &mut last, &mut out);
        }
        out
    }

    /// `X: …` on the first line, where X names a person of the document.
    fn headline(&self, a: usize, b: usize) -> Option<Found> {
        let colon = (a..b.min(a + HEADLINE_COLON_WINDOW)).find(|&k| self.toks[k].punct() == Some(':'))?;
        let speaker = (a..colon).find_map(|k| self.person_at[k].map(|(p, _)| p)).or_else(|| {
            let heads: Vec<String> = (a..colon).map(|k| self.w(k).trim_start_matches("ال").to_string()).collect();
            let found: Vec<usize> = (0..self.role_heads.len()).filter(|&p| self.role_heads[p].iter().any(|h| heads.contains(h))).collect();
            (found.len() == 1).then(|| found[0])
        })?;
        let span = self.content(colon + 1, b, b)?;
        Some(Found { kind: QuoteKind::Direct, speaker, span, cue: None, paragraph: self.toks[a].paragraph, open: false })
    }

    fn paragraph(&mut self, a: usize, b: usize, last: &mut Option<Speaker>, out: &mut Vec<Found>) {
        let mut k = a;
        let mut quote_mark_depth = 0i32;
        while k < b {
            match self.toks[k].punct() {
                Some('«') | Some('“') => quote_mark_depth += 1,
                Some('»') | Some('”') => quote_mark_depth -= 1,
                _ => {}
            }
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
                    let q_end_tok = next;
                    out.push(q);
                    // Sentences after an indirect quote that are first-person speech are the speaker's own words.
                    k = self.first_person_tail(q_end_tok, b, out);
                }
                CueReading::Other(next) => {
                    *last = Some(Speaker::Other);
                    k = next;
                }
                CueReading::Nothing => k += 1,
            }
        }
    }

    /// After an indirect quote that ended at a sentence end, following sentences of the
    /// same paragraph in the first person are direct quotes of the same speaker.
    fn first_person_tail(&self, mut k: usize, b: usize, out: &mut Vec<Found>) -> usize {
        let Some(prev) = out.last() else { return k };
        let speaker = prev.speaker;
        while k < b {
            // Skip the sentence-final punctuation the last quote left out.
            while k < b && self.toks[k].is_punct() {
                k += 1;
            }
            if k >= b || (k..b).take_while(|&j| self.toks[j].sentence == self.toks[k].sentence).any(|j| self.cue(j).is_some() || self.person_at[j].is_some()) {
                return k;
            }
            let sent = self.toks[k].sentence;
            let end = (k..b).find(|&j| self.toks[j].sentence != sent).unwrap_or(b);
            if !(k..end).any(|j| self.lex.first_person.contains(&self.toks[j].norm) || self.lex.first_person.contains(self.w(j))) {
                return k;
            }
            if let Some(span) = self.content(k, end, b) {
                out.push(Found { kind: QuoteKind::Direct, speaker, span, cue: None, paragraph: self.toks[k].paragraph, open: end == b });
            }
            k = end;
        }
        k
    }

    fn read_cue(&mut self, c: usize, info: CueInfo, a: usize, b: usize, last: Option<Speaker>) -> CueReading {
        let mut j = self.skip_says_participle(c + 1, b);
        // Subject: [title] [honorifics] NAME [، role ،], a role that names someone, a group, or nothing.
        let mut speaker: Option<Speaker> = None;
        let named = self.skip_titles(j, b);
        // A participle (`مشيرا`, `مطالبا الجهات`) continues the sentence's subject: what follows is content.
        if named < b && info.form != CueForm::Participle {
            if let Some((p, end)) = self.person_at[named] {
                speaker = Some(Speaker::Person(p));
                if info.gender == Some(Gender::Female) && self.evidence[p].weigh().is_none() {
                    self.evidence[p].cue = Some(Gender::Female);
                }
                j = self.skip_to_char(named, end, b);
                j = self.skip_appositive(j, b);
            } else if let Some(p) = self.role_referent(j) {
                speaker = Some(Speaker::Person(p));
                j += 1;
                while j < b && self.toks[j].definite() && !self.toks[j].has_clitic() && self.cue(j).is_none() {
                    j += 1;
                }
            } else if let Some(k) = self.title_then_name(j, b) {
                // `أوضحت عميدة كلية الهندسة في جامعة بغداد، الدكتورة نهى …`: a long title, then the name.
                let (p, end) = self.person_at[k].unwrap();
                speaker = Some(Speaker::Person(p));
                j = self.skip_to_char(k, end, b);
                j = self.skip_appositive(j, b);
            } else if let Some(k) = self.title_only(j, b) {
                // `وأضاف مبعوث الأمم المتحدة، أن`: a title with no name refers to someone named elsewhere.
                speaker = self.resolve_title(c, info.gender, last);
                j = k;
            } else if j < b && self.is_other_subject(j) {
                return CueReading::Other(j + 1);
            }
        }
        // A subject written before the cue (`كيري وصف …`): the words after the cue are its object
        // or content, as after a named subject.
        if speaker.is_none() && info.form != CueForm::Participle {
            speaker = self.topicalized(c, info.gender, a).map(Speaker::Person);
        }
        let explicit = speaker.is_some();
        if explicit {
            j = self.skip_says_participle(j, b);
        }
        if j >= b {
            return CueReading::Nothing;
        }
        // The marker that opens the content: right here, or after words that say where and
        // how it was said (`، خلال افتتاحه المنتدى،`, `في تصريح له`).
        // After a named subject, a few more words may be the rest of its title (`نائب وزير النقل
        // لشؤون البنية التحتية، أن …`).
        if !self.is_marker(j) {
            if let Some(k) = self.find_marker(j, b) {
                if self.is_filler(j) || (explicit && k - j <= MAX_SUBJECT_TITLE_TAIL) {
                    j = k;
                }
            }
        }
        if j < b && self.is(j, &self.words().cue_prepositions) && j + 1 < b && self.is_marker(j + 1) {
            j += 1;
        }
        let tok = &self.toks[j];
        let (kind, content_start, closing) = if tok.punct() == Some(':') {
            let mut s = j + 1;
            let mut kind = QuoteKind::Direct;
            if s < b && self.is(s, &self.words().complementizers) {
                kind = QuoteKind::Indirect;
                s += 1;
            }
            let closing = s < b && matches!(self.toks[s].punct(), Some(c) if OPEN_MARKS.contains(&c));
            (kind, s, closing)
        } else if matches!(tok.punct(), Some(c) if OPEN_MARKS.contains(&c)) && self.quoted_name(j).is_none() {
            (QuoteKind::Direct, j, true)
        } else if self.is(j, &self.words().complementizers) {
            (QuoteKind::Indirect, j + 1, false)
        } else if info.says && explicit && tok.is_word() && !self.is_filler(j) {
            (QuoteKind::Direct, j, false)
        } else if tables::STATEMENT_OBJECT_LEMMAS.contains(&info.lemma) && (info.form == CueForm::Participle || explicit || (matches!(info.form, CueForm::Perfect | CueForm::Imperfect) && self.object_after_dropped_subject(j))) {
            // `مطالبا الجهات …`, `مشيرا إلى …`, `ووعد محاكمة …`: the object is the statement.
            let s = if self.is(j, &self.words().object_introducers) { j + 1 } else { j };
            if s >= b || !self.toks[s].is_word() || (self.lex.stopwords.contains(self.w(s)) && !self.is(s, &self.words().demonstratives)) {
                return CueReading::Nothing;
            }
            (QuoteKind::Indirect, s, false)
        } else if info.form == CueForm::Perfect && !explicit && self.is(j, &self.words().clause_starters) {
            // `وقال هذه الدول أنفقت …`: a subjectless cue, then its content with no marker.
            (if info.says { QuoteKind::Direct } else { QuoteKind::Indirect }, j, false)
        } else {
            return CueReading::Nothing;
        };
        // Who, when the sentence names nobody.
        let speaker = match speaker {
            Some(s) => s,
            None => match self.resolve(c, info.gender, a, last) {
                Some(s) => s,
                None => return CueReading::Nothing,
            },
        };
        let Speaker::Person(p) = speaker else {
            return CueReading::Other(content_start);
        };
        // Content end.
        let (span, next, open) = if closing {
            let open_at = if matches!(self.toks[content_start].punct(), Some(c) if OPEN_MARKS.contains(&c)) { content_start } else { j };
            match self.closing_mark(open_at, b) {
                // A closed quotation does not run on: the writer would reopen the marks.
                Some(close) => {
                    let close = self.last_joined_fragment(close, b);
                    (self.content(open_at + 1, close, b), close + 1, false)
                }
                None => (self.content(open_at + 1, b, b), b, true),
            }
        } else if kind == QuoteKind::Direct {
            let end = self.next_cue_with_subject(content_start, b).unwrap_or(b);
            (self.content(content_start, end, b), end, end == b)
        } else {
            let end = self.indirect_end(content_start, b);
            (self.content(content_start, end, b), end, end == b)
        };
        let Some(span) = span else { return CueReading::Nothing };
        let cue = Some(self.toks[c].span);
        CueReading::Quote(Found { kind, speaker: p, span, cue, paragraph: self.toks[c].paragraph, open }, next)
    }

    /// `قائلا`/`قائلة` after a cue or its subject only repeats the cue (`وتابع قائلا:`).
    fn skip_says_participle(&self, j: usize, b: usize) -> usize {
        if j < b && self.cue(j).map(|i| i.form == CueForm::Participle && i.says).unwrap_or(false) {
            j + 1
        } else {
            j
        }
    }

    /// Skips a title written before a name (`وزير الصناعة سامر …`) and honorifics (`الدكتور`).
    fn skip_titles(&self, mut j: usize, b: usize) -> usize {
        let start = j;
        loop {
            if j < b && self.lex.honorifics.contains(self.w(j)) && !self.toks[j].has_clitic() {
                j += 1;
                continue;
            }
            if j < b && self.person_at[j].is_none() {
                if let Some(end) = self.entity_end_at[j] {
                    let nj = self.skip_to_char(j, end, b);
                    if nj > j && nj < b && (self.person_at[nj].is_some() || self.lex.honorifics.contains(self.w(nj)) || self.toks[nj].punct() == Some('،')) {
                        j = nj;
                        if j < b && self.toks[j].punct() == Some('،') {
                            j += 1;
                        }
                        continue;
                    }
                }
            }
            break;
        }
        if j < b && self.person_at[j].is_some() {
            j
        } else {
            start
        }
    }

    /// When a title head opens the subject, the PERSON that follows it before any marker.
    fn title_then_name(&self, j: usize, b: usize) -> Option<usize> {
        if j >= b || !self.lex.role_heads.contains(self.w(j)) {
            return None;
        }
        let sent = self.toks[j].sentence;
        (j + 1..b.min(j + TITLE_NAME_WINDOW)).take_while(|&k| self.toks[k].sentence == sent && !self.is_marker(k) && self.cue(k).is_none()).find(|&k| self.person_at[k].is_some())
    }

    /// A title without a name as the subject (`المبعوث الدولي`, `مبعوث الأمم المتحدة`,
    /// `المدرب البرتغالي`): a definite title head, or one whose genitive is definite, and the
    /// words of its chain. Returns the token after it (and after a comma).
    fn title_only(&self, j: usize, b: usize) -> Option<usize> {
        let head = self.toks.get(j).filter(|_| j < b)?;
        if !head.is_word() || head.has_clitic() || !self.lex.is_role_head(&head.host_norm) {
            return None;
        }
        let definite_chain = head.definite() || (j + 1 < b && (self.toks[j + 1].definite() || self.org_at[j + 1]));
        if !definite_chain {
            return None;
        }
        let mut k = j + 1;
        while k < b && k < j + MAX_TITLE_WORDS && self.toks[k].sentence == head.sentence && !self.is_marker(k) && self.cue(k).is_none() && self.person_at[k].is_none() {
            let t = &self.toks[k];
            let in_title = t.is_word() && (t.definite() || self.org_at[k] || self.entity_end_at[k].is_some() || self.lex.nationalities.contains(&t.host_norm) || self.is(k, &self.words().title_connectives));
            if !in_title {
                break;
            }
            k += 1;
        }
        if k < b && matches!(self.toks[k].punct(), Some('،' | ',')) {
            k += 1;
        }
        Some(k)
    }

    /// The person a bare title stands for: the last speaker, else the last person named before
    /// the cue, else the first one named after it.
    fn resolve_title(&self, c: usize, gender: Option<Gender>, last: Option<Speaker>) -> Option<Speaker> {
        let agrees = |p: usize| match (gender, self.evidence[p].weigh()) {
            (Some(g), Some(h)) => g == h,
            _ => true,
        };
        if let Some(Speaker::Person(p)) = last {
            if agrees(p) {
                return Some(Speaker::Person(p));
            }
        }
        let before = (0..c).rev().find_map(|k| self.person_at[k].map(|(p, _)| p).filter(|&p| agrees(p)));
        let after = || (c..self.toks.len()).find_map(|k| self.person_at[k].map(|(p, _)| p).filter(|&p| agrees(p)));
        before.or_else(after).map(Speaker::Person)
    }

    fn is_marker(&self, j: usize) -> bool {
        let t = &self.toks[j];
        t.punct() == Some(':') || (matches!(t.punct(), Some(c) if OPEN_MARKS.contains(&c)) && self.quoted_name(j).is_none()) || self.is(j, &self.words().complementizers)
    }

    /// The closing mark when the quotation marks opened at `open` hold a name, not a statement:
    /// one entity fills them (`لـ«الشرق الأوسط»`, `وأضاف "آل صالح"`), or a few words follow a
    /// word that introduces a name (`لشبكة "فوكس نيوز"`, `حزب "فرنسا الأبية"`).
    fn quoted_name(&self, open: usize) -> Option<usize> {
        let sent_end = (open..self.toks.len()).find(|&k| self.toks[k].sentence != self.toks[open].sentence).unwrap_or(self.toks.len());
        let close = self.closing_mark(open, sent_end)?;
        if close <= open + 1 {
            return None;
        }
        let last_end = self.toks[close - 1].span.end;
        let filled = |end: Option<usize>| end.is_some_and(|e| e >= last_end);
        if filled(self.entity_end_at[open + 1]) || filled(self.person_at[open + 1].map(|(_, e)| e)) {
            return Some(close);
        }
        let words = (open + 1..close).filter(|&k| self.toks[k].is_word()).count();
        let introduced = open > 0 && (self.is(open - 1, &self.words().name_introducers) || self.lex.org_heads.contains(self.w(open - 1)));
        (introduced && words <= MAX_QUOTED_NAME_WORDS).then_some(close)
    }

    /// Words that open a circumstance between a cue and its content.
    fn is_filler(&self, j: usize) -> bool {
        let t = &self.toks[j];
        matches!(t.punct(), Some('،' | ',' | '(' | '-' | '–'))
            || self.is(j, &self.words().fillers)
            || self.is(j, &self.words().circumstance_openers)
            || (t.prep == Some('ل') && t.is_word())
    }

    /// The first marker after `j` in the same sentence, if no other cue or person comes first.
    fn find_marker(&self, j: usize, b: usize) -> Option<usize> {
        let sent = self.toks[j].sentence;
        let mut k = j;
        while k < b.min(j + MARKER_WINDOW) {
            if self.toks[k].sentence != sent {
                return None;
            }
            if self.is_marker(k) {
                return Some(k);
            }
            // A name in quotation marks is part of the circumstance (`لصحيفة "…"`): past it.
            if let Some(close) = matches!(self.toks[k].punct(), Some(c) if OPEN_MARKS.contains(&c)).then(|| self.quoted_name(k)).flatten() {
                k = close + 1;
                continue;
            }
            // A cue noun (`في تصريحات للصحفيين`) is part of the circumstance, not a new statement.
            if k > j && (self.person_at[k].is_some() || self.cue(k).map(|c| c.form != CueForm::Noun).unwrap_or(false)) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// First token at or after `j` that starts at or after char `end`.
    fn skip_to_char(&self, mut j: usize, end: usize, b: usize) -> usize {
        while j < b && self.toks[j].span.start < end {
            j += 1;
        }
        j
    }

    /// Skips a role (and the ORG/LOC inside it) written after the subject, with its comma.
    fn skip_appositive(&self, mut j: usize, b: usize) -> usize {
        loop {
            if j < b && matches!(self.toks[j].punct(), Some('،' | ',')) && j + 1 < b && self.entity_end_at[j + 1].is_some() {
                j += 1;
            }
            // A role glued to the name starts inside the name's last token: look back one.
            let glued = j > 0 && self.entity_end_at[j - 1].map(|e| e > self.toks[j - 1].span.end).unwrap_or(false);
            let end = if glued { self.entity_end_at[j - 1] } else if j < b { self.entity_end_at[j] } else { None };
            match end {
                Some(end) if j < b || glued => {
                    let nj = self.skip_to_char(j, end, b);
                    if nj == j && !glued {
                        return j;
                    }
                    j = nj;
                    if glued {
                        return j;
                    }
                }
                _ => return j,
            }
        }
    }

    /// `الوزير`, `المدرب`: a definite role head whose only holder in the document is a named person.
    fn role_referent(&self, j: usize) -> Option<usize> {
        let t = &self.toks[j];
        if !t.definite() || t.has_clitic() {
            return None;
        }
        let head = t.host_norm.trim_start_matches("ال").to_string();
        if !self.lex.role_heads.contains(&head) && !self.lex.role_heads.contains(&t.host_norm) {
            return None;
        }
        let holders: Vec<usize> = (0..self.role_heads.len()).filter(|&p| self.role_heads[p].contains(&head)).collect();
        (holders.len() == 1).then(|| holders[0])
    }

    /// After a finite cue with no subject (`ووعد محاكمة`, `وحث إجراء`), a verbal noun is the
    /// object, not a subject: a noun right after the verb is most often its subject (`وكشفت صور
    /// الأشعة`, `واتهم معارضون`), so only the shapes of verbal nouns count (`تفعيل`, `إفعال`,
    /// `استفعال`, `مفاعلة`), and never a word that names someone or something.
    fn object_after_dropped_subject(&self, j: usize) -> bool {
        let t = &self.toks[j];
        let w = self.w(j);
        let letters: Vec<char> = w.chars().collect();
        let n = letters.len();
        let plural = w.ends_with("ات");
        let verbal_noun = !plural
            && ((n >= 5 && letters[0] == 'ت')
                || (n == 5 && letters[0] == 'ا' && letters[3] == 'ا')
                || (n == 6 && letters[0] == 'ا' && letters[4] == 'ا')
                || (n == 7 && w.starts_with("است") && letters[5] == 'ا')
                || (n == 6 && letters[0] == 'م' && letters[2] == 'ا' && matches!(letters[5], 'ة' | 'ه')));
        verbal_noun
            && t.is_word()
            && !t.definite()
            && matches!(t.prep, None | Some('ب'))
            && self.person_at[j].is_none()
            && !self.org_at[j]
            && self.entity_end_at[j].is_none()
            && self.cue(j).is_none()
            && !self.lex.role_heads.contains(w)
            && !self.lex.group_subjects.contains(w)
            && !self.lex.given_names.contains(w)
            && !self.lex.name_tokens.contains(w)
            && !self.lex.locations.contains(w)
    }

    fn is_other_subject(&self, j: usize) -> bool {
        let t = &self.toks[j];
        if !t.is_word() {
            return false;
        }
        let w = self.w(j);
        if self.org_at[j] || self.lex.group_subjects.contains(w) || self.lex.group_subjects.contains(&t.norm) {
            return true;
        }
        // An indefinite role head with no name (`أكد مسؤول في الوزارة`) is an unnamed source.
        if self.lex.role_heads.contains(w) && !t.definite() {
            return true;
        }
        // A definite noun subject that names no person (`وأوضحت الوزارة`, `وأكدت الدراسة`).
        t.definite() && !self.lex.stopwords.contains(w) && self.lex.cues.lookup(&t.norm).is_none()
    }

    /// The subject written before the cue in its sentence: `أما X، رئيسة … أوضحت`, `X … فقال`,
    /// `كيري وصف …`.
    fn topicalized(&self, c: usize, gender: Option<Gender>, a: usize) -> Option<usize> {
        let sent = self.toks[c].sentence;
        let mut k = c;
        while k > a && self.toks[k - 1].sentence == sent {
            k -= 1;
            if let Some((p, end)) = self.person_at[k] {
                let between_ok = (self.skip_appositive(self.skip_to_char(k, end, c), c)..c).all(|j| self.toks[j].is_punct() || self.is(j, &self.words().topic_particles));
                let agrees = match (gender, self.evidence[p].weigh()) {
                    (Some(g), Some(h)) => g == h,
                    _ => true,
                };
                return (between_ok && agrees).then_some(p);
            }
            if self.cue(k).is_some() {
                break;
            }
        }
        None
    }

    /// Who a subjectless cue refers to.
    fn resolve(&self, c: usize, gender: Option<Gender>, a: usize, last: Option<Speaker>) -> Option<Speaker> {
        let agrees = |p: usize| match (gender, self.evidence[p].weigh()) {
            (Some(g), Some(h)) => g == h,
            _ => true,
        };
        if let Some(p) = self.topicalized(c, gender, a) {
            return Some(Speaker::Person(p));
        }
        match last {
            Some(Speaker::Person(p)) if agrees(p) => Some(Speaker::Person(p)),
            Some(Speaker::Other) => Some(Speaker::Other),
            _ => {
                // The last person named before the cue whose gender agrees.
                (0..c).rev().find_map(|k| self.person_at[k].map(|(p, _)| p).filter(|&p| agrees(p))).map(Speaker::Person)
            }
        }
    }

    fn closing_mark(&self, open: usize, b: usize) -> Option<usize> {
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
            if !(k + 1 < b && self.toks[k].norm == "و" && matches!(self.toks[k + 1].punct(), Some(c) if OPEN_MARKS.contains(&c))) {
                return close;
            }
            match self.closing_mark(k + 1, b) {
                Some(next) => close = next,
                None => return close,
            }
        }
    }

    /// An indirect quote runs to the next cue or the end of its sentence.
    fn indirect_end(&self, s: usize, b: usize) -> usize {
        if s >= b {
            return b;
        }
        let sent = self.toks[s].sentence;
        let mut depth = 0i32;
        for k in s..b {
            let t = &self.toks[k];
            match t.punct() {
                Some('«') | Some('“') => depth += 1,
                Some('»') | Some('”') => depth -= 1,
                _ => {}
            }
            if t.sentence != sent {
                return k;
            }
            if depth <= 0 && k > s && self.cue(k).is_some() && self.opens_new_quote(k) {
                return k;
            }
        }
        b
    }

    /// Inside direct speech only a cue with a named subject (someone else speaking) ends it.
    fn next_cue_with_subject(&self, s: usize, b: usize) -> Option<usize> {
        (s + 1..b).find(|&k| self.cue(k).is_some() && k + 1 < b && self.person_at[k + 1].is_some())
    }

    /// A cue inside running text opens a new quote when it is a participle (`مشيرا`), carries
    /// a conjunction (`وأضاف`), or names its subject.
    fn opens_new_quote(&self, k: usize) -> bool {
        let Some(info) = self.cue(k) else { return false };
        // After punctuation or a connective (`لكنه لفت إلى أن`, `كما أكد`) a cue starts a new statement.
        let prev_punct = k > 0 && (self.toks[k - 1].is_punct() || self.is(k - 1, &self.words().connectives) || self.phrase_ends_at(k, &self.words().connective_phrases));
        info.form == CueForm::Participle || self.toks[k].norm.starts_with('و') && info.form == CueForm::Perfect || prev_punct || (k + 1 < self.toks.len() && self.person_at[k + 1].is_some())
    }

    /// The content span between tokens `s` and `e`: quotation marks, final stops and dashes trimmed.
    fn content(&self, s: usize, e: usize, b: usize) -> Option<Span> {
        let e = e.min(b);
        let mut s = s;
        let mut e = e;
        while s < e && (matches!(self.toks[s].punct(), Some(c) if OPEN_MARKS.contains(&c) || c == ':' || c == '،' || c == ',')) {
            s += 1;
        }
        // ANNOTATION.md: an opening `إن` inside quotation marks is outside the content (`: «إن …»`).
        if s + 1 < e && s > 0 && matches!(self.toks[s - 1].punct(), Some(c) if OPEN_MARKS.contains(&c)) && self.is(s, &self.words().complementizers) {
            s += 1;
        }
        while e > s && matches!(self.toks[e - 1].punct(), Some('.' | '،' | ',' | ':' | '-' | '–' | '»' | '”' | '"' | ';' | '؛') | Some('ـ')) {
            e -= 1;
        }
        // A dash written as tatweel stands alone: drop it at the edge too.
        while e > s && self.toks[e - 1].norm.is_empty() {
            e -= 1;
        }
        if e <= s || (s..e).filter(|&k| self.toks[k].is_word()).count() < 2 {
            return None;
        }
        let span = Span::new(self.toks[s].span.start, self.toks[e - 1].span.end);
        Some(span)
    }

    /// A paragraph that continues the previous one's quote, or `None` when the narrator resumes.
    fn continuation(&self, prev: &Found, a: usize, b: usize) -> Option<Found> {
        let names_someone = (a..b).any(|k| self.person_at[k].is_some());
        // Only a cue that opens a statement counts (`وأضاف`, `مشيرا`, first word), not one in
        // the speaker's own relative clause (`مما أضاف لي`).
        let has_cue = (a..b).any(|k| {
            self.cue(k).map(|info| k == a || info.form == CueForm::Participle || (self.toks[k].conj && info.form == CueForm::Perfect)).unwrap_or(false)
        });
        if names_someone || has_cue {
            return None;
        }
        // First person: a pronoun or marker of the table, or a verb with `نا` (`لعبنا`, `حققنا`).
        let we_verb = |k: usize| self.toks[k].is_word() && self.w(k).chars().count() >= 4 && self.w(k).ends_with("نا") && !self.lex.stopwords.contains(self.w(k));
        let first_person = (a..b).any(|k| self.lex.first_person.contains(&self.toks[k].norm) || self.lex.first_person.contains(self.w(k)) || we_verb(k));
        match prev.kind {
            QuoteKind::Direct => {
                let narrator_opening = self.toks[a].conj && !first_person;
                // Headings, bylines and narration follow quotes too: speech goes on only in
                // quotation marks or in the first person.
                let opens_marks = matches!(self.toks[a].punct(), Some(c) if OPEN_MARKS.contains(&c));
                if narrator_opening || !(opens_marks || first_person) {
                    return None;
                }
                let span = self.content(a, b, b)?;
                Some(Found { kind: QuoteKind::Direct, speaker: prev.speaker, span, cue: None, paragraph: self.toks[a].paragraph, open: true })
            }
            QuoteKind::Indirect => {
                // `إضافة إلى ذلك، …`: the content starts after the opener's comma.
                let comma = (a..b.min(a + CONTINUATION_COMMA_WINDOW)).find(|&k| self.toks[k].punct() == Some('،'))?;
                let opener: String = (a..comma).map(|k| self.toks[k].norm.clone()).collect::<Vec<_>>().join(" ");
                if !self.words().continuation_openers.contains(&opener) {
                    return None;
                }
                let span = self.content(comma + 1, b, b)?;
                Some(Found { kind: QuoteKind::Indirect, speaker: prev.speaker, span, cue: None, paragraph: self.toks[a].paragraph, open: true })
            }
        }
    }
}

enum CueReading {
    /// A quote, and the token to go on from.
    Quote(Found, usize),
    /// A statement by an institution or unnamed group: nobody is credited.
    Other(usize),
    Nothing,
}
