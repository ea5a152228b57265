#!/usr/bin/env bash
# Every test of the project: the Rust workspace, then the Python wheel and the Spark job.
# Tests that need ../shared, Chromium or Java skip with a message where they cannot run;
# tools/test_python.sh installs what the Python tests need into target/pyenv.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --workspace
tools/test_python.sh
