//! [`Pipeline`]: built once, called on many documents from many threads.

use crate::annotations::Annotations;
use crate::document::{Document, Entity};
use crate::entities::model::ModelTagger;
use crate::entities::source::EntitySource;
use crate::error::Error;
use crate::lexicon::Lexicon;
use crate::stages::{check_contract, finder, Entities, EntityFinder, Persons, Quotes, Roles, Stage, StageKind};
use crate::view::{self, Context};
use qawl_tokenizer::Analysis;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
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

    /// Runs every stage on one text; the document's id is empty.
    ///
    /// ```
    /// # let pipeline = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir())?;
    /// let doc = pipeline.process("قال الوزير محمد بن سالم.");
    /// assert_eq!(doc.persons[0].name, "محمد بن سالم");
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn process(&self, text: &str) -> Document {
        self.process_with_id("", text)
    }

    /// Runs every stage on one text with its id.
    ///
    /// ```
    /// # let pipeline = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir())?;
    /// let doc = pipeline.process_with_id("d1", "قال الوزير محمد بن سالم.");
    /// assert_eq!(doc.id, "d1");
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn process_with_id(&self, id: &str, text: &str) -> Document {
        let mut doc = Document::new(id, text);
        self.run(&mut doc);
        doc
    }

    /// Runs every stage on a document whose text is set (annotations are replaced).
    ///
    /// ```
    /// # let pipeline = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir())?;
    /// let mut doc = qawl_pipeline::Document::new("d1", "قال الوزير محمد بن سالم.");
    /// pipeline.run(&mut doc);
    /// assert!(!doc.entities.is_empty());
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn run(&self, doc: &mut Document) {
        self.run_stages(doc, |_| true);
    }

    /// The document's analysis and token view, built once, then the chosen stages over them.
    fn run_stages(&self, doc: &mut Document, chosen: impl Fn(StageKind) -> bool) {
        let analysis = Analysis::new(&doc.text);
        let tokens = view::tokens(&analysis, &self.lexicon);
        let ctx = Context { analysis: &analysis, tokens: &tokens, lexicon: &self.lexicon };
        let mut ann = Annotations::default();
        for stage in self.stages.iter().filter(|s| chosen(s.kind())) {
            stage.process(&ctx, &mut ann);
        }
        ann.render(&ctx, doc);
    }

    /// The entity spans of a text as the `entities` stage finds them, before any is linked:
    /// a ROLE next to no person is among them (the output leaves it out once roles are
    /// linked). This is what token-level NER benchmarks (`qawl eval --conll`) measure.
    ///
    /// ```
    /// # let pipeline = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir())?;
    /// let entities = pipeline.entities("قال الوزير محمد بن سالم.");
    /// let texts: Vec<&str> = entities.iter().map(|e| e.text.as_str()).collect();
    /// assert_eq!(texts, ["الوزير", "محمد بن سالم"]);
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn entities(&self, text: &str) -> Vec<Entity> {
        let mut doc = Document::new("", text);
        self.run_stages(&mut doc, |kind| kind == StageKind::Entities);
        doc.entities
    }

    /// Processes `(id, text)` pairs in parallel (on the pipeline's threads when
    /// [`PipelineBuilder::threads`] was given); results keep the input order.
    ///
    /// ```
    /// # let pipeline = qawl_pipeline::Pipeline::rules(&qawl_pipeline::default_model_dir())?;
    /// let texts = ["قال الوزير محمد بن سالم.", "وصل الرئيس إلى الرياض."];
    /// let docs = pipeline.process_batch(texts.iter().enumerate().map(|(i, t)| (format!("d{i}"), *t)));
    /// assert_eq!(docs[1].id, "d1");
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn process_batch<I, Id, T>(&self, docs: I) -> Vec<Document>
    where
        I: IntoIterator<Item = (Id, T)>,
        Id: Into<String>,
        T: Into<String>,
    {
        let docs: Vec<Document> = docs.into_iter().map(|(id, text)| Document::new(id, text)).collect();
        self.install(|| {
            docs.into_par_iter()
                .map(|mut doc| {
                    self.run(&mut doc);
                    doc
                })
                .collect()
        })
    }

    /// Runs `f` on the pipeline's thread pool when it has one (so rayon's parallel
    /// iterators inside use [`PipelineBuilder::threads`] threads), else here.
    ///
    /// ```
    /// use rayon::prelude::*;
    /// # let pipeline = qawl_pipeline::Pipeline::builder(qawl_pipeline::default_model_dir()).entities(qawl_pipeline::EntitySource::Rules).threads(2).build()?;
    /// let counts: Vec<usize> = pipeline.install(|| ["قال الوزير.", "نص."].par_iter().map(|t| pipeline.process(t).entities.len()).collect());
    /// assert_eq!(counts.len(), 2);
    /// # Ok::<(), qawl_pipeline::Error>(())
    /// ```
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
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

    /// An entity finder that always fails, as a tagger may on one document.
    struct Failing;
    impl EntityFinder for Failing {
        fn find(&self, _: &Context) -> Result<Vec<crate::entities::rules::Found>, Error> {
            Err(Error::Transformer(qawl_transformer::Error::Invalid("no memory for this batch".into())))
        }
    }

    #[test]
    fn a_tagger_failure_is_reported_in_the_document_not_replaced_by_the_rules() {
        let mut pipeline = Pipeline::rules(&default_model_dir()).unwrap();
        pipeline.stages[0] = Box::new(Entities { source: EntitySource::Rules, finder: Box::new(Failing) });
        let doc = pipeline.process("وقال الوزير محمد بن سالم إن اللقاء مهم.");
        assert!(doc.entities.is_empty(), "{:?}", doc.entities);
        assert_eq!(doc.errors, ["entities: the tagger failed: invalid setting: no memory for this batch"]);
        assert_eq!(doc.to_json()["errors"][0], doc.errors[0]);
        // Without a failure the field is absent from the record.
        let ok = Pipeline::rules(&default_model_dir()).unwrap().process("وقال الوزير محمد بن سالم إن اللقاء مهم.");
        assert!(ok.errors.is_empty() && ok.to_json().get("errors").is_none());
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
    fn the_library_api_reads_without_mut_and_slices_by_bytes() {
        let p = Pipeline::builder(default_model_dir()).entities(EntitySource::Rules).threads(2).build().unwrap();
        let text = "وقال الدكتور محمد بن سالم مدير عام الشركة إن «الاقتصاد مهم».";
        let doc: &Document = &p.process(text);
        assert_eq!(doc.id, "");
        assert!(!doc.entities.is_empty() && !doc.quotes.is_empty());
        for e in &doc.entities {
            assert_eq!(&text[e.byte_range(text)], e.text);
            assert_eq!(doc.slice(e.span()), e.text);
        }
        for q in &doc.quotes {
            assert_eq!(&text[q.byte_range(text)], q.text);
        }
        // Offsets past the end are clamped, never a panic.
        assert_eq!(doc.slice(qawl_tokenizer::Span::new(3, 10_000)), &text[text.char_indices().nth(3).unwrap().0..]);
        // Batches from any iterator keep their order and run on the pipeline's threads.
        let docs = p.process_batch((0..5).map(|i| (format!("d{i}"), text)));
        assert_eq!(docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["d0", "d1", "d2", "d3", "d4"]);
        assert!(docs.iter().all(|d| d.to_json() == Document { id: d.id.clone(), ..doc.clone() }.to_json()));
        assert_eq!(p.install(rayon::current_num_threads), 2);
    }

    #[test]
    fn missing_model_directory_is_an_error_naming_it() {
        let err = Pipeline::load(Path::new("/nonexistent/qawl-models")).err().expect("no model there");
        assert!(err.to_string().contains("/nonexistent/qawl-models"), "{err}");
    }
}
