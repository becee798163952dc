#!/usr/bin/env bash
# Builds the Python package's wheel with maturin (abi3), installs
# it into target/python-venv/ and runs bindings/python/tests there, the
# spaCy component's tests included. The venv gets spaCy's pinned set
# (scripts/eval/requirements-spacy.txt) and maturin and pytest
# (bindings/python/tests/requirements.txt), with hashes, again only when
# those files change. ALAMA_BIN is the binary the package is compared with
# (default target/debug/alama). Prints "python: passed" or "python: failed"
# (exit 1).
set -uo pipefail
cd "$(dirname "$0")/../../.."
repo=$PWD
target="${CARGO_TARGET_DIR:-$repo/target}"
alama_bin="${ALAMA_BIN:-$target/debug/alama}"
venv="$target/python-venv"

fail() {
    echo "bindings/python: $1" >&2
    echo "python: failed"
    exit 1
}

if ! "$venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "could not create a Python venv at $venv"
fi
installed="$venv/.requirements.txt"
wanted=$(cat scripts/eval/requirements-spacy.txt bindings/python/tests/requirements.txt)
if [ "$wanted" != "$(cat "$installed" 2>/dev/null)" ]; then
    echo "bindings/python: installing spaCy, maturin and pytest into $venv" >&2
    for requirements in scripts/eval/requirements-spacy.txt bindings/python/tests/requirements.txt; do
        "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes \
            -r "$requirements" || fail "pip install -r $requirements failed"
    done
    printf '%s' "$wanted" >"$installed"
fi

# A fresh wheel each time: one left from an earlier build must not be tested.
# The dev profile, whose engine and dependencies are optimized (see
# Cargo.toml), reuses what `cargo test` built: a release build of the
# engine would add minutes to the test run for no test it runs.
wheels="$target/python-wheels"
rm -rf "$wheels"
"$venv/bin/maturin" build --locked --quiet \
    --manifest-path bindings/python/Cargo.toml --out "$wheels" ||
    fail "maturin build failed"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall \
    "$wheels"/alama-*.whl || fail "pip install of the wheel failed"

# From the tests' folder, so that `import alama` finds the installed wheel
# and not the sources.
(cd bindings/python/tests &&
    ALAMA_BIN="$alama_bin" "$venv/bin/python" -m pytest -q -p no:cacheprovider . "$@")
if [ $? = 0 ]; then
    echo "python: passed"
else
    echo "python: failed"
    exit 1
fi
