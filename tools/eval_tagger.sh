#!/usr/bin/env bash
# Scores a tagger directory (a `qawl train` output) on the two measuring sticks, entity
# stage only, as BENCHMARKS.md reports them. Usage: tools/eval_tagger.sh runs/tagger [DATA]
set -euo pipefail
run=${1:?usage: tools/eval_tagger.sh TAGGER_DIR [../shared/data]}
data=${2:-../shared/data}
root=$(cd "$(dirname "$0")/.." && pwd)
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
ln -s "$root/models/vocab.json" "$models/vocab.json"
ln -s "$root/models/lexicon" "$models/lexicon"
ln -s "$(cd "$run" && pwd)" "$models/tagger"
qawl=${QAWL:-$root/target/release/qawl}
echo "== cleananercorp/test.txt"
"$qawl" --model "$models" --entities model eval --conll "$data/cleananercorp/test.txt" --json
echo "== wojood2023_dev without the sentences shared with wojood_sample"
"$qawl" --model "$models" --entities model eval --conll "$data/wojood2023_dev/dev.txt" \
  --exclude "$data/wojood_sample/train.txt" --exclude "$data/wojood_sample/val.txt" --exclude "$data/wojood_sample/test.txt" --json
