"""Runs qawl over an archive of articles on Spark and writes Parquet tables.

    spark-submit --py-files examples/spark/qawl_tasks.py examples/spark/qawl_spark.py \
        ARTICLES OUT [--entities hybrid|rules|model] [--partitions N]

ARTICLES is JSON lines (`.jsonl`/`.json`: one `{"id", "text"}` object a line) or Parquet
(a file or folder) with `id` and `text` columns. OUT gets four Parquet tables, each row
keyed by `doc_id`: `entities`, `persons`, `quotes` (fields as in `qawl extract` output) and
`errors` (the articles that could not be processed, with why). README.md beside this file
says how to run it on a cluster.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The `qawl extract` record (ANNOTATION.md shape) with the offsets as ints and
# `confidence` as a double, which keeps the JSON's value exactly.
SPAN = [T.StructField("start", T.IntegerType()), T.StructField("end", T.IntegerType()), T.StructField("text", T.StringType())]
ENTITY = T.StructType([T.StructField("id", T.StringType()), T.StructField("type", T.StringType()), *SPAN, T.StructField("confidence", T.DoubleType()), T.StructField("sentence", T.IntegerType())])
PERSON = T.StructType([T.StructField("id", T.StringType()), T.StructField("name", T.StringType())] + [T.StructField(f, T.ArrayType(T.StringType())) for f in ("mentions", "roles", "organizations")] + [T.StructField("gender", T.StringType())])
QUOTE = T.StructType(
    [T.StructField("id", T.StringType()), T.StructField("kind", T.StringType()), T.StructField("speaker", T.StringType()), *SPAN, T.StructField("cue", T.StructType(SPAN)), T.StructField("paragraph", T.IntegerType())]
)
RECORD = T.StructType([T.StructField("error", T.StringType()), T.StructField("entities", T.ArrayType(ENTITY)), T.StructField("persons", T.ArrayType(PERSON)), T.StructField("quotes", T.ArrayType(QUOTE))])


def read_articles(spark: SparkSession, path: str) -> DataFrame:
    if path.endswith((".jsonl", ".json")):
        # Read as strings whatever the JSON holds: a numeric id becomes its digits, as in `qawl extract`.
        return spark.read.schema("id string, text string").json(path)
    return spark.read.parquet(path).select(F.col("id").cast("string"), F.col("text"))


def annotate(spark: SparkSession, articles: DataFrame, entities: str, model_dir: str | None, batch_size: int) -> DataFrame:
    """One row per article: `doc_id` and the parsed record. Persisted: the four tables are
    written from it, and the model should run once per article, not once per table."""
    import qawl_tasks

    records = articles.select("id", "text").rdd.mapPartitions(functools.partial(qawl_tasks.annotate, model_dir=model_dir, entities=entities, batch_size=batch_size))
    docs = spark.createDataFrame(records, "doc_id string, record string")
    return docs.select("doc_id", F.from_json("record", RECORD).alias("r")).persist(StorageLevel.MEMORY_AND_DISK)


def tables(docs: DataFrame) -> dict[str, DataFrame]:
    def exploded(field: str) -> DataFrame:
        return docs.select("doc_id", F.explode(f"r.{field}").alias("x")).select("doc_id", "x.*")

    errors = docs.where(F.col("r.error").isNotNull()).select("doc_id", F.col("r.error").alias("error"))
    return {"entities": exploded("entities"), "persons": exploded("persons"), "quotes": exploded("quotes"), "errors": errors}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", help="JSON lines (.jsonl/.json) or Parquet with id and text")
    parser.add_argument("out", help="folder for the entities, persons, quotes and errors tables")
    parser.add_argument("--entities", default="hybrid", choices=["hybrid", "rules", "model"])
    parser.add_argument("--model-dir", help="model on every executor (default: the one in the qawl wheel)")
    parser.add_argument("--partitions", type=int, help="repartition the articles first (default: as read)")
    parser.add_argument("--batch-size", type=int, default=64, help="articles per parallel batch in a task")
    args = parser.parse_args(argv)

    spark = SparkSession.builder.appName("qawl").getOrCreate()
    # The executors need qawl_tasks.py. `--py-files` ships it (needed in cluster deploy
    # mode, where this script runs away from its folder); else it is shipped from here.
    tasks = Path(__file__).with_name("qawl_tasks.py")
    if tasks.is_file() and "qawl_tasks.py" not in spark.conf.get("spark.submit.pyFiles", ""):
        spark.sparkContext.addPyFile(str(tasks))
    articles = read_articles(spark, args.articles)
    if args.partitions:
        articles = articles.repartition(args.partitions)
    docs = annotate(spark, articles, args.entities, args.model_dir, args.batch_size)
    for name, table in tables(docs).items():
        table.write.mode("overwrite").parquet(f"{args.out.rstrip('/')}/{name}")
    docs.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
