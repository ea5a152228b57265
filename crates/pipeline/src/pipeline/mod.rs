//! [`Pipeline`]: built once (`builder.rs`), called on many documents from many threads
//! (`run.rs`).

mod builder;
mod run;

pub use builder::PipelineBuilder;

use crate::entities::source::EntitySource;
use crate::lexicon::Lexicon;
use crate::stages::{Stage, StageKind};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the shipped model lives: `$QAWL_MODEL_DIR`, else `models/` of this source tree.
///
/// ```
/// assert!(qawl_pipeline::default_model_dir().join("lexicon").is_dir());
/// ```
pub fn default_model_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("QAWL_MODEL_DIR") {
        return PathBuf::from(dir);
    }
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
    if here.exists() {
        return here;
    }
    PathBuf::from("models")
}

/// The stages over a model directory, built once and called on many documents from many
/// threads ([`Pipeline`] is `Send + Sync`).
///
/// ```
/// use qawl_pipeline::{default_model_dir, Pipeline};
/// // The rules need no tagger; `Pipeline::load` adds the shipped tagger (the hybrid source).
/// let pipeline = Pipeline::rules(&default_model_dir())?;
/// let doc = pipeline.process("وقال الوزير محمد بن سالم إن اللقاء مهم.");
/// assert_eq!(doc.persons[0].name, "محمد بن سالم");
/// assert_eq!(doc.speaker(&doc.quotes[0]).map(|p| p.name.as_str()), Some("محمد بن سالم"));
/// # Ok::<(), qawl_pipeline::Error>(())
/// ```
pub struct Pipeline {
    lexicon: Arc<Lexicon>,
    stages: Vec<Box<dyn Stage>>,
    source: EntitySource,
    /// The pool documents run on in [`Pipeline::process_batch`] and [`Pipeline::install`],
    /// when [`PipelineBuilder::threads`] was given.
    pool: Option<rayon::ThreadPool>,
}

impl Pipeline {
    /// Where this pipeline's entities come from.
    ///
    /// ```
    /// # use qawl_pipeline::{default_model_dir, EntitySource, Pipeline};
    /// assert_eq!(Pipeline::rules(&default_model_dir())?.entity_source(), EntitySource::Rules);
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn entity_source(&self) -> EntitySource {
        self.source
    }

    /// The stages, in the order they run.
    ///
    /// ```
    /// # use qawl_pipeline::{default_model_dir, Pipeline, StageKind};
    /// assert_eq!(Pipeline::rules(&default_model_dir())?.stages(), StageKind::ALL);
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn stages(&self) -> Vec<StageKind> {
        self.stages.iter().map(|s| s.kind()).collect()
    }

    /// The names of the stages, in the order they run.
    ///
    /// ```
    /// # use qawl_pipeline::{default_model_dir, Pipeline};
    /// assert_eq!(Pipeline::rules(&default_model_dir())?.stage_names(), ["entities", "persons", "roles", "quotes"]);
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.kind().name()).collect()
    }
}
