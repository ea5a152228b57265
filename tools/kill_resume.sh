#!/usr/bin/env bash
# Kill `qawl extract` with SIGKILL at random moments and resume until it finishes; compare
# with an uninterrupted run. Usage: tools/kill_resume.sh INPUT [CYCLES] [EXTRA QAWL FLAGS...]
# Prints: kills, documents lost, duplicated, and whether the files are byte-identical.
set -euo pipefail
input=$1; cycles=${2:-25}; shift $(( $# >= 2 ? 2 : 1 ))
qawl=${QAWL:-target/release/qawl}
work=$(mktemp -d)
"$qawl" "$@" extract -q "$input" -o "$work/full.jsonl" 2>/dev/null || true
full_ms=$(( $(date +%s%N) / 1000000 ))
"$qawl" "$@" extract -q "$input" -o "$work/timed.jsonl" 2>/dev/null || true
full_ms=$(( $(date +%s%N) / 1000000 - full_ms ))
kills=0
resume=""
for ((i = 0; i < cycles; i++)); do
  "$qawl" "$@" extract -q "$input" -o "$work/out.jsonl" $resume 2>/dev/null & pid=$!
  resume="--resume"
  # A kill at a random moment within about twice the share of one cycle, so kills spread over the run.
  sleep "$(awk -v r=$RANDOM -v ms="$full_ms" -v n="$cycles" 'BEGIN { printf "%.3f", (r / 32768) * 2 * ms / n / 1000 }')"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null || true
done
"$qawl" "$@" extract -q "$input" -o "$work/out.jsonl" --resume 2>/dev/null || true
python3 - "$work/full.jsonl" "$work/out.jsonl" "$kills" <<'PY'
import json, sys, collections
full = [json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8")]
out = [json.loads(l)["id"] for l in open(sys.argv[2], encoding="utf-8")]
a, b = collections.Counter(full), collections.Counter(out)
lost = sum((a - b).values()); dup = sum((b - a).values())
same = open(sys.argv[1], "rb").read() == open(sys.argv[2], "rb").read()
print(f"records {len(full)}, kills {sys.argv[3]}, documents lost {lost}, duplicated {dup}, byte-identical {same}")
PY
rm -rf "$work"
