//! Roles and organizations attached to persons.
//!
//! A ROLE belongs to the person it is written next to: right before the name (honorifics
//! such as `الشيخ` or `صاحب الجلالة` may stand between) or right after it (after a comma,
//! or glued without a space). An ORG inside the role is the person's organization. A ROLE
//! next to no named person is a generic occupation (`عدد من مسؤولي التواصل`) and is dropped:
//! ROLE in our output always means a role of a named person.

use crate::document::{Document, EntityType, Gender};
use crate::lexicon::Lexicon;
use qawl_tokenizer::normalize_key;

/// Links roles to persons, drops unattached roles, renumbers entities.
pub fn link(doc: &mut Document, lex: &Lexicon) {
    let chars: Vec<char> = doc.text.chars().collect();
    let gap_ok = |from: usize, to: usize, allow_comma: bool| -> bool {
        if from > to {
            return false;
        }
        let gap: String = chars[from..to].iter().collect();
        let words: Vec<&str> = gap.split_whitespace().collect();
        words.iter().all(|w| {
            let w = w.trim_matches(|c: char| c == '،' || c == ',' || c == '-' || c == '–');
            w.is_empty() && allow_comma || lex.honorifics.contains(&normalize_key(w))
        }) && gap.chars().filter(|c| !c.is_whitespace()).count() <= 40
    };
    let person_of_mention = |doc: &Document, id: &str| doc.persons.iter().position(|p| p.mentions.iter().any(|m| m == id));
    let mut attached = vec![false; doc.entities.len()];
    let mut links: Vec<(usize, usize)> = Vec::new(); // (person index, role entity index)
    for (r, role) in doc.entities.iter().enumerate() {
        if role.kind != EntityType::Role {
            continue;
        }
        let mut best: Option<(usize, usize)> = None; // (distance, person)
        for m in doc.entities.iter().filter(|e| e.kind == EntityType::Person) {
            let Some(p) = person_of_mention(doc, &m.id) else { continue };
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
    for (p, r) in links {
        let role = doc.entities[r].clone();
        let person = &mut doc.persons[p];
        person.roles.push(role.id.clone());
        if person.gender.is_none() {
            let head = normalize_key(role.text.split_whitespace().next().unwrap_or(""));
            if head.ends_with('ة') && lex.role_heads.contains(&head) {
                person.gender = Some(Gender::Female);
            }
        }
        for o in doc.entities.iter().filter(|e| e.kind == EntityType::Org && role.span().contains(&e.span())) {
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
