//! Step 1, full person names: a given name, then particles بن/بنت/أبو/آل/عبد, known name
//! words, a nisba family name `السالمي`, or one unknown word `شحادة`; a name glued to a
//! following title (`الراجحيةمديرة`) is cut where the title begins.

use super::chains::ChainKind;
use super::{RuleEntities, MAX_TITLE_TOKENS};
use crate::tables;
use crate::view::Tok;
use qawl_tokenizer::{Span, WordKind};
use std::collections::HashSet;

/// Most tokens a name runs over.
const MAX_NAME_TOKENS: usize = 7;

/// A person name found by the rules, with what the later steps need.
pub(super) struct NameHit {
    pub first: usize,
    /// One past the last token that belongs to the name (a glued token counts as included).
    pub end: usize,
    pub span: Span,
    /// Original char where a title glued to the name's last token begins.
    pub glued_role_at: Option<usize>,
}

/// How a name starts at a token.
struct NameStart {
    /// What stands around the token says a name starts there (a cue, an honorific or a
    /// title before it, a particle, nisba or given name after it): one word is then a name.
    after_trigger: bool,
    /// The name opens with a particle (`أبو`, `عبد`) that needs the word it governs.
    particle_start: bool,
}

/// What a word after a name's start does to the name.
enum NameWord {
    /// Continues it: a name word, a nisba, or a family name.
    Name,
    /// Continues it as the one unknown word a name may have (`شحادة`).
    Unknown,
    /// Ends it.
    End,
}

