#!/usr/bin/env bash
# Builds the `qawl` wheel into target/wheels with the shipped model inside.
# Usage: tools/build_wheel.sh [PYTHON]   (PYTHON must have maturin; default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-python3}"
pkg=crates/python/python/qawl
# A fresh copy each build, so the wheel never carries a stale model.
rm -rf "$pkg/models"
cp -r models "$pkg/models"
rm -f target/wheels/qawl-*.whl
"$python" -m maturin build --release --quiet -m crates/python/Cargo.toml -i "$python" -o target/wheels
ls target/wheels/qawl-*.whl
