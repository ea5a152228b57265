//! Step 2, other mentions. A person's full name, and its family name or given name when no
//! other person shares it, are PERSON wherever else they stand alone in the document
//! (`لروبين`, `رايت`), never inside another entity's span.

use super::{cover, is_speech_verb, overlapping};
use crate::document::EntityType;
use crate::entities::name_spans::{after_first_letter, without_glued_clitic};
use crate::entities::rules::Found;
use crate::lexicon::Lexicon;
use crate::view::{host_span, token_range, Tok};
use qawl_tokenizer::Span;
use std::collections::{HashMap, HashSet};

/// Confidence of a mention copied from a name found elsewhere.
const MENTION_CONFIDENCE: f32 = 0.65;
/// Least confidence of a one-word name whose other mentions are labeled too.
const SURE_ONE_WORD_NAME: f32 = 0.6;

/// Adds every other mention of the persons in `found` (a PERSON of exactly its words
/// replaces a span of another type there).
pub(super) fn other_mentions(mut found: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let names = person_words(&found, lex, toks);
    // Full names by their first word, for a look-up per token.
    let mut by_first: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    for w in &names {
        by_first.entry(w[0].as_str()).or_default().push(w);
    }
    let single = single_owner_words(&names, lex);
    let cover = cover(&found, toks);
    let mut added = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // The word as the text layer cut it, or without a clitic it left glued to an
        // unknown word (`لروبين`, `وهاليداي`).
        let forms = std::iter::once((toks[i].host_norm.as_str(), false)).chain(without_glued_clitic(&toks[i]).map(|w| (w, true)));
        let found_here = forms.into_iter().find_map(|(w, glued)| {
            let longest = by_first.get(w).into_iter().flatten().filter(|name| matches_at(toks, i, name, glued)).map(|name| name.len()).max();
            match longest {
                Some(n) => Some((n, glued)),
                // A frequent word (`رايت` is also `رأيت`) stands for the name only as a speaker.
                None if toks[i].is_word() && single.contains(w) && (!lex.common_words.contains(w) || after_cue(lex, toks, i)) => Some((1, glued)),
                None => None,
            }
        });
        let Some((n, glued)) = found_here else {
            i += 1;
            continue;
        };
        let mut span = host_span(toks, i, i + n);
        if glued {
            span = Span::new(after_first_letter(chars, toks[i].span), span.end);
        }
        i += n;
        let mut there = overlapping(&found, &cover, toks, span).peekable();
        // Never a word inside another entity; an entity of exactly these words was a wrong type.
        let fits = there.peek().is_none() || there.all(|f| f.span == span && !matches!(f.kind, EntityType::Role | EntityType::Person));
        if fits {
            added.push(span);
        }
    }
    let added_set: HashSet<Span> = added.iter().copied().collect();
    found.retain(|f| !added_set.contains(&f.span));
    found.extend(added.into_iter().map(|span| Found { kind: EntityType::Person, span, confidence: MENTION_CONFIDENCE }));
    found
}

/// Each PERSON span of two words or more, and of one word found with confidence that is no
/// frequent word (`ترامب`), as the host forms of its words.
fn person_words(found: &[Found], lex: &Lexicon, toks: &[Tok]) -> HashSet<Vec<String>> {
    found
        .iter()
        .filter(|f| f.kind == EntityType::Person)
        .filter_map(|f| {
            let words: Vec<String> = token_range(toks, f.span).filter(|&k| toks[k].is_word()).map(|k| toks[k].host_norm.clone()).collect();
            let sure_one = words.len() == 1 && f.confidence >= SURE_ONE_WORD_NAME && words[0].chars().count() >= 3 && !lex.common_words.contains(&words[0]) && !lex.stopwords.contains(&words[0]);
            (words.len() >= 2 || sure_one).then_some(words)
        })
        .collect()
}

/// The first and last words of names that no other name has: one stands for its name.
fn single_owner_words<'a>(names: &'a HashSet<Vec<String>>, lex: &Lexicon) -> HashSet<&'a str> {
    let mut owners: HashMap<&str, HashSet<&Vec<String>>> = HashMap::new();
    for w in names {
        for part in [&w[0], &w[w.len() - 1]] {
            if !lex.stopwords.contains(part) && !lex.name_particles.contains(part) && part.chars().count() >= 3 {
                owners.entry(part.as_str()).or_default().insert(w);
            }
        }
    }
    owners.iter().filter(|(_, o)| o.len() == 1).map(|(w, _)| *w).collect()
}

/// Whether token `i` follows a speech verb.
fn after_cue(lex: &Lexicon, toks: &[Tok], i: usize) -> bool {
    i > 0 && is_speech_verb(lex, &toks[i - 1])
}

/// Whether the tokens from `i` on are `words` (host forms; words after the first carry no clitic).
/// With `glued`, the first word is read without its glued clitic.
fn matches_at(toks: &[Tok], i: usize, words: &[String], glued: bool) -> bool {
    if i + words.len() > toks.len() {
        return false;
    }
    let first = if glued { without_glued_clitic(&toks[i]) } else { Some(toks[i].host_norm.as_str()) };
    words.iter().enumerate().all(|(k, w)| toks[i + k].is_word() && (if k == 0 { first == Some(w.as_str()) } else { &toks[i + k].host_norm == w && !toks[i + k].has_clitic() }))
}
