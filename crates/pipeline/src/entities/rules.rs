//! The lexicon baseline for entities: gazetteers, name particles and title phrases.
//!
//! Transparent rules over the token view, used when no trained model is loaded and as
//! the reference the model must beat. Order matters and is deliberate:
//! 1. full person names (a given name, then particles بن/بنت/أبو/آل/عبد, known name
//!    words, a nisba family name `السالمي`, or one unknown word `شحادة`); a name glued to
//!    a following title (`الراجحيةمديرة`) is cut where the title begins;
//! 2. organizations (a head such as وزارة/مركز with its genitive chain; `شركة X` → X;
//!    gazetteer phrases), then every other occurrence of a found name;
//! 3. places (a head such as سلطنة/محافظة with its name; gazetteer phrases);
//! 4. roles written next to a found person, before it (`وزير الخارجية الأمريكي X`) or after
//!    it (`X مدير عام مركز …`), as a genitive chain that may contain the ORG and LOC;
//! 5. later mentions of a person by family name or first name.

use crate::document::EntityType;
use crate::lexicon::Lexicon;
use crate::view::{Context, Tok};
use qawl_tokenizer::{Analysis, Span};
use std::collections::HashSet;

/// How sure the rules are of a full name, a later mention of it, and any other span.
const NAME_CONFIDENCE: f32 = 0.8;
const LATER_MENTION_CONFIDENCE: f32 = 0.7;
const SPAN_CONFIDENCE: f32 = 0.6;
/// Most tokens a name, or a title chain before a name, runs over.
const MAX_NAME_TOKENS: usize = 7;
const MAX_TITLE_TOKENS: usize = 7;

#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub kind: EntityType,
    pub span: Span,
    pub confidence: f32,
}

