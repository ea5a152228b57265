//! Training data for the tagger: labeled BIO corpora and unlabeled news turned into
//! subword ids with labels aligned to every piece.
//!
//! A word's first piece after its proclitics carries its tag (`B-X`/`I-X`), its other pieces `I-X` (or `O`), so
//! the tagger learns to label every piece and a span can end or start inside a glued word.
//! Corpora without occupation labels (CLEANANERCorp, AQMAR) leave the ROLE head's labels
//! at the ignore index: they say nothing about roles, so they must not teach "no role".

use crate::error::Error;
use crate::piece_inputs::PieceInputs;
use crate::document::EntityType;
use qawl_tokenizer::clitics::segment;
use qawl_tokenizer::{normalize_key, Analysis, Span, Subwords};
use qawl_transformer::train::{TrainExample, IGNORE_INDEX};
use qawl_transformer::ENTITY_LABELS;
use std::path::Path;

/// One labeled sentence: words with an entity tag and a role tag each (`O` when none).
#[derive(Clone, Debug)]
pub struct LabeledSentence {
    pub words: Vec<String>,
    pub entity: Vec<String>,
    /// `None` when the corpus does not annotate roles.
    pub role: Option<Vec<String>>,
    /// Teach the entity head nothing from this sentence (its corpus follows other entity
    /// conventions, and only its roles are wanted).
    pub ignore_entities: bool,
}

/// Reads a BIO file with one or more tag columns (Wojood nests one level per column).
/// The entity tag of a word is its first PERSON/ORG/LOC/MISC tag over the columns; the role
/// tag is its OCC tag. `has_roles` says whether the corpus annotates occupations.
pub fn read_bio(path: &Path, has_roles: bool) -> Result<Vec<LabeledSentence>, Error> {
    let err = |line: usize, message: String| Error::Gold { path: path.to_path_buf(), line, message };
    let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
    let mut out = Vec::new();
    let mut cur = LabeledSentence { words: vec![], entity: vec![], role: has_roles.then(Vec::new), ignore_entities: false };
    let flush = |cur: &mut LabeledSentence, out: &mut Vec<LabeledSentence>| {
        if !cur.words.is_empty() {
            out.push(std::mem::replace(cur, LabeledSentence { words: vec![], entity: vec![], role: has_roles.then(Vec::new), ignore_entities: false }));
        }
    };
    for (i, line) in text.lines().enumerate() {
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else {
            flush(&mut cur, &mut out);
            continue;
        };
        if word == "$#$" {
            continue;
        }
        let tags: Vec<&str> = parts.collect();
        if tags.is_empty() {
            return Err(err(i + 1, format!("expected `token TAG`, found {line:?}")));
        }
        let mapped = |t: &str| -> Option<(String, EntityType)> {
            let (prefix, label) = t.split_once('-')?;
            Some((prefix.to_string(), EntityType::from_label(label)?))
        };
        let entity = tags.iter().filter_map(|t| mapped(t)).find(|(_, k)| *k != EntityType::Role).map(|(p, k)| format!("{p}-{}", k.as_str())).unwrap_or_else(|| "O".into());
        let role = tags.iter().filter_map(|t| mapped(t)).find(|(_, k)| *k == EntityType::Role).map(|(p, _)| format!("{p}-ROLE")).unwrap_or_else(|| "O".into());
        cur.words.push(word.to_string());
        cur.entity.push(entity);
        if let Some(r) = cur.role.as_mut() {
            r.push(role);
        }
    }
    flush(&mut cur, &mut out);
    Ok(out)
}

/// Subword ids of normalized words, for each piece the index of its word, and whether the
/// piece is the word's first after its proclitics (where the word's `B-`/`I-` tag goes).
/// Pieces inside the proclitics (`و`, `ب` of `وبالعراق`) come back as `None`: CLEANANERCorp
/// tags whole tokens, clitics included, while spans here start after them, so such a piece
/// is taught `O` before a `B-` word and `I-` inside a span, never to start a name.
pub fn encode_words(subwords: &Subwords, words: &[String]) -> (Vec<u32>, Vec<usize>, Vec<Option<bool>>) {
    let mut ids = Vec::new();
    let mut word_of = Vec::new();
    let mut first = Vec::new();
    for (w, word) in words.iter().enumerate() {
        let prefix = proclitic_len(word);
        let mut seen_host = false;
        for p in subwords.tokenize_word(word) {
            ids.push(p.id);
            word_of.push(w);
            if p.end <= prefix {
                first.push(None);
            } else {
                first.push(Some(!seen_host));
                seen_host = true;
            }
        }
    }
    (ids, word_of, first)
}

/// Letters of the conjunction and preposition written before an article (`وبالعراق` → 2,
/// `للعراق` → 1); 0 when the word does not start that way, since a bare `و` or `ب` may be
/// the word's own first letter (`وائل`, `بغداد`). This is the tokenizer's clitic
/// segmentation with no known stems, which strips only before the article.
pub fn proclitic_len(word: &str) -> usize {
    let chars: Vec<char> = word.chars().collect();
    let seg = segment(&chars, Span::new(0, chars.len()), &|_| false);
    seg.clitics.last().map_or(0, |(span, _)| span.end)
}

