#!/usr/bin/env python3
"""Builds the gazetteers under models/lexicon/ from ../shared/data (run once; not needed at run time).

Sources and licences (see models/README.md): arabnamer names (CC BY 4.0), ArWikiCats cities,
regions and nationalities (MIT), entity spans of the TRAINING splits only: cleananercorp/train.txt
(GPL-3.0), wojood_sample/train.txt (MIT), aqmar (CC BY-SA 3.0). Never cleananercorp/test.txt
or wojood2023_dev (the measuring sticks).

Name tokens are kept only when the labeled training text does not use them mostly as
ordinary words (a name like `أمل` that is tagged O far more often than PERS is dropped), so
the rule-based baseline does not fire on common words.
"""
import collections, glob, json, os, re, sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
OUT = sys.argv[2] if len(sys.argv) > 2 else "models/lexicon"
DIAC = re.compile("[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]")

def norm(s):
    s = DIAC.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي")
    return " ".join(s.split())

def read_bio(path, col=1):
    """Yields sentences as [(token, tag)], one tag column (`col`) of a BIO file."""
    sent = []
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if not parts:
            if sent: yield sent
            sent = []
            continue
        if parts[0] == "$#$":
            continue
        tags = parts[1:] or ["O"]
        sent.append((parts[0], tags))
    if sent: yield sent

def spans(sent):
    """(type, [tokens]) for every span in any tag column."""
    out = []
    ncol = max(len(t) for _, t in sent)
    for c in range(ncol):
        cur = None
        for tok, tags in sent:
            tag = tags[c] if c < len(tags) else "O"
            if tag.startswith("B-"):
                if cur: out.append(cur)
                cur = (tag[2:], [tok])
            elif tag.startswith("I-") and cur and cur[0] == tag[2:]:
                cur[1].append(tok)
            else:
                if cur: out.append(cur)
                cur = None
        if cur: out.append(cur)
    return out

TYPE = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "OCC": "OCC"}
train_files = [f"{SHARED}/cleananercorp/train.txt", f"{SHARED}/wojood_sample/train.txt"] + sorted(glob.glob(f"{SHARED}/aqmar/*.txt"))
pers_tok, other_tok = collections.Counter(), collections.Counter()
first_tok = collections.Counter()
orgs, locs, occ_heads = collections.Counter(), collections.Counter(), collections.Counter()
for f in train_files:
    if f.endswith("README.md"): continue
    for sent in read_bio(f):
        in_pers = set()
        for typ, toks in spans(sent):
            t = TYPE.get(typ.split("-")[0].replace("MIS", "MISC"))
            if t == "PER":
                first_tok[norm(toks[0])] += 1
                for x in toks: pers_tok[norm(x)] += 1
            elif t == "ORG": orgs[norm(" ".join(toks))] += 1
            elif t == "LOC": locs[norm(" ".join(toks))] += 1
            elif t == "OCC": occ_heads[norm(toks[0])] += 1
        for tok, tags in sent:
            if all(t == "O" for t in tags): other_tok[norm(tok)] += 1

def name_like(w):
    return len(w) >= 2 and re.fullmatch("[\u0621-\u064A]+", w) and other_tok[w] <= 2 * pers_tok[w] + 1

arabnamer = json.load(open(f"{SHARED}/lexicons/names/arabnamer_en2ar_names.json", encoding="utf-8"))
tokens = {norm(v) for v in arabnamer.values() if " " not in norm(v)} | set(pers_tok)
tokens = sorted(w for w in tokens if name_like(w))
given = sorted(w for w, n in first_tok.items() if name_like(w))

places = set(locs)
aw = f"{SHARED}/lexicons/arwikicats/ArWikiCats/jsons"
for p in [f"{aw}/cities/cities_full.json", f"{aw}/geography/P17_PP.json", f"{aw}/geography/regions.json", f"{aw}/geography/regions2.json"]:
    try:
        for v in json.load(open(p, encoding="utf-8")).values():
            if isinstance(v, str) and 2 <= len(v) <= 30: places.add(norm(v))
    except Exception as e:
        print("skip", p, e, file=sys.stderr)
