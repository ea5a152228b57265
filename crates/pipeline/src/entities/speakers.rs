//! Names the gazetteers miss, found from where they stand, and every other mention of a
//! name found once.
//!
//! 1. **The speaker slot.** A speech verb with an explicit subject is followed by the
//!    speaker: `قال [ROLE][،] NAME (، | في | إن | أن | :)`. Two to four words there that are
//!    neither function words, frequent news words, cues nor titles are a person's name, even
//!    a transliterated one that no gazetteer has (`سيسيل بويلي`, `روبين رايت`); a one-word
//!    place or organization span inside it was a wrong guess and gives way.
//! 2. **Other mentions.** A person's full name, and its family name or given name when no
//!    other person shares it, are PERSON wherever else they stand alone in the document
//!    (`لروبين`, `رايت`), never inside another entity's span.

use super::rules::{in_text_order, Found};
use crate::cues::CueForm;
use crate::document::EntityType;
use crate::lexicon::Lexicon;
use crate::view::{host_span, skip_to_char, token_range, Tok};
use qawl_tokenizer::Span;
use std::collections::{HashMap, HashSet};

/// Words a name in the speaker slot may have.
const MAX_NAME_WORDS: usize = 4;
/// Words of an unrecognised title between the verb and the name (`الموفد الدولي إلى سوريا`).
const MAX_TITLE_WORDS: usize = 6;
/// Confidence of a name found from its position.
const SLOT_CONFIDENCE: f32 = 0.7;
/// Confidence of a mention copied from a name found elsewhere.
const MENTION_CONFIDENCE: f32 = 0.65;
/// Words that join a title's parts (`المتحدث باسم`, `الموفد إلى`).
const TITLE_CONNECTORS: &[&str] = &["باسم", "الي", "في", "لدي", "عن", "بين"];
/// Words after the name that end the speaker slot.
const SLOT_ENDS: &[&str] = &["في", "خلال", "لدى", "امام", "ان", "انه", "انها", "بان", "الي", "علي", "عن", "ل", "اليوم", "امس", "يوم", "مساء", "صباح"];

/// Adds the names of the speaker slot and the other mentions of every name to `found`.
/// `tagger` holds the tagger's spans of any confidence (empty with the rules alone): in the
/// title slot, where one word may be a name, it is the evidence that the word is one.
/// Cost is linear in the tokens and spans (each span covers a few tokens).
pub fn complete(found: Vec<Found>, tagger: &[Found], lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    let tagged = tagged_tokens(tagger, toks);
    let mut found = speaker_slots(found, &tagged, lex, toks);
    found = other_mentions(found, lex, toks);
    found = names_of_organizations(found, lex, toks);
    in_text_order(&mut found);
    found
}

/// For each token, whether the tagger reads a name there (at any confidence).
fn tagged_tokens(tagger: &[Found], toks: &[Tok]) -> Vec<bool> {
    let mut tagged = vec![false; toks.len()];
    for f in tagger.iter().filter(|f| f.kind == EntityType::Person) {
        for k in token_range(toks, f.span) {
            tagged[k] = true;
        }
    }
    tagged
}

/// For each token, the spans of `found` that touch it.
fn cover(found: &[Found], toks: &[Tok]) -> Vec<Vec<usize>> {
    let mut cover = vec![Vec::new(); toks.len()];
    for (i, f) in found.iter().enumerate() {
        for k in token_range(toks, f.span) {
            cover[k].push(i);
        }
    }
    cover
}

/// The spans of `found` that overlap `s`, each once.
fn overlapping<'a>(found: &'a [Found], cover: &[Vec<usize>], toks: &[Tok], s: Span) -> impl Iterator<Item = &'a Found> {
    let mut seen: Vec<usize> = token_range(toks, s).flat_map(|k| cover[k].iter().copied()).filter(|&i| found[i].span.overlaps(&s)).collect();
    seen.sort_unstable();
    seen.dedup();
    seen.into_iter().map(move |i| &found[i])
}

