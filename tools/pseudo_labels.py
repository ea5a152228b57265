#!/usr/bin/env python3
"""Machine-labeled training sentences for self-training (issue 8, item 3).

Reads `qawl --entities model extract` output (JSON lines with the text) and writes the
sentences whose every entity the tagger is sure of as `word ENTITY ROLE` lines, the format
`qawl train --extra` reads. Articles of the real-news gold (data/gold-news) are left out, so
the sets the pipeline is measured on never reach training, not even as unlabeled text.

    python3 tools/pseudo_labels.py runs/pseudo-*.jsonl --min-confidence 0.9 -o runs/pseudo.txt
"""
import argparse, glob, json, random, re, sys

WORD = re.compile(r"[\w\u064B-\u065F\u0670]+|[^\w\s]")
SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")


def gold_ids():
    ids = set()
    for f in glob.glob("data/gold-news/*/*.json"):
        src = json.load(open(f, encoding="utf-8"))["source"]
        ids.add(src["doc"])
    return ids


def sentences(text):
    start = 0
    for m in SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def label(tokens, spans):
    """BIO tags of the tokens: a token takes the span that covers its first character."""
    tags = ["O"] * len(tokens)
    for s, e, kind in spans:
        first = True
        for i, (ts, te, _) in enumerate(tokens):
            if ts >= s and ts < e:
                tags[i] = ("B-" if first else "I-") + kind
                first = False
    return tags


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--min-confidence", type=float, default=0.9)
    ap.add_argument("--max-sentences", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()
    skip = gold_ids()
    kept, seen, skipped_docs = [], 0, 0
    for path in a.inputs:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            if "error" in r or "text" not in r:
                continue
            if r["id"] in skip or r["id"].split("-", 1)[-1] in skip:
                skipped_docs += 1
                continue
            text, ents = r["text"], r.get("entities", [])
            for s, e in sentences(text):
                inside = [x for x in ents if x["start"] >= s and x["end"] <= e]
                if not inside or any(x.get("confidence", 1.0) < a.min_confidence for x in inside):
                    continue
                if any(x["start"] < e and x["end"] > s and not (x["start"] >= s and x["end"] <= e) for x in ents):
                    continue  # an entity crosses the sentence cut
                tokens = [(m.start() + s, m.end() + s, m.group()) for m in WORD.finditer(text[s:e])]
                if not 5 <= len(tokens) <= 60:
                    continue
                seen += 1
                ent = label(tokens, [(x["start"], x["end"], x["type"]) for x in inside if x["type"] != "ROLE"])
                role = label(tokens, [(x["start"], x["end"], "ROLE") for x in inside if x["type"] == "ROLE"])
                kept.append([f"{t[2]} {a_} {b_}" for t, a_, b_ in zip(tokens, ent, role)])
    random.Random(a.seed).shuffle(kept)
    kept = kept[: a.max_sentences]
    with open(a.out, "w", encoding="utf-8") as f:
        for s in kept:
            f.write("\n".join(s) + "\n\n")
    print(f"{seen} sentences passed, {len(kept)} written to {a.out}; {skipped_docs} gold articles left out", file=sys.stderr)


if __name__ == "__main__":
    main()
