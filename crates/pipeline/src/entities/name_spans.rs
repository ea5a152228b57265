//! Where a tagger name starts and ends, by what its words are: the word tagger reads a
//! name's extent from its context, and on real news it takes in a clitic glued to an unknown
//! name (`المعروف بتيتي`), a second name after `و` (`هارفي وروربرت واينستين`) or a frequent
//! word after the name (`سيريزو قوله`), and leaves out a regnal ordinal (`اليزابيث الثانية`).
//! Each function here mends one of these on the PERSON spans of one document.

use crate::document::EntityType;
use crate::entities::rules::Found;
use crate::lexicon::Lexicon;
use crate::tables;
use crate::view::{token_range, Tok};
use qawl_tokenizer::clitics::is_mark;
use qawl_tokenizer::{normalize_key, Span};
use std::collections::HashSet;

/// Letters that are a clitic when glued to the front of a word (`و ف ب ل ك`).
const GLUED_CLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];
/// Quotation marks that may stand between an organization head and its name, and those
/// that close them.
const OPEN_QUOTES: &[char] = &['"', '«', '“'];
const CLOSE_QUOTES: &[char] = &['"', '»', '”'];
/// Shortest rest of a word, in letters, read as a name once a clitic is cut off.
const MIN_NAME_LETTERS: usize = 3;

/// A word the gazetteers know as part of a name.
fn is_name_word(lex: &Lexicon, w: &str) -> bool {
    lex.is_name_word(w) || lex.name_particles.contains(w)
}

/// The normalized word after a glued clitic (`بتيتي` → `تيتي`), for a word the text layer
/// left whole because it did not know the rest as a word.
/// Plural endings of nationality adjectives (`السعودي` → `السعوديات`, `السعوديون`, `السعوديين`).
const NATIONALITY_PLURALS: &[&str] = &["ات", "ون", "ين"];

pub(crate) fn without_glued_clitic(t: &Tok) -> Option<&str> {
    let first = t.norm.chars().next()?;
    if t.has_clitic() || !t.is_word() || !GLUED_CLITICS.contains(&first) {
        return None;
    }
    let rest = &t.norm[first.len_utf8()..];
    (rest.chars().count() >= MIN_NAME_LETTERS).then_some(rest)
}

/// The span's start moved past its first code point and any marks after it.
pub(crate) fn after_first_letter(chars: &[char], s: Span) -> usize {
    past_marks(chars, s.start + 1, s.end)
}

/// `at` moved past any marks (tashkeel, tatweel) written there, not beyond `end`.
pub(crate) fn past_marks(chars: &[char], mut at: usize, end: usize) -> usize {
    while at < end && is_mark(chars[at]) {
        at += 1;
    }
    at
}

/// A name whose first word is an unknown word with a clitic glued on, where the rest of the
/// word starts another name of the document or is a given name, loses the clitic (`بتيتي`
/// beside `تيتي`, `لروبين` beside `روبين رايت`).
pub fn strip_glued_clitics(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char], written_alone: &HashSet<&str>) -> Vec<Found> {
    let firsts: HashSet<String> = names
        .iter()
        .filter(|f| f.kind == EntityType::Person)
        .filter_map(|f| toks.get(token_range(toks, f.span).start))
        .map(|t| t.host_norm.clone())
        .collect();
    for f in names.iter_mut() {
        let Some(t) = toks.get(token_range(toks, f.span).start) else { continue };
        if t.span.start != f.span.start {
            continue;
        }
        if f.kind != EntityType::Person {
            let next = toks.get(token_range(toks, f.span).start + 1).filter(|n| n.span.end <= f.span.end);
            strip_from_place_or_org(f, t, next, lex, chars, written_alone);
            continue;
        }
        // `، ومحمد يزبك`: after a comma, `و` and a given name are the next name of a list
        // (the gazetteers hold some such spellings whole).
        let first = token_range(toks, f.span).start;
        let listed = first > 0 && matches!(toks[first - 1].punct(), Some('،' | ','));
        if listed && t.norm.starts_with('و') && t.norm.strip_prefix('و').is_some_and(|rest| lex.given_names.contains(rest)) {
            f.span = Span::new(after_first_letter(chars, t.span), f.span.end);
            continue;
        }
        // `لنجيب رزاق` where `نجيب …` is named elsewhere: the gazetteers, made from tagged
        // text, also list some names with a clitic on.
        if without_glued_clitic(t).is_some_and(|r| firsts.contains(r) && t.norm.starts_with(['ل', 'ب', 'ك'])) {
            f.span = Span::new(after_first_letter(chars, t.span), f.span.end);
            continue;
        }
        if is_name_word(lex, &t.norm) {
            continue;
        }
        // A clitic the text layer split off is not part of a name, unless the whole word is
        // a name (`وليد`, checked above).
        if t.has_clitic() && t.host.start > f.span.start && t.host.start < f.span.end {
            f.span = Span::new(t.host.start, f.span.end);
            continue;
        }
        if let Some(rest) = without_glued_clitic(t) {
            if firsts.contains(rest) || lex.given_names.contains(rest) || (written_alone.contains(rest) && !lex.common_words.contains(rest)) {
                f.span = Span::new(after_first_letter(chars, t.span), f.span.end);
            }
        }
    }
    names
}

