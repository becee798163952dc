#!/usr/bin/env python3
"""Benchmark of `alama export` in each format and of `alama import` back.

Builds, under a work directory, the corpus `scripts/bench.py` tags (at least
--megabytes MB made from the seed articles, 11,011 documents for 50 MB) and
annotates it: every document gets as its `.ann` the suggestions `alama tag
--format brat` makes of it, so that the export has as many annotations as a
corpus annotated with the defaults would. Then, in rounds so that the
machine's drift falls on every measurement alike, it times:

  1. `alama export CORPUS --format F --out DIR` for each format, on all
     cores;
  2. `alama import FILE --format F --into TEXTS` of each export (the brat
     one a folder) into a copy of the corpus' texts (synced to the disk
     before the import starts).

Each line gives the median wall time of the whole process and the
throughput: the corpus' texts over that time. Usage:

    python3 scripts/bench_export.py [--megabytes 50] [--runs 5] [--work DIR]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, build_corpus  # noqa: E402

EXPORTS = [
    ("conll", "corpus.conll"),
    ("jsonl", "corpus.jsonl"),
    ("spacy", "spacy.json"),
    ("doccano", "doccano.jsonl"),
    ("label-studio", "label-studio.json"),
    ("brat", None),
]
IMPORTS = ["conll", "jsonl", "spacy", "doccano", "label-studio", "brat"]


def run(command):
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))}: exit status {result.returncode}\n{result.stderr}")
    return wall


def annotate(alama, corpus, work):
    """Gives every document of `corpus` its suggestions as its `.ann`."""
    tagged = work / "tagged"
    shutil.rmtree(tagged, ignore_errors=True)
    run([alama, "tag", "--format", "brat", "--out", tagged, corpus])
    for suggestions in tagged.rglob("*.suggestions.ann"):
        lines = [l for l in suggestions.read_text(encoding="utf-8").splitlines() if l.startswith("T")]
        relative = suggestions.relative_to(tagged)
        ann = corpus / relative.parent / relative.name.replace(".suggestions.ann", ".ann")
        ann.write_text("".join(l + "\n" for l in lines), encoding="utf-8")
    shutil.rmtree(tagged)


def texts_copy(corpus, target):
    shutil.rmtree(target, ignore_errors=True)
    for txt in corpus.rglob("*.txt"):
        copy = target / txt.relative_to(corpus)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(txt, copy)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/alama-bench-export"))
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "alama"], cwd=ROOT, check=True)
    alama = ROOT / "target" / "release" / "alama"
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / "corpus"
    if not corpus.exists():
        build_corpus(corpus, args.megabytes)
        annotate(alama, corpus, args.work)
    size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    documents = sum(1 for _ in corpus.rglob("*.txt"))
    annotations = sum(p.read_text(encoding="utf-8").count("\n") for p in corpus.rglob("*.ann"))
    print(f"corpus: {documents} documents, {size / 1e6:.1f} MB, {annotations} annotations; "
          f"{args.runs} rounds", flush=True)

    times = {}
    for _ in range(args.runs):
        for fmt, _ in EXPORTS:
            out = args.work / f"out-{fmt}"
            shutil.rmtree(out, ignore_errors=True)
            times.setdefault(f"export {fmt}", []).append(
                run([alama, "export", corpus, "--format", fmt, "--out", out]))
        for fmt in IMPORTS:
            file = dict(EXPORTS)[fmt]
            source = args.work / f"out-{fmt}"
            if file is not None:
                source = source / file
            target = args.work / f"import-{fmt}"
            texts_copy(corpus, target)
            # The copy is on the disk before the import is timed.
            os.sync()
            times.setdefault(f"import {fmt}", []).append(
                run([alama, "import", source, "--format", fmt, "--into", target]))
    print("| measurement | median | throughput |")
    print("| --- | --- | --- |")
    for label, runs in times.items():
        median = statistics.median(runs)
        print(f"| {label} | {median:.2f} s | {size / 1e6 / median:.1f} MB/s |")


if __name__ == "__main__":
    main()
