//! Persons: PERSON mentions grouped into the individuals they refer to.
//!
//! A full name starts a person; a later mention joins the person whose name contains it
//! word for word, in order (`السالمي` ⊂ `إبراهيم بن سالم السالمي`), with spelling variants
//! matched (`داود`/`داوود`, `هايدن`/`هادين`). Two names that differ in a word both have are
//! two people (`داود بن سليمان العذوبي` ≠ `داوود بن سليمان السلماني`). A partial mention that
//! fits several people goes to the one mentioned most recently.

use crate::annotations::{Annotations, EntityId, GenderEvidence, PersonId, PersonRecord};
use crate::document::{EntityType, Gender};
use crate::view::Context;

/// Normalized words of a name, with spelling variants folded (`داوود` → `داود`).
#[cfg(test)]
fn name_words(name: &str) -> Vec<String> {
    words_of_normalized(&qawl_tokenizer::normalize_key(name))
}

/// The words of a normalized name, with spelling variants folded.
fn words_of_normalized(name: &str) -> Vec<String> {
    name.split_whitespace().map(fold_variant).collect()
}

fn fold_variant(w: &str) -> String {
    let mut out = String::new();
    let mut prev = None;
    for c in w.chars() {
        // Doubled و (داوود), and long vowels written or not (هايدن/هيدن) are spelling choices.
        if c == 'و' && prev == Some('و') {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Whether two name words are the same word in different spellings.
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ca.len() < 4 || cb.len() < 4 {
        return false;
    }
    // Same letters with one adjacent pair swapped (هايدن/هادين differ by a long vowel's place).
    if ca.len() == cb.len() {
        let diff: Vec<usize> = (0..ca.len()).filter(|&i| ca[i] != cb[i]).collect();
        if diff.len() == 2 && diff[1] == diff[0] + 1 && ca[diff[0]] == cb[diff[1]] && ca[diff[1]] == cb[diff[0]] {
            return true;
        }
    }
    // One long vowel (ا و ي) more or less.
    let (long, short) = if ca.len() > cb.len() { (&ca, &cb) } else { (&cb, &ca) };
    if long.len() == short.len() + 1 {
        for i in 0..long.len() {
            if matches!(long[i], 'ا' | 'و' | 'ي') && long[..i] == short[..i] && long[i + 1..] == short[i..] {
                return true;
            }
        }
    }
    false
}

/// Whether `part` occurs in `full` word by word, in order (a sub-sequence).
fn contained(part: &[String], full: &[String]) -> bool {
    let mut k = 0;
    for w in full {
        if k < part.len() && same_word(&part[k], w) {
            k += 1;
        }
    }
    k == part.len()
}

/// Groups the PERSON entities into persons (roles are linked later).
pub(crate) fn cluster(ctx: &Context, ann: &mut Annotations) {
    let start = |m: usize| ann.entities[m].span.start;
    // Each mention's name words, read once off the analysis.
    let words_of: Vec<Vec<String>> = ann.entities.iter().map(|e| if e.kind == EntityType::Person { words_of_normalized(&ctx.analysis.normalized(e.span)) } else { Vec::new() }).collect();
    let mut mentions: Vec<usize> = (0..ann.entities.len()).filter(|&i| ann.entities[i].kind == EntityType::Person).collect();
    mentions.sort_by_key(|&i| start(i));
    // Full names first so that a family name mentioned before the full name still joins it.
    let mut order: Vec<usize> = mentions.clone();
    order.sort_by_key(|&m| (std::cmp::Reverse(words_of[m].len() > 1), start(m)));

    struct Cluster {
        words: Vec<String>,
        members: Vec<usize>,
    }
    let mut clusters: Vec<Cluster> = Vec::new();
    for ent in order {
        let words = &words_of[ent];
        let candidates: Vec<usize> = (0..clusters.len())
            .filter(|&c| contained(words, &clusters[c].words) || (words.len() > 1 && contained(&clusters[c].words, words)))
            .collect();
        let chosen = match candidates.len() {
            0 => None,
            1 => Some(candidates[0]),
            // Ambiguous partial mention: the person mentioned last before it.
            _ => candidates.iter().copied().max_by_key(|&c| clusters[c].members.iter().map(|&m| start(m)).filter(|&s| s < start(ent)).max().map(|s| s as isize).unwrap_or(-1)),
        };
        match chosen {
            Some(c) => {
                if words.len() > clusters[c].words.len() {
                    clusters[c].words = words.clone();
                }
                clusters[c].members.push(ent);
            }
            None => clusters.push(Cluster { words: words.clone(), members: vec![ent] }),
        }
    }
    clusters.sort_by_key(|c| c.members.iter().map(|&m| start(m)).min().unwrap_or(0));
    let mut persons: Vec<PersonRecord> = clusters
        .into_iter()
        .map(|mut c| {
            c.members.sort_by_key(|&m| start(m));
            let fullest = c.members.iter().copied().max_by_key(|&m| (words_of[m].len(), ann.entities[m].span.len(), std::cmp::Reverse(start(m)))).unwrap();
            let gender = GenderEvidence { name: gender_of_words(&words_of[fullest], ctx.lexicon), ..GenderEvidence::default() };
            PersonRecord { name: EntityId(fullest), mentions: c.members.into_iter().map(EntityId).collect(), roles: Vec::new(), organizations: Vec::new(), gender }
        })
        .collect();
    for (p, person) in persons.iter_mut().enumerate() {
        for m in &person.mentions {
            ann.entities[m.0].person = Some(PersonId(p));
        }
        person.gender.kin = person.mentions.iter().find_map(|m| kin_gender(ctx, ann.entities[m.0].span.start));
    }
    ann.persons = persons;
}

/// The gender a kinship word right before the mention starting at char `start` tells.
fn kin_gender(ctx: &Context, start: usize) -> Option<Gender> {
    let toks = ctx.tokens;
    let k = toks.partition_point(|t| t.span.end <= start);
    // The mention starts its token (a clitic aside), and a word stands right before it.
    let starts = toks.get(k).is_some_and(|t| t.span.start == start || t.host.start == start);
    let prev = toks.get(k.checked_sub(1)?).filter(|p| starts && p.is_word() && p.paragraph == toks[k].paragraph)?;
    let w = prev.host_norm.as_str();
    let lex = ctx.lexicon;
    if lex.feminine_kin.contains(w) {
        Some(Gender::Female)
    } else if lex.masculine_kin.contains(w) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// What a name alone says about gender: `بنت`, a feminine nisba (`اليعربية`), or a given
/// name ending in ة that is not a man's name.
#[cfg(test)]
fn gender_of_name(name: &str, lex: &crate::lexicon::Lexicon) -> Option<Gender> {
    gender_of_words(&name_words(name), lex)
}

/// [`gender_of_name`] over a name's words.
fn gender_of_words(words: &[String], lex: &crate::lexicon::Lexicon) -> Option<Gender> {
    let male = &lex.male_names_in_ta_marbuta;
    if words.iter().any(|w| w == "بنت" || w == "ابنة") {
        return Some(Gender::Female);
    }
    // `X بن Y` is a son; a name that starts with عبد/أبو is a man's. Inside a family name
    // (`لينا أبو عودة`, `رنا عبد الله الحياري`) these particles say nothing of the person.
    if words.get(1).map(|w| w == "بن" || w == "ابن").unwrap_or(false) || words.first().map(|w| w == "عبد" || w == "ابو").unwrap_or(false) {
        return Some(Gender::Male);
    }
    let first = words.first()?;
    if words.len() > 1 && words.last().map(|l| l.starts_with("ال") && l.ends_with("ية")).unwrap_or(false) {
        return Some(Gender::Female);
    }
    // A definite family name alone (`العطية`, `القرضاوية`) says nothing: men's family names
    // end in ة too; the feminine nisba needs a given name before it (above).
    if words.len() == 1 && first.starts_with("ال") {
        return None;
    }
    if (first.ends_with('ة') && !male.contains(first)) || lex.feminine_given_names.contains(first) {
        return Some(Gender::Female);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn words(s: &str) -> Vec<String> {
        name_words(s)
    }

    #[test]
    fn partial_mentions_are_contained_in_order() {
        assert!(contained(&words("السالمي"), &words("إبراهيم بن سالم السالمي")));
        assert!(contained(&words("إبراهيم السالمي"), &words("إبراهيم بن سالم السالمي")));
        assert!(!contained(&words("السالمي إبراهيم"), &words("إبراهيم بن سالم السالمي")));
    }

    #[test]
    fn spelling_variants_match_but_different_families_do_not() {
        assert!(contained(&words("داوود بن سليمان"), &words("داود بن سليمان العذوبي")));
        assert!(same_word("هايدن", "هادين"));
        assert!(!contained(&words("داود بن سليمان العذوبي"), &words("داوود بن سليمان السلماني")));
        assert!(!contained(&words("داوود بن سليمان السلماني"), &words("داود بن سليمان العذوبي")));
    }

    #[test]
    fn gender_from_particles_and_forms() {
        let lex = Lexicon::builtin();
        assert_eq!(gender_of_name("عزة بنت خلفان اليعربية", &lex), Some(Gender::Female));
        assert_eq!(gender_of_name("إبراهيم بن سالم السالمي", &lex), Some(Gender::Male));
        assert_eq!(gender_of_name("فاطمة الزهراني", &lex), Some(Gender::Female));
        assert_eq!(gender_of_name("حمزة الخطيب", &lex), None);
        assert_eq!(gender_of_name("أحمد شحادة", &lex), None);
        assert_eq!(gender_of_name("لينا أبو عودة", &lex), Some(Gender::Female), "a woman's name, whatever the family name");
        assert_eq!(gender_of_name("ليلى حماد", &lex), Some(Gender::Female));
        assert_eq!(gender_of_name("نبيل أبو عودة", &lex), None);
        assert_eq!(gender_of_name("عبد الرحمن الخطيب", &lex), Some(Gender::Male));
        // A family name alone, in ة: men's family names end so too.
        assert_eq!(gender_of_name("العطية", &lex), None);
        assert_eq!(gender_of_name("فاطمة الراجحية", &lex), Some(Gender::Female));
    }
}
