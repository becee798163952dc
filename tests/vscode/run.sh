#!/usr/bin/env bash
# The real-editor test of the VS Code extension (see e2e.mjs): installs
# code-server (npm, pinned with playwright-core by package-lock.json) once
# into a cache outside the work tree, installs the .vsix given as $1 into a
# fresh extensions folder, and runs e2e.mjs on a copy of seeds/.
#
# code-server's own install downloads ripgrep from GitHub, which is not
# reachable here, so it is installed with --ignore-scripts and put together
# by hand: Debian's rg stands in for @vscode/ripgrep's download and the
# native modules are built from source (node-gyp, Debian's -dev packages).
# Debian packages that are missing are installed when we are root.
#
# Prints "vscode: 1 passed, 0 failed" (or 0 passed, 1 failed); skips, with a
# message and status 0, only when node/npm are missing or the Debian
# packages are missing and cannot be installed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
vsix="${1:?usage: tests/vscode/run.sh path/to/alama.vsix}"
vsix="$(cd "$(dirname "$vsix")" && pwd)/$(basename "$vsix")"

skip() {
    echo "tests/vscode: SKIPPED: $*" >&2
    exit 0
}
fail() {
    echo "tests/vscode: $*" >&2
    echo "vscode: 0 passed, 1 failed"
    exit 1
}

command -v node >/dev/null && command -v npm >/dev/null || skip "node/npm not found"

packages=(chromium ripgrep build-essential python3 pkg-config libx11-dev
    libxkbfile-dev libsecret-1-dev libkrb5-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "tests/vscode: installing ${missing[*]}" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
            fail "apt-get install ${missing[*]} failed"
    else
        skip "missing Debian packages: ${missing[*]} (not root, cannot install)"
    fi
fi

# The cache is keyed by the lock file; npm's own cache makes a rebuild cheap.
key=$(sha256sum "$here/package-lock.json" | cut -c1-16)
cache="${ALAMA_VSCODE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/alama/vscode-e2e}/$key"
entry="$cache/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cache/.done" ]; then
    echo "tests/vscode: installing code-server into $cache (once)" >&2
    rm -rf "$cache"
    mkdir -p "$cache"
    cp "$here/package.json" "$here/package-lock.json" "$cache/"
    log="$cache/install.log"
    vs="$cache/node_modules/code-server/lib/vscode"
    # npm_config_yes: node-pty's install runs `npx node-gyp`; unsafe_perm
    # and the user agent: code-server's postinstall.sh insists on them as root.
    if ! (
        set -e
        export npm_config_yes=true npm_config_unsafe_perm=true
        export npm_config_audit=false npm_config_fund=false
        cd "$cache"
        npm ci --ignore-scripts
        npm rebuild argon2
        cd "$vs"
        npm install --omit=dev --ignore-scripts
        mkdir -p node_modules/@vscode/ripgrep/bin
        cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
        npm rebuild
        cd "$cache/node_modules/code-server"
        npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" \
            sh ./postinstall.sh
        node "$entry" --version
    ) >"$log" 2>&1; then
        tail -30 "$log" >&2
        fail "installing code-server failed (log: $log)"
    fi
    touch "$cache/.done"
fi
ln -sfn "$cache/node_modules" "$here/node_modules"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data/User" "$work/ext"
cp -r "$repo/seeds" "$work/workspace"
cat >"$work/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false
}
JSON
node "$entry" --user-data-dir "$work/data" --extensions-dir "$work/ext" \
    --install-extension "$vsix" >"$work/install-extension.log" 2>&1 || {
    cat "$work/install-extension.log" >&2
    fail "code-server --install-extension $vsix failed"
}
CODE_SERVER="$entry" DATA_DIR="$work/data" EXT_DIR="$work/ext" \
    WORKSPACE="$work/workspace" SCREENSHOT="${SCREENSHOT:-$work/../alama-vscode-e2e.png}" \
    node "$here/e2e.mjs"
