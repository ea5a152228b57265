"""Executor side of qawl_spark.py, shipped to the executors with `--py-files` (or
`addPyFile`). It is a module of its own so that its pipeline cache lives as long as the
Python worker process that imported it: Spark reuses workers across tasks
(`spark.python.worker.reuse`, on by default), so each worker loads the model once."""

from __future__ import annotations

import functools
from typing import Iterable, Iterator, Optional

import qawl


@functools.lru_cache(maxsize=None)
def pipeline(model_dir: Optional[str], entities: str) -> qawl.Pipeline:
    return qawl.load(model_dir, entities)


def annotate(rows: Iterable, model_dir: Optional[str], entities: str, batch_size: int) -> Iterator[tuple]:
    """One partition's `{id, text}` rows → `(id, record JSON)`, the record being the line
    `qawl extract --no-text` writes (an error record for a bad row)."""
    from pyspark import TaskContext

    # A task gets spark.task.cpus cores (1 unless configured); pipe uses as many threads.
    context = TaskContext.get()
    n_threads = context.cpus() if context is not None else 1
    for doc in pipeline(model_dir, entities).pipe(rows, batch_size=batch_size, n_threads=n_threads):
        yield doc.id, doc.to_json(include_text=False)
