//! Step 5, later mentions of a person found in step 1: by family name (`السالمي`, or
//! `آل علي` with its particle) or by a first name no other person shares.

use super::names::NameHit;
use super::{Found, RuleEntities, LATER_MENTION_CONFIDENCE};
use crate::document::EntityType;
use crate::tables;
use qawl_tokenizer::Span;

impl RuleEntities<'_> {
    /// The later mentions of `names` that no span in `found` covers.
    pub(super) fn later_mentions(&self, names: &[NameHit], found: &[Found]) -> Vec<Found> {
        let (keys, unique_first) = self.mention_keys(names);
        let covered = |s: Span| found.iter().any(|f| f.span.overlaps(&s));
        let in_name = |i: usize| names.iter().any(|n| (n.first..n.end).contains(&i));
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            let t = &self.toks[i];
            if !t.is_word() || t.prep.is_some() || in_name(i) {
                continue;
            }
            let family = keys.iter().find(|key| self.words_at(i, key)).map(|key| key.len());
            let Some(n) = family.or_else(|| unique_first.contains(&t.host_norm).then_some(1)) else { continue };
            let span = self.span_of(i, i + n);
            if !covered(span) && !(i..i + n).any(in_name) {
                out.push(Found { kind: EntityType::Person, span, confidence: LATER_MENTION_CONFIDENCE });
            }
        }
        out
    }

    /// What a later mention of each name may be: its family name (as words), and the first
    /// names no other name shares. Keys are the name's own words (from its span: a glued
    /// title is not part of them).
    fn mention_keys(&self, names: &[NameHit]) -> (Vec<Vec<String>>, Vec<String>) {
        let mut keys: Vec<Vec<String>> = Vec::new();
        let mut first_names: Vec<String> = Vec::new();
        for n in names {
            let words: Vec<String> = self.analysis.normalized(n.span).split_whitespace().map(String::from).collect();
            if words.len() < 2 {
                continue;
            }
            let last = words.last().unwrap().clone();
            let before = &words[words.len() - 2];
            if self.lex.name_particles.contains(before) && !tables::NASAB_PARTICLES.contains(&before.as_str()) {
                // `آل علي`, `أبو عودة`: the family name is the particle and its word.
                keys.push(vec![before.clone(), last]);
            } else if last.chars().count() >= 3 && !self.is_stop(&last) && !self.lex.name_particles.contains(&last) {
                keys.push(vec![last]);
            }
            first_names.push(words[0].clone());
        }
        // A first name shared by two people names neither of them.
        let unique_first = first_names
            .iter()
            .filter(|f| first_names.iter().filter(|g| g == f).count() == 1 && !self.is_stop(f) && !self.lex.common_words.contains(*f) && f.chars().count() >= 3)
            .cloned()
            .collect();
        (keys, unique_first)
    }
}
