"""Turn full gold annotations (with article text, kept outside the repo) into the committed
form of data/gold-news: offsets, the archive, the article id and the SHA-256 of its text; no
corpus text. `qawl eval data/gold-news/dev --corpus ../shared/data/news` rebuilds the texts.

Usage: python3 tools/gold_news.py ANN_DIR SPLIT_FILE OUT_DIR
  ANN_DIR: <gid>.json files with "text" (gid = snn-<doc>, ant-<doc>, jfm-<doc>)
  SPLIT_FILE: gids of this split, one per line
"""
import hashlib, json, os, sys

ARCHIVES = {"snn": "saudinewsnet", "ant": "ant_multisource_v2.1", "jfm": "ant_jawharafm_v1.1"}

def strip(doc):
    prefix, _, article = doc["id"].partition("-")
    out = {"id": doc["id"],
           "source": {"archive": ARCHIVES[prefix], "doc": article,
                      "sha256": hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()}}
    out["entities"] = [{k: v for k, v in e.items() if k != "text"} for e in doc["entities"]]
    # A person's name is text too: it is stored as the mention that spells it.
    texts = {e["id"]: e["text"] for e in doc["entities"]}
    persons = []
    for p in doc["persons"]:
        p = dict(p)
        name = p.pop("name")
        spelled = [m for m in p["mentions"] if texts[m] == name] or sorted(p["mentions"], key=lambda m: -len(texts[m]))
        p["name_mention"] = spelled[0]
        persons.append(p)
    out["persons"] = persons
    quotes = []
    for q in doc["quotes"]:
        q = {k: v for k, v in q.items() if k != "text"}
        if q.get("cue"):
            q["cue"] = {k: v for k, v in q["cue"].items() if k != "text"}
        quotes.append(q)
    out["quotes"] = quotes
    return out

def main(ann_dir, split_file, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for gid in (l.strip() for l in open(split_file, encoding="utf-8")):
        if not gid:
            continue
        doc = json.load(open(os.path.join(ann_dir, gid + ".json"), encoding="utf-8"))
        with open(os.path.join(out_dir, gid + ".json"), "w", encoding="utf-8") as f:
            json.dump(strip(doc), f, ensure_ascii=False, indent=1)
            f.write("\n")

if __name__ == "__main__":
    main(*sys.argv[1:])
