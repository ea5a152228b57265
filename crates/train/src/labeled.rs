//! Training data for the tagger: labeled BIO corpora and unlabeled news turned into
//! subword ids with labels aligned to every piece.
//!
//! A word's first piece after its proclitics carries its tag (`B-X`/`I-X`), its other pieces `I-X` (or `O`), so
//! the tagger learns to label every piece and a span can end or start inside a glued word.
//! Corpora without occupation labels (CLEANANERCorp, AQMAR) leave the ROLE head's labels
//! at the ignore index: they say nothing about roles, so they must not teach "no role".

use crate::error::Error;
use qawl_pipeline::features::FeatureLexicon;
use qawl_pipeline::piece_inputs::PieceInputs;
use qawl_pipeline::word_inputs::word_input;
use qawl_pipeline::EntityType;
use qawl_tokenizer::clitics::segment;
use qawl_tokenizer::{normalize_key, Analysis, Span, Subwords};
use qawl_transformer::train::{TrainExample, WordExample, IGNORE_INDEX};
use qawl_transformer::Labels;
use std::collections::BTreeSet;
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
    let err = |line: usize, message: String| Error::Format { path: path.to_path_buf(), line, message };
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
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

fn label_index<S: AsRef<str>>(labels: &[S], tag: &str, first_piece: Option<bool>) -> i64 {
    let labels: Vec<&str> = labels.iter().map(|l| l.as_ref()).collect();
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
    examples_with(subwords, sentences, inputs, &Labels::default())
}

/// [`examples`] with the heads' label names given (a label set read from the user's data).
pub fn examples_with(subwords: &Subwords, sentences: &[LabeledSentence], inputs: PieceInputs, labels: &Labels) -> Vec<TrainExample> {
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
                word_of.iter().zip(&first).map(|(&w, &f)| label_index(&labels.entity, &s.entity[w], f)).collect()
            };
            let role_labels = match &s.role {
                Some(r) => word_of.iter().zip(&first).map(|(&w, &f)| label_index(&labels.role, &r[w], f)).collect(),
                None => vec![IGNORE_INDEX; ids.len()],
            };
            let (types, word_ids) = inputs.for_pieces(&words, &word_of);
            Some(TrainExample { ids, entity_labels, role_labels, types, words: word_ids })
        })
        .collect()
}

/// How [`read_conll`] reads a user's CoNLL file.
#[derive(Clone, Debug, Default)]
pub struct ConllOptions {
    /// The column holding the tags, counting the token as column 1 (CoNLL-2003's NER tags
    /// are column 4); `None`: the last column.
    pub tag_column: Option<usize>,
    /// Type renames applied to every tag (`PERS` → `PERSON`); a type renamed to `O` is
    /// dropped. Types without a rename keep their name.
    pub map: Vec<(String, String)>,
}

impl ConllOptions {
    fn rename<'a>(&'a self, t: &'a str) -> &'a str {
        self.map.iter().find(|(from, _)| from == t).map_or(t, |(_, to)| to.as_str())
    }
}

/// Whether a type goes to the role head (`ROLE`, or Wojood's `OCC`).
pub fn is_role_type(t: &str) -> bool {
    EntityType::from_label(t) == Some(EntityType::Role)
}

/// The BIO tag of a BIO, IOB1, BIOES or BILOU tag (`S-`/`U-` → `B-`, `E-`/`L-` → `I-`),
/// type renamed; `None` when it is none of them.
fn bio_tag(tag: &str, options: &ConllOptions) -> Option<String> {
    if tag == "O" {
        return Some("O".into());
    }
    let (prefix, t) = tag.split_once('-')?;
    let prefix = match prefix {
        "B" | "S" | "U" => "B",
        "I" | "E" | "L" | "M" => "I",
        _ => return None,
    };
    let t = options.rename(t);
    if t == "O" || t.is_empty() {
        return Some("O".into());
    }
    Some(format!("{prefix}-{t}"))
}