/// A person name found by the rules, with what stage 4 needs.
struct NameHit {
    first: usize,
    /// One past the last token that belongs to the name (a glued token counts as included).
    end: usize,
    span: Span,
    /// Original char where a title glued to the name's last token begins.
    glued_role_at: Option<usize>,
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
        out.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
        out.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
        out
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
        self.lex.given_names.contains(w) || self.lex.name_tokens.contains(w)
    }

    fn proper(&self, w: &str) -> bool {
        self.lex.locations.contains(w) || self.lex.organizations.contains(w) || self.is_name_word(w)
    }

    fn same_para(&self, a: usize, b: usize) -> bool {
        self.toks[a].paragraph == self.toks[b].paragraph
    }

    // ---- 1. person names ----------------------------------------------------------

    fn person_names(&self) -> Vec<NameHit> {
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

    fn name_at(&self, i: usize) -> Option<NameHit> {
        let t = &self.toks[i];
        if !t.is_word() || t.prep.is_some() || self.blocks_name(i) {
            return None;
        }
        let w = self.w(i);
        // Right after a cue or an honorific a name may start with a word we do not know,
        // if a name word or particle follows (`وقال شحادة الحسن`); after a title, only a known name word.
        // A cue in a relative clause (`مما أضاف لي`) has no named subject after it.
        let relative = i > 1 && self.lex.name_words.relatives.matches(&self.toks[i - 2]);
        let prev_cue_or_honorific = i > 0 && self.same_para(i - 1, i) && ((self.is_cue(i - 1) && !relative) || self.lex.honorifics.contains(self.w(i - 1)));
        let prev_title = i > 0 && self.same_para(i - 1, i) && self.toks[i - 1].definite() && self.lex.role_heads.contains(self.w(i - 1));
        let next_is_name = i + 1 < self.toks.len()
            && self.same_para(i, i + 1)
            && self.toks[i + 1].is_word()
            && !self.toks[i + 1].has_clitic()
            && (self.lex.name_particles.contains(self.w(i + 1)) || self.is_name_word(self.w(i + 1)) || self.lex.name_compound_seconds.contains(self.w(i + 1)));
        let known = self.is_name_word(w);
        // A word before a name particle (`نبيل بن`, `سامر عبد الكريم`) or an indefinite word before a
        // definite nisba (`هالة الزعبي`: an adjective would agree in definiteness) starts a name.
        let next_particle = i + 1 < self.toks.len() && self.same_para(i, i + 1) && !self.toks[i + 1].has_clitic() && self.lex.name_words.opening_particles.matches(&self.toks[i + 1]);
        let next_nisba = i + 1 < self.toks.len()
            && self.same_para(i, i + 1)
            && !self.toks[i + 1].has_clitic()
            && self.is_nisba(self.w(i + 1))
            && !t.definite()
            && t.kind == qawl_tokenizer::WordKind::Arabic
            && w.chars().count() >= 3
            && !self.lex.common_words.contains(w)
            && !has_pronoun_suffix(w);
        let common = self.lex.common_words.contains(w);
        let next_given = i + 1 < self.toks.len() && self.same_para(i, i + 1) && !self.toks[i + 1].has_clitic() && self.lex.given_names.contains(self.w(i + 1));
        let after_role = !common && self.ends_role_chain(i) && (known || next_is_name || next_nisba);
        let after_trigger = (prev_cue_or_honorific && (known || next_is_name))
            || (prev_title && known)
            || (!t.definite() && (next_particle || next_nisba || (next_given && !common)))
            || after_role;
        let particle_start = self.lex.name_particles.contains(w) && self.lex.name_words.starting_particles.matches(t);
        let given = self.lex.given_names.contains(w);
        if !(given || particle_start || (after_trigger && !t.definite())) {
            return None;
        }
        let mut end = i + 1;
        let mut unknown = 0;
        let mut glued_role_at = None;
        let mut j = i + 1;
        if particle_start {
            // أبو/عبد need the word they govern.
            if j >= self.toks.len() || !self.toks[j].is_word() || self.is_stop(self.w(j)) {
                return None;
            }
            end = j + 1;
            j += 1;
        }
        while j < self.toks.len() && j - i < MAX_NAME_TOKENS && self.same_para(i, j) {
            let t = &self.toks[j];
            if !t.is_word() || t.has_clitic() {
                break;
            }
            let w = self.w(j);
            if self.lex.name_particles.contains(w) {
                // After بن/بنت/آل comes a name, whatever else the word could be (`بنت علي` ≠ `على`).
                if j + 1 < self.toks.len() && self.toks[j + 1].is_word() && !self.toks[j + 1].has_clitic() && !self.is_cue(j + 1) && self.same_para(j, j + 1) {
                    end = j + 2;
                    j += 2;
                    continue;
                }
                break;
            }
            if let Some(at) = self.glued_title(j) {
                glued_role_at = Some(at);
                end = j + 1;
                break;
            }
            if self.lex.name_compound_seconds.contains(w) {
                end = j + 1;
                j += 1;
                continue;
            }
            let after_particle_pair = j >= 2 && self.lex.name_particles.contains(self.w(j - 2));
            if self.blocks_name(j) && !(after_particle_pair && t.definite() && !self.is_stop(w) && !self.lex.honorifics.contains(w) && !self.lex.role_heads.contains(w) && !self.lex.org_heads.contains(w)) {
                break;
            }
            let last_was_nisba = end > i && self.is_nisba(self.w(end - 1));
            if self.is_name_word(w) || self.is_nisba(w) {
                end = j + 1;
            } else if t.definite() && !self.lex.common_words.contains(w) && (after_particle_pair || (self.lex.given_names.contains(self.w(end - 1)) && end == j && self.ends_clause(j + 1))) {
                // A family name after `بن X`, or after a first name when the clause goes on with
                // a comma, a cue or a title (`سليمان العدوان قال`).
                // A family name after `بن X` (`بن علي الهاجري`, `بنت عيسى الجودر`).
                end = j + 1;
            } else if last_was_nisba {
                break;
            } else if !t.definite() && unknown == 0 && t.kind == qawl_tokenizer::WordKind::Arabic && w.chars().count() >= 3 && !self.lex.common_words.contains(w) {
                unknown += 1;
                end = j + 1;
            } else {
                break;
            }
            j += 1;
        }
        let n_words = end - i;
        if n_words < 2 && !after_trigger {
            return None;
        }
        let last = &self.toks[end - 1];
        let span_end = glued_role_at.unwrap_or(last.span.end);
        Some(NameHit { first: i, end, span: Span::new(t.host.start, span_end), glued_role_at })
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

    // ---- 2. organizations ---------------------------------------------------------

    fn organizations(&self, used: &HashSet<usize>) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if used.contains(&i) {
                i += 1;
                continue;
            }
            let w = self.w(i);
            if self.lex.org_heads.contains(w) {
                let end = self.chain_from(i, self.toks[i].definite(), ChainKind::Org, self.toks.len(), used);
                // A name needs a definite or proper word after its head (`مؤسسة صحية` names nothing),
                // and more than generic adjectives (`المركز الجديد`, `المركز الثالث`).
                let named = (i + 1..end).any(|k| (self.toks[k].definite() && !self.lex.name_words.generic_adjectives.matches(&self.toks[k])) || self.proper(self.w(k)));
                if end > i + 1 && named && !(i + 1..end).any(|k| used.contains(&k)) {
                    spans.push(Span::new(self.toks[i].host.start, self.toks[end - 1].span.end));
                    i = end;
                    continue;
                }
            } else if self.lex.org_generic_heads.contains(w) {
                if let Some((s, next)) = self.named_after_generic(i) {
                    spans.push(s);
                    i = next;
                    continue;
                }
            } else if let Some(n) = self.gazetteer_match(i, &self.lex.organizations).filter(|&n| !self.lex.locations.contains(&self.phrase(i, n))) {
                spans.push(Span::new(self.toks[i].host.start, self.toks[i + n - 1].span.end));
                i += n;
                continue;
            }
            i += 1;
        }
        spans.extend(self.dateline_agencies(used));
        // Every other occurrence of a found name is the same organization.
        let names: HashSet<Vec<String>> = spans.iter().map(|s| self.key_of(*s)).filter(|k| !k.is_empty()).collect();
        let mut more = Vec::new();
        for i in 0..self.toks.len() {
            for key in &names {
                let n = key.len();
                if i + n <= self.toks.len() && (0..n).all(|k| self.w(i + k) == key[k] && (k == 0 || !self.toks[i + k].has_clitic())) && !(i..i + n).any(|k| used.contains(&k)) {
                    more.push(Span::new(self.toks[i].host.start, self.toks[i + n - 1].span.end));
                }
            }
        }
        spans.extend(more);
        spans.sort();
        spans.dedup();
        // Keep the outermost of overlapping organization spans.
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
                    out.push(Span::new(self.toks[i].host.start, self.toks[i + n - 1].span.end));
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
            while k < self.toks.len() && self.toks[k].is_word() && k - j < 5 {
                k += 1;
            }
            if k >= self.toks.len() || !matches!(self.toks[k].punct(), Some('»' | '"' | '”')) {
                return None;
            }
            k
        } else {
            // A proper name: after its first word only definite words or known names continue it.
            let names: HashSet<usize> = (j + 1..self.toks.len().min(j + 8)).filter(|&k| self.name_at(k).is_some()).collect();
            self.chain_from(j, true, ChainKind::Org, self.toks.len(), &names)
        };
        Some((Span::new(self.toks[j].host.start, self.toks[end - 1].span.end), end))
    }

    /// The normalized words of tokens `i..i+n`, space-joined (as gazetteer keys are).
    fn phrase(&self, i: usize, n: usize) -> String {
        (i..i + n).map(|k| self.toks[k].host_norm.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The normalized words of a span, to find it again elsewhere.
    fn key_of(&self, s: Span) -> Vec<String> {
        self.toks.iter().filter(|t| t.span.end > s.start && t.span.start < s.end).map(|t| t.host_norm.clone()).collect()
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

    // ---- 3. places ----------------------------------------------------------------

    fn places(&self, used: &HashSet<usize>, orgs: &[Span]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if used.contains(&i) {
                i += 1;
                continue;
            }
            let w = self.w(i);
            let found = if self.lex.loc_heads.contains(w) && i + 1 < self.toks.len() && self.same_para(i, i + 1) {
                let next = &self.toks[i + 1];
                // `محافظة ظفار`: after an administrative head, any word that is not common prose names the place.
                if next.is_word() && !next.has_clitic() && (next.definite() || self.proper(&next.host_norm) || (!self.lex.common_words.contains(&next.host_norm) && !self.is_stop(&next.host_norm))) {
                    let mut end = i + 2;
                    while end < self.toks.len() && self.toks[end].definite() && !self.toks[end].has_clitic() && end - i < 4 && self.same_para(i, end) {
                        end += 1;
                    }
                    Some(end)
                } else {
                    None
                }
            } else {
                self.gazetteer_match(i, &self.lex.locations).map(|n| i + n)
            };
            if let Some(end) = found {
                let span = Span::new(self.toks[i].host.start, self.toks[end - 1].span.end);
                // A place may sit inside an organization name, not across its edge.
                let crosses = orgs.iter().any(|o| o.overlap(&span) > 0 && !o.contains(&span));
                if !crosses && !(i..end).any(|k| used.contains(&k)) {
                    out.push(span);
                }
                i = end;
                continue;
            }
            i += 1;
        }
        out
    }

    // ---- 4. roles -----------------------------------------------------------------

    fn roles_of(&self, n: &NameHit, name_starts: &HashSet<usize>) -> Vec<Span> {
        let mut out = Vec::new();
        // After the name: glued (`الراجحيةمديرة`), or after an optional comma or dash.
        if let Some(at) = n.glued_role_at {
            let end = self.chain_from(n.end - 1, false, ChainKind::Role, self.toks.len(), name_starts);
            out.push(Span::new(at, self.toks[end - 1].span.end));
        } else {
            let mut j = n.end;
            if j < self.toks.len() && matches!(self.toks[j].punct(), Some('،' | ',' | '-' | '–')) {
                j += 1;
            }
            if j < self.toks.len() && self.same_para(n.first, j) && !self.toks[j].has_clitic() && self.lex.is_role_head(self.w(j)) {
                let end = self.chain_from(j, self.toks[j].definite(), ChainKind::Role, self.toks.len(), name_starts);
                out.push(Span::new(self.toks[j].host.start, self.toks[end - 1].span.end));
            }
        }
        // Before the name: the farthest title head whose chain runs up to the name.
        let mut b = n.first;
        while b > 0 && self.same_para(b - 1, n.first) && self.lex.honorifics.contains(self.w(b - 1)) {
            b -= 1;
        }
        if b == 0 || !self.same_para(b - 1, n.first) {
            return out;
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
        if let Some(h) = best {
            out.push(Span::new(self.toks[h].host.start, self.toks[last].span.end));
        }
        out
    }

    // ---- 5. later mentions --------------------------------------------------------

    fn later_mentions(&self, names: &[NameHit], found: &[Found]) -> Vec<Found> {
        // Keys are the name's own words (from its span: a glued title is not part of them).
        let mut keys: Vec<Vec<String>> = Vec::new();
        let mut first_names: Vec<String> = Vec::new();
        for n in names {
            let words: Vec<String> = self.analysis.normalized(n.span).split_whitespace().map(String::from).collect();
            if words.len() < 2 {
                continue;
            }
            let last = words.last().unwrap().clone();
            let before = &words[words.len() - 2];
            if self.lex.name_particles.contains(before) && !matches!(before.as_str(), "بن" | "بنت" | "ابن") {
                // `آل علي`, `أبو عودة`: the family name is the particle and its word.
                keys.push(vec![before.clone(), last]);
            } else if last.chars().count() >= 3 && !self.is_stop(&last) && !self.lex.name_particles.contains(&last) {
                keys.push(vec![last]);
            }
            first_names.push(words[0].clone());
        }
        // A first name shared by two people names neither of them.
        let unique_first: Vec<&String> = first_names
            .iter()
            .filter(|f| first_names.iter().filter(|g| g == f).count() == 1 && !self.is_stop(f) && !self.lex.common_words.contains(*f) && f.chars().count() >= 3)
            .collect();
        let covered = |s: Span| found.iter().any(|f| f.span.overlap(&s) > 0);
        let in_name = |i: usize| names.iter().any(|n| (n.first..n.end).contains(&i));
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            let t = &self.toks[i];
            if !t.is_word() || t.prep.is_some() || in_name(i) {
                continue;
            }
            let mut matched = None;
            for key in &keys {
                let n = key.len();
                if i + n <= self.toks.len() && (0..n).all(|k| self.toks[i + k].host_norm == key[k] && (k == 0 || !self.toks[i + k].has_clitic())) {
                    matched = Some(n);
                    break;
                }
            }
            if matched.is_none() && unique_first.iter().any(|f| **f == t.host_norm) {
                matched = Some(1);
            }
            if let Some(n) = matched {
                let span = Span::new(t.host.start, self.toks[i + n - 1].span.end);
                if !covered(span) && !(i..i + n).any(in_name) {
                    out.push(Found { kind: EntityType::Person, span, confidence: LATER_MENTION_CONFIDENCE });
                }
            }
        }
        out
    }

    // ---- genitive chains ----------------------------------------------------------

    /// End (exclusive) of the noun phrase that starts at `head`: an indefinite construct
    /// chain (`مدير عام مركز`) closed by definite words (`التواصل الحكومي`), with
    /// attachments by ب/ل (`بالمديرية`, `لشركة ميتا`), `في` + a definite or known name (roles
    /// only), and coordination by و (`والإعلام`, `وشمال أفريقيا`).
    fn chain_from(&self, head: usize, head_definite: bool, kind: ChainKind, limit: usize, name_starts: &HashSet<usize>) -> usize {
        let mut definite = head_definite;
        let mut indefinite_run = usize::from(!head_definite);
        let mut complete = head + 1;
        let mut j = head + 1;
        let next_closes = |k: usize| {
            k < limit
                && k < self.toks.len()
                && self.toks[k].is_word()
                && !self.toks[k].has_clitic()
                && (self.toks[k].definite() || self.proper(&self.toks[k].host_norm) || self.lex.org_heads.contains(&self.toks[k].host_norm) || self.lex.loc_heads.contains(&self.toks[k].host_norm))
        };
        while j < limit && j < self.toks.len() && self.same_para(head, j) {
            let t = &self.toks[j];
            if !t.is_word() || name_starts.contains(&j) || self.is_cue(j) {
                break;
            }
            let w = self.w(j);
            if w == "في" || w == "لدي" {
                if kind == ChainKind::Role && next_closes(j + 1) && !name_starts.contains(&(j + 1)) {
                    j += 1;
                    definite = false;
                    indefinite_run = 0;
                    continue;
                }
                break;
            }
            if self.is_stop(w) || self.lex.honorifics.contains(w) {
                break;
            }
            let is_proper = !t.definite() && self.proper(w);
            if t.prep.is_some() {
                let head_like = self.lex.org_heads.contains(w) || self.lex.org_generic_heads.contains(w) || self.lex.loc_heads.contains(w);
                if t.definite() || is_proper {
                    definite = true;
                    complete = j + 1;
                } else if head_like || next_closes(j + 1) {
                    // `بمحافظة الداخلية`, `لشؤون البنية التحتية`: a construct closed by the next word.
                    definite = false;
                    indefinite_run = 1;
                } else {
                    break;
                }
            } else if t.conj {
                if (t.definite() && definite) || is_proper {
                    complete = j + 1;
                } else if !t.definite() && next_closes(j + 1) {
                    definite = false;
                    indefinite_run = 1;
                } else {
                    break;
                }
            } else if t.definite() || is_proper || (kind == ChainKind::Role && self.lex.nationalities.contains(w)) {
                definite = true;
                complete = j + 1;
            } else if !definite && indefinite_run < 3 {
                indefinite_run += 1;
                complete = j + 1;
            } else {
                break;
            }
            j += 1;
        }
        complete
    }
}

/// Nouns with a possessive suffix (`تفاعلها`, `مؤسساتنا`) or a plural ending are definite
/// common nouns, not first names.
fn has_pronoun_suffix(w: &str) -> bool {
    ["ها", "هم", "هما", "نا", "كم", "ات", "ين", "ون"].iter().any(|s| w.ends_with(s))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ChainKind {
    Org,
    Role,
}
