//! Names the gazetteers miss, found from where they stand (`slots.rs`), and every other
//! mention of a name found once (`mentions.rs`); last, a "person" right after an
//! organization head becomes part of the organization.

mod mentions;
mod slots;

use super::rules::{in_text_order, Found};
use crate::cues::CueForm;
use crate::entities::name_spans;
use crate::document::EntityType;
use crate::lexicon::Lexicon;
use crate::view::{token_range, Tok};
use mentions::other_mentions;
use qawl_tokenizer::Span;
use slots::{family_names_alone, speaker_slots};

/// Adds the names of the speaker slot and the other mentions of every name to `found`.
/// `tagger` holds the tagger's spans of any confidence (empty with the rules alone): in the
/// title slot, where one word may be a name, it is the evidence that the word is one.
/// Cost is linear in the tokens and spans (each span covers a few tokens).
pub fn complete(found: Vec<Found>, tagger: &[Found], lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let tagged = tagged_tokens(tagger, toks);
    let mut found = family_names_alone(speaker_slots(found, &tagged, lex, toks), lex, toks);
    found = other_mentions(found, lex, toks, chars);
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

/// A cue verb (perfect or imperfect), which a speaker follows.
fn is_speech_verb(lex: &Lexicon, t: &Tok) -> bool {
    t.is_word() && lex.cues.lookup(&t.norm).is_some_and(|c| matches!(c.form, CueForm::Perfect | CueForm::Imperfect))
}

/// A "person" right after an organization head is the organization's name
/// (`لوكالة فرانس برس`, `صحيفة نيويورك تايمز`): it becomes part of an ORG, never a speaker
/// ([`name_spans::introduces_org_name`]).
fn names_of_organizations(mut found: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    for f in found.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let first = token_range(toks, f.span).start;
        let Some(h) = first.checked_sub(1).map(|k| &toks[k]) else { continue };
        if name_spans::introduces_org_name(lex, h) {
            f.kind = EntityType::Org;
            f.span = Span::new(h.host.start, f.span.end);
        }
    }
    found
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
        let found = complete(RuleEntities::new(&ctx).find(), &tagger, &lex, &toks, &analysis.chars);
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
    fn the_speaker_slot_ends_before_an_appositive() {
        assert_eq!(persons("ودعا أجاثون رواسا وهو سياسي معارض بارز إلى تشكيل حكومة وحدة وطنية."), vec!["أجاثون رواسا"]);
    }

    #[test]
    fn a_mention_with_a_glued_clitic_is_found_without_it() {
        let found = persons_with_tagger("قال روبين رايت، المحلل، إن الوضع صعب. وجاء ذلك في مقابلة لروبين مع الصحيفة.", &["رايت"]);
        assert_eq!(found, vec!["روبين رايت", "روبين"]);
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
