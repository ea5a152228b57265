//! Running a [`Pipeline`]: one document, or many in parallel.

use super::Pipeline;
use crate::annotations::Annotations;
use crate::document::{Document, Entity};
use crate::stages::StageKind;
use crate::view::{self, Context};
use qawl_tokenizer::Analysis;
use rayon::prelude::*;

impl Pipeline {
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
    use crate::entities::source::EntitySource;
    use crate::error::Error;
    use crate::pipeline::default_model_dir;
    use crate::stages::{Entities, EntityFinder};

    #[test]
    fn pipeline_is_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
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
}
