//! How a [`Pipeline`] is made: from a model directory, with an entity source, stages and
//! threads chosen, the stage contract checked.

use super::Pipeline;
use crate::entities::model::ModelTagger;
use crate::entities::source::EntitySource;
use crate::error::Error;
use crate::lexicon::Lexicon;
use crate::stages::{check_contract, finder, Entities, EntityFinder, Persons, Quotes, Roles, Stage, StageKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a [`Pipeline`] is built: the model directory, the entity source, the stages, the
/// threads. [`Pipeline::builder`] starts one.
///
/// ```
/// use qawl_pipeline::{default_model_dir, EntitySource, Pipeline, StageKind};
/// let pipeline = Pipeline::builder(default_model_dir())
///     .entities(EntitySource::Rules)
///     .stages(&[StageKind::Entities, StageKind::Persons])
///     .threads(2)
///     .build()?;
/// assert_eq!(pipeline.stage_names(), ["entities", "persons"]);
/// # Ok::<(), qawl_pipeline::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PipelineBuilder {
    model_dir: PathBuf,
    source: EntitySource,
    stages: Vec<StageKind>,
    threads: Option<usize>,
}

impl PipelineBuilder {
    /// Where entities come from (default [`EntitySource::Hybrid`]).
    ///
    /// ```
    /// # use qawl_pipeline::{default_model_dir, EntitySource, Pipeline};
    /// let p = Pipeline::builder(default_model_dir()).entities(EntitySource::Rules).build()?;
    /// assert_eq!(p.entity_source(), EntitySource::Rules);
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn entities(mut self, source: EntitySource) -> Self {
        self.source = source;
        self
    }

    /// The stages to run, in pipeline order whatever the order given (default: all of
    /// [`StageKind::ALL`]). A stage that reads what no chosen stage before it writes makes
    /// [`PipelineBuilder::build`] fail with [`Error::Contract`].
    ///
    /// ```
    /// # use qawl_pipeline::{default_model_dir, EntitySource, Error, Pipeline, StageKind};
    /// let b = Pipeline::builder(default_model_dir()).entities(EntitySource::Rules);
    /// assert!(matches!(b.stages(&[StageKind::Quotes]).build(), Err(Error::Contract { .. })));
    /// ```
    pub fn stages(mut self, stages: &[StageKind]) -> Self {
        self.stages = stages.to_vec();
        self.stages.sort();
        self.stages.dedup();
        self
    }

    /// Documents run `n` at a time in [`Pipeline::process_batch`] and inside
    /// [`Pipeline::install`], on a pool the pipeline owns (default: rayon's global pool).
    ///
    /// ```
    /// # use qawl_pipeline::{default_model_dir, EntitySource, Pipeline};
    /// let p = Pipeline::builder(default_model_dir()).entities(EntitySource::Rules).threads(2).build()?;
    /// assert_eq!(p.install(rayon::current_num_threads), 2);
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n);
        self
    }

    /// Loads the lexicon and, for the tagger's sources, the tagger; checks the stage contract.
    ///
    /// A pipeline with a tagger runs each of the tagger's matrix products on one thread:
    /// documents run in parallel instead, which is faster (BENCHMARKS.md). candle reads that
    /// count only from `CANDLE_NUM_THREADS`, so `build` sets it to 1 before the tagger loads,
    /// unless it is set already.
    ///
    /// ```
    /// # use qawl_pipeline::{EntitySource, Pipeline};
    /// assert!(Pipeline::builder("/nonexistent").entities(EntitySource::Rules).build().is_err());
    /// ```
    pub fn build(self) -> Result<Pipeline, Error> {
        let model_dir = self.model_dir.as_path();
        let lexicon_dir = model_dir.join("lexicon");
        if !lexicon_dir.is_dir() {
            return Err(Error::Model { path: model_dir.to_path_buf(), message: "no lexicon/ directory".into() });
        }
        let lexicon = Arc::new(Lexicon::load(&lexicon_dir)?);
        let mut stages: Vec<Box<dyn Stage>> = Vec::new();
        for kind in &self.stages {
            stages.push(match kind {
                StageKind::Entities => Box::new(Entities { source: self.source, finder: entity_finder(model_dir, self.source)? }),
                StageKind::Persons => Box::new(Persons),
                StageKind::Roles => Box::new(Roles),
                StageKind::Quotes => Box::new(Quotes),
            });
        }
        check_contract(&stages)?;
        let pool = match self.threads {
            Some(n) => Some(rayon::ThreadPoolBuilder::new().num_threads(n).build().map_err(Error::Threads)?),
            None => None,
        };
        Ok(Pipeline { lexicon, stages, source: self.source, pool })
    }
}

