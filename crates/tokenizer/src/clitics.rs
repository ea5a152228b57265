//! Clitic segmentation: the proclitics written attached to an Arabic word.
//!
//! Arabic writes conjunctions (و ف), prepositions (ب ل ك) and the article (ال) as part of
//! the next word: `وبالمديرية` = و + ب + ال + مديرية. Entity spans exclude the conjunctions
//! and prepositions but keep the article (`بوزارة` → `وزارة`, `للتربية` → `لتربية` per
//! ANNOTATION.md, because the alef of ال is not written after ل).
//!
//! Which letters are clitics is a data table ([`PROCLITICS`]). Whether a leading و or ب is
//! a clitic or the first root letter (`وزارة`, `بيان`) cannot be read off the letters; the
//! rule is: strip a conjunction or preposition only when what remains starts with the
//! article, or is a stem the caller knows (a lexicon), and at least [`MIN_STEM`] letters remain.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CliticKind {
    /// و ف: "and", "so".
    Conjunction,
    /// ب ل ك: "with/in", "for/to", "like".
    Preposition,
    /// ال, or the ل that remains of it after the preposition ل (`لل`).
    Article,
}

#[derive(Clone, Copy, Debug)]
pub struct Proclitic {
    pub form: char,
    pub kind: CliticKind,
}

/// Proclitics in the order they can stack: conjunction, then preposition, then article.
pub const PROCLITICS: &[Proclitic] = &[
    Proclitic { form: 'و', kind: CliticKind::Conjunction },
    Proclitic { form: 'ف', kind: CliticKind::Conjunction },
    Proclitic { form: 'ب', kind: CliticKind::Preposition },
    Proclitic { form: 'ل', kind: CliticKind::Preposition },
    Proclitic { form: 'ك', kind: CliticKind::Preposition },
];

/// Letters that must remain after stripping, so `وفد` or `بلد` are never cut down to nothing.
pub const MIN_STEM: usize = 2;

/// A word cut into its clitics and its host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segmentation {
    /// Detached conjunctions and prepositions, in order, as spans of the word.
    pub clitics: Vec<(Span, CliticKind)>,
    /// The article (`ال`, or the `ل` left of it after a preposition `ل`), if any.
    pub article: Option<Span>,
    /// Everything after the clitics: where an entity span starts (article included).
    pub host: Span,
}

/// Segments the word at `span` of `chars` (normalized or not: diacritics are skipped).
///
/// `known` answers whether a string (normalized, without clitics) is a known stem; pass
/// `|_| false` to strip only before the article.
pub fn segment(chars: &[char], span: Span, known: &dyn Fn(&str) -> bool) -> Segmentation {
    // Work on letters only, remembering where each sits in the word.
    let letters: Vec<(usize, char)> = (span.start..span.end)
        .filter(|&i| !is_mark(chars[i]))
        .map(|i| (i, base_letter(chars[i])))
        .collect();
    let rest = |k: usize| -> String { letters[k..].iter().map(|&(_, c)| c).collect() };
    let starts_article = |k: usize| letters.len() >= k + 2 + MIN_STEM && letters[k].1 == 'ا' && letters[k + 1].1 == 'ل';

    // A word known as a whole (`وزير`, `كريم`, `لبنان`) keeps its first letter, unless the
    // article follows it (`وال…`, `بال…` are always clitic + article).
    let whole: String = letters.iter().map(|&(_, c)| c).collect();
    let whole_known = known(&whole);
    let mut k = 0;
    let mut clitics = Vec::new();
    let mut stage = 0; // 0: conjunction allowed, 1: preposition allowed, 2: done
    while stage < 2 && k < letters.len() {
        let c = letters[k].1;
        let found = PROCLITICS.iter().find(|p| p.form == c && (stage == 0 || p.kind == CliticKind::Preposition));
        let Some(p) = found else { break };
        let after = k + 1;
        let remaining = letters.len() - after;
        // ل + ال is written لل: the second ل is the article.
        let lam_article = c == 'ل' && remaining >= 1 + MIN_STEM && letters[after].1 == 'ل';
        // After the conjunction, the same holds for what is left (`ولويس` = و + `لويس`, not و + ل + `ويس`).
        let here_known = if stage == 0 { whole_known } else { known(&rest(k)) };
        let strip = remaining >= MIN_STEM
            && (starts_article(after) || lam_article || (!here_known && (known(&rest(after)) || continues(&letters, after, stage, known))));
        if !strip {
            break;
        }
        clitics.push((Span::new(letters[k].0, letters[k].0 + 1), p.kind));
        k = after;
        if lam_article {
            let article = Span::new(letters[k].0, letters[k].0 + 1);
            return Segmentation { clitics, article: Some(article), host: Span::new(letters[k].0, span.end) };
        }
        stage = if p.kind == CliticKind::Conjunction { 1 } else { 2 };
    }
    let article = starts_article(k).then(|| Span::new(letters[k].0, letters[k + 1].0 + 1));
    let host_start = letters.get(k).map(|&(i, _)| i).unwrap_or(span.end);
    Segmentation { clitics, article, host: Span::new(host_start, span.end) }
}

