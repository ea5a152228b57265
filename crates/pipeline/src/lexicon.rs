//! Word lists the rule stages consult: the built-in tables ([`crate::tables`]) plus the
//! gazetteers shipped under `models/lexicon/` (built by `tools/build_lexicons.py`).

use crate::cues::CueLexicon;
use crate::error::Error;
use crate::tables;
use crate::view::Tok;
use qawl_tokenizer::normalize_key;
use std::collections::HashSet;
use std::path::Path;

/// Which form of a token a word list is matched against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The whole word as written, clitics included ([`Tok::norm`]).
    Word,
    /// The host without conjunction and preposition clitics ([`Tok::host_norm`]).
    Host,
    /// Either.
    WordOrHost,
}

/// A word table, normalized once at load, with the form of a token it is matched against.
#[derive(Clone, Debug)]
pub struct WordList {
    words: HashSet<String>,
    form: Form,
}

impl WordList {
    pub fn new(words: &[&str], form: Form) -> Self {
        WordList { words: set(words), form }
    }

    /// Whether the token's form (as the list declares) is in the list.
    pub fn matches(&self, t: &Tok) -> bool {
        match self.form {
            Form::Word => self.words.contains(&t.norm),
            Form::Host => self.words.contains(&t.host_norm),
            Form::WordOrHost => self.words.contains(&t.norm) || self.words.contains(&t.host_norm),
        }
    }
}

/// The words the quote engine reads around cues ([`crate::tables`] lists them).
pub struct QuoteWords {
    pub complementizers: WordList,
    pub negated_complementizers: WordList,
    pub according_to: WordList,
    pub resuming_complementizers: WordList,
    pub fillers: WordList,
    pub circumstance_openers: WordList,
    pub cue_prepositions: WordList,
    pub object_introducers: WordList,
    pub time_asides: WordList,
    pub clause_starters: WordList,
    pub name_introducers: WordList,
    pub demonstratives: WordList,
    pub title_connectives: WordList,
    pub topic_particles: WordList,
    pub topic_openers: WordList,
    pub topic_resumers: WordList,
    pub connectives: WordList,
    pub subject_relatives: WordList,
    pub unnamed_relatives: WordList,
    pub relay_source_prepositions: WordList,
    pub description_prepositions: WordList,
    pub honorific_pronouns: WordList,
    pub same_source_nouns: WordList,
    pub sameness_words: WordList,
    pub kinship_heads: WordList,
    pub headed_by: WordList,
    pub one_of: WordList,
    pub take_as_verbs: WordList,
    pub noun_governors: WordList,
    pub quantifiers: WordList,
    pub presence_openers: WordList,
    pub kana_forms: WordList,
    pub resumptive_in: WordList,
    /// [`tables::CONNECTIVE_PHRASES`], each as its normalized words.
    pub connective_phrases: Vec<Vec<String>>,
    /// [`tables::TRAILING_ATTRIBUTIONS`], each as its normalized words.
    pub trailing_attributions: Vec<Vec<String>>,
    /// [`tables::WRITER_ASIDES`], each as its normalized words.
    pub writer_asides: Vec<Vec<String>>,
    /// [`tables::OBJECT_ADVERBS`], each as its normalized words.
    pub object_adverbs: Vec<Vec<String>>,
    /// Paragraph openers that carry a statement on (`إضافة إلى ذلك`), normalized, space-joined.
    pub continuation_openers: HashSet<String>,
    pub additive_openers: WordList,
    pub verb_only_negations: WordList,
    /// [`tables::FIRST_PERSON_FUTURE_PREFIX`] and [`tables::NOT_FUTURE_STARTS`], normalized.
    pub first_person_future: String,
    pub not_future_starts: Vec<String>,
}