/// `لمنتخب بنين`, `لمعتمدية سبيبة`, `لسكاي نيوز`: an organization or place whose first word
/// carries a clitic the text layer left on. Cut off when the word is no known word itself
/// (`لبنان`, `لجنة` stay) and the rest is: a head of organizations or places, a listed name
/// (alone or with the next word: `سكاي نيوز`), or a word the document writes alone.
fn strip_from_place_or_org(f: &mut Found, t: &Tok, next: Option<&Tok>, lex: &Lexicon, chars: &[char], written_alone: &HashSet<&str>) {
    let Some(rest) = without_glued_clitic(t) else { return };
    let known = |w: &str| lex.is_org_head(w) || lex.loc_heads.contains(w) || lex.loc_heads_in_span.contains(w) || lex.locations.contains(w) || lex.organizations.contains(w) || lex.common_words.contains(w) || lex.role_heads.contains(w);
    if known(&t.norm) {
        return;
    }
    let listed = |w: &str| lex.locations.contains(w) || lex.organizations.contains(w);
    let named_rest = lex.is_org_head(rest) || lex.loc_heads.contains(rest) || lex.loc_heads_in_span.contains(rest) || listed(rest) || next.is_some_and(|n| listed(&format!("{rest} {}", n.norm)));
    // (A frequent word is fine here: `تشيلسي` is one; the whole word was checked above.)
    if named_rest || written_alone.contains(rest) {
        f.span = Span::new(after_first_letter(chars, t.span), f.span.end);
    }
}

/// The words a document writes on their own, without a clitic: that `تشيلسي` stands alone
/// elsewhere tells that `لتشيلسي` is `ل` + name, that `نتانياهو` does, that `ماكرون ونتانياهو`
/// is two people.
pub fn written_alone(toks: &[Tok]) -> HashSet<&str> {
    toks.iter().filter(|t| t.is_word() && !t.has_clitic()).map(|t| t.norm.as_str()).collect()
}

/// A name with a word inside that starts with the conjunction `و` is two names
/// (`هارفي وروربرت واينستين` → `هارفي`, `روربرت واينستين`), unless that word is itself a
/// name word (`وليد`, `ولد`).
pub fn split_coordinated(names: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char], written_alone: &HashSet<&str>) -> Vec<Found> {
    let mut out = Vec::with_capacity(names.len());
    for f in names {
        if f.kind != EntityType::Person {
            out.push(f);
            continue;
        }
        let run = token_range(toks, f.span);
        // A family name may start with `و` too (`هارفي واينستين`): the word must be followed
        // by more of the name, or its rest be a given name.
        let conjoined = |k: usize| {
            let t = &toks[k];
            // Only `و` joins two names; `ف` starts names (`فان`, `فيليب`).
            if !t.norm.starts_with('و') {
                return false;
            }
            let rest = if t.conj && t.prep.is_none() { Some(t.host_norm.as_str()) } else { without_glued_clitic(t) };
            let Some(rest) = rest else { return false };
            let named_alone = written_alone.contains(rest) && !lex.common_words.contains(rest);
            t.span.start > f.span.start && !is_name_word(lex, &t.norm) && (k + 1 < run.end || lex.given_names.contains(rest) || named_alone)
        };
        let mut start = f.span.start;
        for k in run.clone().filter(|&k| conjoined(k)) {
            let t = &toks[k];
            // k is past the span's first token (the word starts after the span does).
            let before = toks[k - 1].span.end;
            if before > start {
                out.push(Found { span: Span::new(start, before), ..f.clone() });
            }
            start = if t.conj { t.host.start } else { after_first_letter(chars, t.span) };
        }
        out.push(Found { span: Span::new(start, f.span.end), ..f });
    }
    out
}

