"""Precision sanity checks for `qawl extract` quotes on unlabeled news (issue 9, item 3).

There is no gold for raw news, so this counts quotes with surface shapes that are usually
errors, and can dump a seeded random sample for reading by hand.

Usage: python3 tools/quote_sanity.py OUT.jsonl [--sample N --seed S --dump FILE]
  OUT.jsonl: records of `qawl extract` (with text; not --no-text)
  --sample N: write N random quotes (speaker, cue, kind, content, +-100 chars of context) to --dump
  --seed S: seed of that sample (default 1), so two runs dump the same quotes

Checks (a quote can fail several):
  a  content is a bare entity name: its span (quote marks and punctuation trimmed) equals or
     lies within one ORG/LOC/PERSON entity span, e.g. a newspaper name «الشرق الأوسط»
  b  content starts with a complementizer (أن، إن، بأن، أنه، إنه، أنها ...): the cue's
     complementizer belongs outside the content
  c  fewer than four words once quotation marks are dropped: scare quotes, titles, names
  d  speaker is not a person of the record, or the person's name looks like an organization
     or a place (it is also an ORG/LOC entity text, starts with an organization head, or
     every mention follows a media or named-place head, as in لوكالة X)
  e  content runs over 80 words: a quote that ran on past its end
  f  no speaker
Offsets in the records count code points, which is what Python's str indexing uses.
"""
import argparse, json, random, re, sys

QUOTE_MARKS = "«»\"“”„‟‹›'‘’"
# Arabic diacritics and tatweel: ignored when words are compared (أنّ = أن).
DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")
# A complementizer, bare or with a pronoun suffix, optionally after ب/و/ف (بأن، وإنه).
# Hamza-less spellings (ان، انه) are common in SaudiNewsNet, so the alef may be bare.
# لأن and كأن are not complementizers of a reporting verb, so they are left out.
COMPLEMENTIZER = re.compile("^[وف]?ب?[أإا]ن(?:ه|ها|هم|هما|هن|نا|ني|ك|كم|كما)?$")
# Heads of organization and place names; a "person" named like this is a misparse.
ORG_HEADS = {
    "وزارة", "هيئة", "شركة", "جامعة", "مجلس", "صحيفة", "وكالة", "مؤسسة", "منظمة", "جمعية",
    "مركز", "بنك", "مصرف", "حزب", "حركة", "لجنة", "اتحاد", "نادي", "مديرية", "إدارة", "محكمة",
    "دائرة", "مكتب", "قناة", "إذاعة", "جريدة", "مجلة", "مستشفى", "رابطة", "نقابة", "جبهة",
    "الأمم", "الخارجية", "الداخلية", "الحكومة", "الرئاسة", "القوات", "الجيش", "الشرطة",
    "مدينة", "محافظة", "منطقة", "ولاية", "دولة", "جمهورية", "مملكة", "بلدية", "إمارة",
}
# Heads of media and of places named after people: a "person" whose every mention follows one
# (`لوكالة X`, `بمستشفى X`) is the agency or the place. Titles that end in an org word
# (`رئيس النادي X`) are common before real names, so the general heads are not used here.
NAMED_AFTER_HEADS = {
    "وكالة", "صحيفة", "جريدة", "قناة", "إذاعة", "مجلة", "موقع", "شبكة", "مستشفى", "شارع",
    "مسجد", "مدرسة", "مطار", "ملعب", "جامع",
}
# Prefixes that may sit before a head: و, ال, ب, ل (والوزارة، للهيئة).
HEAD_PREFIX = re.compile("^(?:و|ف)?(?:بال|لل|ال|ب|ل)?")
NAME_TYPES = {"ORG", "LOC", "PERSON"}
CHECKS = [
    ("a", "bare entity name"),
    ("b", "starts with a complementizer"),
    ("c", "< 4 words outside quote marks"),
    ("d", "speaker not a person / org- or place-like"),
    ("e", "over 80 words"),
    ("f", "no speaker"),
]


def norm(word):
    return DIACRITICS.sub("", word).strip(QUOTE_MARKS + ".,،؛:!?؟()[]-–—…")


def words(text):
    """Words of a text, quotation marks and punctuation not counted as words."""
    out = []
    for w in text.split():
        w = norm(w)
        if any(ch.isalnum() for ch in w):
            out.append(w)
    return out


def trimmed_span(text, start, end):
    """The span with surrounding quote marks, punctuation and spaces cut off."""
    junk = set(QUOTE_MARKS + " \n\t.,،؛:!?؟()[]-–—…")
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


def is_head(word, heads=ORG_HEADS):
    word = norm(word)
    bare = HEAD_PREFIX.sub("", word, count=1)
    return word in heads or bare in heads or ("ال" + bare) in heads