impl QuoteWords {
    fn builtin() -> Self {
        QuoteWords {
            complementizers: WordList::new(tables::COMPLEMENTIZERS, Form::Word),
            negated_complementizers: WordList::new(tables::NEGATED_COMPLEMENTIZERS, Form::Word),
            according_to: WordList::new(tables::ACCORDING_TO, Form::WordOrHost),
            resuming_complementizers: WordList::new(tables::RESUMING_COMPLEMENTIZERS, Form::Word),
            fillers: WordList::new(tables::FILLERS, Form::Word),
            circumstance_openers: WordList::new(tables::CIRCUMSTANCE_OPENERS, Form::Word),
            cue_prepositions: WordList::new(tables::CUE_PREPOSITIONS, Form::Word),
            object_introducers: WordList::new(tables::OBJECT_INTRODUCERS, Form::Word),
            time_asides: WordList::new(tables::TIME_ASIDES, Form::Word),
            clause_starters: WordList::new(tables::CLAUSE_STARTERS, Form::Word),
            name_introducers: WordList::new(tables::NAME_INTRODUCERS, Form::WordOrHost),
            demonstratives: WordList::new(tables::DEMONSTRATIVES, Form::Word),
            title_connectives: WordList::new(tables::TITLE_CONNECTIVES, Form::Word),
            topic_particles: WordList::new(tables::TOPIC_PARTICLES, Form::Word),
            topic_openers: WordList::new(tables::TOPIC_OPENERS, Form::Word),
            topic_resumers: WordList::new(tables::TOPIC_RESUMERS, Form::Word),
            connectives: WordList::new(tables::CONNECTIVES, Form::Word),
            subject_relatives: WordList::new(tables::SUBJECT_RELATIVES, Form::Word),
            unnamed_relatives: WordList::new(tables::UNNAMED_RELATIVES, Form::Word),
            relay_source_prepositions: WordList::new(tables::RELAY_SOURCE_PREPOSITIONS, Form::Word),
            description_prepositions: WordList::new(tables::DESCRIPTION_PREPOSITIONS, Form::Word),
            honorific_pronouns: WordList::new(tables::HONORIFIC_PRONOUNS, Form::Word),
            same_source_nouns: WordList::new(tables::SAME_SOURCE_NOUNS, Form::Word),
            sameness_words: WordList::new(tables::SAMENESS_WORDS, Form::Word),
            kinship_heads: WordList::new(tables::KINSHIP_HEADS, Form::Word),
            headed_by: WordList::new(tables::HEADED_BY, Form::Word),
            one_of: WordList::new(tables::ONE_OF, Form::Word),
            take_as_verbs: WordList::new(tables::TAKE_AS_VERBS, Form::WordOrHost),
            noun_governors: WordList::new(tables::NOUN_GOVERNORS, Form::Word),
            quantifiers: WordList::new(tables::QUANTIFIERS, Form::Word),
            presence_openers: WordList::new(tables::PRESENCE_OPENERS, Form::Word),
            kana_forms: WordList::new(tables::KANA_FORMS, Form::Word),
            resumptive_in: WordList::new(tables::RESUMPTIVE_IN, Form::Word),
            connective_phrases: phrases(tables::CONNECTIVE_PHRASES),
            trailing_attributions: phrases(tables::TRAILING_ATTRIBUTIONS),
            writer_asides: phrases(tables::WRITER_ASIDES),
            object_adverbs: phrases(tables::OBJECT_ADVERBS),
            continuation_openers: set(tables::CONTINUATION_OPENERS),
            additive_openers: WordList::new(tables::ADDITIVE_OPENERS, Form::Host),
            verb_only_negations: WordList::new(tables::VERB_ONLY_NEGATIONS, Form::Word),
            first_person_future: normalize_key(tables::FIRST_PERSON_FUTURE_PREFIX),
            not_future_starts: tables::NOT_FUTURE_STARTS.iter().map(|w| normalize_key(w)).collect(),
        }
    }
}

/// Each phrase as its normalized words.
fn phrases(list: &[&str]) -> Vec<Vec<String>> {
    list.iter().map(|p| normalize_key(p).split_whitespace().map(String::from).collect()).collect()
}

/// The small word lists the entity rules read besides the gazetteers.
pub struct NameWords {
    pub relatives: WordList,
    pub opening_particles: WordList,
    pub starting_particles: WordList,
    pub generic_adjectives: WordList,
    /// Nouns of works and events before a title in quotation marks ([`tables::WORK_HEADS`]).
    pub work_heads: WordList,
    pub adverbs_after_names: WordList,
}

impl NameWords {
    fn builtin() -> Self {
        NameWords {
            relatives: WordList::new(tables::RELATIVES, Form::Host),
            opening_particles: WordList::new(tables::NAME_OPENING_PARTICLES, Form::Host),
            starting_particles: WordList::new(tables::NAME_STARTING_PARTICLES, Form::Host),
            generic_adjectives: WordList::new(tables::GENERIC_ADJECTIVES, Form::Host),
            work_heads: WordList::new(tables::WORK_HEADS, Form::Host),
            adverbs_after_names: WordList::new(tables::ADVERBS_AFTER_NAMES, Form::Word),
        }
    }
}

