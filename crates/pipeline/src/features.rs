//! Lexicon features for the tagger: which word lists each word belongs to, packed into one
//! token-type id per subword piece (BERT's token-type embedding table holds one learned
//! vector per combination, so a checkpoint stays a plain HF BERT).
//!
//! The lists (`features/*.txt` beside the tagger, built by `tools/build_feature_lexicon.py`)
//! come from sources that are not the labeled training splits: a list built from the
//! training spans would fire on every training entity and teach the tagger to trust it
//! blindly, then fail on names it lacks. The trigger words (role heads, organization and
//! place heads, name particles) come from the built-in tables and are written beside the
//! lists when a tagger is trained ([`TRIGGER_FILES`]), so that later edits to the tables do
//! not change what a trained tagger reads; a tagger folder without them reads the tables.
//!
//! A word matches a list as written or with its proclitics off (`وبالرياض` → `الرياض`,
//! `للوزير` → `الوزير`, `والوزير` → `وزير`); a place of several words marks all its words.
//!
//! ```
//! use qawl_pipeline::features::{bit, stripped_forms, FeatureLexicon, DIR};
//! assert_eq!(stripped_forms("وبالرياض"), ["وبالرياض", "بالرياض", "الرياض", "رياض"]);
//! // The shipped tagger's lists.
//! let lexicon = FeatureLexicon::load(&qawl_pipeline::default_model_dir().join("tagger").join(DIR))?;
//! let bits = lexicon.word_features(&["وزير".to_string(), "الخارجية".to_string()]);
//! assert_ne!(bits[0] & bit::ROLE_HEAD, 0);
//! # Ok::<(), qawl_pipeline::Error>(())
//! ```

use crate::error::Error;
use crate::lexicon::{read_list, set};
use crate::tables;
use qawl_tokenizer::clitics::{CliticKind, PROCLITICS};
use std::collections::HashSet;
use std::path::Path;

/// The name written in `labels.json` (`token_types`) for these features.
pub const SCHEME: &str = "lexicon-v1";
/// Token types the scheme needs: one per combination of the bits below.
pub const TYPE_COUNT: usize = 256;

/// One bit per list, in a fixed order (a trained checkpoint depends on it).
pub mod bit {
    /// A word of a person-name list (`person_tokens.txt`).
    pub const PERSON_TOKEN: u8 = 1;
    /// A word of a place name (`places.txt`; all the words of a place of several).
    pub const PLACE: u8 = 1 << 1;
    /// A nationality (`العماني`).
    pub const NATIONALITY: u8 = 1 << 2;
    /// A title head or an honorific (`وزير`, `الشيخ`).
    pub const ROLE_HEAD: u8 = 1 << 3;
    /// An organization head, specific or generic (`وزارة`, `شركة`).
    pub const ORG_HEAD: u8 = 1 << 4;
    /// A place head (`محافظة`).
    pub const LOC_HEAD: u8 = 1 << 5;
    /// A name particle as written (`بن`, `أبو`).
    pub const NAME_PARTICLE: u8 = 1 << 6;
    /// A frequent word of news prose as written (`frequent_words.txt`).
    pub const FREQUENT: u8 = 1 << 7;
}

/// The feature lists' folder in a tagger directory.
pub const DIR: &str = "features";

/// The trigger lists a tagger was trained with, in its feature directory: title heads with
/// honorifics, organization heads (specific and generic), place heads, name particles.
pub const TRIGGER_FILES: [&str; 4] = ["role_heads.txt", "org_heads.txt", "loc_heads.txt", "particles.txt"];

/// The trigger lists of the built-in tables, in the order of [`TRIGGER_FILES`].
fn builtin_triggers() -> [HashSet<String>; 4] {
    let mut role_heads = set(tables::ROLE_HEADS);
    role_heads.extend(set(tables::HONORIFICS));
    let mut org_heads = set(tables::ORG_HEADS);
    org_heads.extend(set(tables::ORG_GENERIC_HEADS));
    [role_heads, org_heads, set(tables::LOC_HEADS), set(tables::NAME_PARTICLES)]
}