def org_like(person, text, ents, org_loc_texts):
    """A person that is an ORG/LOC entity of the record, whose name starts with an org/place
    head, or whose mentions all follow a media or named-place head: `لوكالة X` makes X a news
    agency, not a speaker, even when the tagger dropped the head from the span."""
    name = person["name"]
    if name in org_loc_texts or (name.split() and is_head(name.split()[0])):
        return True
    spans = [ents[m] for m in person.get("mentions", []) if m in ents]
    before = [text[:s].split()[-1:] for s, _ in spans]
    return bool(spans) and all(w and is_head(w[0], NAMED_AFTER_HEADS) for w in before)


def check_quote(rec, q, persons, name_spans, org_loc_texts, ents):
    text = rec["text"]
    fails = set()
    s, e = trimmed_span(text, q["start"], q["end"])
    content = text[s:e]
    # a: the whole content is (part of) one name, or spells a name of the record exactly.
    if any(es <= s and e <= ee for es, ee in name_spans) or content in org_loc_texts:
        fails.add("a")
    ws = words(text[q["start"]:q["end"]])
    # b: the first word of the content (quote marks dropped) is a complementizer.
    if ws and COMPLEMENTIZER.match(ws[0]):
        fails.add("b")
    # c: short contents are mostly scare quotes, titles or names, rarely statements.
    if len(ws) < 4:
        fails.add("c")
    if len(ws) > 80:
        fails.add("e")
    spk = q.get("speaker")
    if not spk:
        fails.add("f")
    elif spk not in persons or org_like(persons[spk], text, ents, org_loc_texts):
        fails.add("d")
    return fails


def prepare(rec):
    persons = {p["id"]: p for p in rec.get("persons", [])}
    ents = rec.get("entities", [])
    name_spans = [(x["start"], x["end"]) for x in ents if x["type"] in NAME_TYPES]
    # Only ORG/LOC texts for the equality tests: a PERSON text as a speaker name is fine.
    org_loc_texts = {x["text"] for x in ents if x["type"] in ("ORG", "LOC")}
    spans = {x["id"]: (x["start"], x["end"]) for x in ents}
    return persons, name_spans, org_loc_texts, spans


def render(i, rec, q, persons, fails):
    text = rec["text"]
    spk = q.get("speaker")
    name = persons[spk]["name"] if spk in persons else (f"<{spk} not a person>" if spk else "—")
    cue = q["cue"]["text"] if q.get("cue") else "—"
    a, b = max(0, q["start"] - 100), min(len(text), q["end"] + 100)
    ctx = (text[a:q["start"]] + "⟦" + text[q["start"]:q["end"]] + "⟧" + text[q["end"]:b]).replace("\n", " ⏎ ")
    return (f"[{i}] {rec['id']} {q['id']}  kind={q['kind']}  flags={''.join(sorted(fails)) or '-'}\n"
            f"  speaker: {name}\n  cue:     {cue}\n  content: {q['text']}\n  context: …{ctx}…\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="JSONL written by `qawl extract` (with text)")
    ap.add_argument("--sample", type=int, default=0, metavar="N", help="dump N random quotes")
    ap.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the sample (default 1)")
    ap.add_argument("--dump", metavar="FILE", help="where --sample writes its readable list")
    args = ap.parse_args()
    if args.sample and not args.dump:
        ap.error("--sample needs --dump FILE")

    counts = {k: 0 for k, _ in CHECKS}
    total = any_fail = docs = 0
    every = []  # (record, quote, persons, fails) for the sample
    for line in open(args.out, encoding="utf-8"):
        rec = json.loads(line)
        if "text" not in rec:
            if "error" not in rec:
                sys.exit(f"{rec.get('id')}: no text; run extract without --no-text")
            continue
        docs += 1
        persons, name_spans, org_loc_texts, spans = prepare(rec)
        for q in rec.get("quotes", []):
            fails = check_quote(rec, q, persons, name_spans, org_loc_texts, spans)
            total += 1
            any_fail += bool(fails)
            for k in fails:
                counts[k] += 1
            if args.sample:
                every.append((rec, q, persons, fails))

    pct = lambda n: f"{100 * n / total:5.1f}%" if total else "   - "
    print(f"documents: {docs}   quotes: {total}")
    print(f"{'check':<45} {'count':>6} {'share':>7}")
    for k, label in CHECKS:
        print(f"{k}  {label:<42} {counts[k]:>6} {pct(counts[k]):>7}")
    print(f"{'any of a-f':<45} {any_fail:>6} {pct(any_fail):>7}")

    if args.sample:
        picked = random.Random(args.seed).sample(range(len(every)), min(args.sample, len(every)))
        with open(args.dump, "w", encoding="utf-8") as f:
            for n, i in enumerate(picked, 1):
                f.write(render(n, *every[i]) + "\n")
        print(f"{len(picked)} random quotes (seed {args.seed}) -> {args.dump}")


if __name__ == "__main__":
    main()
