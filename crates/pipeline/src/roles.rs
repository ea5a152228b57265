//! Roles and organizations attached to persons.
//!
//! A ROLE belongs to the person it is written next to: right before the name (honorifics
//! such as `الشيخ` or `صاحب الجلالة` may stand between) or right after it (after a comma,
//! or glued without a space). An ORG inside the role is the person's organization. A ROLE
//! next to no named person is a generic occupation (`عدد من مسؤولي التواصل`) and is dropped:
//! ROLE in our output always means a role of a named person.

use crate::document::{Document, EntityType, Gender};
use crate::view::Context;
use qawl_tokenizer::Span;
use std::collections::HashMap;

/// Non-space characters that may stand between a role and its name (honorifics, a comma).
const MAX_GAP_CHARS: usize = 40;

/// Links roles to persons, drops unattached roles, renumbers entities.
///
/// Cost is n·log n in the number of entities: a role only looks at the mentions within
/// [`MAX_GAP_CHARS`] non-space characters of it, found by binary search over a prefix count
/// of non-space characters, instead of building the gap string for every (role, mention) pair.
pub fn link(ctx: &Context, doc: &mut Document) {
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
    let person_of: HashMap<&str, usize> = doc.persons.iter().enumerate().flat_map(|(p, person)| person.mentions.iter().map(move |m| (m.as_str(), p))).collect();
    // PERSON mentions that belong to a person, by end and by start, for range look-ups.
    let mut by_end: Vec<(usize, usize)> = Vec::new(); // (end, entity index)
    let mut by_start: Vec<(usize, usize)> = Vec::new(); // (start, entity index)
    for (i, e) in doc.entities.iter().enumerate() {
        if e.kind == EntityType::Person && person_of.contains_key(e.id.as_str()) {
            by_end.push((e.end, i));
            by_start.push((e.start, i));
        }
    }
    by_end.sort_unstable();
    by_start.sort_unstable();
    let mut attached = vec![false; doc.entities.len()];
    let mut links: Vec<(usize, usize)> = Vec::new(); // (person index, role entity index)
    let mut candidates: Vec<usize> = Vec::new();
    for (r, role) in doc.entities.iter().enumerate() {
        if role.kind != EntityType::Role {
            continue;
        }
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
            let m = &doc.entities[i];
            let p = person_of[m.id.as_str()];
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
            attached[r] = true;
            links.push((p, r));
        }
    }
    // Organizations by start, to find those inside a role without scanning every entity.
    let mut orgs: Vec<(usize, usize)> = doc.entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Org).map(|(i, e)| (e.start, i)).collect();
    orgs.sort_unstable();
    for (p, r) in links {
        let role = doc.entities[r].clone();
        let person = &mut doc.persons[p];
        person.roles.push(role.id.clone());
        if person.gender.is_none() {
            let head = ctx.first_word_norm(role.span());
            if head.ends_with('ة') && lex.role_heads.contains(&head) {
                person.gender = Some(Gender::Female);
            }
        }
        let first = orgs.partition_point(|&(start, _)| start < role.start);
        let inside = orgs[first..].iter().take_while(|&&(start, _)| start < role.end).map(|&(_, i)| &doc.entities[i]);
        for o in inside.filter(|e| role.span().contains(&e.span())) {
            if !person.organizations.contains(&o.id) {
                person.organizations.push(o.id.clone());
            }
        }
    }
    let mut k = 0;
    doc.entities.retain(|e| {
        let keep = e.kind != EntityType::Role || attached[k];
        k += 1;
        keep
    });
    doc.renumber_entities();
}
