#!/usr/bin/env bash
# Builds the Python package's wheel with maturin (abi3), installs
# it into target/python-venv/ and runs bindings/python/tests there, the
# spaCy component's tests and the Spark test (test_spark.py) included. The
# venv gets spaCy's pinned set (scripts/eval/requirements-spacy.txt), maturin
# and pytest (bindings/python/tests/requirements.txt) and pyspark with pandas
# and pyarrow (bindings/python/tests/requirements-spark.txt, on Python 3.11
# and newer, which pyspark 4.3 needs), with hashes, again only when those
# files change. Spark needs Java 17 or newer: when `java` is missing and we
# are root, Debian's openjdk-17-jre-headless is installed; otherwise the
# Spark test is skipped with the reason. ALAMA_BIN is the binary the package
# is compared with (default target/debug/alama). Prints "python: passed" or
# "python: failed" (exit 1).
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
requirements_files=(scripts/eval/requirements-spacy.txt bindings/python/tests/requirements.txt)
# pyspark 4.3 installs on Python 3.11 and newer only; on 3.10 the Spark test
# is skipped (it says why).
if "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    requirements_files+=(bindings/python/tests/requirements-spark.txt)
else
    echo "bindings/python: pyspark 4.3 needs Python 3.11 or newer, the Spark test will be skipped" >&2
fi
wanted=$(cat "${requirements_files[@]}")
if [ "$wanted" != "$(cat "$installed" 2>/dev/null)" ]; then
    echo "bindings/python: installing spaCy, maturin, pytest and pyspark into $venv" >&2
    for requirements in "${requirements_files[@]}"; do
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

# Spark runs on Java 17 or newer (test_spark.py checks the version and says
# why it skips). Debian's runtime is installed when java is missing and we
# are root, as scripts/test installs python3-venv.
if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bindings/python: installing openjdk-17-jre-headless for the Spark test" >&2
        # Debian releases after 12 have no Java 17; their default (21 in
        # Debian 13) runs Spark 4 too.
        apt-get update -qq && {
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null ||
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
        } || echo "bindings/python: apt-get install of a Java runtime failed, the Spark test will be skipped" >&2
    else
        echo "bindings/python: no java on PATH and not root, so Java cannot be" \
            "installed: the Spark test will be skipped (apt-get install openjdk-17-jre-headless)" >&2
    fi
fi

# From the tests' folder, so that `import alama` finds the installed wheel
# and not the sources. -rs prints why a test was skipped (the Spark test
# without Java or pyspark).
(cd bindings/python/tests &&
    ALAMA_BIN="$alama_bin" "$venv/bin/python" -m pytest -q -rs -p no:cacheprovider . "$@")
if [ $? = 0 ]; then
    echo "python: passed"
else
    echo "python: failed"
    exit 1
fi
