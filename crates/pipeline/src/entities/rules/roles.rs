//! Step 4, roles written next to a found person, before it (`وزير الخارجية الأمريكي X`) or
//! after it (`X مدير عام مركز …`, or glued: `الراجحيةمديرة`), as a genitive chain that may
//! contain the ORG and LOC.

use super::chains::ChainKind;
use super::names::NameHit;
use super::{RuleEntities, MAX_TITLE_TOKENS};
use qawl_tokenizer::Span;
use std::collections::HashSet;

impl RuleEntities<'_> {
    /// The roles of name `n`: the one after it, then the one before it.
    pub(super) fn roles_of(&self, n: &NameHit, name_starts: &HashSet<usize>) -> Vec<Span> {
        self.role_after(n, name_starts).into_iter().chain(self.role_before(n, name_starts)).collect()
    }

    /// After the name: glued (`الراجحيةمديرة`), or after an optional comma or dash.
    fn role_after(&self, n: &NameHit, name_starts: &HashSet<usize>) -> Option<Span> {
        if let Some(at) = n.glued_role_at {
            let end = self.chain_from(n.end - 1, false, ChainKind::Role, self.toks.len(), name_starts);
            return Some(Span::new(at, self.toks[end - 1].span.end));
        }
        let mut j = n.end;
        if j < self.toks.len() && matches!(self.toks[j].punct(), Some('،' | ',' | '-' | '–')) {
            j += 1;
        }
        let head = j < self.toks.len() && self.same_para(n.first, j) && !self.toks[j].has_clitic() && self.lex.is_role_head(self.w(j));
        head.then(|| self.span_of(j, self.chain_from(j, self.toks[j].definite(), ChainKind::Role, self.toks.len(), name_starts)))
    }

    /// Before the name (and its honorifics): the farthest title head whose chain runs up to it.
    fn role_before(&self, n: &NameHit, name_starts: &HashSet<usize>) -> Option<Span> {
        let mut b = n.first;
        while b > 0 && self.same_para(b - 1, n.first) && self.lex.honorifics.contains(self.w(b - 1)) {
            b -= 1;
        }
        // A comma may stand between the title and the name (`وزير الدفاع، بيتر …`).
        if b > 1 && matches!(self.toks[b - 1].punct(), Some('،' | ',')) && self.toks[b - 2].is_word() {
            b -= 1;
        }
        if b == 0 || !self.same_para(b - 1, n.first) {
            return None;
        }
        let last = b - 1;
        let mut best = None;
        let mut h = last as isize;
        while h >= 0 && last - h as usize <= MAX_TITLE_TOKENS {
            let hu = h as usize;
            let t = &self.toks[hu];
            if !t.is_word() || !self.same_para(hu, last) || (hu < last && self.is_cue(hu)) || self.lex.honorifics.contains(self.w(hu)) && hu != last {
                break;
            }
            if self.lex.is_role_head(self.w(hu)) && !t.conj && self.chain_from(hu, t.definite(), ChainKind::Role, last + 1, name_starts) == last + 1 {
                best = Some(hu);
            }
            if self.is_cue(hu) || (self.is_stop(self.w(hu)) && self.w(hu) != "في") {
                break;
            }
            h -= 1;
        }
        best.map(|h| self.span_of(h, last + 1))
    }
}