/// A word before a known given name that is no name word itself is not part of the name
/// (`تتحدى دونالد ترامب`: a verb of the headline before it): the name starts at the given name.
/// Only when it leaves a name of two words or more, and never a particle or title.
pub fn trim_leading_non_name(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let run = token_range(toks, f.span);
        if run.len() < 3 || toks[run.start].span.start != f.span.start {
            continue;
        }
        let (first, second) = (&toks[run.start], &toks[run.start + 1]);
        let name_like = |w: &str| is_name_word(lex, w) || lex.honorifics.contains(w) || lex.is_role_head(w) || lex.nationalities.contains(w);
        // (Not before a particle, `سفر بن أحمد`, nor a short word, `شي جين بينغ`: names too.)
        let second_given = lex.given_names.contains(&second.norm) && !lex.name_particles.contains(&second.norm);
        let long_first = first.host_norm.chars().count() >= MIN_NAME_LETTERS;
        // A frequent word, or one spelled as a present-tense verb (`تتحدى`, `يستقبل`).
        let verb_like = first.host_norm.starts_with(['ت', 'ي']) && first.host_norm.chars().count() >= 4;
        let not_a_name = lex.common_words.contains(&first.host_norm) || verb_like;
        if first.is_word() && second.is_word() && long_first && !name_like(&first.norm) && !name_like(&first.host_norm) && second_given && not_a_name {
            f.span = Span::new(second.span.start, f.span.end);
        }
    }
    names
}

/// A title with a pronoun suffix (`مدربه`, `رئيسها`) read as a name alone is no name.
pub fn drop_suffixed_titles(names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    names
        .into_iter()
        .filter(|f| {
            let run = token_range(toks, f.span);
            if f.kind != EntityType::Person || run.len() != 1 {
                return true;
            }
            !lex.is_suffixed_role_head(&toks[run.start].host_norm)
        })
        .collect()
}

/// A frequent word of news prose at the end of a name of two words or more is not part of it
/// when it reads as no name can: a noun with a pronoun suffix or an adverb in the accusative
/// (`سيريزو قوله`, `إيتا أخيرا`). Other frequent words may be family names (`جواد ظريف`,
/// `روبين رايت`, `بدر الجبل`).
pub fn trim_common_tail(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let run = token_range(toks, f.span);
        if run.len() < 2 {
            continue;
        }
        let last = &toks[run.end - 1];
        let h = last.host_norm.as_str();
        let no_name_ending = !last.article && (h.ends_with('ه') || h.ends_with("ها") || h.ends_with("هم") || h.ends_with('ا'));
        // An adverb of time never ends a name (`فيليبي لويس الآن`).
        let function_word = lex.name_words.adverbs_after_names.matches(last);
        if last.is_word() && ((no_name_ending && lex.common_words.contains(h) && !is_name_word(lex, h)) || function_word) {
            f.span = Span::new(f.span.start, toks[run.end - 2].span.end.min(f.span.end));
        }
    }
    names
}

/// A definite title after a name of two words or more is outside it: it describes the
/// person (`جورج سوروس الملياردير وعملاق الاستثمار`), and names do not end in one.
pub fn trim_trailing_title(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let run = token_range(toks, f.span);
        if run.len() < 3 {
            continue;
        }
        // After a chain of `بن`/`بنت` the last word is the family name (`خالد بن علي القاضي`).
        if toks[run.start..run.end - 1].iter().any(|t| t.is_word() && tables::NASAB_PARTICLES.contains(&t.host_norm.as_str())) {
            continue;
        }
        let last = &toks[run.end - 1];
        if last.is_word() && last.definite() && lex.role_heads.contains(&last.host_norm) && !is_name_word(lex, &last.host_norm) {
            f.span = Span::new(f.span.start, toks[run.end - 2].span.end.min(f.span.end));
        }
    }
    names
}

