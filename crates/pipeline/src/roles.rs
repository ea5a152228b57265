//! Roles and organizations attached to persons.
//!
//! A ROLE belongs to the person it is written next to: right before the name (honorifics
//! such as `الشيخ` or `صاحب الجلالة` may stand between) or right after it (after a comma,
//! or glued without a space). An ORG inside the role is the person's organization. A ROLE
//! next to no named person is a generic occupation (`عدد من مسؤولي التواصل`) and is dropped:
//! ROLE in our output always means a role of a named person.

use crate::annotations::{Annotations, EntityId, PersonId};
use crate::document::{EntityType, Gender};
use crate::view::Context;
use qawl_tokenizer::Span;

/// Non-space characters that may stand between a role and its name (honorifics, a comma).
const MAX_GAP_CHARS: usize = 40;

/// Links roles to persons; a role of nobody stays unlinked (and out of the output).
///
/// Cost is n·log n in the number of entities: a role only looks at the mentions within
/// [`MAX_GAP_CHARS`] non-space characters of it, found by binary search over a prefix count
/// of non-space characters, instead of building the gap string for every (role, mention) pair.
pub(crate) fn link(ctx: &Context, ann: &mut Annotations) {
    let gaps = Gaps::new(ctx);
    let mentions = Mentions::of(ann);
    let mut links: Vec<(usize, usize)> = Vec::new(); // (person index, role entity index)
    for (r, e) in ann.entities.iter().enumerate() {
        if e.kind != EntityType::Role {
            continue;
        }
        if let Some(p) = holder(e.span, &mentions.near(e.span, &gaps), &gaps, ann) {
            links.push((p, r));
        }
    }
    attach(ctx, ann, links);
    ann.roles_linked = true;
}

/// The text's non-space characters counted from its start, to measure a gap without
/// building it.
struct Gaps<'a> {
    ctx: &'a Context<'a>,
    /// `nonspace[i]`: non-space characters in `chars[..i]`.
    nonspace: Vec<usize>,
}

impl<'a> Gaps<'a> {
    fn new(ctx: &'a Context<'a>) -> Self {
        let chars = ctx.chars();
        let mut nonspace = Vec::with_capacity(chars.len() + 1);
        nonspace.push(0usize);
        for c in chars {
            nonspace.push(nonspace.last().unwrap() + usize::from(!c.is_whitespace()));
        }
        Gaps { ctx, nonspace }
    }

    /// Whether `from..to` may stand between a role and its name: at most [`MAX_GAP_CHARS`]
    /// non-space characters, all of them honorifics (and, if `allow_comma`, commas and dashes).
    fn ok(&self, from: usize, to: usize, allow_comma: bool) -> bool {
        if from > to || self.nonspace[to] - self.nonspace[from] > MAX_GAP_CHARS {
            return false;
        }
        let (ctx, lex) = (self.ctx, self.ctx.lexicon);
        ctx.pieces(Span::new(from, to), |c| c == '،' || c == ',' || c == '-' || c == '–').all(|w| w.is_empty() && allow_comma || lex.honorifics.contains(&ctx.analysis.normalized(w)))
    }
}

/// PERSON mentions that belong to a person, by end and by start, for range look-ups.
struct Mentions {
    /// (end, entity index), sorted.
    by_end: Vec<(usize, usize)>,
    /// (start, entity index), sorted.
    by_start: Vec<(usize, usize)>,
}

impl Mentions {
    fn of(ann: &Annotations) -> Self {
        let mut by_end: Vec<(usize, usize)> = Vec::new();
        let mut by_start: Vec<(usize, usize)> = Vec::new();
        for (i, e) in ann.entities.iter().enumerate() {
            if e.kind == EntityType::Person && e.person.is_some() {
                by_end.push((e.span.end, i));
                by_start.push((e.span.start, i));
            }
        }
        by_end.sort_unstable();
        by_start.sort_unstable();
        Mentions { by_end, by_start }
    }

    /// The mentions that may hold `role`, in document order: those ending at most
    /// [`MAX_GAP_CHARS`] non-space characters before it, and those starting at most that
    /// after it.
    fn near(&self, role: Span, gaps: &Gaps) -> Vec<usize> {
        let nonspace = &gaps.nonspace;
        let floor = nonspace[role.start].saturating_sub(MAX_GAP_CHARS);
        let from = nonspace.partition_point(|&n| n < floor);
        let lo = self.by_end.partition_point(|&(end, _)| end < from);
        let hi = self.by_end.partition_point(|&(end, _)| end <= role.start);
        let mut candidates: Vec<usize> = self.by_end[lo..hi].iter().map(|&(_, i)| i).collect();
        let ceiling = nonspace[role.end] + MAX_GAP_CHARS;
        let to = nonspace.partition_point(|&n| n <= ceiling) - 1;
        let lo = self.by_start.partition_point(|&(start, _)| start < role.end);
        let hi = self.by_start.partition_point(|&(start, _)| start <= to);
        candidates.extend(self.by_start[lo..hi].iter().map(|&(_, i)| i));
        // Document order, so that ties go to the earlier mention.
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }
}

/// The person `role` belongs to: the one of the nearest `candidates` mention with only
/// honorifics and commas between them.
fn holder(role: Span, candidates: &[usize], gaps: &Gaps, ann: &Annotations) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (distance, person)
    for &i in candidates {
        let m = ann.entities[i].span;
        let p = ann.entities[i].person.expect("a linked mention").0;
        let after = m.end <= role.start && gaps.ok(m.end, role.start, true);
        // A comma may also stand between a title and the name after it (`وزير الدفاع، بيتر …`).
        let before = role.end <= m.start && gaps.ok(role.end, m.start, true);
        if after || before {
            let d = if after { role.start - m.end } else { m.start - role.end };
            if best.map(|(bd, _)| d < bd).unwrap_or(true) {
                best = Some((d, p));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// Gives each linked role to its person, with the organizations inside it; a feminine
/// title tells the person's gender.
fn attach(ctx: &Context, ann: &mut Annotations, links: Vec<(usize, usize)>) {
    // Organizations by start, to find those inside a role without scanning every entity.
    let mut orgs: Vec<(usize, usize)> = ann.entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Org).map(|(i, e)| (e.span.start, i)).collect();
    orgs.sort_unstable();
    for (p, r) in links {
        let role = ann.entities[r].span;
        ann.entities[r].holder = Some(PersonId(p));
        let head = ctx.first_word_norm(role);
        let person = &mut ann.persons[p];
        person.roles.push(EntityId(r));
        if head.ends_with('ة') && ctx.lexicon.role_heads.contains(&head) {
            person.gender.role = Some(Gender::Female);
        }
        let first = orgs.partition_point(|&(start, _)| start < role.start);
        let inside = orgs[first..].iter().take_while(|&&(start, _)| start < role.end).map(|&(_, i)| i);
        for o in inside.filter(|&o| role.contains(&ann.entities[o].span)) {
            if !person.organizations.contains(&EntityId(o)) {
                person.organizations.push(EntityId(o));
            }
        }
    }
}