fn label_index(labels: &[&str], tag: &str, first_piece: Option<bool>) -> i64 {
    let Some(first_piece) = first_piece else {
        let tag = if tag.starts_with("I-") { tag } else { "O" };
        return labels.iter().position(|l| *l == tag).map(|i| i as i64).unwrap_or(0);
    };
    let tag = if !first_piece && tag.starts_with("B-") { format!("I-{}", &tag[2..]) } else { tag.to_string() };
    labels.iter().position(|l| *l == tag).map(|i| i as i64).unwrap_or(0)
}

/// Turns labeled sentences into training examples for [`qawl_transformer::train::finetune`];
/// every piece carries the per-piece `inputs` of its word.
pub fn examples(subwords: &Subwords, sentences: &[LabeledSentence], inputs: PieceInputs) -> Vec<TrainExample> {
    let role_labels = ["O", "B-ROLE", "I-ROLE"];
    sentences
        .iter()
        .filter_map(|s| {
            let words: Vec<String> = s.words.iter().map(|w| normalize_key(w)).collect();
            let (ids, word_of, first) = encode_words(subwords, &words);
            if ids.is_empty() {
                return None;
            }
            let entity_labels = if s.ignore_entities {
                vec![IGNORE_INDEX; ids.len()]
            } else {
                word_of.iter().zip(&first).map(|(&w, &f)| label_index(&ENTITY_LABELS, &s.entity[w], f)).collect()
            };
            let role_labels = match &s.role {
                Some(r) => word_of.iter().zip(&first).map(|(&w, &f)| label_index(&role_labels, &r[w], f)).collect(),
                None => vec![IGNORE_INDEX; ids.len()],
            };
            let (types, word_ids) = inputs.for_pieces(&words, &word_of);
            Some(TrainExample { ids, entity_labels, role_labels, types, words: word_ids })
        })
        .collect()
}

/// The normalized words of each paragraph, punctuation left out: the text word vectors learn from.
pub fn corpus_words(paragraphs: impl Iterator<Item = String>) -> Vec<Vec<String>> {
    paragraphs
        .map(|p| Analysis::new(&p).words.iter().filter(|w| w.kind != qawl_tokenizer::WordKind::Punct).map(|w| w.norm.clone()).collect())
        .collect()
}

/// Paragraphs of unlabeled text as subword id sequences, packed up to `max_len` pieces.
pub fn pretraining_sequences(subwords: &Subwords, paragraphs: impl Iterator<Item = String>, max_len: usize) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut cur: Vec<u32> = Vec::with_capacity(max_len);
    for para in paragraphs {
        let a = Analysis::new(&para);
        let words: Vec<String> = a.words.iter().map(|w| w.norm.clone()).collect();
        let (ids, _, _) = encode_words(subwords, &words);
        for chunk in ids.chunks(max_len) {
            if cur.len() + chunk.len() > max_len && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.extend_from_slice(chunk);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_columns_give_entity_and_role_tags() {
        let dir = std::env::temp_dir().join(format!("qawl-bio-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("w.txt");
        std::fs::write(&p, "قال O\nوزير B-OCC\nالخارجية I-OCC B-ORG\nالعماني I-OCC B-GPE\nبدر B-PERS\n$#$ O\n\nفي O\n").unwrap();
        let s = read_bio(&p, true).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].entity, vec!["O", "O", "B-ORG", "B-LOC", "B-PERSON"]);
        assert_eq!(s[0].role.as_ref().unwrap(), &vec!["O", "B-ROLE", "I-ROLE", "I-ROLE", "O"]);
        let s = read_bio(&p, false).unwrap();
        assert!(s[0].role.is_none());
    }

    #[test]
    fn later_pieces_continue_the_word_label() {
        assert_eq!(label_index(&ENTITY_LABELS, "B-PERSON", Some(true)), 1);
        assert_eq!(label_index(&ENTITY_LABELS, "B-PERSON", Some(false)), 2);
        assert_eq!(label_index(&ENTITY_LABELS, "O", Some(false)), 0);
        // Clitic pieces: outside a name before its first word, inside it after.
        assert_eq!(label_index(&ENTITY_LABELS, "B-LOC", None), 0);
        assert_eq!(label_index(&ENTITY_LABELS, "I-LOC", None), 6);
    }

    #[test]
    fn proclitics_before_the_article_are_measured() {
        assert_eq!(proclitic_len("وبالعراق"), 2);
        assert_eq!(proclitic_len("والعراق"), 1);
        assert_eq!(proclitic_len("للعراق"), 1);
        assert_eq!(proclitic_len("العراق"), 0);
        // A first letter that only looks like a clitic stays.
        assert_eq!(proclitic_len("وائل"), 0);
        assert_eq!(proclitic_len("بغداد"), 0);
        // Article letters with too little after them are the word's own (`والد`, father).
        assert_eq!(proclitic_len("والد"), 0);
    }
}
