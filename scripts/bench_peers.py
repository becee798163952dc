#!/usr/bin/env python3
"""Times `alama tag` beside what a user would run instead, on one corpus and
one list of names (see docs/BENCHMARKS.md, "Peers").

Usage:
    bench_peers.py [--megabytes 50] [--runs 3] [--work DIR] [--venv DIR]

The corpus is the one `scripts/bench.py` builds (documents made of the seed
articles, at least --megabytes MB); the names are those of Alama's embedded
default lexicon (every entity's names and aliases). The script:

1. builds the release binary and the raw scan (`cargo build --release
   -p alama`, `--example raw_scan -p alama-core`);
2. makes, the first time, a venv in `target/peers-venv/` (git-ignored) and
   installs into it, with `pip install --require-hashes`, the packages
   pinned in `scripts/bench_peers/requirements.txt`: spaCy and flashtext;
   later runs reuse the venv as long as that file is unchanged;
3. writes the names, one per line, and runs --runs rounds, each running
   every system once over the whole corpus:
   - `alama tag --format jsonl` on one core and on all cores (the embedded
     defaults: normalization, clitics, triggers, rules and all);
   - spaCy's `PhraseMatcher` (attr `LOWER`) and its `EntityRuler` (phrase
     patterns, `phrase_matcher_attr` `LOWER`) over the names, on
     `spacy.blank("xx")`, one core;
   - flashtext's `KeywordProcessor` (case-insensitive), one core;
   - GNU `grep -r -F -w -o -f NAMES` (locale C.UTF-8), one core;
   - the raw scan (`server/alama-core/examples/raw_scan.rs`): Aho-Corasick,
     leftmost-longest, ASCII case-insensitive, over the bytes, one core.
     It does no part of Alama's work and stands for the ceiling.
   Every system runs as a whole process (start-up, loading the names,
   reading the files, writing or counting its matches), pinned to the
   first core unless it runs on all of them;
4. prints, per system, the median wall time, its throughput (the corpus
   over the median), and the ratio of Alama's one-core and all-core
   throughput to it, as a Markdown table.

The top level uses the standard library only (Python 3.11 or later); the
peers are imported only by this same file run with the venv's Python
(`--peer NAME NAMES CORPUS`).
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REQUIREMENTS = REPO / "scripts" / "bench_peers" / "requirements.txt"
DEFAULT_VENV = REPO / "target" / "peers-venv"
LEXICON = REPO / "server" / "alama-core" / "data" / "lexicon.jsonl"
# The file a finished installation leaves in the venv: the SHA-256 of the
# requirements it installed.
INSTALLED = "alama-requirements.sha256"
PYTHON_PEERS = ["spacy-phrasematcher", "spacy-entityruler", "flashtext"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/alama-bench-peers"))
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--peer", nargs=3, metavar=("NAME", "NAMES", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        run_peer(*args.peer)
        return

    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "alama"], cwd=REPO, check=True)
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "-q", "-p", "alama-core", "--example", "raw_scan"],
        cwd=REPO,
        check=True,
    )
    python = venv_python(args.venv)

    sys.path.insert(0, str(REPO / "scripts"))
    import bench  # the corpus of `alama tag`'s benchmark

    corpus = args.work / "corpus"
    if not corpus.exists():
        bench.build_corpus(corpus, args.megabytes)
    size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    names = args.work / "names.txt"
    count = write_names(names)
    cores = len(os.sched_getaffinity(0))
    print(f"corpus: {sum(1 for _ in corpus.rglob('*.txt'))} documents, {size / 1e6:.1f} MB; "
          f"names: {count} (the default lexicon's); {args.runs} rounds; {cores} cores", flush=True)

    alama = str(REPO / "target" / "release" / "alama")
    tag = [alama, "tag", "--format", "jsonl", str(corpus)]
    this = str(Path(__file__).resolve())
    # (label, command, environment, on all cores)
    systems = [
        ("alama tag, 1 core", tag, {"RAYON_NUM_THREADS": "1"}, False),
        (f"alama tag, {cores} cores", tag, {}, True),
        *[(f"{peer}, 1 core", [python, this, "--peer", peer, str(names), str(corpus)], {}, False)
          for peer in PYTHON_PEERS],
        ("grep -r -F -w -o -f names, 1 core",
         ["grep", "-r", "-F", "-w", "-o", "--include=*.txt", "-f", str(names), str(corpus)],
         {"LC_ALL": "C.UTF-8"}, False),
        ("raw Aho-Corasick scan, 1 core",
         [str(REPO / "target" / "release" / "examples" / "raw_scan"), str(names), str(corpus)], {}, False),
    ]
    times = {label: [] for label, *_ in systems}
    for round_number in range(args.runs):
        for label, command, env, all_cores in systems:
            elapsed = wall(command, env, all_cores)
            times[label].append(elapsed)
            print(f"  round {round_number + 1}: {label}: {elapsed:.2f} s", file=sys.stderr, flush=True)

    medians = {label: statistics.median(runs) for label, runs in times.items()}
    one, every = medians["alama tag, 1 core"], medians[f"alama tag, {cores} cores"]
    print("| system | median | throughput | alama on 1 core, times as fast | alama on all cores, times as fast |")
    print("| --- | --- | --- | --- | --- |")
    for label, median in medians.items():
        print(f"| {label} | {median:.2f} s | {size / 1e6 / median:.1f} MB/s "
              f"| {ratio(median / one)} | {ratio(median / every)} |")


def ratio(value):
    """`value` times as fast, or a fraction of the speed when below one."""
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def wall(command, env, all_cores):
    """The wall time of one whole run of `command`; its output is discarded
    and it must succeed (grep's exit status 1, nothing found, counts)."""
    start = time.perf_counter()
    result = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ, **env),
        preexec_fn=None if all_cores else (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})),
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1) or (result.returncode == 1 and command[0] != "grep"):
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr.decode(errors='replace')}")
    return elapsed


