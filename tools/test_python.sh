#!/usr/bin/env bash
# The Python tests: a virtual environment under target/, the wheel built and installed into
# it, then pytest on the bindings (crates/python/tests) and the Spark job (examples/spark).
# The Spark test needs Java (installed from Debian's packages when missing) and pyspark.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/pyenv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tools/python-test-requirements.txt
if ! command -v java >/dev/null; then
    echo "installing Java for the Spark test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless) >/dev/null
fi
# The tests compare the bindings with the `qawl` binary on the same articles.
cargo build --release --quiet -p qawl-cli
wheel=$(tools/build_wheel.sh "$venv/bin/python" | tail -1)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
# pytest.ini names the test folders; `import qawl` finds the installed wheel (the source
# package sits in crates/python/python, which is not on the path).
set +e
"$venv/bin/python" -m pytest -q "$@"
rc=$?
set -e
# pytest's 5 means it collected no test: that is a failure here, not a pass.
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests" >&2
fi
exit "$rc"
