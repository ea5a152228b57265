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
    let (chars, lex) = (ctx.chars(), ctx.lexicon);
    // nonspace[i] = non-space characters in chars[..i].
    let mut nonspace = Vec::with_capacity(chars.len() + 1);
    nonspace.push(0usize);
    for c in chars {
        nonspace.push(nonspace.last().unwrap() + usize::from(!c.is_whitespace()));
    }
    let gap_ok = |from: usize, to: usize, allow_comma: bool| -> bool {
        if from > to || nonspace[to] - nonspace[from] > MAX_GAP_CHARS {
            return false;
        }
        ctx.pieces(Span::new(from, to), |c| c == '،' || c == ',' || c == '-' || c == '–').all(|w| w.is_empty() && allow_comma || lex.honorifics.contains(&ctx.analysis.normalized(w)))
    };
    // PERSON mentions that belong to a person, by end and by start, for range look-ups.
    let mut by_end: Vec<(usize, usize)> = Vec::new(); // (end, entity index)
    let mut by_start: Vec<(usize, usize)> = Vec::new(); // (start, entity index)
    for (i, e) in ann.entities.iter().enumerate() {
        if e.kind == EntityType::Person && e.person.is_some() {
            by_end.push((e.span.end, i));
            by_start.push((e.span.start, i));
        }
    }
    by_end.sort_unstable();
    by_start.sort_unstable();
    let mut links: Vec<(usize, usize)> = Vec::new(); // (person index, role entity index)
    let mut candidates: Vec<usize> = Vec::new();
    for (r, e) in ann.entities.iter().enumerate() {
        if e.kind != EntityType::Role {
            continue;
        }
        let role = e.span;
        // Mentions ending at most MAX_GAP_CHARS non-space characters before the role…
        let floor = nonspace[role.start].saturating_sub(MAX_GAP_CHARS);
        let from = nonspace.partition_point(|&n| n < floor);
        let lo = by_end.partition_point(|&(end, _)| end < from);
        let hi = by_end.partition_point(|&(end, _)| end <= role.start);
        candidates.clear();
        candidates.extend(by_end[lo..hi].iter().map(|&(_, i)| i));
        // …and starting at most MAX_GAP_CHARS after it.
        let ceiling = nonspace[role.end] + MAX_GAP_CHARS;
        let to = nonspace.partition_point(|&n| n <= ceiling) - 1;
        let lo = by_start.partition_point(|&(start, _)| start < role.end);
        let hi = by_start.partition_point(|&(start, _)| start <= to);
        candidates.extend(by_start[lo..hi].iter().map(|&(_, i)| i));
        // Document order, so that ties go to the earlier mention.
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, usize)> = None; // (distance, person)
        for &i in &candidates {
            let m = ann.entities[i].span;
            let p = ann.entities[i].person.expect("a linked mention").0;
            let after = m.end <= role.start && gap_ok(m.end, role.start, true);
            let before = role.end <= m.start && gap_ok(role.end, m.start, false);
            if after || before {
                let d = if after { role.start - m.end } else { m.start - role.end };
                if best.map(|(bd, _)| d < bd).unwrap_or(true) {
                    best = Some((d, p));
                }
            }
        }
        if let Some((_, p)) = best {
            links.push((p, r));
        }
    }
    // Organizations by start, to find those inside a role without scanning every entity.
    let mut orgs: Vec<(usize, usize)> = ann.entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Org).map(|(i, e)| (e.span.start, i)).collect();
    orgs.sort_unstable();
    for (p, r) in links {
        let role = ann.entities[r].span;
        ann.entities[r].holder = Some(PersonId(p));
        let head = ctx.first_word_norm(role);
        let person = &mut ann.persons[p];
        person.roles.push(EntityId(r));
        if head.ends_with('ة') && lex.role_heads.contains(&head) {
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
    ann.roles_linked = true;
}