nat = json.load(open(f"{aw}/nationalities/nationalities_data.json", encoding="utf-8"))
nationality_adj = set()
for v in (nat.values() if isinstance(nat, dict) else nat):
    if isinstance(v, dict):
        for k in ("male", "female", "the_male", "the_female"):
            x = v.get(k)
            if isinstance(x, str) and " " not in x.strip() and x.strip(): nationality_adj.add(norm(x))
        for k in ("ar", "country_ar", "en_ar"):
            x = v.get(k)
            if isinstance(x, str) and x.strip(): places.add(norm(x))

# Single words that are frequent in news prose and never tagged in training are common
# words that happen to be names somewhere (الرأي, دور): they would fire everywhere.
news_freq = collections.Counter()
after_given = collections.Counter()  # times a word follows a known first name
given_set = {w for w, n in first_tok.items() if name_like(w)}
with open(f"{SHARED}/news/saudinewsnet/text.txt", encoding="utf-8") as fh:
    for k, line in enumerate(fh):
        if k > 150000: break
        if line.startswith("<"): continue
        prev = None
        for w in line.split():
            w = norm(w.strip('.,،؛:«»"()'))
            news_freq[w] += 1
            if prev in given_set:
                after_given[w] += 1
            prev = w

# Family names: words that follow a first name in a good share of their uses (الحربي, السديري).
# They are names even when frequent, so they go to the name list and never to the common words.
family = {w for w, n in after_given.items() if n >= 5 and n >= 0.25 * news_freq[w] and re.fullmatch("[\u0621-\u064A]+", w) and w not in first_tok}
tokens = sorted(set(tokens) | family)
# Training spans sometimes keep the conjunction (`وجيمس`, `والحسين` as a PERS token): a word
# that is `و` + another listed word is that word after `و`, not a name of its own (`ولويس`
# would keep `جاريث بيل ولويس سواريز` one name). `وليد`, `وائل` stay: `ليد`, `ائل` are no names.
# Names that do start with و and whose rest happens to be listed too (William, Wallace, White).
W_NAMES = {"وليام", "وقاص", "ودود", "وولفسون", "والاس", "والتون", "والترز", "والتمان", "وايت", "وانج", "والكوت", "والكين"}
def conjoined(w, words):
    return w.startswith("و") and len(w) >= 4 and w[1:] in words and w not in W_NAMES
given = [w for w in given if not conjoined(w, given_set)]
token_set = set(tokens)
tokens = [w for w in tokens if not conjoined(w, token_set)]
entity_tok = collections.Counter()
for c in (orgs, locs):
    for phrase, n in c.items():
        entity_tok[phrase] += n
def common_word(w):
    return " " not in w and news_freq[w] >= 200 and entity_tok[w] * 3 < other_tok[w] + 1 and other_tok[w] > 0 or (" " not in w and news_freq[w] >= 500 and entity_tok[w] == 0)
places = {p for p in places if not common_word(p)}
orgs = collections.Counter({o: n for o, n in orgs.items() if not common_word(o)})
tokens = [w for w in tokens if not (news_freq[w] >= 2000 and pers_tok[w] * 5 < other_tok[w] + 1 and w not in first_tok)]

os.makedirs(OUT, exist_ok=True)
def write(name, items, header):
    items = sorted({i for i in items if i and not re.search("[A-Za-z0-9]", i)})
    with open(f"{OUT}/{name}", "w", encoding="utf-8") as fh:
        fh.write(f"# {header}\n")
        fh.write("\n".join(items) + "\n")
    print(name, len(items))
write("name_tokens.txt", tokens, "person-name tokens (arabnamer CC BY 4.0; PERS tokens of training splits), normalized")
write("given_names.txt", given, "first tokens of PERS spans in the training splits, normalized")
write("locations.txt", [p for p in places if len(p) >= 2], "places (ArWikiCats MIT; LOC/GPE/FAC spans of training splits), normalized")
write("organizations.txt", [o for o, n in orgs.items() if len(o) >= 2], "ORG spans of the training splits, normalized")
common = [w for w, n in news_freq.most_common(16000) if re.fullmatch("[\u0621-\u064A]+", w) and w not in first_tok and w not in family and pers_tok[w] * 3 < other_tok[w] + 1][:12000]
print("family names found after first names:", len(family), sorted(family)[:30])
write("common_words.txt", common, "the most frequent words of news prose that are not names (saudinewsnet sample), normalized")
write("nationalities.txt", nationality_adj, "nationality adjectives (ArWikiCats MIT), normalized")
