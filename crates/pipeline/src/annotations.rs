//! What the stages write about one document, typed: entities are token ranges and char spans
//! indexed by [`EntityId`], persons hold the ids of their mentions and roles, quotes the
//! [`PersonId`] of their speaker. String ids (`e1`, `p1`, `q1`) and text are made once, by
//! [`Annotations::render`], when the [`Document`] is written.

use crate::document::{Cue, Document, Entity, EntityType, Gender, Person, Quote, QuoteKind};
use crate::entities::source::EntitySource;
use crate::entities::rules::Found;
use crate::view::{token_range, Context};
use qawl_tokenizer::Span;
use std::ops::Range;

/// An entity: its index in [`Annotations::entities`] (text order, outer span first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct EntityId(pub usize);

/// A person: its index in [`Annotations::persons`] (order of first mention).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct PersonId(pub usize);

/// A PERSON, ORG, LOC or ROLE span.
#[derive(Clone, Debug)]
pub(crate) struct EntitySpan {
    pub kind: EntityType,
    /// The tokens the span overlaps.
    pub tokens: Range<usize>,
    pub span: Span,
    pub confidence: Option<f32>,
    /// Which entity source found it (no stage reads it yet; kept for the tagger work).
    #[allow(dead_code)]
    pub source: EntitySource,
    /// The person a PERSON span is a mention of (the persons stage).
    pub person: Option<PersonId>,
    /// The person a ROLE is the title of (the roles stage).
    pub holder: Option<PersonId>,
}

/// What each stage found out about a person's gender; [`GenderEvidence::weigh`] decides.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct GenderEvidence {
    /// The name (`بنت`, a feminine given name or nisba).
    pub name: Option<Gender>,
    /// A feminine title attached to the person (`مديرة`).
    pub role: Option<Gender>,
    /// A kinship word right before a mention (`زوجته روز`, `شقيقه X`).
    pub kin: Option<Gender>,
    /// A feminine cue of which the person is the named subject (`قالت X`).
    pub cue: Option<Gender>,
}

impl GenderEvidence {
    /// The one place the evidence is weighed: the name first, then a title, kinship, a cue.
    pub fn weigh(&self) -> Option<Gender> {
        self.name.or(self.role).or(self.kin).or(self.cue)
    }
}

/// A person: PERSON mentions grouped, with the roles and organizations linked to them.
#[derive(Clone, Debug)]
pub(crate) struct PersonRecord {
    /// The fullest mention, whose text is the person's name.
    pub name: EntityId,
    /// Mentions in text order.
    pub mentions: Vec<EntityId>,
    pub roles: Vec<EntityId>,
    pub organizations: Vec<EntityId>,
    pub gender: GenderEvidence,
}

/// A quote with its speaker.
#[derive(Clone, Debug)]
pub(crate) struct QuoteRecord {
    pub kind: QuoteKind,
    pub speaker: PersonId,
    pub span: Span,
    pub cue: Option<Span>,
    pub paragraph: usize,
}

/// Every stage's output on one document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Annotations {
    pub entities: Vec<EntitySpan>,
    pub persons: Vec<PersonRecord>,
    pub quotes: Vec<QuoteRecord>,
    /// Whether the roles stage ran: then a ROLE of nobody is left out of the output.
    pub roles_linked: bool,
    pub errors: Vec<String>,
}

impl Annotations {
    /// Sets the entities from what a finder found: empty spans and spans past the text
    /// dropped, sorted by position (outer span first), one of each (span, type).
    pub fn set_entities(&mut self, ctx: &Context, found: Vec<Found>, source: EntitySource) {
        let n = ctx.chars().len();
        let mut entities: Vec<EntitySpan> = found
            .into_iter()
            .filter(|f| !f.span.is_empty() && f.span.end <= n)
            .map(|f| EntitySpan { kind: f.kind, tokens: token_range(ctx.tokens, f.span), span: f.span, confidence: Some(f.confidence), source, person: None, holder: None })
            .collect();
        entities.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)).then(a.kind.cmp(&b.kind)));
        entities.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
        self.entities = entities;
    }

    pub fn entity(&self, id: EntityId) -> &EntitySpan {
        &self.entities[id.0]
    }

    /// Whether an entity is in the output: a ROLE only when it is someone's, once roles are linked.
    pub fn shown(&self, e: &EntitySpan) -> bool {
        !(self.roles_linked && e.kind == EntityType::Role && e.holder.is_none())
    }

    /// The document's JSON fields: ids given in order, text sliced, roles of nobody left out.
    pub fn render(self, ctx: &Context, doc: &mut Document) {
        let analysis = ctx.analysis;
        let mut ids: Vec<Option<String>> = vec![None; self.entities.len()];
        let mut entities = Vec::with_capacity(self.entities.len());
        for (i, e) in self.entities.iter().enumerate().filter(|(_, e)| self.shown(e)) {
            let id = format!("e{}", entities.len() + 1);
            ids[i] = Some(id.clone());
            entities.push(Entity {
                id,
                kind: e.kind,
                start: e.span.start,
                end: e.span.end,
                text: analysis.slice(e.span),
                confidence: e.confidence,
                sentence: analysis.sentences.iter().position(|s| s.start <= e.span.start && e.span.start < s.end),
            });
        }
        let names = |list: &[EntityId]| list.iter().filter_map(|m| ids[m.0].clone()).collect::<Vec<_>>();
        let person_id = |p: PersonId| format!("p{}", p.0 + 1);
        doc.persons = self
            .persons
            .iter()
            .enumerate()
            .map(|(p, r)| Person {
                id: person_id(PersonId(p)),
                name: analysis.slice(self.entity(r.name).span),
                mentions: names(&r.mentions),
                roles: names(&r.roles),
                organizations: names(&r.organizations),
                gender: r.gender.weigh(),
            })
            .collect();
        doc.quotes = self
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| Quote {
                id: format!("q{}", i + 1),
                kind: q.kind,
                speaker: Some(person_id(q.speaker)),
                start: q.span.start,
                end: q.span.end,
                text: analysis.slice(q.span),
                cue: q.cue.map(|c| Cue { start: c.start, end: c.end, text: analysis.slice(c) }),
                paragraph: Some(q.paragraph),
            })
            .collect();
        doc.entities = entities;
        doc.errors.extend(self.errors);
    }
}