pub struct Lexicon {
    pub role_heads: HashSet<String>,
    pub honorifics: HashSet<String>,
    pub name_particles: HashSet<String>,
    /// Ordinals that follow a king's or queen's name (`الثانية`).
    pub regnal_ordinals: HashSet<String>,
    /// Blessings after a name, each as its normalized words.
    pub blessings: Vec<Vec<String>>,
    pub name_compound_seconds: HashSet<String>,
    pub org_heads: HashSet<String>,
    pub org_generic_heads: HashSet<String>,
    pub loc_heads: HashSet<String>,
    /// Place heads kept inside a LOC span (`منطقة عسير`).
    pub loc_heads_in_span: HashSet<String>,
    pub stopwords: HashSet<String>,
    pub group_subjects: HashSet<String>,
    pub first_person: HashSet<String>,
    pub feminine_kin: HashSet<String>,
    pub feminine_given_names: HashSet<String>,
    pub masculine_kin: HashSet<String>,
    /// Men's names that end in ة (`حمزة`), which would otherwise read as women's.
    pub male_names_in_ta_marbuta: HashSet<String>,
    pub given_names: HashSet<String>,
    pub name_tokens: HashSet<String>,
    /// Place names (one or more words, normalized, space-joined).
    pub locations: HashSet<String>,
    pub organizations: HashSet<String>,
    pub nationalities: HashSet<String>,
    /// Frequent words of news prose that are not names: never an unknown name word.
    pub common_words: HashSet<String>,
    /// News agencies (`واس`, `أ ش أ`), normalized, space-joined.
    pub news_agencies: HashSet<String>,
    pub cues: CueLexicon,
    pub quote_words: QuoteWords,
    pub name_words: NameWords,
    /// Longest entry (in words) of `locations`/`organizations`, bounding the matcher.
    pub max_phrase_words: usize,
}

/// A built-in table as a set of normalized words.
pub(crate) fn set(words: &[&str]) -> HashSet<String> {
    words.iter().map(|w| normalize_key(w)).collect()
}

/// A word list file (one entry per line, `#` comments) as a set of normalized entries.
pub(crate) fn read_list(path: &Path) -> Result<HashSet<String>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Lexicon { path: path.to_path_buf(), source })?;
    Ok(text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| normalize_key(l.trim())).collect())
}

/// Every title head also with the article: the table lists `متحدثة`, text writes
/// `المتحدثة` too. (Not the other way: `السلطان` without its article is the name `سلطان`.)
fn with_article_forms(heads: HashSet<String>) -> HashSet<String> {
    let definite: Vec<String> = heads.iter().filter(|h| !h.starts_with("ال")).map(|h| format!("ال{h}")).collect();
    heads.into_iter().chain(definite).collect()
}

impl Lexicon {
    /// Built-in tables only: enough for cues, roles and particles, no gazetteers.
    pub fn builtin() -> Self {
        Lexicon {
            role_heads: with_article_forms(set(tables::ROLE_HEADS)),
            honorifics: set(tables::HONORIFICS).into_iter().chain(set(tables::PROPHET_TITLES)).chain(tables::TITLE_ABBREVIATIONS.iter().map(|&c| normalize_key(c.encode_utf8(&mut [0; 4])))).collect(),
            name_particles: set(tables::NAME_PARTICLES),
            regnal_ordinals: set(tables::REGNAL_ORDINALS),
            blessings: tables::BLESSINGS.iter().map(|b| b.split(' ').map(normalize_key).collect()).collect(),
            name_compound_seconds: set(tables::NAME_COMPOUND_SECONDS),
            org_heads: set(tables::ORG_HEADS),
            org_generic_heads: set(tables::ORG_GENERIC_HEADS),
            loc_heads: set(tables::LOC_HEADS),
            loc_heads_in_span: set(tables::LOC_HEADS_IN_SPAN),
            stopwords: set(tables::STOPWORDS),
            group_subjects: set(tables::GROUP_SUBJECTS),
            first_person: set(tables::FIRST_PERSON_MARKERS),
            feminine_kin: set(tables::FEMININE_KIN_WORDS),
            feminine_given_names: set(tables::FEMININE_GIVEN_NAMES),
            masculine_kin: set(tables::MASCULINE_KIN_WORDS),
            male_names_in_ta_marbuta: set(tables::MALE_NAMES_IN_TA_MARBUTA),
            given_names: HashSet::new(),
            name_tokens: HashSet::new(),
            locations: HashSet::new(),
            organizations: HashSet::new(),
            nationalities: HashSet::new(),
            common_words: HashSet::new(),
            news_agencies: set(tables::NEWS_AGENCIES),
            cues: CueLexicon::new(),
            quote_words: QuoteWords::builtin(),
            name_words: NameWords::builtin(),
            max_phrase_words: 1,
        }
    }

