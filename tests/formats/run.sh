#!/usr/bin/env bash
# Checks alama export's formats with the programs that read them: seqeval
# reads the CoNLL tags, Hugging Face datasets loads the JSON Lines, spaCy
# converts its JSON into a DocBin and finds every entity with
# Doc.char_span(..., alignment_mode="strict"); brat's own rules are checked
# on the brat export. The corpus is evaluation/news/dev (real Arabic and
# English news with their gold annotations). The readers are installed from
# tests/formats/requirements.txt (pinned, with hashes) into
# target/formats-venv/, again only when that file changes. ALAMA_BIN is the
# binary under test (default target/debug/alama). Prints "formats: N
# passed" or "formats: … failed" (exit 1).
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
alama_bin="${ALAMA_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/alama}"
venv="${CARGO_TARGET_DIR:-$repo/target}/formats-venv"

if ! "$venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" || {
        echo "tests/formats: could not create a Python venv at $venv" >&2
        echo "formats: 0 passed, 1 failed"
        exit 1
    }
fi
installed="$venv/.requirements.txt"
if ! cmp -s tests/formats/requirements.txt "$installed"; then
    echo "tests/formats: installing the readers into $venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes \
        -r tests/formats/requirements.txt &&
        cp tests/formats/requirements.txt "$installed" || {
        echo "tests/formats: pip install -r tests/formats/requirements.txt failed" >&2
        echo "formats: 0 passed, 1 failed"
        exit 1
    }
fi

# Offline: datasets and spaCy must read only what the tests give them.
ALAMA_BIN="$alama_bin" HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 \
    "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/formats "$@"
status=$?
if [ "$status" = 0 ]; then
    echo "formats: passed"
else
    echo "formats: failed"
    exit 1
fi
