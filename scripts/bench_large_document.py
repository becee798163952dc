#!/usr/bin/env python3
"""Benchmarks `alama serve` on one very long single-line document (see
docs/BENCHMARKS.md).

Builds, under a work directory, a corpus of the seed articles plus one
document of --megabytes MB on a single line (the seeds with their line
breaks replaced by spaces, repeated), starts the release binary (or
--binary) as a language server on it and measures, as a client sees them:

  1. didOpen of the long document -> its publishDiagnostics, and the peak
     RSS (VmHWM) of the server then;
  2. hovers on a seed article sent right after that didOpen, while the long
     document is being recognized: when each is answered;
  3. a one-character didChange in the middle of the long line ->
     publishDiagnostics of the new version, with a hover on the seed
     article sent right after it;
  4. hovers on the seed article 0.4 s after those diagnostics, once the
     server recognizes the whole document again;
  5. the server's peak RSS at the end.

Diagnostics of the long document are not parsed (only their head is read).
Standard library only; Linux (reads /proc).
"""

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_lsp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HEAD = re.compile(rb'"uri":"([^"]*)","version":(\d+)')


def build_corpus(directory: Path, megabytes: int) -> Path:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    directory.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        (directory / seed.name).write_bytes(seed.read_bytes())
    line = " ".join(s.read_text(encoding="utf-8").replace("\n", " ") for s in seeds) + " "
    long = directory / "long.txt"
    size = megabytes * 1_000_000
    if not long.exists() or abs(long.stat().st_size - size) > len(line.encode()):
        long.write_text(line * (size // len(line.encode()) + 1), encoding="utf-8")
    return long


class Client(bench_lsp.Client):
    """bench_lsp's client, which reads only the head of a long document's
    diagnostics and keeps the messages it reads until they are waited for."""

    def __init__(self, binary: str, root: Path):
        # Messages read but not yet waited for, in order.
        self.unclaimed: list = []
        super().__init__(binary, root)

    def decode(self, data: bytes) -> dict:
        if len(data) > 1_000_000 and b"publishDiagnostics" in data[:200]:
            uri, version = HEAD.search(data[:4096]).groups()
            return {
                "method": "textDocument/publishDiagnostics",
                "params": {"uri": uri.decode(), "version": int(version)},
                "_bytes": len(data),
            }
        return json.loads(data)

    def wait(self, wanted, timeout: float = 1200) -> dict:
        """The first message read that `wanted` accepts, read already or
        next; the others stay for later waits."""
        for index, message in enumerate(self.unclaimed):
            if wanted(message):
                return self.unclaimed.pop(index)
        return super().wait(wanted, timeout)

    def passed(self, message: dict) -> None:
        self.unclaimed.append(message)

    def status(self, field: str) -> float:
        """A line of /proc/PID/status, in MB: VmHWM, VmRSS."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/alama-bench-large"))
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "alama")
    args = parser.parse_args()

    corpus = args.workdir / f"corpus-{args.megabytes}"
    long = build_corpus(corpus, args.megabytes).resolve()
    corpus = corpus.resolve()
    text = long.read_text(encoding="utf-8")
    print(f"long document: {len(text.encode()) / 1e6:.1f} MB, {len(text):,} characters, one line")
    seed = sorted(corpus.glob("0*.txt"))[1]
    seed_text = seed.read_text(encoding="utf-8")
    at = seed_text.index("بغداد")
    seed_line = seed_text.count("\n", 0, at)
    seed_character = len(seed_text[seed_text.rfind("\n", 0, at) + 1 : at].encode("utf-16-le")) // 2
    hover_place = {
        "textDocument": {"uri": seed.as_uri()},
        "position": {"line": seed_line, "character": seed_character},
    }

    client = Client(str(args.binary), corpus)
    # The document is over the default size limit (50 MB): lifted here.
    client.initialize({"maxDocumentSize": 0})
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": seed.as_uri(), "languageId": "plaintext", "version": 1, "text": seed_text}},
    )
    client.diagnostics(seed.as_uri(), 1)
    print(
        f"indexed (the long document too): peak RSS {client.status('VmHWM'):.0f} MB, "
        f"RSS {client.status('VmRSS'):.0f} MB"
    )

    def hovers_after(start: float, uri: str, version: int, count: int = 5) -> None:
        """Sends `count` hovers on the seed article, one after the other,
        and reports when each was answered and when `uri` was published."""
        answered = []
        for _ in range(count):
            reply = client.request("textDocument/hover", hover_place)
            assert reply.get("result"), reply
            answered.append(reply["_received"] - start)
        published = client.diagnostics(uri, version)
        took = published["_received"] - start
        print(
            f"  diagnostics after {took:.2f} s ({published.get('_bytes', 0) / 1e6:.0f} MB of JSON); "
            f"hovers sent meanwhile answered after "
            + ", ".join(f"{t:.3f}" for t in answered)
            + " s"
        )

    uri = long.as_uri()
    start = client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    print("didOpen of the long document:")
    hovers_after(start, uri, 1)
    print(f"  peak RSS {client.status('VmHWM'):.0f} MB, RSS {client.status('VmRSS'):.0f} MB")

    middle = len(text.encode("utf-16-le")) // 4
    change = {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [
            {
                "range": {"start": {"line": 0, "character": middle}, "end": {"line": 0, "character": middle}},
                "text": "x",
            }
        ],
    }
    start = client.notify("textDocument/didChange", change)
    print("one-character didChange in the middle of the line:")
    hovers_after(start, uri, 2)
    # The whole document is recognized again once typing pauses.
    time.sleep(0.4)
    start = time.monotonic()
    answered = []
    for _ in range(5):
        reply = client.request("textDocument/hover", hover_place)
        assert reply.get("result"), reply
        answered.append(reply["_received"] - start)
    print(
        "hovers sent 0.4 s after the edit's diagnostics answered after "
        + ", ".join(f"{t:.3f}" for t in answered)
        + " s"
    )
    time.sleep(2)
    print(f"peak RSS {client.status('VmHWM'):.0f} MB, RSS {client.status('VmRSS'):.0f} MB")
    client.request("shutdown", {})
    client.notify("exit", {})
    client.process.wait(timeout=60)


if __name__ == "__main__":
    main()