/// After a conjunction, a preposition + article or a known stem may follow (`وبالمديرية`, `وللتربية`).
fn continues(letters: &[(usize, char)], k: usize, stage: usize, known: &dyn Fn(&str) -> bool) -> bool {
    if stage != 0 || k >= letters.len() {
        return false;
    }
    let c = letters[k].1;
    if !PROCLITICS.iter().any(|p| p.form == c && p.kind == CliticKind::Preposition) {
        return false;
    }
    let after = k + 1;
    let rest: String = letters[after..].iter().map(|&(_, c)| c).collect();
    let n = letters.len() - after;
    (n >= 2 + MIN_STEM && rest.starts_with("ال")) || (c == 'ل' && n >= 1 + MIN_STEM && rest.starts_with('ل')) || (n >= MIN_STEM && known(&rest))
}

/// Tashkeel, tatweel and the zero-width joiners: written on or between letters, not letters
/// of their own (a clitic letter may carry one).
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}')
}

fn base_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(word: &str, known: &[&str]) -> (Vec<String>, Option<String>, String) {
        let chars: Vec<char> = word.chars().collect();
        let s = segment(&chars, Span::new(0, chars.len()), &|w| known.contains(&w));
        (
            s.clitics.iter().map(|(sp, _)| sp.slice(&chars)).collect(),
            s.article.map(|a| a.slice(&chars)),
            s.host.slice(&chars),
        )
    }

    #[test]
    fn strips_clitics_before_the_article() {
        assert_eq!(seg("وبالمديرية", &[]), (vec!["و".into(), "ب".into()], Some("ال".into()), "المديرية".into()));
        assert_eq!(seg("والإعلام", &[]), (vec!["و".into()], Some("ال".into()), "الإعلام".into()));
        assert_eq!(seg("كالعادة", &[]), (vec!["ك".into()], Some("ال".into()), "العادة".into()));
    }

    #[test]
    fn lam_plus_article_keeps_the_second_lam() {
        // للتربية = ل + (ا)ل + تربية: the span starts after the first ل.
        assert_eq!(seg("للتربية", &[]), (vec!["ل".into()], Some("ل".into()), "لتربية".into()));
        assert_eq!(seg("وللبيت", &[]), (vec!["و".into(), "ل".into()], Some("ل".into()), "لبيت".into()));
    }

    #[test]
    fn root_letters_stay_unless_the_stem_is_known() {
        assert_eq!(seg("وزارة", &[]).2, "وزارة");
        assert_eq!(seg("بيان", &[]).2, "بيان");
        assert_eq!(seg("لبنان", &[]).2, "لبنان");
        assert_eq!(seg("بوزارة", &["وزارة"]), (vec!["ب".into()], None, "وزارة".into()));
        assert_eq!(seg("وقال", &["قال"]), (vec!["و".into()], None, "قال".into()));
        assert_eq!(seg("فأكد", &["اكد"]).2, "أكد");
        // Known as a whole: `كريم` is a name, not ك + `ريم`.
        assert_eq!(seg("كريم", &["كريم", "ريم"]).2, "كريم");
        assert_eq!(seg("وكيل", &["وكيل", "كيل"]).2, "وكيل");
        // And after the conjunction: `ولويس` is و + the name `لويس`, not و + ل + `ويس`.
        assert_eq!(seg("ولويس", &["لويس", "ويس"]), (vec!["و".into()], None, "لويس".into()));
        assert_eq!(seg("وبمصر", &["مصر"]), (vec!["و".into(), "ب".into()], None, "مصر".into()));
    }

    #[test]
    fn short_words_are_never_emptied() {
        assert_eq!(seg("ول", &["ل"]).2, "ول");
        assert_eq!(seg("بال", &[]).2, "بال");
    }
}