/// A known place before a given name is outside the name (`والي منوبة احمد السماوي`: the
/// place ends the title before it).
pub fn drop_leading_place(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    // Places of the gazetteer, and one-word places found in the document (`بمنوبة`).
    let places: HashSet<String> = names.iter().filter(|f| f.kind == EntityType::Loc).map(|f| token_range(toks, f.span)).filter(|r| r.len() == 1).map(|r| toks[r.start].host_norm.clone()).collect();
    let is_place = |w: &str| lex.locations.contains(w) || places.contains(w);
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let run = token_range(toks, f.span);
        if run.len() < 3 {
            continue;
        }
        let (first, second) = (&toks[run.start], &toks[run.start + 1]);
        if first.is_word() && is_place(&first.host_norm) && !is_name_word(lex, &first.host_norm) && lex.given_names.contains(&second.host_norm) {
            f.span = Span::new(second.span.start, f.span.end);
        }
    }
    names
}

/// Plurals are no names: a name with a nationality's plural in it (`السعوديات`, `العائلات
/// السعوديات`, `المصريون`; the singular may be a
/// family name, `الكندي`), or an indefinite plural of people alone (`مصرفيون`, `محللون`).
pub fn drop_plurals(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    let nationality = |w: &str| NATIONALITY_PLURALS.iter().any(|p| w.strip_suffix(p).is_some_and(|stem| lex.nationalities.contains(stem)));
    let plural = |t: &Tok| !t.definite() && lex.is_plural_of_people(&t.host_norm);
    names.retain(|f| {
        let words: Vec<&Tok> = toks[token_range(toks, f.span)].iter().filter(|t| t.is_word()).collect();
        f.kind != EntityType::Person || !(words.iter().any(|t| nationality(&t.host_norm)) || (words.len() == 1 && plural(words[0])))
    });
    names
}

/// A title in quotation marks after a noun of works (`مسرحية "هيا تعال"`, `اسم "أكشن يا
/// فؤاد"`) is not a person, wherever else it is written in marks in the document.
pub fn drop_quoted_titles(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let quoted = |f: &Found| {
        let run = token_range(toks, f.span);
        let open = run.start.checked_sub(1).filter(|&k| is_quote(&toks[k], OPEN_QUOTES));
        let closed = toks.get(run.end).is_some_and(|t| is_quote(t, CLOSE_QUOTES));
        open.filter(|_| closed)
    };
    let titles: HashSet<String> = names
        .iter()
        .filter(|f| f.kind == EntityType::Person)
        .filter(|f| quoted(f).is_some_and(|open| open > 0 && lex.name_words.work_heads.matches(&toks[open - 1])))
        .map(|f| f.span.slice(chars))
        .collect();
    names.retain(|f| f.kind != EntityType::Person || quoted(f).is_none() || !titles.contains(&f.span.slice(chars)));
    names
}

/// Whether token `t` is one of the quotation `marks`.
fn is_quote(t: &Tok, marks: &[char]) -> bool {
    t.punct().is_some_and(|c| marks.contains(&c))
}

/// A regnal ordinal right after a name is part of it (`اليزابيث الثانية`, `لويس السادس`).
pub fn take_regnal_ordinals(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let starts: HashSet<usize> = names.iter().map(|f| f.span.start).collect();
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let next = toks.partition_point(|t| t.span.start < f.span.end);
        let Some(t) = toks.get(next) else { continue };
        let spaced = t.span.start == f.span.end + 1 && chars[f.span.end] == ' ';
        if spaced && !t.has_clitic() && lex.regnal_ordinals.contains(&t.host_norm) && !starts.contains(&t.span.start) {
            f.span = Span::new(f.span.start, t.span.end);
        }
    }
    names
}

