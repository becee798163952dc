"""Fault injection: two servers annotate one corpus while another program
edits its texts, and the servers are killed at random moments.

Each round starts two `alama serve` processes on the same folder. Each sends
a stream of `alama.annotate` commands on words that occur once in their
document (the two servers never take the same word, so every acknowledged
annotation must survive, whoever wrote last); meanwhile an external writer
prepends lines to the texts, replacing them as an editor does. At a random
moment one or both servers get SIGKILL. After every round:

- every `.ann` line Alama owns is well formed;
- every annotation a server acknowledged (a success answer) is confirmed, at
  the one place its word now occurs, in what `alama tag` reads back;
- after a clean start of a server and its shutdown, no temporary file is
  left in the workspace.

The number of rounds is `ALAMA_FAULT_ROUNDS` (default 12), and the rounds
stop early once `ALAMA_FAULT_SECONDS` (default 150) have passed; the seed of
the random choices is `ALAMA_FAULT_SEED` (printed on failure).
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import re
import subprocess
import threading
import time

from rawlsp import RawServer, ServerGone
from support import alama_bin

ROUNDS = int(os.environ.get("ALAMA_FAULT_ROUNDS", "12"))
SECONDS = float(os.environ.get("ALAMA_FAULT_SECONDS", "150"))
TYPES = ["PER", "ORG", "GPE", "LOC"]
# Lines the external writer prepends; no word of theirs is ever annotated.
PREPENDED = ["سطر أضيف من برنامج آخر.\n", "A line another program added.\n", "🙂 ٢٠٢٦\n"]

ANN_LINE = re.compile(r"^(T\d+\t\S+ \d+ \d+(;\d+ \d+)*\t.*|N\d+\t\S+ T\d+ \S+\t.*|[#ARE*]\S*\t.*)$")
WORD = re.compile(r"[\w\u0600-\u06FF]{4,}")


def unique_words(text: str) -> list[str]:
    """Words of at least four letters that occur once in `text`, and
    nowhere inside a longer word or a prepended line."""
    tokens = WORD.findall(text)
    found = []
    for word in sorted(set(tokens)):
        whole = tokens.count(word) == 1 and text.count(word) == 1
        if whole and not any(word in line for line in PREPENDED):
            found.append(word)
    return found


def replace_file(path: pathlib.Path, content: str) -> None:
    """Writes `content` to a new file and renames it over `path`, as editors
    and most programs that rewrite a file do."""
    temporary = path.with_name(f"writer-{os.getpid()}.partial")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)


class Annotator(threading.Thread):
    """Sends `alama.annotate` for its share of the words until stopped;
    keeps the annotations the server acknowledged."""

    def __init__(self, server: RawServer, corpus: pathlib.Path, words, rng: random.Random):
        super().__init__(daemon=True)
        self.server = server
        self.corpus = corpus
        self.words = words
        self.rng = rng
        self.acknowledged: list[tuple[str, str, str]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            self.server.wait_indexed()
        except (ServerGone, TimeoutError):
            return
        while self.words and not self.stop.is_set():
            name, word, ty = self.words.pop(self.rng.randrange(len(self.words)))
            path = self.corpus / name
            text = path.read_text(encoding="utf-8")
            start = text.find(word)
            if start < 0:
                continue
            argument = {
                "uri": path.as_uri(),
                "start": start,
                "end": start + len(word),
                "text": word,
                "type": ty,
                "entity": None,
                "key": None,
                "scope": None,
            }
            try:
                answer = self.server.request(
                    "workspace/executeCommand",
                    {"command": "alama.annotate", "arguments": [argument]},
                    timeout=30,
                )
            except ServerGone:
                return
            if "result" in answer:
                self.acknowledged.append((name, word, ty))


class ExternalWriter(threading.Thread):
    """Prepends a line to a random document now and then."""

    def __init__(self, corpus: pathlib.Path, names: list[str], rng: random.Random):
        super().__init__(daemon=True)
        self.corpus = corpus
        self.names = names
        self.rng = rng
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.rng.uniform(0.05, 0.4)):
            path = self.corpus / self.rng.choice(self.names)
            text = path.read_text(encoding="utf-8")
            replace_file(path, self.rng.choice(PREPENDED) + text)


def confirmed_spans(corpus: pathlib.Path) -> dict[str, set[tuple[int, int, str]]]:
    """The confirmed annotations `alama tag` reads, by file name."""
    out = subprocess.run(
        [alama_bin(), "tag", str(corpus), "--format", "jsonl", "--no-default-lexicon"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    spans: dict[str, set[tuple[int, int, str]]] = {}
    for line in out.stdout.splitlines():
        record = json.loads(line)
        spans[pathlib.Path(record["path"]).name] = {
            (s["start"], s["end"], s["type"])
            for s in record["spans"]
            if s["status"] == "confirmed"
        }
    return spans


def leftovers(corpus: pathlib.Path) -> list[str]:
    """Files in the workspace that are neither documents, annotations nor
    the project's own files."""
    project_files = {"rejections.tsv", "lexicon.jsonl", "config.toml", "write.lock"}
    found = []
    for path in corpus.rglob("*"):
        relative = path.relative_to(corpus)
        if path.is_dir():
            continue
        if relative.parts[0] == ".alama":
            if path.name not in project_files:
                found.append(str(relative))
        elif path.suffix not in (".txt", ".ann") or path.name.startswith("."):
            found.append(str(relative))
    return sorted(found)


