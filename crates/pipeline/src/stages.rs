//! The stages a [`crate::Pipeline`] runs, each enriching the [`Document`], and the contract
//! between them: what each reads ([`Stage::requires`]) and writes ([`Stage::assigns`]),
//! checked when a pipeline is built.

use crate::annotations::Annotations;
use crate::entities::hybrid::merge;
use crate::entities::model::ModelTagger;
use crate::entities::source::EntitySource;
use crate::entities::rules::{Found, RuleEntities};
use crate::entities::{name_spans, speakers};
use crate::error::Error;
use crate::view::Context;

/// The stages a pipeline can run, in the order they run.
///
/// ```
/// use qawl_pipeline::StageKind;
/// assert_eq!(StageKind::ALL.map(StageKind::name), ["entities", "persons", "roles", "quotes"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StageKind {
    /// PERSON, ORG, LOC and ROLE spans (from the rules, the tagger, or both).
    Entities,
    /// PERSON mentions grouped into persons.
    Persons,
    /// Titles and organizations attached to persons; roles of nobody left out of the output.
    Roles,
    /// Direct and indirect quotes with their speakers and cues.
    Quotes,
}

impl StageKind {
    /// Every stage, in pipeline order.
    pub const ALL: [StageKind; 4] = [StageKind::Entities, StageKind::Persons, StageKind::Roles, StageKind::Quotes];

    /// The name the stage is listed under.
    ///
    /// ```
    /// assert_eq!(qawl_pipeline::StageKind::Quotes.name(), "quotes");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            StageKind::Entities => "entities",
            StageKind::Persons => "persons",
            StageKind::Roles => "roles",
            StageKind::Quotes => "quotes",
        }
    }
}

impl std::fmt::Display for StageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A field of [`crate::Document`] a stage reads or writes.
///
/// ```
/// assert_eq!(qawl_pipeline::Field::PersonGender.name(), "persons.gender");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// [`crate::Document::entities`].
    Entities,
    /// [`crate::Document::persons`]: who is mentioned, by which entities.
    Persons,
    /// Each person's `roles`.
    PersonRoles,
    /// Each person's `organizations`.
    PersonOrganizations,
    /// Each person's `gender`.
    PersonGender,
    /// [`crate::Document::quotes`].
    Quotes,
}

impl Field {
    /// The field's path in the JSON record (`persons.roles`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Entities => "entities",
            Field::Persons => "persons",
            Field::PersonRoles => "persons.roles",
            Field::PersonOrganizations => "persons.organizations",
            Field::PersonGender => "persons.gender",
            Field::Quotes => "quotes",
        }
    }
}

/// One step of the pipeline: reads some fields of the document and writes others.
pub(crate) trait Stage: Send + Sync {
    fn kind(&self) -> StageKind;
    /// Fields that an earlier stage must write.
    fn requires(&self) -> &'static [Field];
    /// Fields the stage writes.
    fn assigns(&self) -> &'static [Field];
    /// Reads the document's context (analysis, tokens, lexicon) and the earlier stages'
    /// annotations, and writes its own.
    fn process(&self, ctx: &Context, ann: &mut Annotations);
}

/// Checks that every field a stage reads is written by a stage before it.
pub(crate) fn check_contract(stages: &[Box<dyn Stage>]) -> Result<(), Error> {
    let mut written: Vec<Field> = Vec::new();
    for stage in stages {
        if let Some(&field) = stage.requires().iter().find(|f| !written.contains(f)) {
            return Err(Error::Contract { stage: stage.kind().name(), field: field.name() });
        }
        written.extend_from_slice(stage.assigns());
    }
    Ok(())
}

/// Where entity spans come from: the rules, the tagger, or both merged.
pub(crate) trait EntityFinder: Send + Sync {
    /// Spans found in one document (its words index its tokens one to one).
    fn find(&self, ctx: &Context) -> Result<Vec<Found>, Error>;
}

/// Gazetteers and title/name rules, speakers of cues completed (the baseline without a model).
pub(crate) struct RuleFinder;

impl EntityFinder for RuleFinder {
    fn find(&self, ctx: &Context) -> Result<Vec<Found>, Error> {
        Ok(speakers::complete(RuleEntities::new(ctx).find(), &[], ctx.lexicon, ctx.tokens, ctx.chars()))
    }
}

/// The trained tagger alone.
pub(crate) struct TaggerFinder {
    pub tagger: ModelTagger,
}

impl EntityFinder for TaggerFinder {
    fn find(&self, ctx: &Context) -> Result<Vec<Found>, Error> {
        self.tagger.find(ctx.analysis, ctx.tokens)
    }
}

/// The rules, with the tagger's sure names, organizations and places where no rule span is.
pub(crate) struct HybridFinder {
    pub tagger: ModelTagger,
}

