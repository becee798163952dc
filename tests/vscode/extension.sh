#!/usr/bin/env bash
# The VS Code extension's tests, run by scripts/test: npm ci (when
# package-lock.json changed), compile, lint, the unit tests (node --test),
# `npm run package` with the binary under test ($ALAMA_BIN, else
# target/release/alama) into a temporary .vsix, the packaging test of that
# .vsix, then the real-editor test (run.sh). Skips
# with a message when node or npm is missing. Prints one closing line
# "vscode-extension: N passed, M failed" for the node tests; run.sh prints
# its own.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ext="$here/../../editors/vscode"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "tests/vscode: SKIPPED: node/npm not found; the VS Code extension is not tested" >&2
    exit 0
fi
cd "$ext" || exit 1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export ALAMA_VSIX="$out/alama-test.vsix"
if [ -n "${ALAMA_BIN:-}" ]; then
    export ALAMA_PACKAGE_BINARY="$ALAMA_BIN"
fi

step() {
    echo "tests/vscode: npm $*" >&2
    npm --silent "$@" || {
        echo "tests/vscode: npm $* failed" >&2
        return 1
    }
}
status=0
# npm ci only when the lock file changed since the last one (as for .venv).
stamp=node_modules/.alama-package-lock.json
if ! cmp -s package-lock.json "$stamp"; then
    step ci --no-audit --no-fund && cp package-lock.json "$stamp" || {
        echo "vscode-extension: 0 passed, 1 failed"
        exit 1
    }
fi
step run compile || {
    echo "vscode-extension: 0 passed, 1 failed"
    exit 1
}
step run lint || status=1
# TAP output (node's reporter when not on a terminal); sum its "# pass N" / "# fail N" into one closing line.
tap="$out/tap"
npm --silent test >"$tap" 2>&1 || status=1
if step run package; then
    npm --silent run test:package >>"$tap" 2>&1 || status=1
else
    status=1
fi
grep -E "^not ok|^# (pass|fail)" "$tap" >&2
count() { awk -v k="# $1" 'index($0, k " ") == 1 { n += $3 } END { print n + 0 }' "$tap"; }
echo "vscode-extension: $(count pass) passed, $(count fail) failed"
if [ "$status" = 0 ]; then
    "$here/run.sh" "$ALAMA_VSIX" || status=1
fi
exit "$status"
