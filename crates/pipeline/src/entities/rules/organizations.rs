//! Step 2, organizations: a head such as وزارة/مركز with its genitive chain; `شركة X` → X;
//! gazetteer phrases; news agencies in a dateline; then every other occurrence of a found
//! name. Of overlapping organizations the outermost is kept.

use super::chains::ChainKind;
use super::RuleEntities;
use crate::view::token_range;
use qawl_tokenizer::Span;
use std::collections::HashSet;

/// Most words of a name in quotation marks after a generic head (`شركة «…»`).
const MAX_QUOTED_NAME_WORDS: usize = 5;
/// How far from the first word of a name after a generic head a person name found by the
/// name rules is looked for: the organization's name stops before one.
const NAME_LOOKAHEAD: usize = 8;

impl RuleEntities<'_> {
    pub(super) fn organizations(&self, used: &HashSet<usize>) -> Vec<Span> {
        let mut spans = Vec::new();
        self.scan_unused(used, |i| {
            let (span, next) = self.organization_at(i, used)?;
            spans.push(span);
            Some(next)
        });
        spans.extend(self.dateline_agencies(used));
        spans.extend(self.other_occurrences(&spans, used));
        spans.sort();
        spans.dedup();
        outermost(spans)
    }

    /// The organization that starts at token `i`, and the token after it.
    fn organization_at(&self, i: usize, used: &HashSet<usize>) -> Option<(Span, usize)> {
        let w = self.w(i);
        if self.lex.org_heads.contains(w) {
            let end = self.chain_from(i, self.toks[i].definite(), ChainKind::Org, self.toks.len(), used);
            // A name needs a definite or proper word after its head (`مؤسسة صحية` names nothing),
            // and more than generic adjectives (`المركز الجديد`, `المركز الثالث`).
            let named = (i + 1..end).any(|k| (self.toks[k].definite() && !self.lex.name_words.generic_adjectives.matches(&self.toks[k])) || self.proper(self.w(k)));
            return (end > i + 1 && named && !(i + 1..end).any(|k| used.contains(&k))).then(|| (self.span_of(i, end), end));
        }
        if self.lex.org_generic_heads.contains(w) {
            return self.named_after_generic(i);
        }
        let n = self.gazetteer_match(i, &self.lex.organizations).filter(|&n| !self.lex.locations.contains(&self.phrase(i, n)))?;
        Some((self.span_of(i, i + n), i + n))
    }

    /// Every other occurrence of a found name is the same organization.
    fn other_occurrences(&self, spans: &[Span], used: &HashSet<usize>) -> Vec<Span> {
        let names: HashSet<Vec<String>> = spans.iter().map(|s| self.key_of(*s)).filter(|k| !k.is_empty()).collect();
        let mut more = Vec::new();
        for i in 0..self.toks.len() {
            for key in &names {
                let n = key.len();
                if self.words_at(i, key) && !(i..i + n).any(|k| used.contains(&k)) {
                    more.push(self.span_of(i, i + n));
                }
            }
        }
        more
    }

    /// News agencies in a dateline: in the first two paragraphs, right after a dash or an
    /// opening bracket, or right before a colon or a closing bracket (`الرياض - واس:`).
    fn dateline_agencies(&self, used: &HashSet<usize>) -> Vec<Span> {
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            if self.toks[i].paragraph > 1 || used.contains(&i) || !self.toks[i].is_word() {
                continue;
            }
            for n in (1..=3).rev() {
                if i + n > self.toks.len() || !(i..i + n).all(|k| self.toks[k].is_word() && self.same_para(i, k)) {
                    continue;
                }
                if !self.lex.news_agencies.contains(&self.phrase(i, n)) {
                    continue;
                }
                let before = i > 0 && matches!(self.toks[i - 1].punct(), Some('-' | '–' | '(' | '«'));
                let after = i + n < self.toks.len() && matches!(self.toks[i + n].punct(), Some(':' | ')' | '»'));
                if before || after {
                    out.push(self.span_of(i, i + n));
                }
                break;
            }
        }
        out
    }

    /// `شركة ميتا`, `شركة «ميتا»` → the name after the generic head.
    fn named_after_generic(&self, i: usize) -> Option<(Span, usize)> {
        let mut j = i + 1;
        let quoted = j < self.toks.len() && matches!(self.toks[j].punct(), Some('«' | '"' | '“'));
        if quoted {
            j += 1;
        }
        if j >= self.toks.len() || !self.toks[j].is_word() || self.toks[j].has_clitic() || self.blocks_name(j) || !self.same_para(i, j) {
            return None;
        }
        let end = if quoted {
            let mut k = j;
            while k < self.toks.len() && self.toks[k].is_word() && k - j < MAX_QUOTED_NAME_WORDS {
                k += 1;
            }
            if k >= self.toks.len() || !matches!(self.toks[k].punct(), Some('»' | '"' | '”')) {
                return None;
            }
            k
        } else {
            // A proper name: after its first word only definite words or known names continue it.
            let names: HashSet<usize> = (j + 1..self.toks.len().min(j + NAME_LOOKAHEAD)).filter(|&k| self.name_at(k).is_some()).collect();
            self.chain_from(j, true, ChainKind::Org, self.toks.len(), &names)
        };
        Some((self.span_of(j, end), end))
    }

    /// The normalized words of a span, to find it again elsewhere.
    fn key_of(&self, s: Span) -> Vec<String> {
        token_range(self.toks, s).map(|k| self.toks[k].host_norm.clone()).collect()
    }
}

/// The outermost of overlapping spans (sorted by start): a span that starts inside the last
/// one kept replaces it when longer, else is dropped.
fn outermost(spans: Vec<Span>) -> Vec<Span> {
    let mut kept: Vec<Span> = Vec::new();
    for s in spans {
        if let Some(last) = kept.last_mut() {
            if s.start < last.end {
                if s.len() > last.len() {
                    *last = s;
                }
                continue;
            }
        }
        kept.push(s);
    }
    kept
}
