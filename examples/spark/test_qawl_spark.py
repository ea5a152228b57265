"""The Spark job in local mode (`local[2]`): its Parquet tables hold what `qawl extract`
writes for the same articles."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

pq = pytest.importorskip("pyarrow.parquet", reason="skipped: pyarrow is not installed (tools/test_python.sh installs it)")
pytest.importorskip("pyspark", reason="skipped: pyspark is not installed (tools/test_python.sh installs it)")
if shutil.which("java") is None:
    pytest.skip("skipped: no java for Spark (tools/test_python.sh installs Debian's openjdk-17-jre-headless)", allow_module_level=True)

JOB = Path(__file__).with_name("qawl_spark.py")
TABLES = ("entities", "persons", "quotes")


def spark_submit(*args: str) -> None:
    """Runs the job as on a cluster, with this interpreter (which has the wheel) on both sides."""
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    submit = Path(sys.executable).with_name("spark-submit")
    cmd = [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2", str(JOB), *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]


def read_tables(out: Path) -> dict[str, dict[str, list[dict]]]:
    """table → doc_id → rows as `qawl extract` writes them (no doc_id; absent fields left out)."""
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for name in (*TABLES, "errors"):
        rows = defaultdict(list)
        for row in pq.read_table(out / name).to_pylist():
            doc_id = row.pop("doc_id")
            rows[doc_id].append(drop_none(row))
        by_doc[name] = rows
    return by_doc


def drop_none(value):
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    return value


def number(row: dict) -> int:
    return int(row["id"][1:])  # e12 → 12: the order qawl numbers them in


def assert_tables_equal_records(tables: dict, records: list[dict]) -> None:
    for rec in records:
        for name in TABLES:
            got = sorted(tables[name].get(rec["id"], []), key=number)
            assert got == [drop_none(x) for x in rec.get(name, [])], f"{rec['id']}: {name}"
    # The same articles failed (the messages name the input differently: `file:line` for
    # the CLI, `item N` for pipe), and nothing beyond the input's articles came out.
    assert set(tables["errors"]) == {r["id"] for r in records if "error" in r}
    assert set().union(*(tables[n] for n in (*TABLES, "errors"))) <= {r["id"] for r in records}


def test_the_job_on_200_articles_equals_the_cli(saudinewsnet, tmp_path):
    import pyarrow as pa

    records = saudinewsnet(200)
    articles = tmp_path / "articles.parquet"
    pq.write_table(pa.table({"id": [r["id"] for r in records], "text": [r["text"] for r in records]}), articles)
    spark_submit(str(articles), str(tmp_path / "out"), "--partitions", "2")
    tables = read_tables(tmp_path / "out")
    assert_tables_equal_records(tables, records)
    # The comparison covered real output, not empty tables.
    assert sum(map(len, tables["quotes"].values())) >= 100 and len(tables["persons"]) >= 100


def test_jsonl_input_with_bad_rows(extract, tmp_path):
    good = "وقال الوزير محمد السالمي إن الاجتماع مهم."
    lines = [{"id": 7, "text": good}, {"id": "empty", "text": "  "}, {"id": "no-text"}, {"id": "b", "text": "وأكدت مريم بنت سعيد الكندية أن الحملة تستهدف المدارس."}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    spark_submit(str(src), str(tmp_path / "out"), "--entities", "rules")
    tables = read_tables(tmp_path / "out")
    # The CLI on the same lines: the good ones equal, the bad ones errors in both.
    cli = extract([src], tmp_path / "cli.jsonl", "--entities", "rules")
    assert_tables_equal_records(tables, cli)
    assert tables["errors"]["empty"] == [{"error": "item 1: empty document"}]
    assert tables["errors"]["no-text"] == [{"error": "item 2: no text"}]
    assert tables["quotes"]["7"][0]["text"] == "الاجتماع مهم"