/// Reads a user's CoNLL file: one token per line with its tags in columns, a blank line
/// between sentences, `-DOCSTART-` lines skipped. The tag column is chosen by `options`;
/// BIO and BIOES (or BILOU) are read. Types that go to the role head ([`is_role_type`])
/// become role tags; when the file has none, the sentences say nothing about roles.
/// Errors name the file and line; a tag of no known scheme is one.
pub fn read_conll(path: &Path, options: &ConllOptions) -> Result<Vec<LabeledSentence>, Error> {
    let err = |line: usize, message: String| Error::Format { path: path.to_path_buf(), line, message };
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let mut out = Vec::new();
    let mut cur = LabeledSentence { words: vec![], entity: vec![], role: Some(vec![]), ignore_entities: false };
    let mut any_role = false;
    for (i, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() || cols[0] == "-DOCSTART-" {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(&mut cur, LabeledSentence { words: vec![], entity: vec![], role: Some(vec![]), ignore_entities: false }));
            }
            continue;
        }
        if cols[0] == "$#$" {
            continue;
        }
        let column = options.tag_column.unwrap_or(cols.len());
        if column < 2 || column > cols.len() {
            return Err(err(i + 1, format!("no tag column {column} in {line:?} ({} columns)", cols.len())));
        }
        let tag = bio_tag(cols[column - 1], options).ok_or_else(|| err(i + 1, format!("`{}` is not a BIO or BIOES tag", cols[column - 1])))?;
        let role_tag = tag.split_once('-').is_some_and(|(_, t)| is_role_type(t));
        any_role |= role_tag;
        cur.words.push(cols[0].to_string());
        let (e, r) = if role_tag { ("O".to_string(), tag) } else { (tag, "O".to_string()) };
        cur.entity.push(e);
        cur.role.as_mut().expect("set").push(r);
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    if out.is_empty() {
        return Err(err(1, "no sentences".into()));
    }
    if !any_role {
        out.iter_mut().for_each(|s| s.role = None);
    }
    Ok(out)
}

/// The label names of both heads for these sentences: `O`, then `B-`/`I-` of every
/// entity type in them (in name order); the role head's likewise, or `O B-ROLE I-ROLE`
/// when none has roles.
pub fn label_set(sentences: &[LabeledSentence]) -> Labels {
    let types = |tags: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        let set: BTreeSet<&str> = tags.filter_map(|t| t.split_once('-').map(|(_, t)| t)).collect();
        let mut names = vec!["O".to_string()];
        for t in set {
            names.push(format!("B-{t}"));
            names.push(format!("I-{t}"));
        }
        names
    };
    let entity = types(&mut sentences.iter().flat_map(|s| s.entity.iter()));
    let mut role = types(&mut sentences.iter().filter_map(|s| s.role.as_ref()).flatten());
    if role.len() == 1 {
        role = qawl_transformer::ROLE_LABELS.iter().map(|s| s.to_string()).collect();
    }
    Labels { entity, role, ..Labels::default() }
}

