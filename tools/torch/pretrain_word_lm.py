"""`qawl pretrain-words` in PyTorch, for a GPU machine: the word tagger's encoder (character
CNN and BiLSTM) pre-trained as a bidirectional language model, the same objective and sizes as
crates/transformer/src/train/word_lm.rs (the forward LSTM's state at a word scores the next
word among the batch's distinct words by their frozen vectors, the backward one the previous
word), on the corpus the Rust side prepared, and written back as the Rust loader reads it.

    qawl pretrain-words --max-paragraphs 40000 --export corpus.safetensors   # here; < 64 MiB
    python3 pretrain_word_lm.py corpus.safetensors --out word-lm --steps 50000 --batch 256
    qawl train --init word-lm --out runs/word-init                            # back here

`--out` gets `model.safetensors` (the encoder: `char_cnn.*`, `lstm.*`), `config.json` (the
tagger's sizes, from `corpus.json`), `train_log.jsonl`, and `state.pt` to resume (run the same
command again with more `--steps`). Needs torch and safetensors.
"""
import argparse
import json
import math
import os
import random
import time

import torch
from safetensors.torch import load_file, save_file

from qawl_word import Encoder


class WordLm(torch.nn.Module):
    def __init__(self, config):
        super().__init__()
        self.encoder = Encoder(config)
        hidden, dim = config["lstm_hidden"], config["vectors"]["dim"]
        self.lm_next = torch.nn.Linear(hidden, dim)
        self.lm_previous = torch.nn.Linear(hidden, dim)


class Corpus:
    """The exported tensors on `device`, and padded batches of sentences from them."""

    def __init__(self, path, config, device):
        t = load_file(path)
        self.vectors = t["vectors"].float().to(device)
        self.chars = t["chars"].long().to(device)
        self.stem = t["stem"].long().to(device)
        self.tokens = t["tokens"].long()
        self.flags = t["flags"].long()
        self.offsets = t["offsets"].tolist()
        self.features = config["features"]
        self.stems = config.get("stem_vectors", True)
        self.dim = config["vectors"]["dim"]
        self.device = device

    def __len__(self):
        return len(self.offsets) - 1

    def length(self, i):
        return self.offsets[i + 1] - self.offsets[i]

    def batch(self, ids):
        lengths = torch.tensor([self.length(i) for i in ids])
        b, t = len(ids), int(lengths.max())
        tok = torch.zeros(b, t, dtype=torch.long)
        flags = torch.zeros(b, t, dtype=torch.long)
        for r, i in enumerate(ids):
            a, e = self.offsets[i], self.offsets[i + 1]
            tok[r, : e - a] = self.tokens[a:e]
            flags[r, : e - a] = self.flags[a:e]
        real = (torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1))
        tok, flags, real = tok.to(self.device), flags.to(self.device), real.to(self.device)
        vec = self.vectors[tok]
        if self.stems:
            vec = torch.cat([vec, self.vectors[self.stem[tok]]], dim=2)
        vec = vec * real.unsqueeze(2)
        chars = self.chars[tok].reshape(b * t, -1)
        chars = chars[:, : max(1, int((chars > 0).sum(1).max()))]
        mask = (chars > 0).float()
        bits = torch.stack([(flags >> k) & 1 for k in range(self.features)], dim=2).float() if self.features else torch.zeros(b, t, 0, device=self.device)
        return tok, real, vec, chars, mask, bits, lengths


def batches(corpus, size, rng):
    """Sentences of similar length together (as the Rust loop's bucketed batches): shuffled,
    sorted within pools of 50 batches, cut, and the batches shuffled."""
    order = list(range(len(corpus)))
    rng.shuffle(order)
    out = []
    pool = size * 50
    for a in range(0, len(order), pool):
        part = sorted(order[a:a + pool], key=corpus.length)
        out.extend(part[k:k + size] for k in range(0, len(part), size))
    rng.shuffle(out)
    return out


def loss_of(model, corpus, ids, dropout):
    tok, real, vec, chars, mask, bits, lengths = corpus.batch(ids)
    h = model.encoder(vec, chars, mask, bits, lengths, dropout)
    hidden = h.shape[2] // 2
    # The batch's distinct words are the candidates, each its own frozen vector.
    uniq, inverse = torch.unique(tok[real], return_inverse=True)
    target = torch.full_like(tok, -1)
    target[real] = inverse
    cand = corpus.vectors[uniq]
    losses = []
    for layer, states, shift in ((model.lm_next, h[:, :, :hidden], 1), (model.lm_previous, h[:, :, hidden:], -1)):
        if shift == 1:
            s, y = states[:, :-1], target[:, 1:]
        else:
            s, y = states[:, 1:], target[:, :-1]
        keep = y >= 0
        scores = layer(s[keep]) @ cand.t()
        losses.append(torch.nn.functional.cross_entropy(scores, y[keep]))
    return sum(losses) / len(losses)


def encoder_tensors(model):
    return {k[len("encoder."):]: v.detach().float().cpu().contiguous() for k, v in model.state_dict().items() if k.startswith("encoder.")}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus")
    p.add_argument("--out", default="word-lm")
    p.add_argument("--steps", type=int, default=20000)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--clip", type=float, default=5.0)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--checkpoint-every", type=int, default=1000)
    p.add_argument("--log-every", type=int, default=100)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = p.parse_args()

    config = json.load(open(os.path.splitext(a.corpus)[0] + ".json"))
    torch.manual_seed(a.seed)
    corpus = Corpus(a.corpus, config, a.device)
    model = WordLm(config).to(a.device)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    os.makedirs(a.out, exist_ok=True)
    state_path = os.path.join(a.out, "state.pt")
    step, epoch, done_in_epoch = 0, 0, 0
    if os.path.exists(state_path):
        st = torch.load(state_path, map_location=a.device)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, epoch, done_in_epoch = st["step"], st["epoch"], st["done_in_epoch"]
        print(f"resumed at step {step}")
    json.dump(config, open(os.path.join(a.out, "config.json"), "w"), indent=2)
    log = open(os.path.join(a.out, "train_log.jsonl"), "a")
    print(f"{len(corpus)} sentences, {corpus.vectors.shape[0]} forms, device {a.device}")

    def save():
        save_file(encoder_tensors(model), os.path.join(a.out, "model.safetensors"))
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "epoch": epoch, "done_in_epoch": done_in_epoch}, state_path)

    t0, recent = time.time(), []
    model.train()
    while step < a.steps:
        plan = batches(corpus, a.batch, random.Random(a.seed + 1 + epoch))
        for ids in plan[done_in_epoch:]:
            if step >= a.steps:
                break
            loss = loss_of(model, corpus, ids, a.dropout)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
            step += 1
            done_in_epoch += 1
            recent.append(loss.item())
            if step % a.log_every == 0:
                mean = sum(recent) / len(recent)
                recent = []
                log.write(json.dumps({"event": "step", "epoch": epoch, "step": step, "loss": mean, "grad_norm": float(norm), "seconds": round(time.time() - t0, 1)}) + "\n")
                log.flush()
                print(f"step {step} epoch {epoch} loss {mean:.4f} ({time.time() - t0:.0f} s)")
                if not math.isfinite(mean):
                    raise SystemExit("the loss is not finite")
            if step % a.checkpoint_every == 0:
                save()
        else:
            epoch, done_in_epoch = epoch + 1, 0
    save()
    print(f"encoder in {os.path.join(a.out, 'model.safetensors')} after {step} steps; fine-tune: qawl train --init {a.out}")


if __name__ == "__main__":
    main()
