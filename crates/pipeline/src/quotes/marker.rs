//! What opens the content after the subject: the cue's preposition (`إلى`), then a colon
//! (direct), quotation marks (direct), a complementizer `أن/إن/بأن` (indirect),
//! first-person speech straight after `قال X` (direct) or a noun phrase after `مثمنا`-type
//! cues (indirect). Words that say where and how it was said may stand before the marker
//! (`، خلال افتتاحه المنتدى،`, `في تصريح له`).

use super::Engine;
use crate::cues::{CueForm, CueInfo};
use crate::document::QuoteKind;
use crate::entities::name_spans::past_marks;
use crate::tables;
use qawl_tokenizer::{normalize_key, Span};

/// Most words of a name in quotation marks after a [`tables::NAME_INTRODUCERS`] word.
const MAX_QUOTED_NAME_WORDS: usize = 4;
/// Tokens after a named subject that may still be the rest of its title before the marker.
const MAX_SUBJECT_TITLE_TAIL: usize = 12;
/// Words between a cue (or its subject) and the cue's own preposition (`داعيا جميع العملاء إلى`).
const MAX_ADDRESSEE_WORDS: usize = 5;
/// Tokens after a cue within which its marker is looked for.
const MARKER_WINDOW: usize = 40;
/// Words of a day or time set off by commas after a subject (`، مساء السبت،`).
const MAX_TIME_ASIDE_WORDS: usize = 2;

/// Where a quote's content opens.
pub(super) struct Opening {
    pub kind: QuoteKind,
    /// The marker's token (or the content's first, when nothing marks it).
    pub marker: usize,
    /// The content's first token.
    pub start: usize,
    /// Whether the content is in quotation marks, so it runs to the closing one.
    pub closing: bool,
}