impl EntityFinder for HybridFinder {
    fn find(&self, ctx: &Context) -> Result<Vec<Found>, Error> {
        let model = self.tagger.find(ctx.analysis, ctx.tokens)?;
        let merged = merge(model.clone(), ctx);
        let found = speakers::complete(merged, &model, ctx.lexicon, ctx.tokens, ctx.chars());
        Ok(name_spans::finish(found, ctx.lexicon, ctx.tokens, ctx.chars()))
    }
}

/// The finder for an entity source; `tagger` is needed by all but the rules.
pub(crate) fn finder(source: EntitySource, tagger: Option<ModelTagger>) -> Box<dyn EntityFinder> {
    match (source, tagger) {
        (EntitySource::Model, Some(tagger)) => Box::new(TaggerFinder { tagger }),
        (EntitySource::Hybrid, Some(tagger)) => Box::new(HybridFinder { tagger }),
        _ => Box::new(RuleFinder),
    }
}

/// The `entities` stage over one [`EntityFinder`]. A finder that fails on a document (the
/// tagger) leaves the document without entities and says why in [`Document::errors`]; no
/// other source stands in for it silently.
pub(crate) struct Entities {
    pub source: EntitySource,
    pub finder: Box<dyn EntityFinder>,
}

impl Stage for Entities {
    fn kind(&self) -> StageKind {
        StageKind::Entities
    }
    fn requires(&self) -> &'static [Field] {
        &[]
    }
    fn assigns(&self) -> &'static [Field] {
        &[Field::Entities]
    }
    fn process(&self, ctx: &Context, ann: &mut Annotations) {
        let found = match self.finder.find(ctx) {
            Ok(found) => found,
            Err(e) => {
                ann.errors.push(format!("entities: {e}"));
                Vec::new()
            }
        };
        ann.set_entities(ctx, found, self.source);
    }
}

/// Groups PERSON mentions into persons.
pub(crate) struct Persons;

impl Stage for Persons {
    fn kind(&self) -> StageKind {
        StageKind::Persons
    }
    fn requires(&self) -> &'static [Field] {
        &[Field::Entities]
    }
    fn assigns(&self) -> &'static [Field] {
        &[Field::Persons, Field::PersonGender]
    }
    fn process(&self, ctx: &Context, ann: &mut Annotations) {
        crate::persons::cluster(ctx, ann);
    }
}

/// Attaches ROLE and ORG entities to persons; roles of nobody are left out of the output.
pub(crate) struct Roles;

impl Stage for Roles {
    fn kind(&self) -> StageKind {
        StageKind::Roles
    }
    fn requires(&self) -> &'static [Field] {
        &[Field::Entities, Field::Persons]
    }
    fn assigns(&self) -> &'static [Field] {
        &[Field::PersonRoles, Field::PersonOrganizations, Field::PersonGender, Field::Entities]
    }
    fn process(&self, ctx: &Context, ann: &mut Annotations) {
        crate::roles::link(ctx, ann);
    }
}

/// Direct and indirect quotes with speakers and cues.
pub(crate) struct Quotes;

impl Stage for Quotes {
    fn kind(&self) -> StageKind {
        StageKind::Quotes
    }
    fn requires(&self) -> &'static [Field] {
        &[Field::Entities, Field::Persons]
    }
    fn assigns(&self) -> &'static [Field] {
        &[Field::Quotes, Field::PersonGender]
    }
    fn process(&self, ctx: &Context, ann: &mut Annotations) {
        crate::quotes::extract(ctx, ann);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(StageKind, &'static [Field], &'static [Field]);
    impl Stage for Fake {
        fn kind(&self) -> StageKind {
            self.0
        }
        fn requires(&self) -> &'static [Field] {
            self.1
        }
        fn assigns(&self) -> &'static [Field] {
            self.2
        }
        fn process(&self, _: &Context, _: &mut Annotations) {}
    }

    #[test]
    fn a_stage_reading_what_no_earlier_stage_writes_is_refused() {
        let entities = || Box::new(Fake(StageKind::Entities, &[], &[Field::Entities])) as Box<dyn Stage>;
        let persons = || Box::new(Fake(StageKind::Persons, &[Field::Entities], &[Field::Persons])) as Box<dyn Stage>;
        let quotes = || Box::new(Fake(StageKind::Quotes, &[Field::Entities, Field::Persons], &[Field::Quotes])) as Box<dyn Stage>;
        assert!(check_contract(&[entities(), persons(), quotes()]).is_ok());
        let err = check_contract(&[entities(), quotes()]).unwrap_err();
        assert!(matches!(err, Error::Contract { stage: "quotes", field: "persons" }), "{err}");
        let err = check_contract(&[persons(), entities()]).unwrap_err();
        assert_eq!(err.to_string(), "stage persons reads entities, which no earlier stage writes");
    }
}
