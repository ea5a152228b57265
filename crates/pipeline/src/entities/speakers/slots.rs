//! Step 1, the speaker slot. A speech verb with an explicit subject is followed by the
//! speaker: `قال [ROLE][،] NAME (، | في | إن | أن | :)`. Two to four words there that are
//! neither function words, frequent news words, cues nor titles are a person's name, even a
//! transliterated one that no gazetteer has (`سيسيل بويلي`, `روبين رايت`); a one-word place
//! or organization span inside it was a wrong guess and gives way. A definite title opens a
//! slot too (`الملكة إليزابيث`), where only a word known or tagged as a name is one.

use super::{cover, is_speech_verb, overlapping};
use crate::document::{EntityType, Gender};
use crate::entities::rules::Found;
use crate::lexicon::Lexicon;
use crate::view::{host_span, skip_to_char, token_range, Tok};
use qawl_tokenizer::Span;
use std::collections::HashSet;

/// Words a name in the speaker slot may have.
const MAX_NAME_WORDS: usize = 4;
/// Words of an unrecognised title between the verb and the name (`الموفد الدولي إلى سوريا`).
const MAX_TITLE_WORDS: usize = 6;
/// Confidence of a name found from its position.
const SLOT_CONFIDENCE: f32 = 0.7;
/// Times a definite word must stand alone as a speech verb's subject to be a family name.
const MIN_FAMILY_NAME_SLOTS: usize = 2;
/// Words that join a title's parts (`المتحدث باسم`, `الموفد إلى`).
const TITLE_CONNECTORS: &[&str] = &["باسم", "الي", "في", "لدي", "عن", "بين"];
/// Words after the name that end the speaker slot (`وهو`/`وهي` open an appositive: `ودعا X وهو سياسي …`).
const SLOT_ENDS: &[&str] = &["وهو", "وهي", "في", "خلال", "لدى", "امام", "ان", "انه", "انها", "بان", "الي", "علي", "عن", "ل", "اليوم", "امس", "يوم", "مساء", "صباح"];

/// A title word (the role-head table holds each head with and without the article).
fn is_title(lex: &Lexicon, w: &str) -> bool {
    lex.is_role_head(w) || lex.is_suffixed_role_head(w)
}

fn is_plain_word(lex: &Lexicon, t: &Tok) -> bool {
    let w = t.host_norm.as_str();
    t.is_word()
        && !lex.stopwords.contains(w)
        && !lex.common_words.contains(w)
        && !is_title(lex, w)
        && !lex.org_heads.contains(w)
        && !lex.org_generic_heads.contains(w)
        && !lex.loc_heads.contains(w)
        && !lex.honorifics.contains(w)
        && !lex.nationalities.contains(w)
        && lex.cues.lookup(&t.norm).is_none()
}

/// A later word of a name in the speaker slot: any word but a function word, a cue or a
/// title (frequent words are allowed there: `رايت` is also a normalized `رأيت`).
fn is_later_name_word(lex: &Lexicon, t: &Tok) -> bool {
    let w = t.host_norm.as_str();
    // A clitic split off an unknown word was the segmenter's guess (`بويلي` is not ب + ويلي).
    let clitic_ok = !t.has_clitic() || (!t.definite() && !lex.common_words.contains(w) && !lex.common_words.contains(&t.norm));
    t.is_word() && clitic_ok && !lex.stopwords.contains(w) && !is_title(lex, w) && !lex.org_heads.contains(w) && !lex.nationalities.contains(w) && lex.cues.lookup(&t.norm).is_none() && !SLOT_ENDS.contains(&t.norm.as_str())
}

/// Plurals of adjectives of relation and feminine plurals (`مصرفيون`, `تعديلات`), which a
/// name in these slots rarely is (names end in `ين` and `ون` often: `بوتين`, `ماكرون`).
fn looks_plural(w: &str) -> bool {
    w.chars().count() > 4 && (w.ends_with("يون") || w.ends_with("يين") || w.ends_with("ات"))
}

fn ends_slot(t: &Tok) -> bool {
    t.is_punct() || SLOT_ENDS.contains(&t.norm.as_str())
}

/// The spans the slot rules read, computed once for the document.
struct Slots<'a> {
    lex: &'a Lexicon,
    toks: &'a [Tok],
    found: &'a [Found],
    cover: Vec<Vec<usize>>,
    tagged: &'a [bool],
    /// End char of the longest ROLE span starting at each token's host.
    role_end: Vec<Option<usize>>,
}

