"""merge_members.py OUT_DIR TAGGER_DIR:K ... — build an ensemble tagger directory from members of shipped
(f16) word-tagger dirs. member = index inside that dir (0 = root tensors, k = members.k.*).
Vector tables come from the first. Pure Python (no numpy): tensors are copied as bytes."""
import json, struct, sys, os, shutil
VEC = ("word_vectors.",)
def read(path):
    f = open(path, "rb"); n = struct.unpack("<Q", f.read(8))[0]; h = json.loads(f.read(n)); data = f.read()
    return h, data
def member(h, data, k):
    pre = "" if k == 0 else f"members.{k}."
    out = {}
    for name, info in h.items():
        if name == "__metadata__": continue
        if k == 0 and (name.startswith("members.") or name.startswith(VEC)): continue
        if k > 0 and not name.startswith(pre): continue
        a, b = info["data_offsets"]
        out[name[len(pre):]] = (info["dtype"], info["shape"], data[a:b])
    return out
out_dir, specs = sys.argv[1], sys.argv[2:]
first_dir = specs[0].rsplit(":", 1)[0]
if os.path.exists(out_dir): shutil.rmtree(out_dir)
shutil.copytree(first_dir, out_dir)
tensors = {}
for i, spec in enumerate(specs):
    d, k = spec.rsplit(":", 1); h, data = read(os.path.join(d, "model.safetensors"))
    if i == 0:
        for name, info in h.items():
            if name.startswith(VEC):
                a, b = info["data_offsets"]; tensors[name] = (info["dtype"], info["shape"], data[a:b])
    for name, t in member(h, data, int(k)).items():
        tensors[name if i == 0 else f"members.{i}.{name}"] = t
header, blobs, off = {}, [], 0
for name in sorted(tensors):
    dt, shape, raw = tensors[name]; header[name] = {"dtype": dt, "shape": shape, "data_offsets": [off, off + len(raw)]}; blobs.append(raw); off += len(raw)
hb = json.dumps(header).encode(); hb += b" " * ((8 - len(hb) % 8) % 8)
with open(os.path.join(out_dir, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(hb))); f.write(hb)
    for b in blobs: f.write(b)
cfg = json.load(open(os.path.join(out_dir, "config.json"))); cfg["members"] = len(specs)
json.dump(cfg, open(os.path.join(out_dir, "config.json"), "w"), indent=2)
print(out_dir, len(specs), "members", off, "bytes")