/// Whether token `t`, right before a name, makes it an organization's name (`وكالة فرانس برس`,
/// `منظمة إيتا`): an organization head without the article. After a definite head the name is
/// an apposition (`أمين عام الهيئة أيمن المفلح`: a title's organization, then its holder).
pub(crate) fn introduces_org_name(lex: &Lexicon, t: &Tok) -> bool {
    t.is_word() && !t.definite() && lex.is_org_head(&t.host_norm)
}

/// A name (or organization) that stands right after an organization head anywhere in the
/// document, in quotation marks or not (`منظمة "إيتا"`), is that organization's name: its
/// other mentions are the organization too, whatever the tagger or the speaker slot read.
pub fn organizations_by_head(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let text = |s: Span| chars[s.start..s.end].iter().collect::<String>();
    let head = |t: &Tok| t.is_word() && lex.is_org_head(&t.host_norm);
    let names_head = |t: &Tok| introduces_org_name(lex, t);
    let headed: HashSet<String> = names
        .iter()
        .filter(|f| matches!(f.kind, EntityType::Person | EntityType::Org))
        .filter(|f| {
            let first = token_range(toks, f.span).start;
            let before = first.checked_sub(1).map(|k| (k, &toks[k]));
            match before {
                Some((k, t)) if t.punct().is_some_and(|c| OPEN_QUOTES.contains(&c)) => k.checked_sub(1).is_some_and(|j| head(&toks[j])),
                Some((_, t)) => names_head(t),
                None => false,
            }
        })
        .map(|f| text(f.span))
        .collect();
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person && headed.contains(&text(f.span))) {
        f.kind = EntityType::Org;
    }
    names
}

/// A "name" that is the start of a blessing (`صلى الله` of `صلى الله عليه وسلم`) is none.
pub fn drop_blessings(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    names.retain(|f| {
        if f.kind != EntityType::Person {
            return true;
        }
        let words: Vec<&str> = toks[token_range(toks, f.span)].iter().filter(|t| t.is_word()).map(|t| t.host_norm.as_str()).collect();
        !lex.blessings.iter().any(|b| words.len() >= 2 && words.len() <= b.len() && words.iter().zip(b).all(|(w, x)| w == x))
    });
    names
}

/// A hyphenated name is one name (`جيسيكا أجنيو-بليس`, `لالي-نغ تان`): the text layer cuts
/// words at the hyphen, so a name span that stops at a hyphen glued to letters on both sides
/// takes in the word across it; a name inside the widened one goes.
pub fn join_hyphenated(mut names: Vec<Found>, lex: &Lexicon, chars: &[char]) -> Vec<Found> {
    let letter = |c: char| c.is_alphabetic() || is_mark(c);
    // The word after the hyphen, when it can be part of a name (`عمر-رضي الله عنه` is a blessing).
    let name_like = |s: usize, e: usize| {
        let w = normalize_key(&chars[s..e].iter().collect::<String>());
        !lex.stopwords.contains(&w) && !lex.common_words.contains(&w) && !lex.blessings.iter().any(|b| b.first() == Some(&w))
    };
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let (mut start, mut end) = (f.span.start, f.span.end);
        while end + 1 < chars.len() && chars[end] == '-' && end > start && letter(chars[end - 1]) && letter(chars[end + 1]) {
            let mut next = end + 1;
            while next < chars.len() && letter(chars[next]) {
                next += 1;
            }
            if !name_like(end + 1, next) {
                break;
            }
            end = next;
        }
        while start >= 2 && chars[start - 1] == '-' && letter(chars[start - 2]) && letter(chars[start]) {
            let mut prev = start - 1;
            while prev > 0 && letter(chars[prev - 1]) {
                prev -= 1;
            }
            start = prev;
        }
        f.span = Span::new(start, end);
    }
    let persons: Vec<Span> = names.iter().filter(|f| f.kind == EntityType::Person).map(|f| f.span).collect();
    names.retain(|f| f.kind != EntityType::Person || !persons.iter().any(|p| *p != f.span && p.start <= f.span.start && f.span.end <= p.end));
    names
}

