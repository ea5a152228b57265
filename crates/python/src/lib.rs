//! `qawl._qawl`: the native half of the `qawl` Python package (`python/qawl/` is the other).
//!
//! A `Pipeline` wraps [`qawl_pipeline::Pipeline`]. Documents are processed with the
//! interpreter detached (pyo3's `Python::detach`, formerly `allow_threads`), `pipe`'s on a
//! rayon pool ([`stream`]), so other Python threads run meanwhile and a batch uses every core.

mod doc;
mod items;
mod stream;

use doc::{Cue, Doc, Entity, Person, Quote};
use items::Item;
use stream::DocStream;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use qawl_pipeline::EntitySource;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pyo3::create_exception!(qawl, ModelError, pyo3::exceptions::PyOSError, "The model directory is missing or incomplete.");

/// What a `Pipeline` and the `pipe` streams made from it share.
pub(crate) struct Shared {
    pipeline: qawl_pipeline::Pipeline,
    /// Pools for `pipe(n_threads=N)`, built once per N; `None` uses rayon's global pool.
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

impl Shared {
    fn pool(&self, n_threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
        let mut pools = self.pools.lock().expect("no panic while holding the pool map");
        if let Some(p) = pools.get(&n_threads) {
            return Ok(p.clone());
        }
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n_threads).build().map_err(|e| PyValueError::new_err(format!("cannot start {n_threads} threads: {e}")))?;
        Ok(pools.entry(n_threads).or_insert(Arc::new(pool)).clone())
    }

    /// One document, or its error record; a panic in a stage fails this document only.
    pub(crate) fn process(&self, item: &Item) -> Doc {
        match &item.text {
            Ok(text) => match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.pipeline.process_with_id(&item.id, text))) {
                Ok(doc) => Doc::ok(doc),
                Err(_) => Doc::failed(item.id.clone(), format!("{}: internal error (see stderr)", item.origin)),
            },
            Err(why) => Doc::failed(item.id.clone(), format!("{}: {why}", item.origin)),
        }
    }
}

/// The qawl pipeline: build once (`qawl.load`), call on many texts.
#[pyclass(frozen, module = "qawl")]
struct Pipeline {
    shared: Arc<Shared>,
    #[pyo3(get)]
    model_dir: PathBuf,
    #[pyo3(get)]
    entities: String,
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (model_dir, entities = "hybrid"))]
    fn new(py: Python<'_>, model_dir: PathBuf, entities: &str) -> PyResult<Self> {
        let source: EntitySource = entities.parse().map_err(|e: qawl_pipeline::ParseEntitySourceError| PyValueError::new_err(e.to_string()))?;
        // Documents run one per core, so the tagger's matrix products run on one thread each
        // (BENCHMARKS.md): the pipeline's builder sees to that, as for `qawl extract`.
        let dir = model_dir.clone();
        let pipeline = py
            .detach(move || qawl_pipeline::Pipeline::load_with(&dir, source))
            .map_err(|e| ModelError::new_err(format!("cannot load the model from {}: {e}", model_dir.display())))?;
        Ok(Pipeline { shared: Arc::new(Shared { pipeline, pools: Mutex::new(HashMap::new()) }), model_dir, entities: entities.to_string() })
    }

    /// The names of the stages, in the order they run.
    #[getter]
    fn stages(&self) -> Vec<&'static str> {
        self.shared.pipeline.stage_names()
    }

    /// Processes one text. A text that is not a `str` raises `TypeError`, an empty one
    /// `ValueError`.
    #[pyo3(signature = (text, id = "doc"))]
    fn __call__(&self, py: Python<'_>, text: &Bound<'_, PyAny>, id: &str) -> PyResult<Doc> {
        if !text.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!("text must be a str, not {}", items::type_name(text))));
        }
        let text = items::check_text(text.extract()?, usize::MAX).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let shared = self.shared.clone();
        let id = id.to_string();
        Ok(py.detach(move || Doc::ok(shared.pipeline.process_with_id(&id, &text))))
    }

    /// Processes many texts or `{"id", "text"}` records, `batch_size` at a time in parallel on
    /// `n_threads` threads (default: rayon's pool, all cores). Yields one `Doc` per input in
    /// input order; a bad input yields a `Doc` with `error` set, as `qawl extract` writes an
    /// error record.
    #[pyo3(signature = (items, batch_size = 64, n_threads = None, max_chars = 1_000_000))]
    fn pipe(&self, items: &Bound<'_, PyAny>, batch_size: usize, n_threads: Option<usize>, max_chars: usize) -> PyResult<DocStream> {
        if batch_size == 0 {
            return Err(PyValueError::new_err("batch_size must be at least 1"));
        }
        let pool = match n_threads {
            Some(0) => return Err(PyValueError::new_err("n_threads must be at least 1")),
            Some(n) => Some(self.shared.pool(n)?),
            None => None,
        };
        Ok(DocStream::new(self.shared.clone(), pool, items.try_iter()?.unbind(), batch_size, max_chars))
    }

    fn __repr__(&self) -> String {
        format!("Pipeline(model_dir={:?}, entities={:?})", self.model_dir.display().to_string(), self.entities)
    }
}

#[pymodule]
fn _qawl(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<DocStream>()?;
    m.add_class::<Doc>()?;
    m.add_class::<Entity>()?;
    m.add_class::<Person>()?;
    m.add_class::<Quote>()?;
    m.add_class::<Cue>()?;
    m.add("ModelError", m.py().get_type::<ModelError>())?;
    Ok(())
}