/// Word-tagger examples: each sentence's tokens joined by spaces and cut into words by
/// the text layer, as the pipeline cuts text at run time, so a token written with
/// punctuation (`(د`) becomes the same words it will be at run time. A word takes its
/// token's tag; the second word of a token continues it (`B-X` → `I-X`). Tags outside
/// `labels` become `O`; a head the sentence does not annotate gets the ignore index.
pub fn word_examples(sentences: &[LabeledSentence], lexicon: Option<&FeatureLexicon>, labels: &Labels) -> Vec<WordExample> {
    let index = |names: &[String], tag: &str| names.iter().position(|n| n == tag).unwrap_or(0) as i64;
    sentences
        .iter()
        .filter_map(|s| {
            let mut text = String::new();
            let mut ends = Vec::with_capacity(s.words.len());
            for w in &s.words {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(w);
                ends.push(text.chars().count());
            }
            let a = Analysis::new(&text);
            if a.words.is_empty() {
                return None;
            }
            let mut token_of = Vec::with_capacity(a.words.len());
            let mut first = Vec::with_capacity(a.words.len());
            for w in &a.words {
                let t = ends.partition_point(|&e| e <= w.span.start).min(s.words.len() - 1);
                first.push(token_of.last() != Some(&t));
                token_of.push(t);
            }
            let tags = |tags: &[String], names: &[String]| -> Vec<i64> {
                token_of
                    .iter()
                    .zip(&first)
                    .map(|(&t, &f)| {
                        let tag = &tags[t];
                        let tag = match tag.strip_prefix("B-") {
                            Some(rest) if !f => format!("I-{rest}"),
                            _ => tag.clone(),
                        };
                        index(names, &tag)
                    })
                    .collect()
            };
            let entity_labels = if s.ignore_entities { vec![IGNORE_INDEX; a.words.len()] } else { tags(&s.entity, &labels.entity) };
            let role_labels = match &s.role {
                Some(r) => tags(r, &labels.role),
                None => vec![IGNORE_INDEX; a.words.len()],
            };
            let words: Vec<String> = a.words.iter().map(|w| w.norm.clone()).collect();
            Some(WordExample { input: word_input(words, lexicon), entity_labels, role_labels })
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
    use qawl_transformer::ENTITY_LABELS;

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
    fn user_conll_reads_the_chosen_column_bioes_and_renames() {
        let dir = std::env::temp_dir().join(format!("qawl-conll-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("u.txt");
        std::fs::write(&p, "-DOCSTART- O O\n\nقال V O\nمحمد N S-PERS\nعلي N O\nوزير N B-OCC\nالمالية N E-OCC\n\nفي P O\nالرياض N S-GPE\n").unwrap();
        let opts = ConllOptions { tag_column: Some(3), map: vec![("PERS".into(), "PERSON".into()), ("GPE".into(), "LOC".into())] };
        let s = read_conll(&p, &opts).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].entity, vec!["O", "B-PERSON", "O", "O", "O"]);
        assert_eq!(s[0].role.as_ref().unwrap(), &vec!["O", "O", "O", "B-OCC", "I-OCC"]);
        assert_eq!(s[1].entity, vec!["O", "B-LOC"]);
        let labels = label_set(&s);
        assert_eq!(labels.entity, vec!["O", "B-LOC", "I-LOC", "B-PERSON", "I-PERSON"]);
        assert_eq!(labels.role, vec!["O", "B-OCC", "I-OCC"]);
        // The last column by default (here the same); a missing column is an error with its line.
        assert_eq!(read_conll(&p, &ConllOptions::default()).unwrap()[0].entity[1], "B-PERS");
        let e = read_conll(&p, &ConllOptions { tag_column: Some(5), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains(":3"), "{e}");
        std::fs::write(&p, "قال X-Y\n").unwrap();
        assert!(read_conll(&p, &ConllOptions::default()).is_err());
    }

    #[test]
    fn word_examples_follow_the_text_layers_words() {
        let s = LabeledSentence {
            words: vec!["(د".into(), "ب".into(), "أ)".into(), "قال".into(), "محمد".into()],
            entity: vec!["B-ORG".into(), "I-ORG".into(), "I-ORG".into(), "O".into(), "B-PERSON".into()],
            role: None,
            ignore_entities: false,
        };
        let labels = Labels::default();
        let ex = word_examples(&[s], None, &labels);
        let words = &ex[0].input.words;
        assert_eq!(words.first().map(String::as_str), Some("("), "{words:?}");
        let name = |i: i64| labels.entity[i as usize].as_str();
        let tags: Vec<&str> = ex[0].entity_labels.iter().map(|&i| name(i)).collect();
        // `(` takes the token's B-ORG, `د` continues it; the name starts a new span.
        assert_eq!(tags[0], "B-ORG");
        assert_eq!(tags[1], "I-ORG");
        assert_eq!(*tags.last().unwrap(), "B-PERSON");
        assert!(ex[0].role_labels.iter().all(|&l| l == IGNORE_INDEX));
        assert_eq!(ex[0].input.stems.len(), words.len());
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