/// The entity finder of a source: the rules, or the tagger in `<model_dir>/tagger` (alone
/// or merged with the rules).
fn entity_finder(model_dir: &Path, source: EntitySource) -> Result<Box<dyn EntityFinder>, Error> {
    if source == EntitySource::Rules {
        return Ok(finder(source, None));
    }
    let tagger_dir = model_dir.join("tagger");
    if !tagger_dir.join("config.json").is_file() {
        return Err(Error::Model { path: tagger_dir, message: format!("no tagger here (config.json missing); the {source} entity source needs one: give another --model, or use --entities rules") });
    }
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        std::env::set_var("CANDLE_NUM_THREADS", "1");
    }
    let tagger = ModelTagger::load(&tagger_dir, &model_dir.join("vocab.json"))?;
    Ok(finder(source, Some(tagger)))
}

impl Pipeline {
    /// A builder over a model directory (`models/`: `lexicon/`, `vocab.json`, `tagger/`).
    ///
    /// ```
    /// # use qawl_pipeline::{default_model_dir, EntitySource, Pipeline};
    /// let pipeline = Pipeline::builder(default_model_dir()).entities(EntitySource::Rules).build()?;
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn builder(model_dir: impl Into<PathBuf>) -> PipelineBuilder {
        PipelineBuilder { model_dir: model_dir.into(), source: EntitySource::Hybrid, stages: StageKind::ALL.to_vec(), threads: None }
    }

    /// The default pipeline from a model directory (`models/`): gazetteers from `lexicon/`,
    /// entities from the rules with the gaps filled by the tagger in `tagger/`
    /// ([`EntitySource::Hybrid`]), then persons, roles, quotes. A directory without a tagger
    /// is an error naming it (a silent switch to the rules would change every result);
    /// [`Pipeline::rules`] needs none. BENCHMARKS.md compares the sources.
    ///
    /// ```no_run
    /// let pipeline = qawl_pipeline::Pipeline::load(&qawl_pipeline::default_model_dir())?;
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn load(model_dir: &Path) -> Result<Self, Error> {
        Self::builder(model_dir).build()
    }

    /// Like [`Pipeline::load`] with the entity source chosen.
    ///
    /// ```no_run
    /// use qawl_pipeline::{default_model_dir, EntitySource, Pipeline};
    /// let tagger_only = Pipeline::load_with(&default_model_dir(), EntitySource::Model)?;
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn load_with(model_dir: &Path, source: EntitySource) -> Result<Self, Error> {
        Self::builder(model_dir).entities(source).build()
    }

    /// The rules pipeline ([`EntitySource::Rules`]): no tagger, the fastest.
    ///
    /// ```
    /// let pipeline = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir())?;
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn rules(model_dir: &Path) -> Result<Self, Error> {
        Self::builder(model_dir).entities(EntitySource::Rules).build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::default_model_dir;

    #[test]
    fn a_model_directory_without_a_tagger_is_an_error_for_the_default() {
        // A copy of the shipped lexicon without tagger/: the rules load, the default does not.
        let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let dir = std::env::temp_dir().join(format!("qawl-no-tagger-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lexicon")).unwrap();
        for entry in std::fs::read_dir(models.join("lexicon")).unwrap() {
            let p = entry.unwrap().path();
            std::fs::copy(&p, dir.join("lexicon").join(p.file_name().unwrap())).unwrap();
        }
        assert!(Pipeline::load_with(&dir, EntitySource::Rules).is_ok());
        let err = Pipeline::load(&dir).err().expect("no tagger there");
        let message = err.to_string();
        assert!(message.contains(&dir.join("tagger").display().to_string()) && message.contains("--entities rules"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stages_are_chosen_by_kind_and_their_contract_is_checked() {
        let only = |kinds: &[StageKind]| Pipeline::builder(default_model_dir()).entities(EntitySource::Rules).stages(kinds).build();
        assert_eq!(only(&[StageKind::Persons, StageKind::Entities]).unwrap().stages(), [StageKind::Entities, StageKind::Persons]);
        let err = only(&[StageKind::Entities, StageKind::Roles]).err().expect("roles need persons");
        assert!(matches!(err, Error::Contract { stage: "roles", field: "persons" }), "{err}");
        assert!(only(&[StageKind::Persons]).is_err());
        // The rules pipeline loads no tagger, so its stages need nothing from tagger/.
        assert_eq!(Pipeline::rules(&default_model_dir()).unwrap().stage_names(), ["entities", "persons", "roles", "quotes"]);
    }

    #[test]
    fn missing_model_directory_is_an_error_naming_it() {
        let err = Pipeline::load(Path::new("/nonexistent/qawl-models")).err().expect("no model there");
        assert!(err.to_string().contains("/nonexistent/qawl-models"), "{err}");
    }
}
