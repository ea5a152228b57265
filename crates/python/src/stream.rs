//! The iterator `Pipeline.pipe` returns. Inputs are read in batches with the interpreter
//! attached; each batch is then handed to the rayon pool, which processes its documents in
//! parallel while Python goes on. Two batches are kept in flight, so the pool is never idle
//! while Python consumes results or reads inputs, and the last documents of one batch
//! overlap with the first of the next one. Results come out in input order.

use crate::doc::Doc;
use crate::items::Item;
use crate::Shared;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyIterator;
use rayon::prelude::*;
use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};

/// Batches handed to the pool ahead of the one being consumed (memory: this many batches).
const IN_FLIGHT: usize = 2;

#[pyclass(module = "qawl")]
pub struct DocStream {
    shared: Arc<Shared>,
    /// `None`: rayon's global pool.
    pool: Option<Arc<rayon::ThreadPool>>,
    items: Py<PyIterator>,
    batch_size: usize,
    max_chars: usize,
    next_index: usize,
    /// One receiver per batch in the pool, oldest first; each gets the batch's documents.
    /// (In a Mutex only because a pyclass must be Sync; the stream alone uses them.)
    in_flight: VecDeque<Mutex<Receiver<Vec<Doc>>>>,
    ready: VecDeque<Doc>,
    /// An exception raised by the input iterator, re-raised once the items before it are out.
    failure: Option<PyErr>,
    exhausted: bool,
}

impl DocStream {
    pub(crate) fn new(shared: Arc<Shared>, pool: Option<Arc<rayon::ThreadPool>>, items: Py<PyIterator>, batch_size: usize, max_chars: usize) -> Self {
        DocStream { shared, pool, items, batch_size, max_chars, next_index: 0, in_flight: VecDeque::new(), ready: VecDeque::new(), failure: None, exhausted: false }
    }

    fn read_batch(&mut self, py: Python<'_>) -> Vec<Item> {
        let mut batch = Vec::with_capacity(self.batch_size);
        let mut items = self.items.bind(py).clone();
        while batch.len() < self.batch_size {
            match items.next() {
                Some(Ok(obj)) => {
                    batch.push(Item::read(&obj, self.next_index, self.max_chars));
                    self.next_index += 1;
                }
                Some(Err(e)) => {
                    self.failure = Some(e);
                    self.exhausted = true;
                }
                None => self.exhausted = true,
            }
            if self.exhausted {
                break;
            }
        }
        batch
    }

    fn submit(&mut self, batch: Vec<Item>) {
        let (done, results) = mpsc::sync_channel(1);
        let shared = self.shared.clone();
        let job = move || {
            let docs: Vec<Doc> = batch.par_iter().map(|item| shared.process(item)).collect();
            // The stream may be gone (dropped mid-way); then nobody wants them.
            let _ = done.send(docs);
        };
        match &self.pool {
            Some(pool) => pool.spawn(job),
            None => rayon::spawn(job),
        }
        self.in_flight.push_back(Mutex::new(results));
    }
}

#[pymethods]
impl DocStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Doc>> {
        loop {
            while self.in_flight.len() < IN_FLIGHT && !self.exhausted {
                let batch = self.read_batch(py);
                if !batch.is_empty() {
                    self.submit(batch);
                }
            }
            if let Some(doc) = self.ready.pop_front() {
                return Ok(Some(doc));
            }
            let Some(results) = self.in_flight.pop_front() else {
                return self.failure.take().map_or(Ok(None), Err);
            };
            let results = results.into_inner().expect("only the stream holds it");
            let docs = py.detach(move || results.recv()).map_err(|_| PyRuntimeError::new_err("a pipe worker stopped without its results"))?;
            self.ready.extend(docs);
        }
    }
}
