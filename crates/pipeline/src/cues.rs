//! The cue lexicon: speech verbs and nouns that introduce a quote, as a data table.
//!
//! Each lemma lists the forms news writers use: perfect (`قال`/`قالت`), imperfect
//! (`يقول`/`تقول`), and the circumstantial participle that chains a new quote onto the
//! previous speaker (`قائلا`/`قائلة`). The form tells the speaker's gender, which resolves
//! dropped subjects (`مشيرة إلى أن` needs a woman). The conjunctions و/ف are stripped before
//! lookup, so `وقال`, `فقالت`, `ومؤكدا` all match.

use crate::document::Gender;
use qawl_tokenizer::normalize_key;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueForm {
    Perfect,
    Imperfect,
    Participle,
    Noun,
}

/// What a cue token says about the quote it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CueInfo {
    pub lemma: &'static str,
    pub form: CueForm,
    pub gender: Option<Gender>,
    /// Preposition that may follow before the content (`أشار إلى أن`, `أكد على`).
    pub preposition: Option<&'static str>,
    /// `قال`-type verbs introduce first-person speech without a colon (`قال نحن …`).
    pub says: bool,
}

/// One speech verb: its forms, masculine then feminine.
struct Lemma {
    lemma: &'static str,
    perfect: [&'static str; 2],
    imperfect: [&'static str; 2],
    participle: [&'static str; 2],
    preposition: Option<&'static str>,
    says: bool,
}

const fn lemma(
    lemma: &'static str,
    perfect: [&'static str; 2],
    imperfect: [&'static str; 2],
    participle: [&'static str; 2],
    preposition: Option<&'static str>,
    says: bool,
) -> Lemma {
    Lemma { lemma, perfect, imperfect, participle, preposition, says }
}

const LEMMAS: &[Lemma] = &[
    lemma("قال", ["قال", "قالت"], ["يقول", "تقول"], ["قائلا", "قائلة"], None, true),
    lemma("أضاف", ["أضاف", "أضافت"], ["يضيف", "تضيف"], ["مضيفا", "مضيفة"], None, true),
    lemma("تابع", ["تابع", "تابعت"], ["يتابع", "تتابع"], ["متابعا", "متابعة"], None, true),
    lemma("أردف", ["أردف", "أردفت"], ["يردف", "تردف"], ["مردفا", "مردفة"], None, true),
    lemma("استطرد", ["استطرد", "استطردت"], ["يستطرد", "تستطرد"], ["مستطردا", "مستطردة"], None, true),
    lemma("زاد", ["زاد", "زادت"], ["يزيد", "تزيد"], ["", ""], None, true),
    lemma("أكد", ["أكد", "أكدت"], ["يؤكد", "تؤكد"], ["مؤكدا", "مؤكدة"], Some("على"), false),
    lemma("أوضح", ["أوضح", "أوضحت"], ["يوضح", "توضح"], ["موضحا", "موضحة"], None, false),
    lemma("أشار", ["أشار", "أشارت"], ["يشير", "تشير"], ["مشيرا", "مشيرة"], Some("إلى"), false),
    lemma("لفت", ["لفت", "لفتت"], ["يلفت", "تلفت"], ["لافتا", "لافتة"], Some("إلى"), false),
    lemma("نوه", ["نوه", "نوهت"], ["ينوه", "تنوه"], ["منوها", "منوهة"], Some("إلى"), false),
    lemma("بين", ["بين", "بينت"], ["يبين", "تبين"], ["مبينا", "مبينة"], None, false),
    // No imperfect: `يذكر أن` is the writer's narration ("it is mentioned that"), `تذكر` also "remember".
    lemma("ذكر", ["ذكر", "ذكرت"], ["", ""], ["ذاكرا", "ذاكرة"], None, false),
    lemma("أفاد", ["أفاد", "أفادت"], ["يفيد", "تفيد"], ["مفيدا", "مفيدة"], None, false),
    lemma("صرح", ["صرح", "صرحت"], ["يصرح", "تصرح"], ["مصرحا", "مصرحة"], None, true),
    lemma("أعلن", ["أعلن", "أعلنت"], ["يعلن", "تعلن"], ["معلنا", "معلنة"], Some("عن"), false),
    lemma("كشف", ["كشف", "كشفت"], ["يكشف", "تكشف"], ["كاشفا", "كاشفة"], Some("عن"), false),
    lemma("شدد", ["شدد", "شددت"], ["يشدد", "تشدد"], ["مشددا", "مشددة"], Some("على"), false),
    lemma("اعتبر", ["اعتبر", "اعتبرت"], ["يعتبر", "تعتبر"], ["معتبرا", "معتبرة"], None, false),
    lemma("رأى", ["رأى", "رأت"], ["يرى", "ترى"], ["", ""], None, false),
    lemma("رجح", ["رجح", "رجحت"], ["يرجح", "ترجح"], ["مرجحا", "مرجحة"], None, false),
    lemma("أصر", ["أصر", "أصرت"], ["يصر", "تصر"], ["مصرا", "مصرة"], Some("على"), false),
    // Only the participle: `أبرز` and `يبرز` are also "the most prominent" and "stands out".
    lemma("أبرز", ["", ""], ["", ""], ["مبرزا", "مبرزة"], None, false),
    lemma("أعرب", ["أعرب", "أعربت"], ["يعرب", "تعرب"], ["معربا", "معربة"], Some("عن"), false),
    lemma("طالب", ["طالب", "طالبت"], ["يطالب", "تطالب"], ["مطالبا", "مطالبة"], Some("ب"), false),
    lemma("دعا", ["دعا", "دعت"], ["يدعو", "تدعو"], ["داعيا", "داعية"], Some("إلى"), false),
    lemma("ثمن", ["ثمن", "ثمنت"], ["يثمن", "تثمن"], ["مثمنا", "مثمنة"], None, false),
    lemma("أشاد", ["أشاد", "أشادت"], ["يشيد", "تشيد"], ["مشيدا", "مشيدة"], None, false),
    lemma("نفى", ["نفى", "نفت"], ["ينفي", "تنفي"], ["نافيا", "نافية"], None, false),
    lemma("حذر", ["حذر", "حذرت"], ["يحذر", "تحذر"], ["محذرا", "محذرة"], Some("من"), false),
    lemma("اعترف", ["اعترف", "اعترفت"], ["يعترف", "تعترف"], ["معترفا", "معترفة"], Some("ب"), false),
    lemma("تساءل", ["تساءل", "تساءلت"], ["يتساءل", "تتساءل"], ["متسائلا", "متسائلة"], None, true),
    lemma("أجاب", ["أجاب", "أجابت"], ["يجيب", "تجيب"], ["مجيبا", "مجيبة"], None, true),
    lemma("وصف", ["وصف", "وصفت"], ["يصف", "تصف"], ["واصفا", "واصفة"], None, false),
    lemma("توقع", ["توقع", "توقعت"], ["يتوقع", "تتوقع"], ["متوقعا", "متوقعة"], None, false),
    lemma("نبه", ["نبه", "نبهت"], ["ينبه", "تنبه"], ["منبها", "منبهة"], Some("إلى"), false),
    lemma("أقر", ["أقر", "أقرت"], ["يقر", "تقر"], ["مقرا", "مقرة"], Some("ب"), false),
    // Stance verbs of real news whose object is the statement (dev set of data/gold-news).
    lemma("استبعد", ["استبعد", "استبعدت"], ["يستبعد", "تستبعد"], ["مستبعدا", "مستبعدة"], None, false),
    lemma("حث", ["حث", "حثت"], ["يحث", "تحث"], ["حاثا", "حاثة"], Some("على"), false),
    lemma("اتهم", ["اتهم", "اتهمت"], ["يتهم", "تتهم"], ["متهما", "متهمة"], None, false),
    lemma("انتقد", ["انتقد", "انتقدت"], ["ينتقد", "تنتقد"], ["منتقدا", "منتقدة"], None, false),
    lemma("أبدى", ["أبدى", "أبدت"], ["يبدي", "تبدي"], ["مبديا", "مبدية"], None, false),
    lemma("رحب", ["رحب", "رحبت"], ["يرحب", "ترحب"], ["مرحبا", "مرحبة"], Some("ب"), false),
    // No imperfect: `يعد`/`تعد` is far more often "is considered" (`ويعد X من أبرز …`) than "promises".
    lemma("وعد", ["وعد", "وعدت"], ["", ""], ["واعدا", "واعدة"], Some("ب"), false),
    lemma("تعهد", ["تعهد", "تعهدت"], ["يتعهد", "تتعهد"], ["متعهدا", "متعهدة"], Some("ب"), false),
    lemma("تحدث", ["تحدث", "تحدثت"], ["يتحدث", "تتحدث"], ["متحدثا", "متحدثة"], Some("عن"), false),
    lemma("قلل", ["قلل", "قللت"], ["يقلل", "تقلل"], ["مقللا", "مقللة"], Some("من"), false),
    lemma("تطرق", ["تطرق", "تطرقت"], ["يتطرق", "تتطرق"], ["متطرقا", "متطرقة"], Some("إلى"), false),
    lemma("أثنى", ["أثنى", "أثنت"], ["يثني", "تثني"], ["مثنيا", "مثنية"], Some("على"), false),
    // `ندد X بـ…` and `أدان X …` (condemned): stance verbs with their object as the statement.
    // No imperfect of `ندد`: `وتندد` follows slogans and crowds more than people.
    lemma("ندد", ["ندد", "نددت"], ["", ""], ["منددا", "منددة"], Some("ب"), false),
    // Only the perfect: `يدين`/`تدين` are also "owes"/"religiosity", `مدينة` is "city".
    lemma("أدان", ["أدان", "أدانت"], ["", ""], ["", ""], None, false),
    // `ولم ينكر X دور …`, `وأنكر X …`: like `نفى`.
    lemma("أنكر", ["أنكر", "أنكرت"], ["ينكر", "تنكر"], ["منكرا", "منكرة"], None, false),
    // `ولم يخف X تأثره …` ("did not hide" = voiced): only the jussive after `لم`, which no
    // other form of the verb spells (`يخفي` hides is no statement).
    lemma("أخفى", ["", ""], ["يخف", "تخف"], ["", ""], None, false),
];

/// Nouns that introduce a statement (`وفي تصريح له`), without gender.
const CUE_NOUNS: &[&str] = &["تصريح", "تصريحات"];

/// Nouns that relay speech (`نقلت X عن Y قوله إن …`): ANNOTATION.md's cue is the speaker's own
/// token, and the speaker is named right before it; lemma [`RELAY_LEMMA`].
const RELAY_NOUNS: &[&str] = &["قوله", "قولها"];

/// The lemma of [`RELAY_NOUNS`].
pub const RELAY_LEMMA: &str = "قول";

/// Forms that double as ordinary words too often to be read as cues on their own.
const AMBIGUOUS: &[&str] = &["بين", "زاد", "تزيد", "يزيد", "ذكرت", "ذاكرة", "متابعة", "تابع", "داعية", "ترى", "رأت", "وعد", "مرحبا", "واعدة", "متهم", "متهمة"];

/// Lookup from a normalized token (clitics stripped) to its cue reading.
pub struct CueLexicon {
    forms: HashMap<String, CueInfo>,
    ambiguous: Vec<String>,
}

impl Default for CueLexicon {
    fn default() -> Self {
        Self::new()
    }
}

impl CueLexicon {
    pub fn new() -> Self {
        let mut forms = HashMap::new();
        for l in LEMMAS {
            let groups = [(CueForm::Perfect, l.perfect), (CueForm::Imperfect, l.imperfect), (CueForm::Participle, l.participle)];
            for (form, pair) in groups {
                for (i, word) in pair.iter().enumerate() {
                    if word.is_empty() {
                        continue;
                    }
                    let gender = Some(if i == 0 { Gender::Male } else { Gender::Female });
                    let info = CueInfo { lemma: l.lemma, form, gender, preposition: l.preposition, says: l.says };
                    forms.entry(normalize_key(word)).or_insert(info);
                }
            }
        }
        for n in CUE_NOUNS {
            forms.insert(normalize_key(n), CueInfo { lemma: "تصريح", form: CueForm::Noun, gender: None, preposition: None, says: false });
        }
        for n in RELAY_NOUNS {
            forms.insert(normalize_key(n), CueInfo { lemma: RELAY_LEMMA, form: CueForm::Noun, gender: None, preposition: None, says: false });
        }
        CueLexicon { forms, ambiguous: AMBIGUOUS.iter().map(|w| normalize_key(w)).collect() }
    }

    /// The cue reading of a normalized token, trying it whole and without a leading و/ف.
    /// Ambiguous forms count only with a conjunction (`وزاد` yes, `زاد` alone no).
    pub fn lookup(&self, norm: &str) -> Option<CueInfo> {
        if let Some(info) = self.forms.get(norm) {
            if !self.ambiguous.iter().any(|a| a == norm) {
                return Some(*info);
            }
        }
        let mut chars = norm.chars();
        match chars.next() {
            Some('و') | Some('ف') => {
                let rest = chars.as_str();
                self.forms.get(rest).copied()
            }
            _ => None,
        }
    }

    /// The cue reading of a normalized token without a conjunction, ambiguous forms included:
    /// for places where the context settles them (`X الذي بين أن …`).
    pub fn lookup_any(&self, norm: &str) -> Option<CueInfo> {
        self.forms.get(norm).copied()
    }

    /// Whether `norm` is a cue form (whole, without clitics): used to recognise stems.
    pub fn is_form(&self, norm: &str) -> bool {
        self.forms.contains_key(norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(w: &str) -> Option<CueInfo> {
        CueLexicon::new().lookup(&normalize_key(w))
    }

    #[test]
    fn reads_perfect_imperfect_and_participles_with_gender() {
        assert_eq!(cue("قال").unwrap().gender, Some(Gender::Male));
        assert_eq!(cue("وقالت").unwrap().gender, Some(Gender::Female));
        assert_eq!(cue("فأوضحت").unwrap().lemma, "أوضح");
        let m = cue("مشيرة").unwrap();
        assert_eq!((m.form, m.gender, m.preposition), (CueForm::Participle, Some(Gender::Female), Some("إلى")));
        assert_eq!(cue("ومؤكدا").unwrap().form, CueForm::Participle);
        assert_eq!(cue("تؤكد").unwrap().form, CueForm::Imperfect);
        assert_eq!(cue("وأشار").unwrap().preposition, Some("إلى"));
        assert!(cue("قائلا").unwrap().says);
    }

    #[test]
    fn ordinary_words_are_not_cues() {
        for w in ["الوزير", "قالب", "المشيرة", "في", "بين", "زاد", "ترى"] {
            assert!(cue(w).is_none(), "{w} read as a cue");
        }
        // An ambiguous form counts with its conjunction.
        assert!(cue("وزاد").is_some());
        assert!(cue("وبين").is_some());
    }

    #[test]
    fn nouns_introduce_statements() {
        assert_eq!(cue("تصريح").unwrap().form, CueForm::Noun);
    }
}
