"""Shared fixtures: the `alama` binary the package is compared with."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def alama_bin() -> str:
    """The binary under test: $ALAMA_BIN, else the debug build."""
    path = os.environ.get("ALAMA_BIN") or str(REPO / "target" / "debug" / "alama")
    if not Path(path).is_file():
        pytest.fail(f"no alama binary at {path}: build it, or set ALAMA_BIN")
    return path


def run_alama(alama_bin: str, *args: str, stdin: str | None = None, cwd: Path | None = None) -> str:
    """The standard output of `alama ARGS`, which must succeed."""
    done = subprocess.run(
        [alama_bin, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