def test_kills_and_concurrent_writers_lose_no_acknowledged_annotation(corpus):
    seed = int(os.environ.get("ALAMA_FAULT_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    # Every word is annotated at most once over all rounds, by one server.
    pool = [
        (name, word, rng.choice(TYPES))
        for name in names
        for word in unique_words((corpus / name).read_text(encoding="utf-8"))
    ]
    rng.shuffle(pool)
    shares = [pool[0::2], pool[1::2]]
    acknowledged: list[tuple[str, str, str]] = []
    started = time.monotonic()
    rounds = kills = 0
    for round_ in range(ROUNDS):
        if time.monotonic() - started > SECONDS:
            break
        rounds += 1
        servers = [RawServer(corpus), RawServer(corpus)]
        for server in servers:
            server.initialize()
        annotators = [
            Annotator(server, corpus, share, random.Random(rng.random()))
            for server, share in zip(servers, shares)
        ]
        writer = ExternalWriter(corpus, names, random.Random(rng.random()))
        for thread in (*annotators, writer):
            thread.start()
        time.sleep(rng.uniform(0.5, 3.0))
        victims = rng.choice([[0], [1], [0, 1]])
        for index in victims:
            servers[index].kill()
            kills += 1
        writer.stop.set()
        writer.join()
        for index, server in enumerate(servers):
            annotators[index].stop.set()
            if index not in victims:
                status = server.shutdown()
                assert status == 0, f"seed {seed}: a server exited with {status}"
        for annotator in annotators:
            annotator.join(timeout=60)
            acknowledged.extend(annotator.acknowledged)

        context = f"seed {seed}, round {round_}"
        for ann in corpus.glob("*.ann"):
            for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
                assert ANN_LINE.match(line), f"{context}: {ann.name}:{number}: {line!r}"
        spans = confirmed_spans(corpus)
        for name, word, ty in acknowledged:
            text = (corpus / name).read_text(encoding="utf-8")
            start = text.find(word)
            assert (start, start + len(word), ty) in spans.get(name, set()), (
                f"{context}: the acknowledged {ty} «{word}» of {name} is lost"
            )

    # A clean start removes what the killed servers left behind.
    server = RawServer(corpus)
    server.initialize()
    server.wait_indexed()
    assert server.shutdown() == 0
    assert leftovers(corpus) == [], f"seed {seed}: temporary files left"
    print(
        f"fault injection: seed {seed}, {rounds} rounds, {kills} servers killed, "
        f"{len(acknowledged)} annotations acknowledged, none lost"
    )
    assert rounds >= 3, "too few rounds ran to mean anything"
    assert len(acknowledged) >= 10, f"seed {seed}: only {len(acknowledged)} annotations acknowledged"
