//! The lexicon baseline for entities: gazetteers, name particles and title phrases.
//!
//! Transparent rules over the token view, used when no trained model is loaded and as
//! the reference the model must beat. Order matters and is deliberate, one step per file:
//! 1. full person names (`names.rs`);
//! 2. organizations, then every other occurrence of a found name (`organizations.rs`);
//! 3. places (`places.rs`);
//! 4. roles written next to a found person (`roles.rs`), read as the genitive chains of
//!    `chains.rs`, which organizations use too;
//! 5. later mentions of a person by family name or first name (`mentions.rs`).
//!
//! This file holds the word classes every step reads.

mod chains;
mod mentions;
mod names;
mod organizations;
mod places;
mod roles;

use crate::document::EntityType;
use crate::lexicon::Lexicon;
use crate::view::{host_span, token_range, Context, Tok};
use names::NameHit;
use qawl_tokenizer::{Analysis, Span};
use std::collections::HashSet;

/// How sure the rules are of a full name, a later mention of it, and any other span.
const NAME_CONFIDENCE: f32 = 0.8;
const LATER_MENTION_CONFIDENCE: f32 = 0.7;
pub(crate) const SPAN_CONFIDENCE: f32 = 0.6;
/// Most tokens a title chain before a name runs over.
const MAX_TITLE_TOKENS: usize = 7;

#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub kind: EntityType,
    pub span: Span,
    pub confidence: f32,
}

/// Sorts spans by position, outer span first, and keeps one of each (span, type).
pub fn in_text_order(found: &mut Vec<Found>) {
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    found.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
}

pub struct RuleEntities<'a> {
    lex: &'a Lexicon,
    toks: &'a [Tok],
    analysis: &'a Analysis,
}

impl<'a> RuleEntities<'a> {
    pub fn new(ctx: &Context<'a>) -> Self {
        RuleEntities { lex: ctx.lexicon, toks: ctx.tokens, analysis: ctx.analysis }
    }

    pub fn find(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let names = self.person_names();
        let mut used: HashSet<usize> = HashSet::new();
        for n in &names {
            out.push(Found { kind: EntityType::Person, span: n.span, confidence: NAME_CONFIDENCE });
            used.extend(n.first..n.end);
        }
        let orgs = self.organizations(&used);
        for s in &orgs {
            out.push(Found { kind: EntityType::Org, span: *s, confidence: SPAN_CONFIDENCE });
        }
        for s in self.places(&used, &orgs) {
            out.push(Found { kind: EntityType::Loc, span: s, confidence: SPAN_CONFIDENCE });
        }
        let starts: HashSet<usize> = names.iter().map(|n| n.first).collect();
        for n in &names {
            for s in self.roles_of(n, &starts) {
                out.push(Found { kind: EntityType::Role, span: s, confidence: SPAN_CONFIDENCE });
            }
        }
        out.extend(self.later_mentions(&names, &out));
        in_text_order(&mut out);
        out
    }

    /// The roles written next to names found elsewhere (the tagger's), by the same rules
    /// as the roles of the rules' own names.
    pub fn roles_around(&self, names: &[Span]) -> Vec<Span> {
        let hits: Vec<NameHit> = names
            .iter()
            .filter_map(|&span| {
                let run = token_range(self.toks, span);
                (!run.is_empty()).then(|| NameHit { first: run.start, end: run.end, span, glued_role_at: None })
            })
            .collect();
        let starts: HashSet<usize> = hits.iter().map(|n| n.first).collect();
        hits.iter().flat_map(|n| self.roles_of(n, &starts)).collect()
    }

    // ---- word classes -------------------------------------------------------------

    fn w(&self, i: usize) -> &str {
        &self.toks[i].host_norm
    }

    fn is_stop(&self, w: &str) -> bool {
        self.lex.stopwords.contains(w)
    }

    fn is_cue(&self, i: usize) -> bool {
        self.lex.cues.lookup(&self.toks[i].norm).is_some()
    }

    /// Words that end a name: titles, heads, function words, cues.
    fn blocks_name(&self, i: usize) -> bool {
        let w = self.w(i);
        self.is_stop(w)
            || self.lex.role_heads.contains(w)
            || self.lex.org_heads.contains(w)
            || self.lex.org_generic_heads.contains(w)
            || self.lex.loc_heads.contains(w)
            || self.lex.honorifics.contains(w)
            || self.lex.nationalities.contains(w)
            || self.is_cue(i)
    }

    fn is_nisba(&self, w: &str) -> bool {
        !self.lex.common_words.contains(w)
            && w.starts_with("ال")
            && (w.ends_with('ي') || w.ends_with("ية"))
            && w.chars().count() >= 5
            && !self.lex.nationalities.contains(w)
            && !self.lex.locations.contains(w)
    }

    fn is_name_word(&self, w: &str) -> bool {
        self.lex.is_name_word(w)
    }

    fn proper(&self, w: &str) -> bool {
        self.lex.locations.contains(w) || self.lex.organizations.contains(w) || self.is_name_word(w)
    }

    fn same_para(&self, a: usize, b: usize) -> bool {
        self.toks[a].paragraph == self.toks[b].paragraph
    }

    // ---- token runs ---------------------------------------------------------------

    /// The span of tokens `first..end` (from the first one's host).
    fn span_of(&self, first: usize, end: usize) -> Span {
        host_span(self.toks, first, end)
    }

    /// The normalized words of tokens `i..i+n`, space-joined (as gazetteer keys are).
    fn phrase(&self, i: usize, n: usize) -> String {
        (i..i + n).map(|k| self.toks[k].host_norm.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// Whether the tokens from `i` on are `words` (host forms; words after the first carry
    /// no clitic): a name found once, found again.
    fn words_at(&self, i: usize, words: &[String]) -> bool {
        let n = words.len();
        i + n <= self.toks.len() && (0..n).all(|k| self.w(i + k) == words[k] && (k == 0 || !self.toks[i + k].has_clitic()))
    }

    /// Longest gazetteer phrase starting at token `i` (words after the first carry no clitic).
    fn gazetteer_match(&self, i: usize, set: &HashSet<String>) -> Option<usize> {
        if !self.toks[i].is_word() {
            return None;
        }
        let max = self.lex.max_phrase_words.min(self.toks.len() - i);
        let mut best = None;
        let mut key = String::new();
        for n in 1..=max {
            let t = &self.toks[i + n - 1];
            if !t.is_word() || (n > 1 && (t.has_clitic() || !self.same_para(i, i + n - 1))) {
                break;
            }
            if n > 1 {
                key.push(' ');
            }
            key.push_str(&t.host_norm);
            if set.contains(&key) {
                best = Some(n);
            }
        }
        // One-word matches must be real names, not short common words.
        match best {
            Some(1) if self.toks[i].host_norm.chars().count() < 3 || self.is_stop(self.w(i)) => None,
            b => b,
        }
    }

    /// Reads the tokens left to right, skipping those in `used`: where `read(i)` finds
    /// something it gives the token to go on from, and the scan jumps there.
    fn scan_unused(&self, used: &HashSet<usize>, mut read: impl FnMut(usize) -> Option<usize>) {
        let mut i = 0;
        while i < self.toks.len() {
            if used.contains(&i) {
                i += 1;
                continue;
            }
            match read(i) {
                Some(next) => i = next,
                None => i += 1,
            }
        }
    }
}