impl Slots<'_> {
    fn is_known_name(&self, t: &Tok) -> bool {
        self.lex.is_name_word(&t.host_norm)
    }

    fn in_place_or_org(&self, k: usize) -> bool {
        self.cover[k].iter().any(|&i| matches!(self.found[i].kind, EntityType::Loc | EntityType::Org))
    }

    /// The token after a title that opens a slot (a ROLE span, or title words from a role
    /// head on), and a comma after it; `None` when the slot holds something else.
    fn after_title(&self, mut j: usize) -> Option<usize> {
        let (lex, toks) = (self.lex, self.toks);
        let start = toks.get(j)?;
        let role = self.role_end[j];
        if let Some(end) = role {
            j = skip_to_char(toks, j, end, toks.len());
        }
        if role.is_some() || is_title(lex, &start.host_norm) {
            // An unrecognised title (`المتحدثة باسم المفوضية`, `الموفد الدولي إلى سوريا`): definite
            // words, connectors and the places and organizations it names, up to a plain word.
            // A word the tagger reads as a name ends it (`اليزابيث` looks definite).
            let limit = (j + MAX_TITLE_WORDS).min(toks.len());
            if role.is_none() {
                j += 1;
            }
            while j < limit && !toks[j].is_punct() && !self.tagged[j] && (toks[j].definite() || toks[j].has_clitic() || TITLE_CONNECTORS.contains(&toks[j].norm.as_str()) || lex.nationalities.contains(&toks[j].host_norm) || (TITLE_CONNECTORS.contains(&toks[j - 1].norm.as_str()) && self.in_place_or_org(j))) {
                j += 1;
            }
        }
        if matches!(toks.get(j).and_then(|t| t.punct()), Some('،' | ',')) {
            j += 1;
        }
        (j < toks.len()).then_some(j)
    }

    /// The name of the slot that opens at token `i` (a speech verb or a definite title):
    /// its span, or `None`.
    fn name_at(&self, i: usize) -> Option<Span> {
        let (lex, toks) = (self.lex, self.toks);
        // Two slots hold a name: the subject of a speech verb, and the word after a definite
        // title (`الملكة إليزابيث`, `المدرب تيتي`, `اللاعب البرازيلي نيمار دا سيلفا`).
        let is_cue = is_speech_verb(lex, &toks[i]);
        // `جامعة السلطان قابوس`: a title after an organization head is part of its name.
        let in_org_name = i > 0 && lex.is_org_head(&toks[i - 1].host_norm);
        let is_title_head = toks[i].is_word() && toks[i].definite() && is_title(lex, &toks[i].host_norm) && !in_org_name;
        let j = if is_cue {
            self.after_title(i + 1)?
        } else if is_title_head {
            self.after_title(i).filter(|&j| j > i)?
        } else {
            return None;
        };
        // The first word: plain, or known or tagged as a name; no article or clitic.
        let first = &toks[j];
        let known_name = self.is_known_name(first);
        let tagged = self.tagged[j];
        let name_like = is_plain_word(lex, first) || known_name || (tagged && is_later_name_word(lex, first));
        if !name_like || (first.definite() && !tagged) || first.has_clitic() || first.sentence != toks[i].sentence {
            return None;
        }
        // Plural nouns stand there too (`قال مصرفيون`); after a title a verb does (`الفريق افتقد`).
        if (!known_name && looks_plural(&first.host_norm)) || (!is_cue && !(known_name || tagged)) {
            return None;
        }
        // After a title the name goes on only through words known as names or tagged as one.
        // (Family-name lists are no evidence here: `الأغنى` is in them, and follows a name as an adjective.)
        let evidence = |k: usize| lex.given_names.contains(&toks[k].host_norm) || lex.name_particles.contains(&toks[k].host_norm) || self.tagged[k];
        let mut k = j + 1;
        while k < toks.len() && k - j < MAX_NAME_WORDS && toks[k].sentence == first.sentence && (is_later_name_word(lex, &toks[k]) || lex.name_particles.contains(&toks[k].host_norm)) && (is_cue || evidence(k)) {
            k += 1;
        }
        // One word is a name in the speaker slot only when the tagger reads one (`قال غوارديولا:`).
        let min_words = if is_cue && !tagged { 2 } else { 1 };
        if k - j < min_words || (is_cue && k < toks.len() && !ends_slot(&toks[k])) {
            return None;
        }
        Some(host_span(toks, j, k))
    }

    /// Whether a slot name may stand over what was found there: no person there yet, and
    /// only a one-word place or organization the tagger reads as a name (`سيسيل بويلي`;
    /// without that evidence it stands: `إسبانيا بأجمعها`).
    fn may_replace(&self, span: Span) -> bool {
        overlapping(self.found, &self.cover, self.toks, span).all(|f| {
            let words = token_range(self.toks, f.span);
            let one_word = words.len() == 1;
            f.kind == EntityType::Role || (f.kind != EntityType::Person && span.contains(&f.span) && one_word && words.clone().any(|k| self.tagged[k]))
        })
    }
}

