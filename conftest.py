"""pytest fixtures shared by the Python tests (crates/python/tests, examples/spark):
the `qawl` binary to compare against, and SaudiNewsNet articles from ../shared."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent
SAUDINEWSNET = REPO.parent / "shared" / "data" / "news" / "saudinewsnet" / "text.txt"


# The fields of a `qawl extract` record that come from the document itself. A newer CLI
# also writes where the record came from (`qawl`: version, entity source, model) and the
# input record's other fields; the Python `Doc` knows only the document.
DOCUMENT_FIELDS = ("id", "text", "entities", "persons", "quotes", "error")


@pytest.fixture(scope="session")
def document_fields():
    """`document_fields(record)`: the record without what the CLI adds around the document."""
    return lambda record: {k: v for k, v in record.items() if k in DOCUMENT_FIELDS}


@pytest.fixture(scope="session")
def qawl_bin() -> Path:
    """The CLI built by `cargo build --release -p qawl-cli` (tools/test_python.sh builds it)."""
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    path = target / "release" / "qawl"
    if not path.is_file():
        pytest.skip(f"skipped: no qawl binary at {path}; run cargo build --release -p qawl-cli")
    return path


@pytest.fixture(scope="session")
def extract(qawl_bin):
    """`extract(inputs, out, *args)`: runs `qawl extract INPUTS -o OUT ARGS` and reads the
    records back (the exit code is 1 when a record failed)."""

    def run(inputs: list[Path], out: Path, *args: str) -> list[dict]:
        done = subprocess.run([str(qawl_bin), "extract", "-q", *map(str, inputs), "-o", str(out), *args], capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    return run


@pytest.fixture(scope="session")
def saudinewsnet(extract, tmp_path_factory):
    """`saudinewsnet(n)`: the CLI's records (default entities, text kept) for the first n
    articles of SaudiNewsNet's text.txt. Their ids and texts are the inputs the Python side
    gets, so both read the archive through the CLI's one reader."""
    if not SAUDINEWSNET.is_file():
        pytest.skip(f"skipped: {SAUDINEWSNET} is absent (../shared not laid out)")
    cache: dict[int, list[dict]] = {}

    def records(n: int) -> list[dict]:
        if n not in cache:
            out = tmp_path_factory.mktemp("cli") / f"saudinewsnet-{n}.jsonl"
            cache[n] = extract([SAUDINEWSNET], out, "--limit", str(n))
            assert len(cache[n]) == n
        return cache[n]

    return records
