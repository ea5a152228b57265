#!/usr/bin/env python3
"""Builds the word lists behind the tagger's lexicon features (models/tagger/features/), from
sources that are NOT the labeled training splits, so a feature fires as often on the
training text as on unseen text (a gazetteer built from the training spans would fire on
every training entity and teach the tagger to trust it blindly).

Run once: python3 tools/build_feature_lexicon.py ../shared/data models/tagger/features
Sources and licences (see models/README.md): arabnamer names (CC BY 4.0), PyArabic proper
nouns (GPL-3.0), ArWikiCats people, places and nationalities (MIT), word frequencies of the
unlabeled SaudiNewsNet sample (no labels used).
"""
import collections, json, os, re, sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
OUT = sys.argv[2] if len(sys.argv) > 2 else "models/tagger/features"
DIAC = re.compile("[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]")
ARABIC = re.compile("[\u0621-\u064A]+( [\u0621-\u064A]+)*")

def norm(s):
    s = DIAC.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي")
    return " ".join(s.split())

LEX = f"{SHARED}/lexicons"
AW = f"{LEX}/arwikicats/ArWikiCats/jsons"

name_tokens = set()
for v in json.load(open(f"{LEX}/names/arabnamer_en2ar_names.json", encoding="utf-8")).values():
    name_tokens.update(norm(v).split())
for line in open(f"{LEX}/names/pyarabic_propernouns.tsv", encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) == 2 and parts[1] != "type":
        name_tokens.update(norm(parts[0]).split())
for v in json.load(open(f"{AW}/people/peoples.json", encoding="utf-8")).values():
    if isinstance(v, str):
        name_tokens.update(norm(v).split())

places = set()
for p in ["cities/cities_full.json", "geography/P17_PP.json", "geography/regions.json", "geography/regions2.json"]:
    for v in json.load(open(f"{AW}/{p}", encoding="utf-8")).values():
        if isinstance(v, str) and 2 <= len(v) <= 30:
            places.add(norm(v))
nationalities = set()
nat = json.load(open(f"{AW}/nationalities/nationalities_data.json", encoding="utf-8"))
for v in (nat.values() if isinstance(nat, dict) else nat):
    if isinstance(v, dict):
        for k in ("male", "female", "the_male", "the_female"):
            x = v.get(k)
            if isinstance(x, str) and x.strip() and " " not in x.strip():
                nationalities.add(norm(x))
        for k in ("ar", "country_ar"):
            x = v.get(k)
            if isinstance(x, str) and x.strip():
                places.add(norm(x))

# Frequent words of news prose: a name token that is also one of these (`امل`, `سلام`) is weak
# evidence; the tagger gets both bits and learns how far to trust each.
freq = collections.Counter()
with open(f"{SHARED}/news/saudinewsnet/text.txt", encoding="utf-8") as fh:
    for k, line in enumerate(fh):
        if k > 150000:
            break
        if line.startswith("<"):
            continue
        for w in line.split():
            freq[norm(w.strip('.,،؛:«»"()'))] += 1
frequent = [w for w, _ in freq.most_common(6000) if ARABIC.fullmatch(w)][:5000]

os.makedirs(OUT, exist_ok=True)
def write(name, items, header):
    items = sorted({i for i in items if len(i) >= 2 and ARABIC.fullmatch(i)})
    with open(f"{OUT}/{name}", "w", encoding="utf-8") as fh:
        fh.write(f"# {header}\n")
        fh.write("\n".join(items) + "\n")
    print(name, len(items))
write("person_tokens.txt", name_tokens, "person-name words: arabnamer (CC BY 4.0), PyArabic proper nouns (GPL-3.0), ArWikiCats people (MIT); normalized")
write("places.txt", places, "places, one or more words: ArWikiCats cities, regions, countries (MIT); normalized")
write("nationalities.txt", nationalities, "nationality adjectives: ArWikiCats (MIT); normalized")
write("frequent_words.txt", frequent, "the 5,000 most frequent words of a SaudiNewsNet sample (no labels used); normalized")