pub(super) fn speaker_slots(found: Vec<Found>, tagged: &[bool], lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    let mut role_end = vec![None; toks.len()];
    for f in found.iter().filter(|f| f.kind == EntityType::Role) {
        let k = toks.partition_point(|t| t.host.start < f.span.start);
        if k < toks.len() && toks[k].host.start == f.span.start && role_end[k].is_none_or(|e| e < f.span.end) {
            role_end[k] = Some(f.span.end);
        }
    }
    let slots = Slots { lex, toks, found: &found, cover: cover(&found, toks), tagged, role_end };
    let mut names: Vec<Span> = Vec::new();
    for i in 0..toks.len() {
        let Some(span) = slots.name_at(i) else { continue };
        // Slots are met in text order; one that overlaps the previous name is the same name.
        if names.last().is_some_and(|last| last.overlaps(&span)) || !slots.may_replace(span) {
            continue;
        }
        names.push(span);
    }
    // What a name replaces: the places and organizations inside it.
    let mut replaced: HashSet<usize> = HashSet::new();
    for &s in &names {
        for k in token_range(toks, s) {
            replaced.extend(slots.cover[k].iter().copied().filter(|&i| found[i].kind != EntityType::Role && s.contains(&found[i].span)));
        }
    }
    drop(slots);
    let mut out: Vec<Found> = found.into_iter().enumerate().filter(|(i, _)| !replaced.contains(i)).map(|(_, f)| f).collect();
    out.extend(names.into_iter().map(|span| Found { kind: EntityType::Person, span, confidence: SLOT_CONFIDENCE }));
    out
}


/// `وقال العواملة إن`, `وأوضح العواملة أن`: a definite word in `ة` that no list knows (no
/// common word, title, head, place, nationality or group), alone between a masculine speech
/// verb and the slot's end, at least [`MIN_FAMILY_NAME_SLOTS`] times in the document, is a
/// family name used alone (its full name may never be written): a feminine noun would take
/// `قالت`. Other mentions then label the rest. (Without the `ة` and the agreement, the words
/// found on 1,500 SaudiNewsNet articles were mostly bodies and groups: `الشاباك`, `النشطاء`.)
pub(super) fn family_names_alone(mut found: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    let cover = cover(&found, toks);
    let unlisted = |t: &Tok| {
        let w = t.host_norm.as_str();
        let bare = w.strip_prefix("ال").unwrap_or(w);
        t.is_word()
            && t.definite()
            && !t.has_clitic()
            && bare.chars().count() >= 3
            && !lex.stopwords.contains(w)
            && !lex.common_words.contains(w)
            && !is_title(lex, w)
            && !lex.is_org_head(w)
            && !lex.loc_heads.contains(w)
            && !lex.locations.contains(w)
            && !lex.locations.contains(bare)
            && !lex.nationalities.contains(w)
            && !lex.honorifics.contains(w)
            && !lex.group_subjects.contains(w)
            && !looks_plural(w)
            && lex.cues.lookup(&t.norm).is_none()
    };
    let mut slots: Vec<(usize, &str)> = Vec::new();
    for i in 0..toks.len().saturating_sub(2) {
        let (j, k) = (i + 1, i + 2);
        let slot_end = ends_slot(&toks[k]) || toks[k].prep == Some('ل');
        let masculine = lex.cues.lookup(&toks[i].norm).is_some_and(|c| c.gender == Some(Gender::Male));
        if is_speech_verb(lex, &toks[i]) && masculine && toks[j].host_norm.ends_with('ة') && unlisted(&toks[j]) && cover[j].is_empty() && slot_end && toks[k].sentence == toks[j].sentence {
            slots.push((j, toks[j].host_norm.as_str()));
        }
    }
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, w) in &slots {
        *count.entry(w).or_default() += 1;
    }
    for (j, w) in slots {
        if count[w] >= MIN_FAMILY_NAME_SLOTS {
            found.push(Found { kind: EntityType::Person, span: toks[j].host, confidence: SLOT_CONFIDENCE });
        }
    }
    found
}