impl Engine<'_> {
    /// The marker after the subject (read from token `j`) and what it opens; `None` when
    /// nothing there opens a quote. `explicit`: the subject is written.
    pub(super) fn opening(&self, j: usize, info: CueInfo, explicit: bool, b: usize) -> Option<Opening> {
        if j >= b {
            return None;
        }
        // `وصف X القرار برسالة …`, `الذي وصف السعودية بـ"…"`: the description opens the
        // content, before any marker further on.
        if tables::DESCRIBED_AS_LEMMAS.contains(&info.lemma) && (explicit || info.form == CueForm::Participle) && !self.is_marker(j) {
            if let Some(s) = self.described_as(j, b) {
                let quoted = s < b && self.opens_quotation(s);
                return Some(Opening { kind: if quoted { QuoteKind::Direct } else { QuoteKind::Indirect }, marker: s, start: s, closing: quoted });
            }
        }
        let j = self.marker_from(j, b, explicit, info);
        self.opening_at(j, info, explicit, b)
    }

    /// The marker's token: right at `j`, or after words that say where and how it was said
    /// (`، خلال افتتاحه المنتدى،`, `في تصريح له`), or after a few more words of a written
    /// subject's title (`نائب وزير النقل لشؤون البنية التحتية، أن …`); past the cue's
    /// preposition (`أشار إلى أن`).
    fn marker_from(&self, mut j: usize, b: usize, explicit: bool, info: CueInfo) -> usize {
        // `وحث X على إجراء حوار "هادف"`: the cue's own preposition opens the statement; a
        // marker further on is inside it.
        let at_preposition = self.is_cue_preposition(j, info) && !(j + 1 < b && self.is_marker(j + 1)) && self.object_is_statement(j, info, explicit);
        if !self.is_marker(j) && !at_preposition {
            let preposition = self.preposition_ahead(j, b, info).filter(|&k| self.is_cue_preposition(k, info) || explicit || self.addressee_before_glued_b(j, k));
            if let Some(k) = self.find_marker(j, b).filter(|&k| preposition.is_none_or(|p| k <= p + 1 || !self.object_is_statement(p, info, explicit))) {
                if self.is_filler(j) || (explicit && k - j <= MAX_SUBJECT_TITLE_TAIL) {
                    j = k;
                }
            } else if let Some(k) = preposition {
                // `وحث X على إجراء حوار "هادف"`: the cue's own preposition comes before the
                // marker, whose quotation marks are inside the statement.
                // `داعيا جميع العملاء إلى …`, `ودعا X وهو سياسي معارض إلى …`: an addressee or
                // an aside, then the cue's own preposition.
                j = k;
            }
        }
        if j < b && self.is(j, &self.words().cue_prepositions) && j + 1 < b && self.is_marker(j + 1) {
            j += 1;
        }
        j
    }

    /// Whether token `j` is the cue's own preposition, written apart.
    pub(super) fn is_cue_preposition(&self, j: usize, info: CueInfo) -> bool {
        info.preposition.is_some_and(|p| self.toks[j].norm == normalize_key(p))
    }

    /// The cue's own preposition a few words after `j` (written apart, or `ب` glued to its
    /// noun: `ووعد مواطني الباحة بتقديم …`), in its sentence and before any punctuation, cue or name.
    fn preposition_ahead(&self, j: usize, b: usize, info: CueInfo) -> Option<usize> {
        let p = normalize_key(info.preposition?);
        let sent = self.toks.get(j)?.sentence;
        (j..b.min(j + MAX_ADDRESSEE_WORDS + 1))
            .take_while(|&k| self.toks[k].sentence == sent && !(k > j && self.toks[k].is_punct()) && (k == j || self.cue(k).is_none()) && self.person_at[k].is_none())
            .find(|&k| k > j && (self.toks[k].norm == p || (p == "ب" && !self.is_marker(k) && self.after_glued_b(k).is_some())))
    }

    /// With no subject written, the words between the cue and its glued `ب` (`ووعد مواطني
    /// الباحة بتقديم …`, `وطالب جميع اللاعبين بالقيام …`) are its addressee only when they read
    /// as an object: after the fillers, a definite word or a construct head before one; not a
    /// subject of their own (`وطالب معلقون …`, `ويطالب نشطاء من القبيلة …`, `تطالب به المنظمات`).
    fn addressee_before_glued_b(&self, j: usize, k: usize) -> bool {
        let mut f = j;
        while f < k && self.is_filler(f) {
            f += 1;
        }
        if f >= k {
            return true;
        }
        let t = &self.toks[f];
        let w = self.w(f);
        // (`جميع`, `كل` before a definite word are its quantifier.)
        let quantifier = self.is(f, &self.words().quantifiers);
        let subject_like = w.ends_with("ون") || (self.lex.stopwords.contains(w) && !quantifier) || self.lex.group_subjects.contains(w) || self.lex.is_plural_of_people(w) || t.has_clitic();
        let object_like = t.definite() || (f + 1 < k && self.toks[f + 1].definite() && !self.toks[f + 1].has_clitic());
        t.is_word() && !subject_like && object_like
    }

    /// What the marker at token `j` opens.
    fn opening_at(&self, j: usize, info: CueInfo, explicit: bool, b: usize) -> Option<Opening> {
        let tok = &self.toks[j];
        let opening = |kind, start, closing| Some(Opening { kind, marker: j, start, closing });
        if tok.punct() == Some(':') {
            let mut s = j + 1;
            let mut kind = QuoteKind::Direct;
            if s < b && self.is(s, &self.words().complementizers) {
                kind = QuoteKind::Indirect;
                s += 1;
            }
            opening(kind, s, s < b && self.opens_quotation(s))
        } else if self.opens_quotation(j) && self.quoted_name(j).is_none() {
            opening(QuoteKind::Direct, j, true)
        } else if self.is(j, &self.words().complementizers) {
            opening(QuoteKind::Indirect, j + 1, self.quotes_whole_clause(j + 1, b))
        } else if self.negated_complementizer(j) {
            opening(QuoteKind::Indirect, j, false)
        } else if info.says && explicit && tok.is_word() && !self.is_filler(j) {
            opening(QuoteKind::Direct, j, false)
        } else if tables::PREPOSITION_ONLY_LEMMAS.contains(&info.lemma) && !self.is_cue_preposition(j, info) {
            None
        } else if self.object_is_statement(j, info, explicit) {
            // `مطالبا الجهات …`, `مشيرا إلى …`, `ووعد محاكمة …`: the object is the statement.
            let j = if explicit { self.past_aside(j, b) } else { j };
            let j = self.past_adverbs(j, b);
            let s = if j < b && self.is(j, &self.words().object_introducers) { j + 1 } else { j };
            if s >= b || !self.toks[s].is_word() || (self.lex.stopwords.contains(self.w(s)) && !self.is(s, &self.words().demonstratives)) {
                return None;
            }
            opening(QuoteKind::Indirect, s, false)
        } else if info.form == CueForm::Perfect && !explicit && self.is(j, &self.words().clause_starters) {
            // `وقال هذه الدول أنفقت …`: a subjectless cue, then its content with no marker.
            opening(if info.says { QuoteKind::Direct } else { QuoteKind::Indirect }, j, false)
        } else {
            None
        }
    }

    /// Where the description opens after a cue of [`tables::DESCRIBED_AS_LEMMAS`]: after a
    /// complementizer with `ب` (`بأنه`) or a `بـ` written apart, or on the first word with a
    /// glued `ب` (`بالأمر الكبير`), in the cue's sentence and before another cue.
    fn described_as(&self, j: usize, b: usize) -> Option<usize> {
        let sent = self.toks.get(j)?.sentence;
        for k in j..b.min(j + MARKER_WINDOW) {
            let t = &self.toks[k];
            if t.sentence != sent || (k > j && self.cue(k).is_some()) {
                return None;
            }
            let apart = self.is(k, &self.words().description_prepositions);
            if apart || (t.norm.starts_with('ب') && self.is(k, &self.words().complementizers)) {
                return (k + 1 < b).then_some(k + 1);
            }
            if self.after_glued_b(k).is_some() && self.person_at[k].is_none() {
                return Some(k);
            }
        }
        None
    }

    /// Content that opens on the cue's own `ب` glued to its noun starts after it
    /// (ANNOTATION.md: `رحب X بالنتائج` → `النتائج …`).
    pub(super) fn past_cue_b(&self, span: Span, start: usize, info: CueInfo) -> Span {
        let Some(t) = self.toks.get(start) else { return span };
        if info.preposition != Some("ب") || t.span.start != span.start || self.is(start, &self.words().complementizers) || self.after_glued_b(start).is_none() {
            return span;
        }
        let after_b = if t.prep == Some('ب') { t.host.start } else { t.span.start + 1 };
        let at = past_marks(self.chars, after_b, span.end);
        if at < span.end { Span::new(at, span.end) } else { span }
    }

    /// The word at token `k` without a glued `ب`: where the text layer split it off, or where
    /// the rest is definite or a frequent word (`برسالة`, which the layer leaves whole since
    /// `ب` often begins a word).
    fn after_glued_b(&self, k: usize) -> Option<&str> {
        let t = &self.toks[k];
        if !t.is_word() {
            return None;
        }
        if t.prep == Some('ب') {
            return Some(&t.host_norm);
        }
        let rest = t.norm.strip_prefix('ب')?;
        (rest.chars().count() >= 3 && (rest.starts_with("ال") || self.lex.common_words.contains(rest))).then_some(rest)
    }

    /// Past a comma after a written subject, with a day or time set off by a second one
    /// (`انتقد X، السبت، إنفاق …`) or a preposition after it (`كشفت X، NAME، عن …`).
    fn past_aside(&self, j: usize, b: usize) -> usize {
        let comma = |k: usize| k < b && matches!(self.toks[k].punct(), Some('،' | ','));
        if !comma(j) {
            return j;
        }
        let mut k = j + 1;
        while k < b && k <= j + MAX_TIME_ASIDE_WORDS && self.is(k, &self.words().time_asides) {
            k += 1;
        }
        if k > j + 1 && comma(k) {
            return k + 1;
        }
        if j + 1 < b && self.is(j + 1, &self.words().object_introducers) {
            return j + 1;
        }
        j
    }

    /// Past adverbs and the day after them (`من جديد الثلاثاء`) before a noun-phrase object.
    fn past_adverbs(&self, mut j: usize, b: usize) -> usize {
        let start = j;
        while let Some(p) = self.words().object_adverbs.iter().find(|p| j + p.len() < b && self.phrase_starts_at(j, std::slice::from_ref(p))) {
            j += p.len();
        }
        if j > start {
            while j < b && self.is(j, &self.words().time_asides) {
                j += 1;
            }
        }
        j
    }

    /// Whether the cue's object at token `j` is what was said: after a cue of
    /// [`tables::STATEMENT_OBJECT_LEMMAS`] that is a participle, has a written subject, or has
    /// a verbal noun for its object.
    fn object_is_statement(&self, j: usize, info: CueInfo, explicit: bool) -> bool {
        tables::STATEMENT_OBJECT_LEMMAS.contains(&info.lemma) && (info.form == CueForm::Participle || explicit || (matches!(info.form, CueForm::Perfect | CueForm::Imperfect) && self.object_after_dropped_subject(j, info)))
    }

    /// After a finite cue with no subject (`ووعد بمحاكمة`, `وحث إجراء`), a verbal noun is the
    /// object, not a subject: a noun right after the verb is most often its subject (`وكشفت صور
    /// الأشعة`, `واتهم معارضون`), so only the shapes of verbal nouns count (`تفعيل`, `إفعال`,
    /// `استفعال`, `مفاعلة`), and never a word that names someone or something.
    fn object_after_dropped_subject(&self, j: usize, info: CueInfo) -> bool {
        let t = &self.toks[j];
        // A subject never carries the cue's preposition: `وطالب بحلها`, `ووعد بمحاكمة`.
        if info.preposition == Some("ب") && self.after_glued_b(j).is_some() && self.person_at[j].is_none() && !self.org_at[j] {
            return true;
        }
        // `وأشار إلى سيطرة …`, `وأشار أيضا إلى …`: the preposition written apart right after a
        // cue that carries on the last speaker (`و` + perfect), with only fillers between.
        if self.is_cue_preposition(j, info) && self.toks.get(j + 1).is_some_and(|n| n.is_word()) && self.person_at.get(j + 1).is_some_and(|p| p.is_none()) && !self.org_at[j + 1] {
            let mut k = j;
            while k > 0 && self.is_filler(k - 1) && !self.is_cue_preposition(k - 1, info) {
                k -= 1;
            }
            // `كما حذر من …`, `لكنه حذر من …`: a connective carries it on as `و` does, and so
            // does punctuation right before the cue (`…، حذر من`, a new sentence `. حذر من`):
            // with no subject after it, the verb continues the last speaker.
            let connective = k > 1 && (self.is(k - 2, &self.words().connectives) || self.toks[k - 2].is_punct());
            let carried_on = k > 0 && (self.toks[k - 1].conj || connective) && self.cue(k - 1).is_some_and(|c| c.form == CueForm::Perfect);
            if carried_on {
                return true;
            }
        }
        // After a cue that takes `ب` (`ووعد بمحاكمة`), the noun is read without it.
        let w = if info.preposition == Some("ب") { self.after_glued_b(j).unwrap_or(self.w(j)) } else { self.w(j) };
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
            && !self.lex.is_name_word(w)
            && !self.lex.locations.contains(w)
    }

    /// `إن "…"، مرددا …`: quotation marks right after a complementizer that close at the end of
    /// a clause (punctuation, the sentence's or paragraph's end) hold the whole statement, which
    /// ends at the closing mark; when words follow it (`أن "صحة حائل" تبين …`) they do not.
    fn quotes_whole_clause(&self, s: usize, b: usize) -> bool {
        if s >= b || !self.opens_quotation(s) {
            return false;
        }
        let Some(close) = self.closing_mark(s, self.sentence_end(s, b)) else { return false };
        // `إن "X، مشيرا إلى أنه Y"`: a participle cue after a comma inside the marks opens the
        // next report; the marks are the writer's, and the content is read as unquoted.
        if (s + 2..close).any(|k| matches!(self.toks[k - 1].punct(), Some('،' | ',')) && self.cue(k).is_some_and(|c| c.form == CueForm::Participle)) {
            return false;
        }
        let stop_inside = close > s + 1 && matches!(self.toks[close - 1].punct(), Some('.' | '!' | '?' | '؟'));
        // `أن "…"، وأن …`: a second clause under the same cue carries the statement on.
        let coordinated = close + 2 < b && matches!(self.toks[close + 1].punct(), Some('،' | ',')) && self.toks[close + 2].conj && self.is(close + 2, &self.words().complementizers);
        if coordinated && !stop_inside {
            return false;
        }
        close + 1 >= b || stop_inside || self.toks[close + 1].is_punct() || self.toks[close + 1].sentence != self.toks[s].sentence
    }

    /// `أن "صحة حائل" تبين …`: a short quotation with no punctuation in it, opening the
    /// content at `s` and closing right before token `k`, is the subject of the clause.
    pub(super) fn quoted_subject_before(&self, s: usize, k: usize, b: usize) -> bool {
        self.opens_quotation(s) && self.closing_mark(s, b) == Some(k - 1) && k - s - 2 <= MAX_QUOTED_NAME_WORDS && (s + 1..k - 1).all(|j| self.toks[j].is_word())
    }

    /// `ألا`/`بألا` ("that … not") as written with its hamza: normalized, it is also `إلا`
    /// ("except": `لم يتحدث X إلا عن …`), which opens nothing.
    fn negated_complementizer(&self, j: usize) -> bool {
        self.is(j, &self.words().negated_complementizers) && self.chars.get(self.toks[j].host.start) == Some(&'أ')
    }

    /// A colon, an opening quotation mark that does not hold a name, or a complementizer.
    pub(super) fn is_marker(&self, j: usize) -> bool {
        self.toks[j].punct() == Some(':') || (self.opens_quotation(j) && self.quoted_name(j).is_none()) || self.is(j, &self.words().complementizers) || self.negated_complementizer(j)
    }

    /// The closing mark when the quotation marks opened at `open` hold a name, not a statement:
    /// one entity fills them (`لـ«الشرق الأوسط»`, `وأضاف "آل صالح"`), or a few words follow a
    /// word that introduces a name (`لشبكة "فوكس نيوز"`, `حزب "فرنسا الأبية"`).
    pub(super) fn quoted_name(&self, open: usize) -> Option<usize> {
        let sent_end = self.sentence_end(open, self.toks.len());
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
        // `على موقع التواصل الاجتماعي "تويتر" إن …`: a word or two in marks with the
        // complementizer right after is a name in the circumstance; the statement follows.
        let before_complementizer = words <= 2 && close + 1 < self.toks.len() && self.is(close + 1, &self.words().complementizers);
        ((introduced && words <= MAX_QUOTED_NAME_WORDS) || before_complementizer).then_some(close)
    }

    /// Words that open a circumstance between a cue and its content.
    pub(super) fn is_filler(&self, j: usize) -> bool {
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
        let mut in_relative = false;
        while k < b.min(j + MARKER_WINDOW) {
            if self.toks[k].sentence != sent {
                return None;
            }
            // `X، الذي أشرف على «عملية تحرير عدن»، إن …`: a quotation inside a relative clause
            // about the subject names something of the clause; the marker comes after it.
            if in_relative && self.opens_quotation(k) {
                if let Some(close) = self.closing_mark(k, b).filter(|&c| c + 1 < b && matches!(self.toks[c + 1].punct(), Some('،' | ','))) {
                    k = close + 1;
                    continue;
                }
            }
            if self.is_marker(k) {
                return Some(k);
            }
            in_relative |= self.is(k, &self.words().subject_relatives);
            // A name in quotation marks is part of the circumstance (`لصحيفة "…"`): past it.
            if let Some(close) = self.opens_quotation(k).then(|| self.quoted_name(k)).flatten() {
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
}
