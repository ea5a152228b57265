//! The named stages a [`crate::Pipeline`] runs, each enriching the [`Document`].

use crate::document::Document;
use crate::entities::hybrid::merge;
use crate::entities::model::{EntitySource, ModelTagger};
use crate::entities::{rules::RuleEntities, set_entities, speakers};
use crate::lexicon::Lexicon;
use std::sync::Arc;

/// One step of the pipeline: reads some fields of the document and writes others.
pub trait Stage: Send + Sync {
    /// The name the stage is listed under (`entities`, `persons`, `roles`, `quotes`).
    fn name(&self) -> &'static str;
    /// Fields of [`Document`] the stage writes, for `qawl` to describe a pipeline.
    fn assigns(&self) -> &'static [&'static str];
    fn process(&self, doc: &mut Document);
}

/// Entities from gazetteers and title/name rules (the baseline when no model is loaded).
pub struct LexiconEntities {
    pub lexicon: Arc<Lexicon>,
}

impl Stage for LexiconEntities {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn assigns(&self) -> &'static [&'static str] {
        &["entities"]
    }
    fn process(&self, doc: &mut Document) {
        doc.with_view(&self.lexicon, |doc, analysis, toks| {
            let found = speakers::complete(RuleEntities::new(&self.lexicon, toks, &analysis.chars).find(), &[], &self.lexicon, toks);
            set_entities(doc, analysis, found.into_iter().map(|f| (f.kind, f.span, Some(f.confidence))));
        });
    }
}

/// Entities from the trained tagger, alone or merged with the rules.
pub struct TaggerEntities {
    pub lexicon: Arc<Lexicon>,
    pub tagger: ModelTagger,
    pub source: EntitySource,
}

impl Stage for TaggerEntities {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn assigns(&self) -> &'static [&'static str] {
        &["entities"]
    }
    fn process(&self, doc: &mut Document) {
        doc.with_view(&self.lexicon, |doc, analysis, toks| {
            // A tagger failure on one document must not lose the batch: fall back to the rules.
            let found = match self.tagger.find(analysis, toks) {
                Ok(model) if self.source == EntitySource::Hybrid => {
                    let merged = merge(model.clone(), &self.lexicon, toks, &analysis.chars);
                    speakers::complete(merged, &model, &self.lexicon, toks)
                }
                Ok(model) => model,
                Err(_) => RuleEntities::new(&self.lexicon, toks, &analysis.chars).find(),
            };
            set_entities(doc, analysis, found.into_iter().map(|f| (f.kind, f.span, Some(f.confidence))));
        });
    }
}

/// Groups PERSON mentions into persons.
pub struct Persons {
    pub lexicon: Arc<Lexicon>,
}

impl Stage for Persons {
    fn name(&self) -> &'static str {
        "persons"
    }
    fn assigns(&self) -> &'static [&'static str] {
        &["persons"]
    }
    fn process(&self, doc: &mut Document) {
        crate::persons::cluster(doc, &self.lexicon);
    }
}

/// Attaches ROLE and ORG entities to persons; drops roles of nobody.
pub struct Roles {
    pub lexicon: Arc<Lexicon>,
}

impl Stage for Roles {
    fn name(&self) -> &'static str {
        "roles"
    }
    fn assigns(&self) -> &'static [&'static str] {
        &["persons.roles", "persons.organizations", "entities"]
    }
    fn process(&self, doc: &mut Document) {
        crate::roles::link(doc, &self.lexicon);
    }
}

/// Direct and indirect quotes with speakers and cues.
pub struct Quotes {
    pub lexicon: Arc<Lexicon>,
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn assigns(&self) -> &'static [&'static str] {
        &["quotes", "persons.gender"]
    }
    fn process(&self, doc: &mut Document) {
        doc.with_view(&self.lexicon, |doc, _, toks| crate::quotes::extract(doc, toks, &self.lexicon));
    }
}
