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
    /// ([`EntitySource::Hybrid`]), then persons, roles, quotes. A directory without a tagger
    /// is an error naming it (a silent switch to the rules would change every result);
    /// [`Pipeline::load_with`] with [`EntitySource::Rules`] needs none. BENCHMARKS.md
    /// compares the sources.
    pub fn load(model_dir: &Path) -> Result<Self, Error> {
        Self::load_with(model_dir, EntitySource::Hybrid)
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
                let tagger_dir = model_dir.join("tagger");
                if !tagger_dir.join("config.json").is_file() {
                    return Err(Error::Model { path: tagger_dir, message: format!("no tagger here (config.json missing); the {source} entity source needs one: give another --model, or use --entities rules") });
                }
                let tagger = ModelTagger::load(&tagger_dir, &model_dir.join("vocab.json"))?;
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
    fn missing_model_directory_is_an_error_naming_it() {
        let err = Pipeline::load(Path::new("/nonexistent/qawl-models")).err().expect("no model there");
        assert!(err.to_string().contains("/nonexistent/qawl-models"), "{err}");
    }
}
