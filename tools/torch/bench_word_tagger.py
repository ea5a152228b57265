"""The shipped word tagger's network in PyTorch, with the same weights, on the same batches
as the Rust pipeline (issue 8: candle against PyTorch on one core).

    CANDLE_NUM_THREADS=1 cargo run --release -p qawl-pipeline --example word_tagger_bench -- \
        ../shared/data/news/saudinewsnet/text.txt 100 /tmp/word-batches.safetensors
    python3 tools/torch/bench_word_tagger.py /tmp/word-batches.safetensors [models/tagger]

The Rust example writes each batch's input tensors (frozen vectors, character ids and mask,
lexicon flags, lengths) with candle's entity emissions and Viterbi tags; this script runs the
same network (character CNN, BiLSTM, the two heads) on one thread, checks that its emissions
and tags match candle's, and prints the network's words per second, best of three rounds.
Needs torch and safetensors (pip).
"""
import sys
import time

import torch
from safetensors.torch import load_file

from qawl_word import Encoder

ROUNDS = 3


class WordTagger(torch.nn.Module):
    """crates/transformer/src/word/model.rs at inference: the encoder and the two heads."""

    def __init__(self, w, config):
        super().__init__()
        self.encoder = Encoder(config)
        self.encoder.load_state_dict({k: v for k, v in w.items() if k.startswith(("char_cnn.", "lstm."))})
        self.entity = (w["entity_classifier.weight"], w["entity_classifier.bias"])
        self.role = (w["role_classifier.weight"], w["role_classifier.bias"])

    def forward(self, vectors, chars, char_mask, flags, lengths):
        h = self.encoder(vectors, chars, char_mask, flags, lengths)
        return h @ self.entity[0].t() + self.entity[1], h @ self.role[0].t() + self.role[1]


def viterbi(emissions, trans, start, end):
    """Best label path of one sentence's emissions [len, labels] (crates/transformer/src/crf.rs)."""
    score = start + emissions[0]
    back = []
    for k in range(1, emissions.shape[0]):
        s = score.unsqueeze(1) + trans
        score, idx = s.max(dim=0)
        score = score + emissions[k]
        back.append(idx)
    best = int((score + end).argmax())
    path = [best]
    for idx in reversed(back):
        best = int(idx[best])
        path.append(best)
    return path[::-1]


def main():
    import json
    import os

    dump = sys.argv[1]
    model_dir = sys.argv[2] if len(sys.argv) > 2 else "models/tagger"
    torch.set_num_threads(1)
    config = json.load(open(os.path.join(model_dir, "config.json")))
    w = {k: v.float() for k, v in load_file(os.path.join(model_dir, "model.safetensors")).items()}
    net = WordTagger(w, config).eval()
    d = load_file(dump)
    n = len({k.split(".")[0] for k in d})
    batches = [{f: d[f"{i}.{f}"] for f in ("vectors", "chars", "char_mask", "flags", "lengths", "entity_emissions", "entity_tags")} for i in range(n)]
    words = sum(int(b["lengths"].sum()) for b in batches)
    print(f"{n} batches, {words} words; torch {torch.__version__}, threads {torch.get_num_threads()}")

    def run():
        with torch.inference_mode():
            return [net(b["vectors"], b["chars"], b["char_mask"], b["flags"], b["lengths"]) for b in batches]

    best = float("inf")
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - t0)
    print(f"network {best:.3f} s  {words / best:9.0f} words/s")

    # The same numbers and tags as candle's?
    # (Only real words: outputs at padding are not meaningful in either.)
    diff = max(float((ent[i, :n] - b["entity_emissions"][i, :n]).abs().max()) for (ent, _), b in zip(out, batches) for i, n in enumerate(b["lengths"].tolist()))
    # The CRF as the tagger decodes it: constraints added to the learned transitions.
    from_rust_tags = 0
    agree = 0
    labels = json.load(open(os.path.join(model_dir, "labels.json")))["entity"]
    trans, start, end = constrained(w, labels)
    for (ent, _), b in zip(out, batches):
        for i, length in enumerate(b["lengths"].tolist()):
            path = viterbi(ent[i, :length], trans, start, end)
            want = b["entity_tags"][i, :length].tolist()
            agree += sum(int(p == q) for p, q in zip(path, want))
            from_rust_tags += length
    print(f"largest emission difference from candle: {diff:.2e}; Viterbi tags equal to candle's: {agree}/{from_rust_tags}")
    if diff > 1e-3 or agree != from_rust_tags:
        sys.exit("the PyTorch network does not reproduce the Rust one")


FORBIDDEN = -10000.0


def constrained(w, labels):
    """Transitions with the BIO constraints added (`I-X` only after `B-X`/`I-X`), as
    crates/transformer/src/crf.rs adds them."""
    n = len(labels)
    trans = w["entity_crf.transitions"].clone()
    start = w["entity_crf.start_transitions"].clone()
    end = w["entity_crf.end_transitions"].clone()

    def allowed(prev, cur):
        lab = labels[cur]
        if not lab.startswith("I-"):
            return True
        if prev is None:
            return False
        return labels[prev] in ("B-" + lab[2:], lab)

    for j in range(n):
        if not allowed(None, j):
            start[j] += FORBIDDEN
        for i in range(n):
            if not allowed(i, j):
                trans[i, j] += FORBIDDEN
    return trans, start, end


if __name__ == "__main__":
    main()
