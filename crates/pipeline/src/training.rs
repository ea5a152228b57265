//! Training data for the tagger: labeled BIO corpora and unlabeled news turned into
//! subword ids with labels aligned to every piece.
//!
//! A word's first piece carries its tag (`B-X`/`I-X`), its other pieces `I-X` (or `O`), so
//! the tagger learns to label every piece and a span can end or start inside a glued word.
//! Corpora without occupation labels (CLEANANERCorp, AQMAR) leave the ROLE head's labels
//! at the ignore index: they say nothing about roles, so they must not teach "no role".

use crate::error::Error;
use crate::document::EntityType;
use qawl_tokenizer::{normalize_key, Analysis, Subwords};
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
}

/// Reads a BIO file with one or more tag columns (Wojood nests one level per column).
/// The entity tag of a word is its first PERSON/ORG/LOC/MISC tag over the columns; the role
/// tag is its OCC tag. `has_roles` says whether the corpus annotates occupations.
pub fn read_bio(path: &Path, has_roles: bool) -> Result<Vec<LabeledSentence>, Error> {
    let err = |line: usize, message: String| Error::Gold { path: path.to_path_buf(), line, message };
    let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
    let mut out = Vec::new();
    let mut cur = LabeledSentence { words: vec![], entity: vec![], role: has_roles.then(Vec::new) };
    let flush = |cur: &mut LabeledSentence, out: &mut Vec<LabeledSentence>| {
        if !cur.words.is_empty() {
            out.push(std::mem::replace(cur, LabeledSentence { words: vec![], entity: vec![], role: has_roles.then(Vec::new) }));
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

/// Subword ids of normalized words, and for each piece the index of its word.
pub fn encode_words(subwords: &Subwords, words: &[String]) -> (Vec<u32>, Vec<usize>, Vec<bool>) {
    let mut ids = Vec::new();
    let mut word_of = Vec::new();
    let mut first = Vec::new();
    for (w, word) in words.iter().enumerate() {
        for (k, p) in subwords.tokenize_word(word).into_iter().enumerate() {
            ids.push(p.id);
            word_of.push(w);
            first.push(k == 0);
        }
    }
    (ids, word_of, first)
}

fn label_index(labels: &[&str], tag: &str, first_piece: bool) -> i64 {
    let tag = if !first_piece && tag.starts_with("B-") { format!("I-{}", &tag[2..]) } else { tag.to_string() };
    labels.iter().position(|l| *l == tag).map(|i| i as i64).unwrap_or(0)
}

/// Turns labeled sentences into training examples for [`qawl_transformer::train::finetune`].
pub fn examples(subwords: &Subwords, sentences: &[LabeledSentence]) -> Vec<TrainExample> {
    let role_labels = ["O", "B-ROLE", "I-ROLE"];
    sentences
        .iter()
        .filter_map(|s| {
            let words: Vec<String> = s.words.iter().map(|w| normalize_key(w)).collect();
            let (ids, word_of, first) = encode_words(subwords, &words);
            if ids.is_empty() {
                return None;
            }
            let entity_labels = word_of.iter().zip(&first).map(|(&w, &f)| label_index(&ENTITY_LABELS, &s.entity[w], f)).collect();
            let role_labels = match &s.role {
                Some(r) => word_of.iter().zip(&first).map(|(&w, &f)| label_index(&role_labels, &r[w], f)).collect(),
                None => vec![IGNORE_INDEX; ids.len()],
            };
            Some(TrainExample { ids, entity_labels, role_labels })
        })
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
        assert_eq!(label_index(&ENTITY_LABELS, "B-PERSON", true), 1);
        assert_eq!(label_index(&ENTITY_LABELS, "B-PERSON", false), 2);
        assert_eq!(label_index(&ENTITY_LABELS, "O", false), 0);
    }
}
