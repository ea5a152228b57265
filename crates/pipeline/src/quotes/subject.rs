//! Who speaks: the subject written after a cue (a PERSON with its role, a role that names a
//! known person such as `الوزير`, a group or institution, or nothing: a dropped subject),
//! or before it (`كيري وصف …`).
//!
//! A dropped subject goes to the person who spoke last, or who was named last in the same
//! sentence (`أما X … أوضحت`), if the cue's gender agrees. Statements by institutions and
//! unnamed groups are not credited to anyone and stop the chain of dropped subjects.

use super::{Engine, Speaker};
use crate::cues::{CueForm, CueInfo, RELAY_LEMMA};
use crate::document::Gender;
use crate::view::skip_to_char;

/// Tokens after a title head within which the name it introduces is looked for.
/// Adjectives after an institution's head before its cue (`النيابة العمومية تؤكد`).
const MAX_SUBJECT_ADJECTIVES: usize = 2;
/// Words of a title between `أما` and the topic's name (`أما الإعلامي X`).
const MAX_TOPIC_TITLE_WORDS: usize = 4;
/// Tokens of a relative clause between a topic's name and the `ف` that resumes it.
const MAX_TOPIC_RELATIVE_WORDS: usize = 10;
const TITLE_NAME_WINDOW: usize = 14;
/// Words of a title that stands for a person without naming them (`مبعوث الأمم المتحدة`).
const MAX_TITLE_WORDS: usize = 8;
/// Words between `عن` and a relaying noun (`عن مصادر محلية قولها`).
const MAX_RELAY_SOURCE_WORDS: usize = 3;
/// Words of a title between a semicolon after the subject's name and the comma before the marker.
const MAX_SEMICOLON_TITLE_WORDS: usize = 12;
/// Tokens from a descriptor (`المتخصص في …`) within which the name it introduces is looked for.
const MAX_DESCRIPTOR_WORDS: usize = 8;
/// Longest relative clause set off by commas after a subject's apposition (`X، ROLE، الذي …،`).
const MAX_APPOSITIVE_RELATIVE_WORDS: usize = 14;

/// What stands as a cue's subject.
pub(super) enum Subject {
    /// The speaker (`None`: nobody is written; resolved once the content is found) and the
    /// token after the subject.
    Read { speaker: Option<Speaker>, next: usize },
    /// An institution or unnamed group: nobody is credited; the token after it.
    Other(usize),
    /// A definite noun no list knows (`وأكد المستثمر العملاق`, an epithet of someone named,
    /// or a body): nobody is credited, and who spoke last stays as it was; the token after it.
    Unknown(usize),
}