impl RuleEntities<'_> {
    pub(super) fn person_names(&self) -> Vec<NameHit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if let Some(hit) = self.name_at(i) {
                i = hit.end;
                out.push(hit);
            } else {
                i += 1;
            }
        }
        out
    }

    /// The name that starts at token `i`, if one does.
    pub(super) fn name_at(&self, i: usize) -> Option<NameHit> {
        let t = &self.toks[i];
        if !t.is_word() || t.prep.is_some() || (self.blocks_name(i) && !self.given_name_spelled_out(i)) {
            return None;
        }
        let start = self.name_start(i)?;
        let (end, glued_role_at) = self.name_end(i, start.particle_start)?;
        if end - i < 2 && !start.after_trigger {
            return None;
        }
        let span_end = glued_role_at.unwrap_or(self.toks[end - 1].span.end);
        Some(NameHit { first: i, end, span: Span::new(t.host.start, span_end), glued_role_at })
    }

    /// Whether a name may start at token `i`: a given name, a particle that starts names,
    /// or an indefinite word where what stands around it says a name starts.
    fn name_start(&self, i: usize) -> Option<NameStart> {
        let t = &self.toks[i];
        let w = self.w(i);
        let after_trigger = self.name_triggered(i);
        let particle_start = self.lex.name_particles.contains(w) && self.lex.name_words.starting_particles.matches(t);
        let given = self.starts_with_given_name(i);
        (given || particle_start || (after_trigger && !t.definite())).then_some(NameStart { after_trigger, particle_start })
    }

    /// Whether token `i` is a known given name (also `علي`, which normalizes like `على`).
    pub(crate) fn starts_with_given_name(&self, i: usize) -> bool {
        self.lex.given_names.contains(self.w(i)) || self.given_name_spelled_out(i)
    }

    /// `علي الطبال`: a given name that normalizes like a function word, written as the name
    /// (with ي) and followed by a name word, a particle or a family name.
    fn given_name_spelled_out(&self, i: usize) -> bool {
        // Only a stopword can be one; the written text is read for those alone.
        self.is_stop(self.w(i))
            && tables::GIVEN_NAMES_SPELLED_LIKE_STOPWORDS.contains(&self.analysis.slice(self.toks[i].host).as_str())
            && self.bare_next(i).is_some_and(|n| n.is_word() && (self.lex.name_particles.contains(&n.host_norm) || self.is_name_word(&n.host_norm) || self.is_nisba(&n.host_norm) || (n.definite() && !self.lex.common_words.contains(&n.host_norm) && !self.blocks_name(i + 1))))
    }

    /// Whether what stands around token `i` says a name starts there.
    fn name_triggered(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let w = self.w(i);
        let known = self.is_name_word(w);
        let common = self.lex.common_words.contains(w);
        let next_is_name = self.name_word_follows(i);
        let next_nisba = self.nisba_follows(i);
        // Right after a cue or an honorific a name may start with a word we do not know,
        // if a name word or particle follows (`وقال شحادة الحسن`); after a title, only a known name word.
        (self.after_cue_or_honorific(i) && (known || next_is_name))
            || (self.after_definite_title(i) && known)
            || (!t.definite() && (self.particle_follows(i) || next_nisba || (self.given_name_follows(i) && !common)))
            || (!common && self.ends_role_chain(i) && (known || next_is_name || next_nisba))
    }

    /// The token after `i`, when it is in the same paragraph and carries no clitic.
    fn bare_next(&self, i: usize) -> Option<&Tok> {
        (i + 1 < self.toks.len() && self.same_para(i, i + 1) && !self.toks[i + 1].has_clitic()).then(|| &self.toks[i + 1])
    }

    /// Right after a cue or an honorific. A cue in a relative clause (`مما أضاف لي`) has no
    /// named subject after it.
    fn after_cue_or_honorific(&self, i: usize) -> bool {
        let relative = i > 1 && self.lex.name_words.relatives.matches(&self.toks[i - 2]);
        i > 0 && self.same_para(i - 1, i) && ((self.is_cue(i - 1) && !relative) || self.lex.honorifics.contains(self.w(i - 1)))
    }

    /// Right after a definite title head (`الوزير`).
    fn after_definite_title(&self, i: usize) -> bool {
        i > 0 && self.same_para(i - 1, i) && self.toks[i - 1].definite() && self.lex.role_heads.contains(self.w(i - 1))
    }

    /// A particle, a name word or the second word of a compound name comes next.
    fn name_word_follows(&self, i: usize) -> bool {
        self.bare_next(i).is_some_and(|n| n.is_word() && (self.lex.name_particles.contains(&n.host_norm) || self.is_name_word(&n.host_norm) || self.lex.name_compound_seconds.contains(&n.host_norm)))
    }

    /// A word before a name particle starts a name (`نبيل بن`, `سامر عبد الكريم`).
    fn particle_follows(&self, i: usize) -> bool {
        self.bare_next(i).is_some_and(|n| self.lex.name_words.opening_particles.matches(n))
    }

    /// An indefinite word before a definite nisba starts a name (`هالة الزعبي`: an adjective
    /// would agree in definiteness).
    fn nisba_follows(&self, i: usize) -> bool {
        self.bare_next(i).is_some_and(|n| self.is_nisba(&n.host_norm)) && self.unknown_name_word(i) && !has_pronoun_suffix(self.w(i))
    }

    fn given_name_follows(&self, i: usize) -> bool {
        self.bare_next(i).is_some_and(|n| self.lex.given_names.contains(&n.host_norm))
    }

    /// An indefinite Arabic word of three letters or more that no list knows as common:
    /// it may be a name no gazetteer has.
    fn unknown_name_word(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let w = self.w(i);
        !t.definite() && t.kind == WordKind::Arabic && w.chars().count() >= 3 && !self.lex.common_words.contains(w)
    }

    /// Where the name that starts at token `i` ends: one past its last token, and the char
    /// where a title glued to its last word begins; `None` when a particle lacks its word.
    fn name_end(&self, i: usize, particle_start: bool) -> Option<(usize, Option<usize>)> {
        let mut end = i + 1;
        let mut j = i + 1;
        if particle_start {
            // أبو/عبد need the word they govern.
            if j >= self.toks.len() || !self.toks[j].is_word() || self.is_stop(self.w(j)) {
                return None;
            }
            end = j + 1;
            j += 1;
        }
        let mut unknown_seen = false;
        while j < self.toks.len() && j - i < MAX_NAME_TOKENS && self.same_para(i, j) {
            let t = &self.toks[j];
            if !t.is_word() || t.has_clitic() {
                break;
            }
            let w = self.w(j);
            if self.lex.name_particles.contains(w) {
                // After بن/بنت/آل comes a name, whatever else the word could be (`بنت علي` ≠ `على`).
                if !self.particle_governs(j) {
                    break;
                }
                end = j + 2;
                j += 2;
                continue;
            }
            if let Some(at) = self.glued_title(j) {
                return Some((j + 1, Some(at)));
            }
            if self.lex.name_compound_seconds.contains(w) {
                end = j + 1;
                j += 1;
                continue;
            }
            match self.name_word(i, j, end, unknown_seen) {
                NameWord::Name => end = j + 1,
                NameWord::Unknown => {
                    unknown_seen = true;
                    end = j + 1;
                }
                NameWord::End => break,
            }
            j += 1;
        }
        Some((end, None))
    }

    /// Whether the particle at token `j` has a word to govern after it.
    fn particle_governs(&self, j: usize) -> bool {
        j + 1 < self.toks.len() && self.toks[j + 1].is_word() && !self.toks[j + 1].has_clitic() && !self.is_cue(j + 1) && self.same_para(j, j + 1)
    }

    /// What word `j` does to the name that starts at `i` and so far ends before `end`.
    fn name_word(&self, i: usize, j: usize, end: usize, unknown_seen: bool) -> NameWord {
        let t = &self.toks[j];
        let w = self.w(j);
        let after_particle_pair = j >= 2 && self.lex.name_particles.contains(self.w(j - 2));
        // After `بن X` a definite word is a family name, unless it is a title or a function word.
        let family_after_pair = after_particle_pair && t.definite() && !self.is_stop(w) && !self.lex.honorifics.contains(w) && !self.lex.role_heads.contains(w) && !self.lex.org_heads.contains(w);
        if self.blocks_name(j) && !family_after_pair {
            return NameWord::End;
        }
        // `علي الطبال صباح اليوم`: a time of day before a day is not a name word.
        let time_words = &self.lex.quote_words.time_asides;
        if time_words.matches(t) && self.toks.get(j + 1).is_some_and(|n| time_words.matches(n)) {
            return NameWord::End;
        }
        let last_was_nisba = end > i && self.is_nisba(self.w(end - 1));
        if self.is_name_word(w) || self.is_nisba(w) {
            NameWord::Name
        } else if t.definite() && !self.lex.common_words.contains(w) && (after_particle_pair || (self.lex.given_names.contains(self.w(end - 1)) && end == j && self.ends_clause(j + 1)) || (end == i + 1 && j == end && self.given_name_spelled_out(i))) {
            // A family name after `بن X` (`بن علي الهاجري`, `بنت عيسى الجودر`), or after a
            // first name when the clause goes on with a comma, a cue or a title (`سليمان العدوان قال`).
            NameWord::Name
        } else if last_was_nisba {
            NameWord::End
        } else if !unknown_seen && self.unknown_name_word(j) {
            NameWord::Unknown
        } else {
            NameWord::End
        }
    }

    /// Whether token `k` ends what came before it: punctuation, a cue, a title head, or the end.
    fn ends_clause(&self, k: usize) -> bool {
        k >= self.toks.len() || self.toks[k].is_punct() || self.is_cue(k) || self.lex.is_role_head(self.w(k)) || !self.same_para(k - 1, k)
    }

    /// Whether token `i` directly follows a title phrase (`وزير الطاقة والثروة المعدنية X`).
    fn ends_role_chain(&self, i: usize) -> bool {
        let mut h = i;
        while h > 0 && i - h < MAX_TITLE_TOKENS {
            h -= 1;
            let t = &self.toks[h];
            if !t.is_word() || !self.same_para(h, i) || self.is_cue(h) {
                return false;
            }
            if self.lex.is_role_head(self.w(h)) && !t.conj {
                return self.chain_from(h, t.definite(), ChainKind::Role, i, &HashSet::new()) == i && (i - h > 1 || t.definite());
            }
        }
        false
    }

    /// If token `j` is a name glued to a following title (`الراجحيةمديرة`), the original
    /// char index where the title begins.
    fn glued_title(&self, j: usize) -> Option<usize> {
        let t = &self.toks[j];
        let w = &t.host_norm;
        if self.is_name_word(w) || self.lex.role_heads.contains(w) {
            return None;
        }
        let chars: Vec<char> = w.chars().collect();
        for k in 3..chars.len().saturating_sub(2) {
            let prefix: String = chars[..k].iter().collect();
            let suffix: String = chars[k..].iter().collect();
            if self.lex.role_heads.contains(&suffix) && !suffix.starts_with("ال") && (self.is_nisba(&prefix) || self.is_name_word(&prefix)) {
                let at = t.host_norm_at + k;
                return Some(self.analysis.words[j].to_original(at, at).start);
            }
        }
        None
    }
}

/// Nouns with a possessive suffix (`تفاعلها`, `مؤسساتنا`) or a plural ending are definite
/// common nouns, not first names.
fn has_pronoun_suffix(w: &str) -> bool {
    ["ها", "هم", "هما", "نا", "كم", "ات", "ين", "ون"].iter().any(|s| w.ends_with(s))
}
