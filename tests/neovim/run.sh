#!/usr/bin/env bash
# Runs the Neovim plugin (editors/neovim) in a real headless Neovim against
# `alama serve` (ALAMA_BIN, default target/debug/alama) on a copy of seeds/:
# diagnostics, hover, :AlamaAccept writing the .ann, :AlamaNext and
# :AlamaPrev, the code lenses, :AlamaExport, :AlamaTag, alama.pick,
# :AlamaUndo and :AlamaRedo, :checkhealth alama, and on newer versions the
# highlight links, inlay hints and vim.lsp.enable. The nvim on PATH is
# tested (put another first on PATH to test it). Installs
# Debian's neovim (0.7.2) with apt-get when nvim is missing and we are root.
# Prints "neovim: N passed" or "neovim: N passed, M failed" (exit 1), or
# "neovim: skipped (…)" (exit 0) when no nvim can be had.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
alama_bin="${ALAMA_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/alama}"

if ! command -v nvim >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "tests/neovim: installing neovim" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq neovim >/dev/null; } ||
            echo "tests/neovim: apt-get install neovim failed" >&2
    fi
    if ! command -v nvim >/dev/null; then
        echo "neovim: skipped (no nvim; install Debian's neovim package, or run as root)"
        exit 0
    fi
fi
if [ ! -x "$alama_bin" ]; then
    echo "tests/neovim: no alama binary at $alama_bin (cargo build, or set ALAMA_BIN)" >&2
    echo "neovim: 0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "tests/neovim: $(nvim --version | head -1)"

# Each test script on a fresh copy of seeds/ (its .alama/ folder is the
# root marker). test_enable.lua (vim.lsp.enable) needs Neovim 0.11.
tests=(test.lua)
if nvim --headless -u NONE -i NONE \
    -c 'if has("nvim-0.11") | qall! | else | cquit | endif' </dev/null >/dev/null 2>&1; then
    tests+=(test_enable.lua)
else
    echo "tests/neovim: test_enable.lua skipped (vim.lsp.enable needs Neovim 0.11)"
fi
passed=0
failed=0
for test in "${tests[@]}"; do
    run="$tmp/$test"
    mkdir -p "$run"
    cp -r seeds "$run/corpus"
    echo "tests/neovim: $test"
    status=0
    # -u NONE: no user config or plugins; XDG dirs in the temp folder so
    # that nothing of the user's (shada, swap, LSP log) is read or written.
    XDG_CONFIG_HOME="$run/config" XDG_DATA_HOME="$run/data" \
        XDG_STATE_HOME="$run/state" XDG_CACHE_HOME="$run/cache" \
        ALAMA_BIN="$alama_bin" ALAMA_CORPUS="$run/corpus" ALAMA_LOG=warn \
        timeout 60 nvim --headless -u NONE -i NONE -n \
        --cmd "set rtp+=$repo/editors/neovim" \
        -c "luafile $repo/tests/neovim/$test" </dev/null || status=$?
    if [ "$status" = 0 ]; then
        passed=$((passed + 1))
    else
        [ "$status" = 124 ] && echo "tests/neovim: $test timed out after 60 s" >&2
        failed=$((failed + 1))
    fi
done

if [ "$failed" = 0 ]; then
    echo "neovim: $passed passed"
else
    echo "neovim: $passed passed, $failed failed"
    exit 1
fi