    /// Built-in tables plus the gazetteers in `dir` (`models/lexicon`).
    pub fn load(dir: &Path) -> Result<Self, Error> {
        let mut lex = Self::builtin();
        lex.given_names = read_list(&dir.join("given_names.txt"))?;
        lex.name_tokens = read_list(&dir.join("name_tokens.txt"))?;
        lex.locations = read_list(&dir.join("locations.txt"))?;
        lex.organizations = read_list(&dir.join("organizations.txt"))?;
        lex.nationalities = read_list(&dir.join("nationalities.txt"))?;
        lex.common_words = read_list(&dir.join("common_words.txt"))?;
        lex.locations.extend(tables::ARAB_PLACES.iter().map(|p| normalize_key(p)));
        // Gazetteer words that are also function words or titles would fire everywhere.
        for w in lex.stopwords.iter().chain(lex.role_heads.iter()).chain(lex.org_heads.iter()).chain(lex.honorifics.iter()) {
            lex.given_names.remove(w);
            lex.name_tokens.remove(w);
            lex.locations.remove(w);
            lex.organizations.remove(w);
        }
        // A one-word place or organization that is a clitic plus another entry (`بفاس` = ب + `فاس`)
        // is the same name with a preposition attached, not a name of its own.
        for set in [&mut lex.locations, &mut lex.organizations] {
            let glued: Vec<String> = set
                .iter()
                .filter(|w| !w.contains(' ') && w.chars().count() > 3)
                .filter(|w| matches!(w.chars().next(), Some('و' | 'ب' | 'ل' | 'ك' | 'ف')) && set.contains(&w.chars().skip(1).collect::<String>()))
                .cloned()
                .collect();
            for w in glued {
                set.remove(&w);
            }
        }
        for w in &lex.group_subjects {
            lex.organizations.remove(w);
        }
        lex.given_names.retain(|w| lex.cues.lookup(w).is_none());
        // `الله` follows عبد in names (`عبد الله`) but never starts one (`حفظه الله`).
        lex.given_names.remove("الله");
        lex.name_tokens.retain(|w| lex.cues.lookup(w).is_none());
        lex.max_phrase_words = lex.locations.iter().chain(lex.organizations.iter()).map(|p| p.split(' ').count()).max().unwrap_or(1).min(6);
        Ok(lex)
    }

    /// Whether a normalized word heads an organization's name (`وزارة`, `شركة`, `منظمة`).
    pub fn is_org_head(&self, w: &str) -> bool {
        self.org_heads.contains(w) || self.org_generic_heads.contains(w)
    }

    /// Whether a normalized stem (clitics removed) is a word we know: used to decide if a
    /// leading و/ب/ل/ك/ف is a clitic.
    pub fn is_known_stem(&self, w: &str) -> bool {
        self.role_heads.contains(w)
            || self.org_heads.contains(w)
            || self.org_generic_heads.contains(w)
            || self.loc_heads.contains(w)
            || self.given_names.contains(w)
            || self.name_tokens.contains(w)
            || self.locations.contains(w)
            || self.cues.is_form(w)
            || self.stopwords.contains(w)
            || self.honorifics.contains(w)
    }

    /// Whether a normalized word is a given name or a word of the name lists.
    pub fn is_name_word(&self, w: &str) -> bool {
        self.given_names.contains(w) || self.name_tokens.contains(w)
    }

    /// Whether an indefinite word is a masculine sound plural of people, not a name: a nisba
    /// plural (`مصرفيون`, `قانونيون`) or the plural of a frequent word (`محللون`); family names
    /// in `-ون` (`بنشقرون`, `خلدون`) are neither.
    pub fn is_plural_of_people(&self, w: &str) -> bool {
        let Some(stem) = w.strip_suffix("ون") else { return false };
        stem.chars().count() >= 3 && !self.is_name_word(w) && (stem.ends_with('ي') || self.common_words.contains(stem))
    }

    pub fn is_role_head(&self, w: &str) -> bool {
        self.role_heads.contains(w)
    }

    /// A title head with a pronoun suffix (`مدربه`, `رئيسها`, `زعيمهم`), not a name word.
    pub fn is_suffixed_role_head(&self, w: &str) -> bool {
        ["هم", "ها", "ه"].iter().find_map(|s| w.strip_suffix(s)).is_some_and(|stem| self.is_role_head(stem)) && !self.is_name_word(w)
    }
}