/// A title takes in the organization it qualifies (`مدرب | مانشستر سيتي`, `المتحدث الرسمي |
/// ل"صحة حائل"`, `مدير استراتيجيات السوق | في شركة كامبريدج`), and an entity that its end cuts
/// (`رئيس جمعية بيتكوين في هونغ | كونغ`).
pub fn extend_roles(mut found: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    let others: Vec<(EntityType, Span)> = found.iter().filter(|f| matches!(f.kind, EntityType::Org | EntityType::Loc)).map(|f| (f.kind, f.span)).collect();
    let org_at = |k: usize| others.iter().find(|(t, s)| *t == EntityType::Org && (s.start == toks[k].host.start || s.start == toks[k].span.start)).map(|(_, s)| *s);
    for f in found.iter_mut().filter(|f| f.kind == EntityType::Role) {
        loop {
            if let Some((_, cut)) = others.iter().find(|(_, s)| s.start < f.span.end && s.end > f.span.end && s.start >= f.span.start) {
                f.span = Span::new(f.span.start, cut.end);
                continue;
            }
            let k = toks.partition_point(|t| t.span.end <= f.span.end);
            if k >= toks.len() || toks[k].span.start < f.span.end || (k > 0 && toks[k].sentence != toks[k - 1].sentence) {
                break;
            }
            // Quotation marks around the organization's name (`ل"صحة حائل"`).
            let mark = |j: usize| j < toks.len() && is_quote(&toks[j], OPEN_QUOTES);
            // A bare `ل` before the marks (`ل"صحة حائل"`, the text layer cuts it off).
            let lam = |j: usize| j + 1 < toks.len() && matches!(toks[j].norm.as_str(), "ل" | "لـ");
            let k = if lam(k) && mark(k + 1) { k + 1 } else { k };
            let at = if mark(k) && k + 1 < toks.len() { k + 1 } else { k };
            let next = org_at(at).or_else(|| {
                let in_prep = toks[k].norm == "في" && k + 1 < toks.len();
                let headed = |j: usize| j + 1 < toks.len() && (lex.org_heads.contains(toks[j].host_norm.as_str()) || lex.org_generic_heads.contains(toks[j].host_norm.as_str()));
                in_prep.then(|| org_at(k + 1).or_else(|| headed(k + 1).then(|| org_at(k + 2)).flatten())).flatten()
            });
            match next {
                Some(s) if s.end > f.span.end => {
                    let close = toks.partition_point(|t| t.span.end <= s.end);
                    let end = if mark(k) && close < toks.len() && is_quote(&toks[close], CLOSE_QUOTES) { toks[close].span.end } else { s.end };
                    f.span = Span::new(f.span.start, end);
                }
                _ => break,
            }
        }
    }
    found
}

