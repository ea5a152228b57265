//! Step 3, places: a head such as سلطنة/محافظة with its name, and gazetteer phrases. A
//! place may sit inside an organization name, not across its edge.

use super::RuleEntities;
use qawl_tokenizer::Span;
use std::collections::HashSet;

/// Most tokens of a place after its head (`محافظة مسقط`), the head included.
const MAX_HEADED_PLACE_TOKENS: usize = 4;

impl RuleEntities<'_> {
    pub(super) fn places(&self, used: &HashSet<usize>, orgs: &[Span]) -> Vec<Span> {
        let mut out = Vec::new();
        self.scan_unused(used, |i| {
            let end = self.place_at(i)?;
            let span = self.span_of(i, end);
            let crosses = orgs.iter().any(|o| o.overlaps(&span) && !o.contains(&span));
            if !crosses && !(i..end).any(|k| used.contains(&k)) {
                out.push(span);
            }
            Some(end)
        });
        out
    }

    /// One past the last token of the place that starts at token `i`.
    fn place_at(&self, i: usize) -> Option<usize> {
        if self.lex.loc_heads.contains(self.w(i)) && i + 1 < self.toks.len() && self.same_para(i, i + 1) {
            return self.headed_place_end(i);
        }
        self.gazetteer_match(i, &self.lex.locations).map(|n| i + n)
    }

    /// `محافظة ظفار`: after an administrative head at token `i`, any word that is not common
    /// prose names the place, and definite words may go on with it.
    fn headed_place_end(&self, i: usize) -> Option<usize> {
        let next = &self.toks[i + 1];
        let names = next.is_word() && !next.has_clitic() && (next.definite() || self.proper(&next.host_norm) || (!self.lex.common_words.contains(&next.host_norm) && !self.is_stop(&next.host_norm)));
        if !names {
            return None;
        }
        let mut end = i + 2;
        while end < self.toks.len() && self.toks[end].definite() && !self.toks[end].has_clitic() && end - i < MAX_HEADED_PLACE_TOKENS && self.same_para(i, end) {
            end += 1;
        }
        Some(end)
    }
}