/// A title word (the role-head table holds each head with and without the article).
fn is_title(lex: &Lexicon, w: &str) -> bool {
    lex.is_role_head(w)
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

fn is_speech_verb(lex: &Lexicon, t: &Tok) -> bool {
    t.is_word() && lex.cues.lookup(&t.norm).is_some_and(|c| matches!(c.form, CueForm::Perfect | CueForm::Imperfect))
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
        self.lex.given_names.contains(&t.host_norm) || self.lex.name_tokens.contains(&t.host_norm)
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
        let in_org_name = i > 0 && (lex.org_heads.contains(&toks[i - 1].host_norm) || lex.org_generic_heads.contains(&toks[i - 1].host_norm));
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

fn speaker_slots(found: Vec<Found>, tagged: &[bool], lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
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

fn other_mentions(mut found: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    // Each person span as the host forms of its words.
    let names: HashSet<Vec<String>> = found
        .iter()
        .filter(|f| f.kind == EntityType::Person)
        .map(|f| token_range(toks, f.span).filter(|&k| toks[k].is_word()).map(|k| toks[k].host_norm.clone()).collect::<Vec<_>>())
        .filter(|w| w.len() >= 2)
        .collect();
    // Full names by their first word, for a look-up per token.
    let mut by_first: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    for w in &names {
        by_first.entry(w[0].as_str()).or_default().push(w);
    }
    // One word of a name (its first or last) stands for it when no other name has that word.
    let mut owners: HashMap<&str, HashSet<&Vec<String>>> = HashMap::new();
    for w in &names {
        for part in [&w[0], &w[w.len() - 1]] {
            if !lex.stopwords.contains(part) && !lex.name_particles.contains(part) && part.chars().count() >= 3 {
                owners.entry(part.as_str()).or_default().insert(w);
            }
        }
    }
    let single: HashSet<&str> = owners.iter().filter(|(_, o)| o.len() == 1).map(|(w, _)| *w).collect();
    let cover = cover(&found, toks);
    let mut added = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let w = toks[i].host_norm.as_str();
        let longest = by_first.get(w).into_iter().flatten().filter(|name| matches_at(toks, i, name)).map(|name| name.len()).max();
        let n = match longest {
            Some(n) => n,
            // A frequent word (`رايت` is also `رأيت`) stands for the name only as a speaker.
            None if toks[i].is_word() && single.contains(w) && (!lex.common_words.contains(w) || after_cue(lex, toks, i)) => 1,
            None => {
                i += 1;
                continue;
            }
        };
        let span = host_span(toks, i, i + n);
        i += n;
        let mut there = overlapping(&found, &cover, toks, span).peekable();
        // Never a word inside another entity; an entity of exactly these words was a wrong type.
        let fits = there.peek().is_none() || there.all(|f| f.span == span && !matches!(f.kind, EntityType::Role | EntityType::Person));
        if fits {
            added.push(span);
        }
    }
    let added_set: HashSet<Span> = added.iter().copied().collect();
    found.retain(|f| !added_set.contains(&f.span));
    found.extend(added.into_iter().map(|span| Found { kind: EntityType::Person, span, confidence: MENTION_CONFIDENCE }));
    found
}

/// A "person" right after an organization head is the organization's name
/// (`لوكالة فرانس برس`, `صحيفة نيويورك تايمز`): it becomes part of an ORG, never a speaker.
fn names_of_organizations(mut found: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    for f in found.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let first = token_range(toks, f.span).start;
        let Some(h) = first.checked_sub(1).map(|k| &toks[k]).filter(|t| t.is_word()) else { continue };
        if lex.org_heads.contains(&h.host_norm) || lex.org_generic_heads.contains(&h.host_norm) {
            f.kind = EntityType::Org;
            f.span = Span::new(h.host.start, f.span.end);
        }
    }
    found
}

fn after_cue(lex: &Lexicon, toks: &[Tok], i: usize) -> bool {
    i > 0 && is_speech_verb(lex, &toks[i - 1])
}

fn matches_at(toks: &[Tok], i: usize, words: &[String]) -> bool {
    i + words.len() <= toks.len() && words.iter().enumerate().all(|(k, w)| toks[i + k].is_word() && &toks[i + k].host_norm == w && (k == 0 || !toks[i + k].has_clitic()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::rules::RuleEntities;
    use qawl_tokenizer::Analysis;

    fn persons(text: &str) -> Vec<String> {
        persons_with_tagger(text, &[])
    }

    /// `tagged`: words the tagger reads as a name (at any confidence).
    fn persons_with_tagger(text: &str, tagged: &[&str]) -> Vec<String> {
        let lex = Lexicon::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/lexicon")).unwrap();
        let analysis = Analysis::new(text);
        let toks = crate::view::tokens(&analysis, &lex);
        let tagger: Vec<Found> = toks.iter().filter(|t| tagged.contains(&analysis.slice(t.span).as_str())).map(|t| Found { kind: EntityType::Person, span: t.span, confidence: 0.5 }).collect();
        let ctx = crate::view::Context { analysis: &analysis, tokens: &toks, lexicon: &lex };
        let found = complete(RuleEntities::new(&ctx).find(), &tagger, &lex, &toks);
        found.iter().filter(|f| f.kind == EntityType::Person).map(|f| analysis.slice(f.span)).collect()
    }

    #[test]
    fn a_transliterated_name_in_the_speaker_slot_is_a_person() {
        // `رايت` is in the place gazetteer (and a normalized `رأيت`): the tagger reads a name.
        assert_eq!(persons_with_tagger("قال روبين رايت، المحلل في صحيفة نيويوركر، إن مصر قد ترسل قوات.", &["رايت"]), vec!["روبين رايت"]);
        // `سيسيل` is also in the place gazetteer: the tagger's reading decides.
        let text = "وأشارت المتحدثة باسم المفوضية سيسيل بويلي، خلال تصريحات صحفية، إلى أن العدد ارتفع.";
        assert_eq!(persons_with_tagger(text, &["سيسيل"]), vec!["سيسيل بويلي"]);
        assert!(persons(text).is_empty());
        assert_eq!(persons("قال الموفد الدولي إلى سوريا ستافان دي ميستورا في تقرير قدمه إن القرار لم يطبق."), vec!["ستافان دي ميستورا"]);
    }

    #[test]
    fn other_mentions_of_a_found_name_are_persons_but_not_inside_an_organization() {
        let found = persons_with_tagger("قال روبين رايت، المحلل، إن الوضع صعب. وأضاف رايت أن الحل بعيد. وزار مركز روبين رايت للدراسات.", &["رايت"]);
        assert_eq!(found, vec!["روبين رايت", "رايت"], "the name inside the centre's name stays out");
    }

    #[test]
    fn a_definite_title_names_the_next_word_when_it_is_known_as_a_name() {
        assert_eq!(persons_with_tagger("وتعتبر الملكة إليزابيث من أغنى النساء.", &["إليزابيث"]), vec!["إليزابيث"]);
        assert!(persons("وقال إن الفريق افتقد خدمات ثلاثة لاعبين.").is_empty(), "a verb after a title is no name");
        assert!(persons("افتتحت جامعة السلطان قابوس اليوم أعمال المؤتمر.").is_empty(), "a title inside an organization name");
    }

    #[test]
    fn a_name_after_an_organization_head_is_no_person() {
        assert!(persons("وقال لوكالة فرانس برس إن الوضع هادئ.").is_empty());
    }

    #[test]
    fn ordinary_subjects_are_not_names() {
        assert!(persons("وقال مصرفيون حضروا المؤتمر إن التخفيف قريب.").is_empty());
        assert!(persons("وقالت الوزارة في بيان إن الطرق مغلقة.").is_empty());
        assert!(persons("قال مصدر أمني إن الهجوم وقع فجرا.").is_empty());
    }
}