/// The last mending, once the other mentions of names are in: hyphenated names joined,
/// frequent words off the ends, names of organizations retyped, regnal ordinals taken in.
pub fn finish(found: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let found = drop_quoted_titles(join_hyphenated(found, lex, chars), lex, toks, chars);
    let found = drop_plurals(drop_leading_place(drop_blessings(found, lex, toks), lex, toks), lex, toks);
    let found = organizations_by_head(trim_trailing_title(trim_common_tail(found, lex, toks), lex, toks), lex, toks, chars);
    extend_roles(take_regnal_ordinals(found, lex, toks, chars), lex, toks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qawl_tokenizer::Analysis;

    /// Runs `mend` on the PERSON spans given as words of `text` (each a run of words).
    fn mended(text: &str, persons: &[&str], mend: impl Fn(Vec<Found>, &Lexicon, &[Tok], &[char]) -> Vec<Found>) -> Vec<String> {
        let lex = Lexicon::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/lexicon")).unwrap();
        let analysis = Analysis::new(text);
        let toks = crate::view::tokens(&analysis, &lex);
        let chars = &analysis.chars;
        let found = persons
            .iter()
            .map(|p| {
                let at = text.find(p).expect("a person of the text");
                let start = text[..at].chars().count();
                Found { kind: EntityType::Person, span: Span::new(start, start + p.chars().count()), confidence: 0.9 }
            })
            .collect();
        mend(found, &lex, &toks, chars).iter().map(|f| analysis.slice(f.span)).collect()
    }

    #[test]
    fn a_glued_clitic_leaves_a_name_known_in_the_document() {
        let strip = |f, l: &Lexicon, t: &[Tok], c: &[char]| strip_glued_clitics(f, l, t, c, &written_alone(t));
        assert_eq!(mended("قال تيتي إن الفريق جاهز، وكان المدرب المعروف بتيتي قد وصل.", &["تيتي", "بتيتي"], strip), vec!["تيتي", "تيتي"]);
        assert_eq!(mended("جاء ذلك في مقابلة لروبين مع الصحيفة.", &["لروبين"], strip), vec!["لروبين"], "no other mention: the word is kept");
        assert_eq!(mended("وقال بلال إن الوضع صعب.", &["بلال"], strip), vec!["بلال"], "a given name that starts with ب");
    }

    #[test]
    fn a_second_name_after_and_is_a_name_of_its_own() {
        let split = |f, l: &Lexicon, t: &[Tok], c: &[char]| split_coordinated(f, l, t, c, &written_alone(t));
        assert_eq!(mended("واتهم المدعي هارفي وروربرت واينستين بالاحتيال.", &["هارفي وروربرت واينستين"], split), vec!["هارفي", "روربرت واينستين"]);
        assert_eq!(mended("وقال محمد وليد الأحمد إن الوضع صعب.", &["محمد وليد الأحمد"], split), vec!["محمد وليد الأحمد"], "وليد is a name");
        assert_eq!(mended("وتلاحق النيابة المنتج هارفي واينستين بتهمة الاحتيال.", &["هارفي واينستين"], split), vec!["هارفي واينستين"], "a family name that starts with و");
    }

    #[test]
    fn a_frequent_word_after_a_name_is_left_out_but_an_ordinal_is_taken_in() {
        let trim = |f, l: &Lexicon, t: &[Tok], _: &[char]| trim_common_tail(f, l, t);
        assert_eq!(mended("ونقلت وسائل إعلام عن سيريزو قوله إن اللاعب جاهز.", &["سيريزو قوله"], trim), vec!["سيريزو"]);
        assert_eq!(mended("وقال محمد السالمي إن الاجتماع مهم.", &["محمد السالمي"], trim), vec!["محمد السالمي"]);
        assert_eq!(mended("وقال روبين رايت إن الوضع صعب.", &["روبين رايت"], trim), vec!["روبين رايت"], "a frequent word (رأيت) as a family name");
        let take = |f, l: &Lexicon, t: &[Tok], c: &[char]| take_regnal_ordinals(f, l, t, c);
        assert_eq!(mended("وتقدر ثروة الملكة اليزابيث الثانية بالملايين.", &["اليزابيث"], take), vec!["اليزابيث الثانية"]);
    }

    #[test]
    fn a_title_after_a_name_is_left_out() {
        let trim = |f, l: &Lexicon, t: &[Tok], _: &[char]| trim_trailing_title(f, l, t);
        assert_eq!(mended("انتقد جورج سوروس الملياردير شركات التكنولوجيا.", &["جورج سوروس الملياردير"], trim), vec!["جورج سوروس"]);
        assert_eq!(mended("وقال محمد عبد الله الرئيس إن الاجتماع مهم.", &["محمد عبد الله الرئيس"], trim), vec!["محمد عبد الله"]);
        assert_eq!(mended("وقال خالد بن علي الحارثي إن الاجتماع مهم.", &["خالد بن علي الحارثي"], trim), vec!["خالد بن علي الحارثي"], "a family name is no title");
        assert_eq!(mended("وقال خالد بن علي القاضي إن الاجتماع مهم.", &["خالد بن علي القاضي"], trim), vec!["خالد بن علي القاضي"], "a title word after a nasab chain is the family name");
    }

    #[test]
    fn a_hyphenated_name_is_one_name() {
        let join = |f, l: &Lexicon, _: &[Tok], c: &[char]| join_hyphenated(f, l, c);
        assert_eq!(mended("وكتبت الباحثة جيسيكا أجنيو-بليس مقالة مرافقة.", &["جيسيكا أجنيو", "بليس"], join), vec!["جيسيكا أجنيو-بليس"]);
        assert_eq!(mended("وفقا للطبيبة لالي-نغ تان من المستشفى.", &["نغ تان"], join), vec!["لالي-نغ تان"]);
        assert_eq!(mended("وقال محمد - وهو مدرب - إن الفريق جاهز.", &["محمد"], join), vec!["محمد"], "a dash set apart is punctuation");
        assert_eq!(mended("عن عبد الله بن عمر-رضي الله عنهما- أنه قال.", &["عبد الله بن عمر"], join), vec!["عبد الله بن عمر"], "a blessing after the hyphen");
    }

    #[test]
    fn a_title_in_quotation_marks_after_a_noun_of_works_is_no_person() {
        let drop = |f, l: &Lexicon, t: &[Tok], c: &[char]| drop_quoted_titles(f, l, t, c);
        let text = "عرضت مسرحية \"هيا تعال\" أمس، وقال الكاتب إن \"هيا تعال\" نجحت، وقال \"سالم\" إن العرض جميل.";
        assert_eq!(mended(text, &["هيا تعال", "هيا تعال", "سالم"], drop), vec!["سالم"]);
    }

    #[test]
    fn a_title_takes_in_the_organization_it_qualifies() {
        let lex = Lexicon::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/lexicon")).unwrap();
        let extended = |text: &str, role: &str, orgs: &[&str]| -> String {
            let analysis = Analysis::new(text);
            let toks = crate::view::tokens(&analysis, &lex);
            let span_of = |p: &str| {
                let at = text.find(p).expect("in the text");
                let start = text[..at].chars().count();
                Span::new(start, start + p.chars().count())
            };
            let mut found = vec![Found { kind: EntityType::Role, span: span_of(role), confidence: 0.9 }];
            found.extend(orgs.iter().map(|o| Found { kind: EntityType::Org, span: span_of(o), confidence: 0.9 }));
            let out = extend_roles(found, &lex, &toks);
            analysis.slice(out[0].span)
        };
        assert_eq!(extended("قال بيب غوارديولا مدرب مانشستر سيتي إن الفريق جاهز.", "مدرب", &["مانشستر سيتي"]), "مدرب مانشستر سيتي");
        assert_eq!(extended("وقال عارف الغازي المتحدث الرسمي ل\"صحة حائل\" في بيان إن الطبيب بخير.", "المتحدث الرسمي", &["صحة حائل"]), "المتحدث الرسمي ل\"صحة حائل\"");
        assert_eq!(extended("ويقول كارل شاموتا، مدير الاستراتيجيات في شركة كامبريدج، إن السوق هادئ.", "مدير الاستراتيجيات", &["كامبريدج"]), "مدير الاستراتيجيات في شركة كامبريدج");
        assert_eq!(extended("وقال الوزير سالم، مدير المكتب. وزارة الصحة أعلنت الخطة.", "مدير المكتب", &["وزارة الصحة"]), "مدير المكتب", "not across a sentence end");
    }

    #[test]
    fn a_blessing_is_no_name() {
        let drop = |f, l: &Lexicon, t: &[Tok], _: &[char]| drop_blessings(f, l, t);
        assert_eq!(mended("وسليلة النبي محمد (صلى الله عليه وسلم) جاءت.", &["محمد", "صلى الله"], drop), vec!["محمد"]);
    }

    #[test]
    fn a_name_after_an_organization_head_is_the_organization_everywhere() {
        let lex = Lexicon::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/lexicon")).unwrap();
        let text = "أعلنت منظمة \"إيتا\" حل نفسها. وقالت الحكومة إن إيتا انتهت، وقال سامي إن الأمر مهم.";
        let analysis = Analysis::new(text);
        let toks = crate::view::tokens(&analysis, &lex);
        let person = |w: &str, nth: usize| {
            let at = text.match_indices(w).nth(nth).expect("in the text").0;
            let start = text[..at].chars().count();
            Found { kind: EntityType::Person, span: Span::new(start, start + w.chars().count()), confidence: 0.9 }
        };
        let found = organizations_by_head(vec![person("إيتا", 0), person("إيتا", 1), person("سامي", 0)], &lex, &toks, &analysis.chars);
        let kinds: Vec<EntityType> = found.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, vec![EntityType::Org, EntityType::Org, EntityType::Person]);
    }
}
