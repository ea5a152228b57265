"""The installed `qawl` wheel: results, records equal to `qawl extract`, pipe, errors."""

from __future__ import annotations

import json
import threading
import time

import pytest
import qawl

# Sentences written for these tests.
MINISTER = "وقال الوزير محمد السالمي إن الاجتماع مهم."
DIRECTOR = "وقال سالم بن راشد الحارثي مدير عام الموانئ: نعمل على توسعة الرصيف."
CAMPAIGN = "وأكدت مريم بنت سعيد الكندية أن الحملة تستهدف المدارس في مسقط."
NO_QUOTE = "افتتح المعرض الدولي للكتاب أبوابه صباح اليوم."


@pytest.fixture(scope="module")
def nlp():
    return qawl.load()


def test_a_quote_is_credited_to_its_speaker(nlp):
    doc = nlp(MINISTER, id="m1")
    assert doc.id == "m1" and doc.error is None and doc.text == MINISTER
    [quote] = doc.quotes
    assert (quote.kind, quote.text, quote.speaker_name) == ("indirect", "الاجتماع مهم", "محمد السالمي")
    assert quote.cue is not None and quote.cue.text == "وقال"
    speaker = next(p for p in doc.persons if p.id == quote.speaker)
    assert speaker.name == "محمد السالمي"
    # Offsets are code points: the span slices the original text.
    for span in [*doc.entities, quote, quote.cue]:
        assert MINISTER[span.start:span.end] == span.text
    assert {e.type for e in doc.entities} >= {"PERSON", "ROLE"}
    assert "speaker_name='محمد السالمي'" in repr(quote).replace('"', "'")


def test_records_equal_the_cli_lines(nlp, extract, document_fields, tmp_path):
    texts = {"a": MINISTER, "b": DIRECTOR, "c": CAMPAIGN, "d": NO_QUOTE}
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n" for k, v in texts.items()), encoding="utf-8")
    lines = (tmp_path / "out.jsonl")
    cli = extract([src], lines)
    raw_lines = lines.read_text(encoding="utf-8").splitlines()
    for rec, raw in zip(cli, raw_lines):
        doc = nlp(texts[rec["id"]], id=rec["id"])
        assert doc.to_dict() == document_fields(rec)
        if rec == document_fields(rec):
            assert doc.to_json() == raw, "byte for byte the line qawl extract writes"
    no_text = extract([src], tmp_path / "no-text.jsonl", "--no-text")
    assert [d.to_dict(include_text=False) for d in nlp.pipe({"id": k, "text": v} for k, v in texts.items())] == list(map(document_fields, no_text))


def test_rules_only_pipeline_matches_the_cli_rules(extract, document_fields, tmp_path):
    rules = qawl.load(entities="rules")
    assert rules.entities == "rules" and rules.stages[0] == "entities"
    src = tmp_path / "d.txt"
    src.write_text(DIRECTOR, encoding="utf-8")
    [rec] = extract([src], tmp_path / "out.jsonl", "--entities", "rules")
    assert rules(DIRECTOR, id="d").to_dict() == document_fields(rec)


def test_pipe_keeps_input_order_and_turns_bad_inputs_into_error_records(nlp):
    items = [
        MINISTER,                              # a str: its id is its position
        {"id": "dir", "text": DIRECTOR},
        {"id": "empty", "text": "   \n"},
        {"text": CAMPAIGN},                    # no id
        {"id": "num", "text": 42},             # text not a str
        7,                                     # not a record at all
        {"id": 12, "text": CAMPAIGN},          # an integer id, as in JSONL
        {"id": "long", "text": NO_QUOTE},
    ]
    docs = list(nlp.pipe(items, batch_size=3, n_threads=2, max_chars=50))
    assert [d.id for d in docs] == ["0", "dir", "empty", "item 3", "num", "item 5", "12", "long"]
    errors = {d.id: d.error for d in docs if d.error}
    assert errors == {
        "dir": f"item 1: document has {len(DIRECTOR)} characters, over the limit of 50 (max_chars)",
        "empty": "item 2: empty document",
        "item 3": "item 3: no id",
        "num": "item 4: text is int, not a string",
        "item 5": "item 5: expected a str or a record with \"id\" and \"text\", got int",
        "12": f"item 6: document has {len(CAMPAIGN)} characters, over the limit of 50 (max_chars)",
    }
    assert docs[2].to_dict() == {"id": "empty", "error": "item 2: empty document"}
    assert docs[2].entities == [] and docs[2].text is None
    assert docs[0].to_json() == nlp(MINISTER, id="0").to_json()
    assert docs[7].to_json() == nlp(NO_QUOTE, id="long").to_json()


