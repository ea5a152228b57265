"""qawl: who is in Arabic news, what they do, and who said what.

>>> import qawl
>>> nlp = qawl.load()
>>> doc = nlp("وقال الوزير محمد السالمي إن الاجتماع مهم.")
>>> [(q.speaker_name, q.text) for q in doc.quotes]
[('محمد السالمي', 'الاجتماع مهم')]

``doc.to_json()`` is the line ``qawl extract`` writes for the same article;
``nlp.pipe(texts_or_records)`` processes many in parallel, in input order.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from ._qawl import Cue, Doc, DocStream, Entity, ModelError, Person, Pipeline, Quote

__all__ = ["load", "default_model_dir", "Pipeline", "Doc", "DocStream", "Entity", "Person", "Quote", "Cue", "ModelError"]

# Where the wheel carries the shipped model (copied in at build time).
_BUNDLED = Path(__file__).parent / "models"


def default_model_dir() -> Path:
    """The model `load()` uses by default: $QAWL_MODEL_DIR (as for the `qawl` command),
    else the one inside this package."""
    env = os.environ.get("QAWL_MODEL_DIR")
    if env:
        return Path(env)
    if _BUNDLED.is_dir():
        return _BUNDLED
    raise ModelError(f"no model in the package ({_BUNDLED} is missing) and QAWL_MODEL_DIR is not set; pass model_dir=")


def load(model_dir: Optional[Union[str, os.PathLike]] = None, entities: str = "hybrid") -> Pipeline:
    """Builds the pipeline once; call it on texts, or use `.pipe` for many.

    `entities` is where entity spans come from, as `qawl --entities`: "hybrid" (rules, gaps
    filled by the tagger), "rules" (no tagger; much faster) or "model" (the tagger alone).
    Raises `ModelError` for a missing or incomplete model directory, `ValueError` for an
    unknown `entities`.
    """
    directory = Path(model_dir) if model_dir is not None else default_model_dir()
    return Pipeline(str(directory), entities)