/// Writes the built-in trigger lists into `dir` ([`TRIGGER_FILES`]), one normalized word a
/// line, for a tagger about to be trained with them.
pub fn write_triggers(dir: &Path) -> Result<(), Error> {
    for (name, words) in TRIGGER_FILES.iter().zip(builtin_triggers()) {
        let mut words: Vec<String> = words.into_iter().collect();
        words.sort();
        let path = dir.join(name);
        let text = format!("# trigger words the tagger was trained with (crates/pipeline/src/tables.rs), normalized\n{}\n", words.join("\n"));
        std::fs::write(&path, text).map_err(|source| Error::Lexicon { path, source })?;
    }
    Ok(())
}

/// The files a feature directory holds.
pub const FILES: [&str; 4] = ["person_tokens.txt", "places.txt", "nationalities.txt", "frequent_words.txt"];

/// The lists a tagger's features read: those of its `features/` folder and the built-in
/// trigger tables.
pub struct FeatureLexicon {
    person_tokens: HashSet<String>,
    places: HashSet<String>,
    nationalities: HashSet<String>,
    frequent: HashSet<String>,
    role_heads: HashSet<String>,
    org_heads: HashSet<String>,
    loc_heads: HashSet<String>,
    particles: HashSet<String>,
    max_place_words: usize,
}

/// Whether `c` is a proclitic of `kind` in the tokenizer's table.
fn is_proclitic(c: char, kind: CliticKind) -> bool {
    PROCLITICS.iter().any(|p| p.form == c && p.kind == kind)
}

/// The word and the forms it takes without its proclitics, longest first: `وبالوزير` gives
/// `وبالوزير`, `بالوزير`, `الوزير`, `وزير`. `لل` gives back the article's alef (`للوزير` → `الوزير`).
pub fn stripped_forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let chars: Vec<char> = word.chars().collect();
    let mut rest = &chars[..];
    if rest.len() > 3 && is_proclitic(rest[0], CliticKind::Conjunction) {
        rest = &rest[1..];
        out.push(rest.iter().collect());
    }
    if rest.len() > 3 && is_proclitic(rest[0], CliticKind::Preposition) {
        if rest[0] == 'ل' && rest[1] == 'ل' {
            out.push(std::iter::once('ا').chain(rest[1..].iter().copied()).collect());
        }
        rest = &rest[1..];
        out.push(rest.iter().collect());
    }
    let last: Vec<char> = out.last().expect("holds the word").chars().collect();
    if last.len() > 3 && last[0] == 'ا' && last[1] == 'ل' {
        out.push(last[2..].iter().collect());
    }
    out.dedup();
    out
}

impl FeatureLexicon {
    /// Reads the lists in `dir` ([`FILES`]).
    pub fn load(dir: &Path) -> Result<Self, Error> {
        let places = read_list(&dir.join("places.txt"))?;
        let max_place_words = places.iter().map(|p| p.split(' ').count()).max().unwrap_or(1).min(6);
        // The trigger lists written at training time, else (older taggers) the tables.
        let mut triggers = builtin_triggers();
        for (name, list) in TRIGGER_FILES.iter().zip(triggers.iter_mut()) {
            let path = dir.join(name);
            if path.is_file() {
                *list = read_list(&path)?;
            }
        }
        let [role_heads, org_heads, loc_heads, particles] = triggers;
        Ok(FeatureLexicon {
            person_tokens: read_list(&dir.join("person_tokens.txt"))?,
            places,
            nationalities: read_list(&dir.join("nationalities.txt"))?,
            frequent: read_list(&dir.join("frequent_words.txt"))?,
            role_heads,
            org_heads,
            loc_heads,
            particles,
            max_place_words,
        })
    }

    /// The feature bits of each word of a sentence (`words` normalized with `normalize_key`).
    pub fn word_features(&self, words: &[String]) -> Vec<u8> {
        let forms: Vec<Vec<String>> = words.iter().map(|w| stripped_forms(w)).collect();
        let mut out: Vec<u8> = forms.iter().map(|f| self.single(f)).collect();
        // Places of several words: the first word may carry clitics, the others are as written.
        for i in 0..words.len() {
            for n in (2..=self.max_place_words.min(words.len() - i)).rev() {
                let tail = words[i + 1..i + n].join(" ");
                if forms[i].iter().any(|f| self.places.contains(&format!("{f} {tail}"))) {
                    for b in &mut out[i..i + n] {
                        *b |= bit::PLACE;
                    }
                    break;
                }
            }
        }
        out
    }