impl Engine<'_> {
    /// The subject of the cue at token `c`: [title] [honorifics] NAME [، role ،], a role that
    /// names someone, a group, a subject written before the cue, or nothing.
    pub(super) fn subject(&mut self, c: usize, info: CueInfo, a: usize, b: usize, last: Option<Speaker>) -> Subject {
        let after_cue = self.skip_says_participle(c + 1, b);
        // A participle (`مشيرا`, `مطالبا الجهات`) continues the sentence's subject: what follows is content.
        if info.form == CueForm::Participle {
            return Subject::Read { speaker: None, next: after_cue };
        }
        if let Some(k) = self.addressee_then_preposition(c, info, b) {
            // The subject is carried on, and is as good as written: the object is the statement.
            return Subject::Read { speaker: self.resolve(c, info.gender, a, last), next: k };
        }
        // `عن Y قوله`: the speaker is named right before the relaying noun, or a group is.
        if info.lemma == RELAY_LEMMA {
            return match self.relay_speaker(c, a) {
                Some(Speaker::Person(p)) => Subject::Read { speaker: Some(Speaker::Person(p)), next: after_cue },
                _ => Subject::Other(after_cue),
            };
        }
        if c > 0 && self.is(c - 1, &self.words().unnamed_relatives) {
            return Subject::Other(after_cue);
        }
        // `X، الذي وصف السعودية بـ…`: the relative's antecedent speaks; what follows is the object.
        if c > 0 && self.is(c - 1, &self.words().subject_relatives) {
            if let Some(p) = self.topicalized(c, info.gender, a) {
                return Subject::Read { speaker: Some(Speaker::Person(p)), next: after_cue };
            }
        }
        if self.entity_subject_after_kana(c) {
            return Subject::Other(after_cue);
        }
        let (speaker, next) = match self.subject_after(c, after_cue, info.gender, b, last) {
            Subject::Read { speaker, next } => (speaker, next),
            other => return other,
        };
        // A subject written before the cue (`كيري وصف …`): the words after the cue are its object
        // or content, as after a named subject.
        let speaker = speaker.or_else(|| self.topicalized(c, info.gender, a).map(Speaker::Person));
        let next = if speaker.is_some() { self.skip_says_participle(next, b) } else { next };
        Subject::Read { speaker, next }
    }

    /// `وكان فياريال دعا ماهر …`, `وكانت الوزارة أكدت …`: `كان`, an organization or place,
    /// then the cue: the entity is the subject, and a name after the cue its object.
    fn entity_subject_after_kana(&self, c: usize) -> bool {
        if c < 2 || self.toks[c].has_clitic() {
            return false;
        }
        let end = self.toks[c - 1].span.end;
        (c.saturating_sub(MAX_TITLE_WORDS)..c).any(|k| k > 0 && self.entity_end_at[k] == Some(end) && self.person_at[k].is_none() && self.is(k - 1, &self.words().kana_forms))
    }

    /// `وصف X الانتخابات بأنها "…" وحث الرئيس Y على إجراء حوار`: a second cue of the same
    /// sentence, joined by `و`, whose name is followed right away by the cue's own preposition:
    /// the name is who is urged, and the subject is the one before. The preposition's token.
    fn addressee_then_preposition(&self, c: usize, info: CueInfo, b: usize) -> Option<usize> {
        // (`ب` is glued to its noun: `marker::preposition_ahead` reads that case.)
        if info.preposition.is_none_or(|p| p == "ب") {
            return None;
        }
        let t = &self.toks[c];
        let earlier_cue = (0..c).rev().take_while(|&k| self.toks[k].sentence == t.sentence).any(|k| self.cue(k).is_some_and(|i| i.form != CueForm::Noun));
        if !t.conj || !earlier_cue {
            return None;
        }
        let named = self.skip_titles(c + 1, b);
        let (_, end) = self.person_at.get(named).copied().flatten()?;
        let after = skip_to_char(self.toks, named, end, b);
        (after < b && self.is_cue_preposition(after, info)).then_some(after)
    }

    /// A feminine cue with a named subject tells that person's gender when nothing else does.
    fn note_feminine_subject(&mut self, p: usize, gender: Option<Gender>) {
        if gender == Some(Gender::Female) && self.evidence[p].weigh().is_none() {
            self.evidence[p].cue = Some(Gender::Female);
        }
    }

    /// The subject written at token `j`, right after the cue at `c`. A feminine cue tells the
    /// gender of a named subject whose gender nothing else tells.
    fn subject_after(&mut self, c: usize, j: usize, gender: Option<Gender>, b: usize, last: Option<Speaker>) -> Subject {
        // `كشف "جون لويس بوكارنوت" أنها …`: the subject's name written in quotation marks.
        if j + 1 < b && self.opens_quotation(j) {
            if let (Some(close), Some((p, _))) = (self.quoted_name(j), self.person_at[j + 1]) {
                self.note_feminine_subject(p, gender);
                return Subject::Read { speaker: Some(Speaker::Person(p)), next: close + 1 };
            }
        }
        let mut named = self.skip_titles(j, b);
        // `وقال لـ"الاقتصادية" NAME، …`: the outlet the words were said to, then the subject.
        if named < b && self.person_at[named].is_none() {
            let after_outlet = self.past_outlet(j, b).and_then(|k| Some(self.skip_titles(k, b)).filter(|&n| n < b && self.person_at[n].is_some()).or_else(|| self.title_then_name(k, b)));
            if let Some(k) = after_outlet {
                named = k;
            }
        }
        if named >= b {
            return Subject::Read { speaker: None, next: j };
        }
        if let Some((p, end)) = self.person_at[named] {
            self.note_feminine_subject(p, gender);
            return Subject::Read { speaker: Some(Speaker::Person(p)), next: self.past_name(named, end, b) };
        }
        if let Some(k) = self.title_then_name(j, b) {
            // `أوضحت عميدة كلية الهندسة في جامعة بغداد، الدكتورة نهى …`: a long title, then the name; before the
            // title's lone holder, since the name written after it says who (`المدير الإقليمي … الدكتور X`).
            let (p, end) = self.person_at[k].unwrap();
            self.note_feminine_subject(p, gender);
            return Subject::Read { speaker: Some(Speaker::Person(p)), next: self.past_name(k, end, b) };
        }
        if let Some(p) = self.role_referent(j) {
            let mut next = j + 1;
            while next < b && self.toks[next].definite() && !self.toks[next].has_clitic() && self.cue(next).is_none() {
                next += 1;
            }
            return Subject::Read { speaker: Some(Speaker::Person(p)), next };
        }
        if j + 1 < b && self.is(j, &self.words().same_source_nouns) && self.is(j + 1, &self.words().sameness_words) {
            return match last {
                Some(Speaker::Person(p)) if self.agrees(p, gender) => Subject::Read { speaker: Some(Speaker::Person(p)), next: j + 2 },
                _ => Subject::Other(j + 2),
            };
        }
        if j < b && self.is(j, &self.words().honorific_pronouns) {
            return Subject::Read { speaker: self.resolve_title(c, gender, last), next: j + 1 };
        }
        if let Some(k) = self.title_only(j, b) {
            // `وأضاف مبعوث الأمم المتحدة، أن`: a title with no name refers to someone named elsewhere.
            return Subject::Read { speaker: self.resolve_title(c, gender, last), next: k };
        }
        // `وقال لسكاي نيوز عربية إن`, `X، قال لرويترز إن`: the outlet with no name after it (the
        // subject is dropped or written before the cue), then the marker; the outlet is no subject.
        if let Some(k) = self.past_outlet(j, b).filter(|&k| k < b && self.is_marker(k)) {
            return Subject::Read { speaker: None, next: k };
        }
        if j < b && self.is_other_subject(j) {
            return if self.is_epithet_subject(j, gender) { Subject::Unknown(j + 1) } else { Subject::Other(j + 1) };
        }
        Subject::Read { speaker: None, next: j }
    }

    /// The token after a name that starts at token `k` and ends at char `end`, and after the
    /// role written after it.
    pub(super) fn past_name(&self, k: usize, end: usize, b: usize) -> usize {
        let after_name = skip_to_char(self.toks, k, end, b);
        let after_role = self.skip_appositive(after_name, b);
        let after_role = if after_role > after_name { self.past_closing_comma(after_role, b) } else { after_role };
        self.past_semicolon_title(after_role, b)
    }

    /// After an apposition set off by commas (`رحب X، المدير التنفيذي للصندوق، بالنتائج`), its
    /// closing comma, and a relative clause set off the same way (`…، الذي يعاني من ديون، بالنتائج`),
    /// when what follows is no marker (a marker after a comma is read as it stands).
    fn past_closing_comma(&self, j: usize, b: usize) -> usize {
        let comma = |k: usize| k < b && matches!(self.toks[k].punct(), Some('،' | ','));
        if !comma(j) || j + 1 >= b || self.is_marker(j + 1) {
            return j;
        }
        let mut next = j + 1;
        if self.is(next, &self.words().subject_relatives) {
            let Some(close) = (next + 1..b.min(next + 1 + MAX_APPOSITIVE_RELATIVE_WORDS)).take_while(|&k| !self.is_marker(k) && self.cue(k).is_none()).find(|&k| comma(k)) else { return j };
            next = close + 1;
        }
        // Not a name (`كما قال X، كبير مستشاري …، باراك أوباما`: the apposition goes on) nor a cue.
        let opens_object = next < b && !self.is_marker(next) && !comma(next) && self.person_at[next].is_none() && self.cue(next).is_none();
        if opens_object { next } else { j }
    }

    /// `لـ"الاقتصادية"`, `لـ«الشرق الأوسط»،`, `لوكالة الأنباء`: an outlet after `ل` at token
    /// `j` (a name in quotation marks or an entity); the token after it and its comma.
    fn past_outlet(&self, j: usize, b: usize) -> Option<usize> {
        let t = self.toks.get(j)?;
        let k = if t.norm == "ل" || t.norm == "لـ" { j + 1 } else if t.prep == Some('ل') || self.glued_l_entity(j) { j } else { return None };
        let mut next = if k < b && self.opens_quotation(k) {
            self.quoted_name(k)? + 1
        } else if k < b && self.person_at[k].is_none() {
            skip_to_char(self.toks, k, self.entity_end_at[k].or(self.glued_entity_end_at[k])?, b)
        } else {
            return None;
        };
        if next < b && matches!(self.toks[next].punct(), Some('،' | ',')) {
            next += 1;
        }
        Some(next)
    }

    /// `لسكاي نيوز`, `لرويترز`: an entity whose first word carries a `ل` the clitic splitter
    /// left on, as the tagger read it; not a word that starts with the letter itself (`لجنة`,
    /// `لبنان`, `لقاء`: an organization head, a place, a title, a frequent word whose rest is none).
    fn glued_l_entity(&self, j: usize) -> bool {
        let t = &self.toks[j];
        let Some(rest) = t.norm.strip_prefix('ل').filter(|r| r.chars().count() >= 3 && !r.starts_with('ل')) else { return false };
        let lex = self.lex;
        t.is_word() && (self.entity_end_at[j].is_some() || self.glued_entity_end_at[j].is_some()) && self.person_at[j].is_none()
            && !lex.is_org_head(&t.norm) && !lex.locations.contains(&t.norm) && !lex.role_heads.contains(&t.norm)
            && (!lex.common_words.contains(&t.norm) || lex.common_words.contains(rest))
    }

    /// `وقال NAME؛ نائب الرئيس التنفيذي لأسواق، إن`: a title set off by a semicolon (which the
    /// sentence splitter reads as an end) and a comma before the marker belongs to the subject;
    /// the marker's token, or `j` when the shape is not there.
    fn past_semicolon_title(&self, j: usize, b: usize) -> usize {
        if !(j < b && matches!(self.toks[j].punct(), Some('؛' | ';'))) {
            return j;
        }
        for k in j + 1..b.min(j + 1 + MAX_SEMICOLON_TITLE_WORDS) {
            if matches!(self.toks[k].punct(), Some('،' | ',')) && k + 1 < b && self.is_marker(k + 1) {
                return k + 1;
            }
            if self.is_marker(k) || self.cue(k).is_some() || self.person_at[k].is_some() || matches!(self.toks[k].punct(), Some('.' | '؛' | ';')) {
                break;
            }
        }
        j
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
    pub(super) fn skip_titles(&self, mut j: usize, b: usize) -> usize {
        let start = j;
        loop {
            if j < b && self.lex.honorifics.contains(self.w(j)) && !self.toks[j].has_clitic() {
                // `د. خالد`: the full stop of a one-letter title belongs to the title.
                let stop = j + 1 < b && self.toks[j + 1].punct() == Some('.') && self.w(j).chars().count() == 1;
                j += if stop { 2 } else { 1 };
                continue;
            }
            if j < b && self.person_at[j].is_none() {
                if let Some(end) = self.entity_end_at[j] {
                    let nj = skip_to_char(self.toks, j, end, b);
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

    /// Skips a role (and the ORG/LOC inside it) written after the subject, with its comma.
    fn skip_appositive(&self, mut j: usize, b: usize) -> usize {
        loop {
            if j < b && matches!(self.toks[j].punct(), Some('،' | ',')) && j + 1 < b && self.entity_end_at[j + 1].is_some() {
                j += 1;
            }
            // A role glued to the name starts inside the name's last token: look back one.
            let glued = j > 0 && self.entity_end_at[j - 1].map(|e| e > self.toks[j - 1].span.end).unwrap_or(false);
            // An entity that carries a preposition is the cue's object, not an apposition
            // (`وأشاد X بالمدرب لويس إنريكي`).
            if !glued && j < b && self.toks[j].prep.is_some() {
                return j;
            }
            let end = if glued { self.entity_end_at[j - 1] } else if j < b { self.entity_end_at[j] } else { None };
            match end {
                Some(end) if j < b || glued => {
                    let nj = skip_to_char(self.toks, j, end, b);
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

    /// When a title head opens the subject, the PERSON that follows it before any marker.
    fn title_then_name(&self, j: usize, b: usize) -> Option<usize> {
        if j >= b {
            return None;
        }
        if !self.lex.role_heads.contains(self.w(j)) {
            return self.descriptor_then_name(j, b);
        }
        let sent = self.toks[j].sentence;
        // A circumstance (`خلال لقائه …`) ends the title: a name after it is someone else's.
        (j + 1..b.min(j + TITLE_NAME_WINDOW))
            .take_while(|&k| self.toks[k].sentence == sent && !self.is_marker(k) && self.cue(k).is_none() && !self.is(k, &self.words().circumstance_openers))
            .find(|&k| self.person_at[k].is_some())
    }

    /// A definite word that names nothing itself, then a PERSON a few words on with no
    /// punctuation, marker or cue between: an occupation or description the role heads do
    /// not list (`المبتعثة سامية …`, `المتخصص في التسويق الرياضي في لندن طلال …`).
    fn descriptor_then_name(&self, j: usize, b: usize) -> Option<usize> {
        let t = &self.toks[j];
        let w = self.w(j);
        // Or an indefinite head whose genitive is definite (`نجم الكرة الإنجليزية السابق X`,
        // `أحد السياح X`): the construct state reads as one description.
        // Not a plural (`ويتهم منتقدون الرئيس X`: a construct head drops its ن) nor a kin word.
        let plural = w.ends_with("ون") || w.ends_with("ين") || w.ends_with("ات");
        let kin = self.is(j, &self.words().kinship_heads);
        let construct = !t.definite() && !plural && !kin && j + 1 < b && self.toks[j + 1].is_word() && self.toks[j + 1].definite() && !self.toks[j + 1].has_clitic();
        let head_ok = t.definite() || construct;
        if !t.is_word() || !head_ok || t.has_clitic() || self.org_at[j] || self.lex.locations.contains(w) || self.lex.group_subjects.contains(w) || self.lex.is_org_head(w) {
            return None;
        }
        if self.lex.stopwords.contains(w) && !(construct && self.is(j, &self.words().one_of)) {
            return None;
        }
        // `إدارة الهلال برئاسة X`: the name after `برئاسة` is the body's head, not the description.
        let headed_by = |k: usize| self.is(k, &self.words().headed_by);
        (j + 1..b.min(j + MAX_DESCRIPTOR_WORDS)).take_while(|&k| self.toks[k].is_word() && !self.is_marker(k) && self.cue(k).is_none() && !headed_by(k)).find(|&k| self.person_at[k].is_some())
    }

    /// A title without a name as the subject (`المبعوث الدولي`, `مبعوث الأمم المتحدة`,
    /// `المدرب البرتغالي`): a definite title head, or one whose genitive is definite, and the
    /// words of its chain. Returns the token after it (and after a comma).
    fn title_only(&self, j: usize, b: usize) -> Option<usize> {
        let head = self.toks.get(j).filter(|_| j < b)?;
        if !head.is_word() || head.has_clitic() || !self.lex.is_role_head(&head.host_norm) || self.lex.group_subjects.contains(&head.host_norm) {
            return None;
        }
        let definite_chain = head.definite() || (j + 1 < b && (self.toks[j + 1].definite() || self.org_at[j + 1]));
        if !definite_chain {
            return None;
        }
        let mut k = j + 1;
        while k < b && k < j + MAX_TITLE_WORDS && self.toks[k].sentence == head.sentence && !self.is_marker(k) && self.cue(k).is_none() && self.person_at[k].is_none() && self.in_title(k) {
            k += 1;
        }
        if k < b && matches!(self.toks[k].punct(), Some('،' | ',')) {
            k += 1;
        }
        Some(k)
    }

    /// Whether token `k` may be a word of a title's chain: definite, an entity, a
    /// nationality or a word that joins the chain's parts.
    fn in_title(&self, k: usize) -> bool {
        let t = &self.toks[k];
        t.is_word() && (t.definite() || self.org_at[k] || self.entity_end_at[k].is_some() || self.lex.nationalities.contains(&t.host_norm) || self.is(k, &self.words().title_connectives))
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

    /// An institution or unnamed group as the subject: nobody is credited.
    fn is_other_subject(&self, j: usize) -> bool {
        let t = &self.toks[j];
        // `وتابع بالقول:`, `قال للصحفيين`: how or to whom it was said, not who.
        if !t.is_word() || self.is_filler(j) {
            return false;
        }
        let w = self.w(j);
        if self.is_body(j) {
            return true;
        }
        // An indefinite role head with no name (`أكد مسؤول في الوزارة`) is an unnamed source,
        // and so is an indefinite masculine plural (`وقال مصرفيون`, `ويرى قانونيون`).
        if !t.definite() && (self.lex.role_heads.contains(w) || self.lex.is_plural_of_people(w)) {
            return true;
        }
        // A definite noun subject that names no person (`وأوضحت الوزارة`, `وأكدت الدراسة`).
        t.definite() && !self.lex.stopwords.contains(w) && self.lex.cues.lookup(&t.norm).is_none()
    }

    /// Whether token `j` names a body or an unnamed group: inside an organization, or a
    /// group subject ([`crate::tables::GROUP_SUBJECTS`]) as written or normalized.
    fn is_body(&self, j: usize) -> bool {
        self.org_at[j] || self.lex.group_subjects.contains(self.w(j)) || self.lex.group_subjects.contains(&self.toks[j].norm)
    }

    /// Of the subjects above, a definite masculine noun of a masculine cue that no list
    /// places: an epithet of someone named (`وأكد المستثمر العملاق`) as often as a body, so
    /// nobody is credited but who spoke last stays. Feminine nouns are institutions
    /// (`ودعت القيادة العامة`).
    fn is_epithet_subject(&self, j: usize, gender: Option<Gender>) -> bool {
        let t = &self.toks[j];
        let w = self.w(j);
        gender != Some(Gender::Female) && t.definite() && !w.ends_with('ة') && !self.is_body(j) && !self.lex.is_org_head(w)
    }

    /// The subject written before the cue in its sentence: `أما X، رئيسة … أوضحت`, `X … فقال`,
    /// `كيري وصف …`.
    fn topicalized(&self, c: usize, gender: Option<Gender>, a: usize) -> Option<usize> {
        let sent = self.toks[c].sentence;
        let mut k = c;
        while k > a && self.toks[k - 1].sentence == sent {
            k -= 1;
            if let Some((p, end)) = self.person_at[k] {
                // `وأشاد X بـY، مؤكدا …`: a participle after another cue's clause is that
                // cue's subject speaking on; the name before its comma is the object.
                let participle = self.cue(c).is_some_and(|i| i.form == CueForm::Participle);
                if participle && (a..k).rev().take_while(|&j| self.toks[j].sentence == sent).any(|j| self.cue(j).is_some_and(|i| i.form != CueForm::Noun)) {
                    return None;
                }
                let after = self.past_name(k, end, c);
                let between_ok = (after..c).all(|j| self.toks[j].is_punct() || self.is(j, &self.words().topic_particles));
                return ((between_ok || self.topic_relative_clause(k, after, c)) && self.agrees(p, gender)).then_some(p);
            }
            if self.cue(k).is_some() {
                break;
            }
        }
        None
    }

    /// `أما X الذي حضر المسرحية فقد أبدى …`: after `أما`, a relative clause describes the topic
    /// X, and `ف` resumes it as the cue's subject.
    fn topic_relative_clause(&self, name: usize, after: usize, c: usize) -> bool {
        let words = self.words();
        let sent = self.toks[name].sentence;
        let amma = (name.saturating_sub(MAX_TOPIC_TITLE_WORDS)..name).any(|j| self.toks[j].sentence == sent && self.is(j, &words.topic_openers));
        let resumed = self.toks[c].norm.starts_with('ف') && self.toks[c].conj || (c > 0 && self.is(c - 1, &words.topic_resumers));
        amma && resumed && after < c && self.is(after, &words.subject_relatives) && c - after <= MAX_TOPIC_RELATIVE_WORDS
    }

    /// Who a relaying noun (`قوله`) at `c` quotes: the person whose mention ends right before
    /// it (`عن سيريزو قوله`), an unnamed source (`عن مصادر محلية قولها`), or nobody (`ولا أخشى
    /// قولها`: no relay at all).
    pub(super) fn relay_speaker(&self, c: usize, a: usize) -> Option<Speaker> {
        let k = c.checked_sub(1).filter(|&k| k >= a)?;
        if let Some((p, _)) = (a..=k).rev().find_map(|j| self.person_at[j].filter(|&(_, end)| end == self.toks[k].span.end)) {
            return Some(Speaker::Person(p));
        }
        // The source is the noun after `عن` a few words back.
        let source = (k.saturating_sub(MAX_RELAY_SOURCE_WORDS)..=k).rev().find(|&j| j > a && self.is(j - 1, &self.words().relay_source_prepositions));
        source.map(|_| Speaker::Other)
    }

    /// `لكن الرئاسة المصرية نفت أن`, `فإن النيابة العمومية تؤكد أن`: an institution or group
    /// (its head and up to two adjectives, all definite) right before a finite cue without a
    /// conjunction is its subject.
    fn definite_subject_before(&self, c: usize) -> bool {
        let t = &self.toks[c];
        if c == 0 || t.conj || self.cue(c).is_none_or(|i| !matches!(i.form, CueForm::Perfect | CueForm::Imperfect)) {
            return false;
        }
        let phrase: Vec<usize> = (c.saturating_sub(MAX_SUBJECT_ADJECTIVES + 1)..c).rev().take_while(|&k| self.toks[k].is_word() && self.toks[k].definite() && self.toks[k].sentence == t.sentence && self.person_at[k].is_none()).collect();
        let Some(&head) = phrase.iter().rev().find(|&&k| self.is_body(k)) else {
            return false;
        };
        // The phrase opens a clause: it is not the genitive of a noun (`قرارات المجلس قال`).
        let before = head.checked_sub(1).map(|k| &self.toks[k]);
        !self.toks[head].has_clitic() && before.is_none_or(|b| b.sentence != t.sentence || b.is_punct() || self.is(head - 1, &self.words().connectives) || self.is(head - 1, &self.words().complementizers) || self.is(head - 1, &self.words().topic_particles))
    }

    /// `صورة تكشف أن`, `دراسة تؤكد`: an indefinite noun right before a present-tense cue
    /// without a conjunction is its subject, and names nobody.
    fn noun_subject_before(&self, c: usize) -> bool {
        let t = &self.toks[c];
        if c == 0 || t.conj || self.cue(c).is_none_or(|i| i.form != CueForm::Imperfect) {
            return false;
        }
        let prev = &self.toks[c - 1];
        let w = self.w(c - 1);
        prev.is_word() && !prev.definite() && !prev.has_clitic() && self.person_at[c - 1].is_none() && self.cue(c - 1).is_none() && !self.lex.stopwords.contains(w) && !self.is(c - 1, &self.words().connectives) && !self.is(c - 1, &self.words().topic_particles) && !self.lex.is_name_word(w)
    }

    /// Who a subjectless cue refers to.
    pub(super) fn resolve(&self, c: usize, gender: Option<Gender>, a: usize, last: Option<Speaker>) -> Option<Speaker> {
        // (Before the name right before it: `هاجم X الرئيس Y، قائلا` is X's.)
        if let Some(p) = self.narrated_subject_before(c).filter(|&p| self.agrees(p, gender)) {
            return Some(Speaker::Person(p));
        }
        if let Some(p) = self.topicalized(c, gender, a) {
            return Some(Speaker::Person(p));
        }
        if self.noun_subject_before(c) {
            return Some(Speaker::Other);
        }
        // Nobody, without ending the last speaker's run: such a clause is often the writer's
        // aside inside a person's report (`… لكن الرئاسة نفت أن …`, `القنوات التي قالت إنه …`).
        if self.definite_subject_before(c) {
            return None;
        }
        // A feminine cue with nobody named is most often a country's or a ministry's
        // (`وأشارت إلى …`): it goes to a person only when she is known to be a woman.
        let feminine = gender == Some(Gender::Female);
        let known = |p: usize| !feminine || self.evidence[p].weigh() == Some(Gender::Female);
        if let Some(p) = self.author_before_resumptive(c).filter(|&p| self.agrees(p, gender) && known(p)) {
            return Some(Speaker::Person(p));
        }
        match last {
            Some(Speaker::Person(p)) if self.agrees(p, gender) => self.known_gender_since(p, c, gender).or(Some(p).filter(|&p| known(p))).map(Speaker::Person),
            Some(Speaker::Other) => Some(Speaker::Other),
            _ => self.last_named_before(c, gender).filter(|&p| known(p)).map(Speaker::Person),
        }
    }

    /// `ردّ X بتغريدة أكد فيها أن …`, `ألقى X كلمة رحب فيها بـ…`: a cue followed by `فيها`
    /// describes a tweet or speech the person named before it in the sentence gave (not one
    /// after a preposition, an addressee), with no other cue between.
    fn author_before_resumptive(&self, c: usize) -> Option<usize> {
        let t = &self.toks[c];
        if !self.resumptive_after(c) {
            return None;
        }
        let sent = t.sentence;
        (0..c)
            .rev()
            .take_while(|&k| self.toks[k].sentence == sent && self.cue(k).is_none())
            .find_map(|k| self.subject_mention_at(k))
    }

    /// The person of a PERSON mention at token `k` that may be a clause's subject: not after a
    /// preposition, glued or written apart (`لسعد`, `إلى سعد` name an addressee).
    fn subject_mention_at(&self, k: usize) -> Option<usize> {
        let after_preposition = self.toks[k].prep.is_some() || (k > 0 && self.is(k - 1, &self.words().object_introducers));
        self.person_at[k].filter(|_| !after_preposition).map(|(p, _)| p)
    }

    /// A cue without a clitic followed by `فيها`/`فيه` in its sentence.
    fn resumptive_after(&self, c: usize) -> bool {
        let t = &self.toks[c];
        !t.has_clitic() && self.toks.get(c + 1).is_some_and(|n| self.is(c + 1, &self.words().resumptive_in) && n.sentence == t.sentence)
    }

    /// `يقف X (35 عاما) وتعلو ملامح الغضب وجهه قائلا "…"`: `قائلا` in a sentence with no
    /// cue before it goes to the person the sentence narrates, the first one named in it.
    fn narrated_subject_before(&self, c: usize) -> Option<usize> {
        let says_participle = self.cue(c).is_some_and(|i| i.form == CueForm::Participle && i.says);
        let sent = self.toks[c].sentence;
        let in_sentence = (0..c).rev().take_while(|&k| self.toks[k].sentence == sent);
        if !says_participle || in_sentence.clone().any(|k| self.cue(k).is_some()) {
            return None;
        }
        // The first one: the narrating verb's subject (`هاجم X الرئيس Y، قائلا`: not Y).
        in_sentence.filter_map(|k| self.subject_mention_at(k)).last()
    }

    /// The person a bare title stands for: the last speaker, else the last person named before
    /// the cue, else the first one named after it.
    fn resolve_title(&self, c: usize, gender: Option<Gender>, last: Option<Speaker>) -> Option<Speaker> {
        if let Some(Speaker::Person(p)) = last {
            if self.agrees(p, gender) {
                return Some(Speaker::Person(p));
            }
        }
        let after = || (c..self.toks.len()).find_map(|k| self.person_at[k].map(|(p, _)| p).filter(|&p| self.agrees(p, gender)));
        self.last_named_before(c, gender).or_else(after).map(Speaker::Person)
    }

    /// `وقالت` after a speaker whose gender is unknown, when a person known to be a woman was
    /// named after that speaker's last mention: she is the better reading. Only the feminine: a masculine cue says little after a speaker of unknown gender, who
    /// is most often a man, and the man it would pick may be one named inside the quote.
    fn known_gender_since(&self, p: usize, c: usize, gender: Option<Gender>) -> Option<usize> {
        let g = gender.filter(|&g| g == Gender::Female)?;
        if self.evidence[p].weigh().is_some() {
            return None;
        }
        let last_of = |q: usize| (0..c).rev().find(|&k| self.person_at[k].is_some_and(|(x, _)| x == q));
        let since = last_of(p).unwrap_or(0);
        (since + 1..c).rev().find_map(|k| self.person_at[k].map(|(q, _)| q).filter(|&q| q != p && self.evidence[q].weigh() == Some(g)))
    }

    /// The last person named before token `c` whose gender agrees with the cue's.
    fn last_named_before(&self, c: usize, gender: Option<Gender>) -> Option<usize> {
        (0..c).rev().find_map(|k| self.person_at[k].map(|(p, _)| p).filter(|&p| self.agrees(p, gender)))
    }

    /// Whether person `p` may be the subject of a cue of this gender (unknown agrees with all).
    fn agrees(&self, p: usize, gender: Option<Gender>) -> bool {
        match (gender, self.evidence[p].weigh()) {
            (Some(g), Some(h)) => g == h,
            _ => true,
        }
    }
}
