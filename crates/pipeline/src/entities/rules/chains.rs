//! Genitive chains: the noun phrase a title or an organization head opens (`مدير عام مركز
//! التواصل الحكومي`), read by organizations (step 2) and roles (step 4).

use super::RuleEntities;
use std::collections::HashSet;

/// What a chain is read for: a role may go on through `في` (`مدير الإعلام في الوزارة`) and
/// take nationalities (`وزير الخارجية الأمريكي`), an organization may not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ChainKind {
    Org,
    Role,
}

/// Where a chain stands while it is read.
struct Chain {
    /// Whether the last construct was closed by a definite or proper word.
    definite: bool,
    /// Indefinite words in a row since the last closing.
    indefinite_run: usize,
    /// One past the last token of the longest complete chain so far.
    complete: usize,
}

impl Chain {
    /// An indefinite word opens a new construct, which the next word must close.
    fn open_construct(&mut self) {
        self.definite = false;
        self.indefinite_run = 1;
    }
}

impl RuleEntities<'_> {
    /// End (exclusive) of the noun phrase that starts at `head`: an indefinite construct
    /// chain (`مدير عام مركز`) closed by definite words (`التواصل الحكومي`), with
    /// attachments by ب/ل (`بالمديرية`, `لشركة ميتا`), `في` + a definite or known name (roles
    /// only), and coordination by و (`والإعلام`, `وشمال أفريقيا`).
    pub(super) fn chain_from(&self, head: usize, head_definite: bool, kind: ChainKind, limit: usize, name_starts: &HashSet<usize>) -> usize {
        let mut chain = Chain { definite: head_definite, indefinite_run: usize::from(!head_definite), complete: head + 1 };
        let mut j = head + 1;
        while j < limit && j < self.toks.len() && self.same_para(head, j) {
            let t = &self.toks[j];
            if !t.is_word() || name_starts.contains(&j) || self.is_cue(j) {
                break;
            }
            let w = self.w(j);
            if w == "في" || w == "لدي" {
                if kind == ChainKind::Role && self.closes_chain(j + 1, limit) && !name_starts.contains(&(j + 1)) {
                    j += 1;
                    chain.definite = false;
                    chain.indefinite_run = 0;
                    continue;
                }
                break;
            }
            if self.is_stop(w) || self.lex.honorifics.contains(w) || !self.extend_chain(&mut chain, j, kind, limit) {
                break;
            }
            j += 1;
        }
        chain.complete
    }

    /// Reads token `j` into the chain; `false` when it ends the chain.
    fn extend_chain(&self, chain: &mut Chain, j: usize, kind: ChainKind, limit: usize) -> bool {
        let t = &self.toks[j];
        let w = self.w(j);
        let is_proper = !t.definite() && self.proper(w);
        // `رئيس الهيئة أيمن المفلح`: a given name right after a definite organization head is
        // a person in apposition; the organization's own name would read `هيئة X`.
        if is_proper && t.prep.is_none() && self.lex.given_names.contains(w) && self.toks[j - 1].definite() && self.lex.is_org_head(self.w(j - 1)) {
            return false;
        }
        if t.prep.is_some() {
            let head_like = self.lex.org_heads.contains(w) || self.lex.org_generic_heads.contains(w) || self.lex.loc_heads.contains(w);
            if t.definite() || is_proper {
                chain.definite = true;
                chain.complete = j + 1;
            } else if head_like || self.closes_chain(j + 1, limit) {
                // `بمحافظة الداخلية`, `لشؤون البنية التحتية`: a construct closed by the next word.
                chain.open_construct();
            } else {
                return false;
            }
        } else if t.conj {
            if (t.definite() && chain.definite) || is_proper {
                chain.complete = j + 1;
            } else if !t.definite() && self.closes_chain(j + 1, limit) {
                chain.open_construct();
            } else {
                return false;
            }
        } else if t.definite() || is_proper || (kind == ChainKind::Role && self.lex.nationalities.contains(w)) {
            chain.definite = true;
            chain.complete = j + 1;
        } else if !chain.definite && chain.indefinite_run < 3 {
            chain.indefinite_run += 1;
            chain.complete = j + 1;
        } else {
            return false;
        }
        true
    }

    /// Whether token `k` (before `limit`) closes a construct: a clitic-free word that is
    /// definite, proper, or an organization or place head.
    fn closes_chain(&self, k: usize, limit: usize) -> bool {
        k < limit && k < self.toks.len() && {
            let t = &self.toks[k];
            t.is_word() && !t.has_clitic() && (t.definite() || self.proper(&t.host_norm) || self.lex.org_heads.contains(&t.host_norm) || self.lex.loc_heads.contains(&t.host_norm))
        }
    }
}