    fn single(&self, forms: &[String]) -> u8 {
        let any = |set: &HashSet<String>| forms.iter().any(|f| set.contains(f));
        let mut b = 0;
        for (set, flag) in [
            (&self.person_tokens, bit::PERSON_TOKEN),
            (&self.places, bit::PLACE),
            (&self.nationalities, bit::NATIONALITY),
            (&self.role_heads, bit::ROLE_HEAD),
            (&self.org_heads, bit::ORG_HEAD),
            (&self.loc_heads, bit::LOC_HEAD),
        ] {
            if any(set) {
                b |= flag;
            }
        }
        // Particles and frequent words are judged as written: `وبن` is not the particle بن.
        if self.particles.contains(&forms[0]) {
            b |= bit::NAME_PARTICLE;
        }
        if self.frequent.contains(&forms[0]) {
            b |= bit::FREQUENT;
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qawl_tokenizer::normalize_key;

    fn lexicon() -> FeatureLexicon {
        let dir = std::env::temp_dir().join(format!("qawl-features-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("person_tokens.txt"), "# names\nسالم\nالسالمي\n").unwrap();
        std::fs::write(dir.join("places.txt"), "الرياض\nالمملكة العربية السعودية\n").unwrap();
        std::fs::write(dir.join("nationalities.txt"), "العماني\n").unwrap();
        std::fs::write(dir.join("frequent_words.txt"), "قال\nفي\n").unwrap();
        FeatureLexicon::load(&dir).unwrap()
    }

    #[test]
    fn trigger_lists_written_at_training_time_win_over_the_tables() {
        let lex = lexicon();
        assert_ne!(lex.word_features(&words("وزير"))[0] & bit::ROLE_HEAD, 0);
        let dir = std::env::temp_dir().join(format!("qawl-triggers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in FILES {
            std::fs::write(dir.join(f), "").unwrap();
        }
        write_triggers(&dir).unwrap();
        // As written, the same bits as the tables give.
        let written = FeatureLexicon::load(&dir).unwrap();
        assert_eq!(written.word_features(&words("وزير الخارجية بن محافظة شركة")), lex.word_features(&words("وزير الخارجية بن محافظة شركة")));
        // A trained tagger's own list is what it reads, whatever the tables say now.
        std::fs::write(dir.join("role_heads.txt"), "سفير\n").unwrap();
        let own = FeatureLexicon::load(&dir).unwrap();
        assert_eq!(own.word_features(&words("وزير"))[0] & bit::ROLE_HEAD, 0);
        assert_ne!(own.word_features(&words("سفير"))[0] & bit::ROLE_HEAD, 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(normalize_key).collect()
    }

    #[test]
    fn clitics_come_off_before_lookup() {
        assert_eq!(stripped_forms("وبالرياض"), vec!["وبالرياض", "بالرياض", "الرياض", "رياض"]);
        assert!(stripped_forms("للوزير").contains(&"الوزير".to_string()));
        // Too short to hold a clitic and a stem: left alone.
        assert_eq!(stripped_forms("وفد"), vec!["وفد"]);
    }

    #[test]
    fn sentence_features_mark_names_places_and_triggers() {
        let lex = lexicon();
        let f = lex.word_features(&words("وقال وزير الخارجية العماني سالم بن سالم السالمي في بالمملكة العربية السعودية"));
        assert_eq!(f[0], 0, "وقال is not the frequent word قال as written");
        assert_eq!(f[1], bit::ROLE_HEAD);
        assert_eq!(f[3], bit::NATIONALITY);
        assert_eq!(f[4], bit::PERSON_TOKEN);
        assert_eq!(f[5], bit::NAME_PARTICLE);
        assert_eq!(f[7], bit::PERSON_TOKEN);
        assert_eq!(f[8], bit::FREQUENT);
        // بالمملكة: a place's first word through its clitics (and مملكة is a place head too).
        assert!(f[9..12].iter().all(|b| b & bit::PLACE != 0), "{:?}", &f[9..12]);
        assert_eq!(f[10], bit::PLACE);
    }
}
