#!/usr/bin/env python3
"""Docs/s of `nlp.pipe` against `qawl extract` on the same articles (BENCHMARKS.md).

    target/pyenv/bin/python tools/bench_pipe.py [--archive TEXT.TXT] [--limit 2000] [--rounds 2] [--entities hybrid]

Each round runs the CLI on the archive (`extract ARCHIVE --limit N -q -o OUT`, default
entities), then the wheel on the CLI's own output ids and texts, so both see the same
articles. Both timings include loading the model, reading the input and writing JSON
lines, and the two outputs' document fields are compared. The load average is printed
with each figure, because other jobs share the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import qawl

REPO = Path(__file__).resolve().parents[1]


def load_average() -> str:
    return "load %.2f" % os.getloadavg()[0]


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def cli(qawl_bin: Path, archive: Path, limit: int, out: Path, entities: str) -> tuple[float, float]:
    """Wall and CPU seconds of `qawl extract`."""
    started, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
    subprocess.run([str(qawl_bin), "--entities", entities, "extract", str(archive), "--limit", str(limit), "-q", "-o", str(out)], check=True)
    return time.perf_counter() - started, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu


def pipe(records: Path, out: Path, batch_size: int, entities: str) -> tuple[float, float]:
    """Wall and CPU seconds of loading the wheel's pipeline and piping the records through it."""
    started, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    nlp = qawl.load(entities=entities)
    with records.open(encoding="utf-8") as lines, out.open("w", encoding="utf-8") as sink:
        items = ({"id": r["id"], "text": r["text"]} for r in map(json.loads, lines))
        for doc in nlp.pipe(items, batch_size=batch_size):
            sink.write(doc.to_json() + "\n")
    return time.perf_counter() - started, cpu_seconds(resource.RUSAGE_SELF) - cpu


def documents(path: Path) -> list[dict]:
    """The records' document fields (a newer CLI adds provenance and input metadata)."""
    keep = ("id", "text", "entities", "persons", "quotes", "error")
    return [{k: v for k, v in json.loads(line).items() if k in keep} for line in path.read_text(encoding="utf-8").splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=REPO.parent / "shared/data/news/saudinewsnet/text.txt")
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--entities", default="hybrid", choices=["hybrid", "rules", "model"])
    parser.add_argument("--qawl", type=Path, default=Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target") / "release/qawl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cli_out, py_out = Path(tmp) / "cli.jsonl", Path(tmp) / "py.jsonl"
        for round in range(1, args.rounds + 1):
            before = load_average()
            t_cli, cpu_cli = cli(args.qawl, args.archive, args.limit, cli_out, args.entities)
            print(f"round {round}: qawl extract {args.limit / t_cli:6.1f} docs/s ({t_cli:.1f} s, {cpu_cli:.1f} CPU s; {before} before)", flush=True)
            before = load_average()
            t_py, cpu_py = pipe(cli_out, py_out, args.batch_size, args.entities)
            same = documents(cli_out) == documents(py_out)
            print(f"round {round}: nlp.pipe     {args.limit / t_py:6.1f} docs/s ({t_py:.1f} s, {cpu_py:.1f} CPU s; {before} before); docs/s ratio {t_cli / t_py:.2f}; same documents: {same}", flush=True)


if __name__ == "__main__":
    main()