def test_pipe_reads_spark_rows(nlp):
    Row = pytest.importorskip("pyspark.sql", reason="skipped: pyspark is not installed").Row
    good, no_text = list(nlp.pipe([Row(id="r1", text=MINISTER), Row(id="r2", title="no text column")]))
    assert good.to_json() == nlp(MINISTER, id="r1").to_json()
    assert (no_text.id, no_text.error) == ("r2", "item 1: no text")


def test_pipe_in_batches_equals_one_by_one(nlp):
    texts = [MINISTER, DIRECTOR, CAMPAIGN, NO_QUOTE] * 5
    expected = [nlp(t, id=str(i)).to_json() for i, t in enumerate(texts)]
    for batch_size, n_threads in [(1, 1), (4, 2), (64, None)]:
        assert [d.to_json() for d in nlp.pipe(iter(texts), batch_size=batch_size, n_threads=n_threads)] == expected


def test_an_input_iterator_that_raises_yields_what_came_before(nlp):
    def items():
        yield MINISTER
        yield DIRECTOR
        raise RuntimeError("archive broke")

    stream = nlp.pipe(items(), batch_size=8)
    assert [next(stream).id, next(stream).id] == ["0", "1"]
    with pytest.raises(RuntimeError, match="archive broke"):
        next(stream)


def test_processing_releases_the_interpreter(nlp):
    # While a long text is processed on another thread, this thread keeps running Python.
    long_text = " ".join([MINISTER, DIRECTOR, CAMPAIGN, NO_QUOTE] * 60)
    started = time.perf_counter()
    nlp(long_text)
    alone = time.perf_counter() - started
    done = threading.Event()
    worker = threading.Thread(target=lambda: (nlp(long_text), done.set()))
    ticks = 0
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # Holding the GIL would leave this loop a tick or two; released, it runs all along.
    assert ticks >= min(20, alone / 0.01), f"{ticks} ticks in a {alone:.2f} s call"


def test_bad_arguments_raise_clear_exceptions(nlp, tmp_path):
    with pytest.raises(qawl.ModelError, match="/nonexistent/qawl-model"):
        qawl.load("/nonexistent/qawl-model")
    (tmp_path / "lexicon").mkdir()
    with pytest.raises(qawl.ModelError, match=str(tmp_path)):
        qawl.load(tmp_path)
    assert issubclass(qawl.ModelError, OSError)
    with pytest.raises(ValueError, match="unknown entity source"):
        qawl.load(entities="neural")
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        nlp(MINISTER.encode())
    with pytest.raises(ValueError, match="empty document"):
        nlp(" \n ")
    with pytest.raises(ValueError, match="batch_size"):
        nlp.pipe([MINISTER], batch_size=0)
    with pytest.raises(ValueError, match="n_threads"):
        nlp.pipe([MINISTER], n_threads=0)
    with pytest.raises(TypeError):
        nlp.pipe(5)


def test_the_model_ships_inside_the_package(monkeypatch):
    monkeypatch.delenv("QAWL_MODEL_DIR", raising=False)
    bundled = qawl.default_model_dir()
    assert bundled.parent == __import__("pathlib").Path(qawl.__file__).parent
    assert (bundled / "tagger" / "model.safetensors").is_file() and (bundled / "lexicon").is_dir()
    monkeypatch.setenv("QAWL_MODEL_DIR", "/somewhere/else")
    assert str(qawl.default_model_dir()) == "/somewhere/else"


def test_pipe_on_saudinewsnet_equals_the_cli(nlp, saudinewsnet, document_fields):
    records = saudinewsnet(40)
    docs = nlp.pipe({"id": r["id"], "text": r["text"]} for r in records)
    assert [d.to_dict() for d in docs] == list(map(document_fields, records))
