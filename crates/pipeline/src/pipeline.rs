//! [`Pipeline`]: built once, called on many documents from many threads.

use crate::document::Document;
use crate::error::Error;
use crate::lexicon::Lexicon;
use crate::entities::model::{EntitySource, ModelTagger};
use crate::stages::{LexiconEntities, Persons, Quotes, Roles, Stage, TaggerEntities};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the shipped model lives: `$QAWL_MODEL_DIR`, else `models/` of this source tree.
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

pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// The default pipeline from a model directory (`models/`): gazetteers from `lexicon/`,
    /// entities from the rules with the gaps filled by the tagger in `tagger/`
    /// ([`EntitySource::Hybrid`]; the rules alone when the directory has no tagger), then
    /// persons, roles, quotes. BENCHMARKS.md compares the sources; [`Pipeline::load_with`]
    /// picks one.
    pub fn load(model_dir: &Path) -> Result<Self, Error> {
        Self::load_with(model_dir, Self::default_source(model_dir))
    }

    /// The entity source [`Pipeline::load`] uses for `model_dir`.
    pub fn default_source(model_dir: &Path) -> EntitySource {
        if model_dir.join("tagger").join("config.json").is_file() {
            EntitySource::Hybrid
        } else {
            EntitySource::Rules
        }
    }

    /// Like [`Pipeline::load`] with the entity source chosen.
    pub fn load_with(model_dir: &Path, source: EntitySource) -> Result<Self, Error> {
        let lexicon_dir = model_dir.join("lexicon");
        if !lexicon_dir.is_dir() {
            return Err(Error::Model { path: model_dir.to_path_buf(), message: "no lexicon/ directory".into() });
        }
        let lexicon = Arc::new(Lexicon::load(&lexicon_dir)?);
        let entities: Box<dyn Stage> = match source {
            EntitySource::Rules => Box::new(LexiconEntities { lexicon: lexicon.clone() }),
            _ => {
                let tagger = ModelTagger::load(&model_dir.join("tagger"), &model_dir.join("vocab.json"))?;
                Box::new(TaggerEntities { lexicon: lexicon.clone(), tagger, source })
            }
        };
        Ok(Self::with_entity_stage(lexicon, entities))
    }

    /// The standard stages after a given entity stage.
    pub fn with_entity_stage(lexicon: Arc<Lexicon>, entities: Box<dyn Stage>) -> Self {
        let stages: Vec<Box<dyn Stage>> = vec![
            entities,
            Box::new(Persons { lexicon: lexicon.clone() }),
            Box::new(Roles { lexicon: lexicon.clone() }),
            Box::new(Quotes { lexicon }),
        ];
        Pipeline { stages }
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage on one text.
    pub fn process(&self, id: &str, text: &str) -> Document {
        let mut doc = Document::new(id, text);
        self.run(&mut doc);
        doc
    }

    /// Runs every stage on a document whose text is set (annotations are replaced).
    pub fn run(&self, doc: &mut Document) {
        for stage in &self.stages {
            stage.process(doc);
        }
    }

    /// Runs only the `entities` stage: raw tagger or rule output, before roles of nobody are
    /// dropped. This is what token-level NER benchmarks (`qawl eval --conll`) measure.
    pub fn process_entities(&self, id: &str, text: &str) -> Document {
        let mut doc = Document::new(id, text);
        for stage in self.stages.iter().filter(|s| s.name() == "entities") {
            stage.process(&mut doc);
        }
        doc
    }

    /// Processes many documents in parallel; results keep the input order. With the tagger,
    /// set `CANDLE_NUM_THREADS=1` before the first call: one document per core is faster
    /// than every core on each matrix product (BENCHMARKS.md).
    pub fn process_batch(&self, docs: &[(String, String)]) -> Vec<Document> {
        docs.par_iter().map(|(id, text)| self.process(id, text)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_is_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
    }

    #[test]
    fn the_tagger_fills_gaps_by_default_when_there_is_one() {
        let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let expected = if models.join("tagger/config.json").is_file() { EntitySource::Hybrid } else { EntitySource::Rules };
        assert_eq!(Pipeline::default_source(&models), expected);
        assert_eq!(Pipeline::default_source(Path::new("/nonexistent/qawl-models")), EntitySource::Rules);
    }

    #[test]
    fn missing_model_directory_is_an_error_naming_it() {
        let err = Pipeline::load(Path::new("/nonexistent/qawl-models")).err().expect("no model there");
        assert!(err.to_string().contains("/nonexistent/qawl-models"), "{err}");
    }
}
