#!/usr/bin/env python3
"""Benchmarks `alama serve` from a client over stdio (see docs/BENCHMARKS.md).

Builds, under a work directory, a corpus of --documents documents made from
the seed articles (each a seed with a numbered header) plus one article of
about 1 MB (the seeds repeated), starts the release binary as a language
server on it and measures, as a client sees them:

  1. the initial index of the corpus (initialized -> end of $/progress);
  2. didOpen -> publishDiagnostics for a seed article and for the 1 MB one;
  3. a one-character didChange on the 1 MB article -> publishDiagnostics;
  4. hover and codeAction round trips on a seed article of the corpus;
  5. references of a seed mention across the corpus, and of an entity one
     document names (one more document, written into the corpus), and
     workspace/symbol;
  6. inlayHint, semanticTokens/full and documentSymbol on the 1 MB article,
     with every mention labelled (inlayHints: all) and, for the tokens, every
     suggestion accepted (then undone);
  7. the server's peak RSS (VmHWM).

Prints median and p95 of each. Standard library only; Linux (reads /proc).
"""

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(directory: Path, documents: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [s.read_text(encoding="utf-8") for s in seeds]
    marker = directory / f".built-{documents}"
    if marker.exists():
        return
    directory.mkdir(parents=True, exist_ok=True)
    for index in range(documents):
        path = directory / f"{index // 1000:03}" / f"doc{index:06}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"{index}\n" + texts[index % len(texts)], encoding="utf-8")
    big = "\n".join(texts)
    (directory / "big").mkdir(exist_ok=True)
    (directory / "big" / "article.txt").write_text(
        (big + "\n") * (1_000_000 // len(big.encode()) + 1), encoding="utf-8"
    )
    marker.touch()


class Client:
    """A minimal LSP client: JSON-RPC over the server's stdin/stdout."""

    def __init__(self, binary: str, root: Path):
        self.process = subprocess.Popen(
            os.environ.get("ALAMA_BENCH_WRAPPER", "").split() + [binary, "serve"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # ALAMA_LOG=debug ALAMA_BENCH_LOG=FILE keeps the server's timings.
            stderr=open(os.environ.get("ALAMA_BENCH_LOG", os.devnull), "w"),
        )
        self.messages: "queue.Queue[dict]" = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.root = root

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line.strip() == b"":
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            data = stream.read(length)
            # When the last byte arrived, before the client's own parsing.
            received = time.monotonic()
            message = self.decode(data)
            message["_received"] = received
            self.messages.put(message)

    def decode(self, data: bytes) -> dict:
        return json.loads(data)

    def initialize(self, settings: dict | None = None) -> None:
        """Initializes the server on the corpus, with `settings` (the
        `alama` section) as initialization options, and waits until it is
        indexed (the end of its $/progress)."""
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.root.as_uri(),
                "workspaceFolders": [{"uri": self.root.as_uri(), "name": "bench"}],
                "capabilities": {"window": {"workDoneProgress": True}},
                "initializationOptions": {"alama": settings or {}},
            },
        )
        self.notify("initialized", {})
        self.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"].get("kind") == "end")

    def send(self, message: dict) -> float:
        """Writes a message; returns when its first byte was written, so
        that latencies leave out this client's own serialization (some
        15 ms of Python for the 1 MB article)."""
        # Non-ASCII text as UTF-8, as VS Code and Neovim send it, not as
        # \u escapes (three times the bytes for Arabic, and slower to parse).
        data = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode()
        framed = b"Content-Length: %d\r\n\r\n%s" % (len(data), data)
        sent = time.monotonic()
        self.process.stdin.write(framed)
        self.process.stdin.flush()
        return sent

    def notify(self, method: str, params: dict) -> float:
        return self.send({"method": method, "params": params})

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        number = self.next_id
        self.send({"id": number, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == number and "method" not in m)

    def wait(self, wanted, timeout: float = 600) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            if "method" in message and "id" in message:
                # A request from the server (progress token, registration).
                self.send({"id": message["id"], "result": None})
            if wanted(message):
                return message
            self.passed(message)

    def passed(self, message: dict) -> None:
        """A message read while waiting for another: dropped."""

    def diagnostics(self, uri: str, version: int) -> dict:
        return self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )

    def idle(self, quiet: float = 0.3, timeout: float = 120) -> None:
        """Waits until the server has used no CPU for `quiet` seconds: the
        work a command starts in the background (recounting the corpus,
        recognizing a long document again) is done."""
        stat = Path(f"/proc/{self.process.pid}/stat")

        def cpu() -> int:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])

        deadline = time.monotonic() + timeout
        last, since = cpu(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = cpu()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def stats(samples: list) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms (n={len(ordered)})"


class Timings:
    """Latencies of replies, measured twice: when the reply's last byte
    arrived (the server's response time) and when this client had parsed it
    (adds Python's json.loads, tens of ms for the 3 MB of a 1 MB article's
    diagnostics)."""

    def __init__(self):
        self.received, self.parsed = [], []

    def add(self, start: float, reply: dict) -> None:
        self.parsed.append(time.monotonic() - start)
        self.received.append(reply["_received"] - start)

    def __str__(self) -> str:
        return f"received: {stats(self.received)}; parsed: {stats(self.parsed)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/alama-bench-lsp"))
    parser.add_argument("--no-build", action="store_true", help="use the existing release binary")
    parser.add_argument("--binary", type=Path, help="benchmark this binary instead of building one")
    args = parser.parse_args()

    if args.binary is None and not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    binary = str(args.binary or ROOT / "target" / "release" / "alama")
    corpus = args.workdir / f"corpus-{args.documents}"
    build_corpus(corpus, args.documents)
    corpus = corpus.resolve()
    megabytes = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
    print(f"corpus: {args.documents} documents + one 1 MB article, {megabytes:.1f} MB")

    # One more document, naming places no seed names: the references of
    # an entity that one document of the corpus names.
    rare = corpus / "rare" / "kyoto.txt"
    rare.parent.mkdir(exist_ok=True)
    rare.write_text("A delegation flew from Kyoto to Montevideo on Monday.\n", encoding="utf-8")
    client = Client(binary, corpus)
    started = time.monotonic()
    # Inlay hints for suggestions too, so that the 1 MB article has many.
    client.initialize({"inlayHints": "all"})
    index_time = time.monotonic() - started
    print(f"index: {index_time:.2f} s, {megabytes / index_time:.1f} MB/s, RSS {client.peak_rss_mb():.0f} MB")

    def open_close(path: Path, runs: int) -> Timings:
        uri, text, timings = path.as_uri(), path.read_text(encoding="utf-8"), Timings()
        for version in range(1, runs + 1):
            start = client.notify(
                "textDocument/didOpen",
                {"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}},
            )
            timings.add(start, client.diagnostics(uri, version))
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return timings

    seed = corpus / "000" / "doc000001.txt"
    big = corpus / "big" / "article.txt"
    print(f"didOpen -> diagnostics, seed article: {open_close(seed, args.runs)}")
    print(f"didOpen -> diagnostics, 1 MB article: {open_close(big, max(5, args.runs // 3))}")

    uri, text = big.as_uri(), big.read_text(encoding="utf-8")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    client.diagnostics(uri, 1)
    lines = text.split("\n")
    keystrokes = Timings()
    for version in range(2, 2 + args.runs * 2):
        line = (version * 7919) % len(lines)
        start = client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [
                    {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "x"}
                ],
            },
        )
        keystrokes.add(start, client.diagnostics(uri, version))
    print(f"one-character didChange -> diagnostics, 1 MB article: {keystrokes}")
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    uri, text = seed.as_uri(), seed.read_text(encoding="utf-8")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    diagnostics = client.diagnostics(uri, 1)["params"]["diagnostics"]
    hovers, actions = [], []
    for i in range(args.runs * 5):
        place = diagnostics[i % len(diagnostics)]["range"]
        start = time.monotonic()
        reply = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": place["start"]})
        hovers.append(time.monotonic() - start)
        assert reply.get("result"), reply
        start = time.monotonic()
        reply = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": place, "context": {"diagnostics": []}},
        )
        actions.append(time.monotonic() - start)
        assert reply.get("result"), reply
    print(f"hover round trip ({args.documents} documents): {stats(hovers)}")
    print(f"codeAction round trip ({args.documents} documents): {stats(actions)}")

    def timed(method: str, params: dict, runs: int, check) -> str:
        samples = []
        for _ in range(runs):
            start = time.monotonic()
            reply = client.request(method, params)
            samples.append(time.monotonic() - start)
            assert "result" in reply and check(reply["result"]), reply
        return stats(samples)

    # The references of the seed's first mention across the corpus: the
    # documents that are not open are read and recognized again where the
    # corpus counts show the entity.
    # A place of the seed, named in every copy of it: its first mention
    # from the lexicon.
    shared = next(d for d in diagnostics if d["message"].endswith("lexicon"))
    place = {"textDocument": {"uri": uri}, "position": shared["range"]["start"]}
    client.idle()
    found = client.request("textDocument/references", {**place, "context": {"includeDeclaration": True}})
    print(
        f"references ({len(found['result'])} in {len({r['uri'] for r in found['result']})} documents): "
        + timed("textDocument/references", {**place, "context": {"includeDeclaration": True}},
                max(3, args.runs // 3), lambda r: len(r) == len(found["result"]))
    )
    rare_uri = rare.as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": rare_uri, "languageId": "plaintext", "version": 1,
                          "text": rare.read_text(encoding="utf-8")}},
    )
    client.diagnostics(rare_uri, 1)
    kyoto = {"textDocument": {"uri": rare_uri}, "position": {"line": 0, "character": 24},
             "context": {"includeDeclaration": True}}
    print(f"references of an entity one document of {args.documents + 1} names: " + timed(
        "textDocument/references", kyoto, args.runs, lambda r: len(r) == 1))
    client.notify("textDocument/didClose", {"textDocument": {"uri": rare_uri}})
    print("workspace/symbol Baghdad: " + timed(
        "workspace/symbol", {"query": "Baghdad"}, args.runs, lambda r: len(r) > 0))

    # The 1 MB article: the inlay hints of all its mentions (the server
    # runs with inlayHints: all), then, every suggestion accepted (undone
    # afterwards), the semantic tokens of its confirmed mentions and its
    # outline.
    uri, text = big.as_uri(), big.read_text(encoding="utf-8")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    client.diagnostics(uri, 1)
    client.idle()
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": text.count("\n") + 1, "character": 0}}
    document = {"textDocument": {"uri": uri}}
    print("inlayHint, 1 MB article, every mention: " + timed(
        "textDocument/inlayHint", {**document, "range": whole}, args.runs, lambda r: len(r) > 1000))
    accepted = client.request(
        "workspace/executeCommand", {"command": "alama.acceptDocument", "arguments": [{"uri": uri}]}
    )
    print(f"  then {accepted['result']}")
    client.idle()
    print("semanticTokens/full, 1 MB article, every mention confirmed: " + timed(
        "textDocument/semanticTokens/full", document, args.runs, lambda r: len(r["data"]) > 5000))
    print("inlayHint, 1 MB article, every mention confirmed: " + timed(
        "textDocument/inlayHint", {**document, "range": whole}, args.runs, lambda r: len(r) > 1000))
    print("documentSymbol, 1 MB article: " + timed(
        "textDocument/documentSymbol", document, args.runs, lambda r: len(r) > 0))
    client.request("workspace/executeCommand", {"command": "alama.undo", "arguments": [{"uri": uri}]})
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    print(f"peak RSS: {client.peak_rss_mb():.0f} MB")
    client.request("shutdown", {})
    client.notify("exit", {})
    client.process.wait(timeout=30)
    log = os.environ.get("ALAMA_BENCH_LOG")
    if log:
        # The server's own part of an open and of a keystroke: from receiving
        # the notification to handing its diagnostics to the transport (debug
        # log of didOpen and didChange).
        lines = [
            line for line in Path(log).read_text().splitlines()
            if "diagnostics made in" in line and "big/article.txt" in line
        ]
        for what, opened in (("didOpen", True), ("one-character didChange", False)):
            made = [
                float(line.rsplit(" in ", 1)[1].split()[0]) / 1000
                for line in lines
                if (" opened: " in line) == opened
            ]
            if made:
                print(f"  in the server, {what} of the 1 MB article: {stats(made)}")

if __name__ == "__main__":
    sys.exit(main())