def write_names(path):
    """Writes the default lexicon's names and aliases, one per line, each
    once, and returns their number."""
    names = set()
    with LEXICON.open(encoding="utf-8") as lexicon:
        for line in lexicon:
            entity = json.loads(line)
            names.update(entity.get("names", {}).values())
            names.update(entity.get("aliases", []))
    names = sorted(n.strip() for n in names if n.strip() and "\n" not in n)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    return len(names)


def venv_python(venv):
    """The venv's Python, the venv made and its requirements installed if
    they are not those of its last installation."""
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    marker = venv / INSTALLED
    python = venv / "bin" / "python"
    if marker.exists() and marker.read_text().strip() == wanted:
        return str(python)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--require-hashes", "-r", str(REQUIREMENTS)],
                   check=True)
    marker.write_text(wanted + "\n")
    return str(python)


def corpus_texts(corpus):
    for path in sorted(Path(corpus).rglob("*.txt")):
        yield path.read_text(encoding="utf-8")


def run_peer(peer, names_path, corpus):
    """Runs one Python peer over the corpus, in the venv: loads the names,
    matches every document, and prints the number of matches."""
    names = Path(names_path).read_text(encoding="utf-8").splitlines()
    matches = 0
    if peer in ("spacy-phrasematcher", "spacy-entityruler"):
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("xx")
        if peer == "spacy-phrasematcher":
            matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            matcher.add("NAME", list(nlp.tokenizer.pipe(names)))
            for text in corpus_texts(corpus):
                matches += len(matcher(nlp.make_doc(text)))
        else:
            ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
            ruler.add_patterns([{"label": "NAME", "pattern": name} for name in names])
            for text in corpus_texts(corpus):
                matches += len(nlp(text).ents)
    elif peer == "flashtext":
        from flashtext import KeywordProcessor

        processor = KeywordProcessor(case_sensitive=False)
        for name in names:
            processor.add_keyword(name)
        for text in corpus_texts(corpus):
            matches += len(processor.extract_keywords(text))
    else:
        sys.exit(f"unknown peer {peer}")
    print(matches)


if __name__ == "__main__":
    main()
