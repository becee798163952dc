#!/usr/bin/env python3
"""Benchmarks `alama tag` (see docs/BENCHMARKS.md).

Builds, under a work directory, a corpus of at least --megabytes MB from the
seed articles (each document a seed with a numbered header, so documents
differ), and a synthetic lexicon of --names names (half Latin, half Arabic,
made of random syllables). Then times, with the release binary:

  1. load the embedded defaults (tag an empty document), without the names
     cache and with it (the second run onwards; see README, names cache);
     tag the corpus with them, without the cache, on 1 core and on all cores,
     and with the cache (as from a user's second run on) on 1 core;
  2. load the synthetic lexicon too, without the names cache and with it;
  3. tag the corpus with the synthetic lexicon added, names cached, on 1 core
     and on all cores.

The measurements run in --runs rounds, each round running every measurement
once, so that a drift of the machine's speed (a virtual machine's can reach
20 %) falls on all of them alike. Prints median and p95 wall time,
throughput (the corpus over the median wall time), the throughput of the
tagging phase alone (the corpus over the median time `alama tag` logs from
the lexicons loaded to the last document written) and peak RSS. Standard
library only.
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LATIN = ["ka", "lo", "mar", "ten", "vi", "zu", "ra", "bel", "dor", "sa", "qui", "nem", "tor", "ul", "fa", "gri"]
ARABIC = ["كا", "لو", "مار", "تن", "في", "زو", "را", "بل", "دور", "سا", "قي", "نم", "تور", "ول", "فا", "غر"]

# `alama tag`'s log line at the end of tagging (the lexicons loaded before it).
TAGGED_LOG = re.compile(r"tagged .*elapsed_ms=(\d+)")


def build_corpus(directory: Path, megabytes: int) -> int:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [s.read_text(encoding="utf-8") for s in seeds]
    directory.mkdir(parents=True, exist_ok=True)
    total, index = 0, 0
    while total < megabytes * 1_000_000:
        text = f"{index}\n" + texts[index % len(texts)]
        path = directory / f"{index // 1000:03}" / f"doc{index:06}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        index += 1
    return total


def build_lexicon(path: Path, names: int) -> None:
    rng = random.Random(42)
    types = ["PER", "ORG", "GPE", "LOC", "FAC"]

    def word(syllables):
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))

    with path.open("w", encoding="utf-8") as out:
        for i in range(names // 2):
            entry = {
                "id": f"synthetic:{i}",
                "type": types[i % len(types)],
                "names": {
                    "en": " ".join(word(LATIN).capitalize() for _ in range(rng.randint(1, 3))),
                    "ar": " ".join(word(ARABIC) for _ in range(rng.randint(1, 3))),
                },
            }
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")


def run(command, cpus=None, cache=""):
    """Wall time and peak RSS (MB) of one run, and the time of its tagging
    phase alone, after the lexicons are loaded (as `alama tag` logs it);
    `cache` is the names cache directory ("": none)."""
    env = dict(os.environ, ALAMA_CACHE_DIR=str(cache), ALAMA_LOG="alama::tag=info")
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=env,
                                 preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
        # wait4 gives this child's own resource usage (Linux: ru_maxrss in KB).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        log.seek(0)
        stderr = log.read().decode("utf-8", "replace")
    tagged = TAGGED_LOG.search(stderr)
    if tagged is None:
        sys.exit(f"{' '.join(command)}: no 'tagged' log line (exit status {os.waitstatus_to_exitcode(status)}):\n{stderr}")
    return wall, usage.ru_maxrss / 1024, int(tagged.group(1)) / 1000


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(label, runs, size=None):
    times, rss, phases = ([run[i] for run in runs] for i in range(3))
    rss = max(rss)
    median = statistics.median(times)
    line = f"| {label} | {median:.2f} s | {p95(times):.2f} s |"
    if size:
        line += f" {size / 1e6 / median:.1f} MB/s | {size / 1e6 / statistics.median(phases):.1f} MB/s |"
    else:
        line += " – | – |"
    line += f" {rss:.0f} MB |"
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/alama-bench"))
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "alama"], cwd=ROOT, check=True)
    binary = ROOT / "target" / "release" / "alama"
    corpus = args.work / "corpus"
    lexicon = args.work / "synthetic.jsonl"
    empty = args.work / "empty" / "empty.txt"
    if not corpus.exists():
        build_corpus(corpus, args.megabytes)
    if not lexicon.exists():
        build_lexicon(lexicon, args.names)
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_text("", encoding="utf-8")
    size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    documents = sum(1 for _ in corpus.rglob("*.txt"))

    print(f"corpus: {documents} documents, {size / 1e6:.1f} MB; lexicon: {args.names} synthetic names; "
          f"{os.cpu_count()} cores; {args.runs} runs each", file=sys.stderr)
    print("| measurement | median | p95 | throughput | tagging phase alone | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    tag = [str(binary), "tag", "--format", "jsonl"]
    with_lexicon = ["--lexicon", str(lexicon)]
    cache = args.work / "names-cache"
    cores = os.cpu_count()
    names = f"defaults + {args.names:,} synthetic names"
    # (label, command, cores to run on, names cache, corpus size)
    measurements = [
        ("load the embedded defaults (empty document), no names cache", tag + [str(empty)], None, "", None),
        ("load the embedded defaults (empty document), names cached", tag + [str(empty)], None, cache, None),
        ("tag corpus, defaults, 1 core", tag + [str(corpus)], {0}, "", size),
        (f"tag corpus, defaults, {cores} cores", tag + [str(corpus)], None, "", size),
        ("tag corpus, defaults (names cached), 1 core", tag + [str(corpus)], {0}, cache, size),
        (f"load {names} (empty document), no names cache", tag + with_lexicon + [str(empty)], None, "", None),
        (f"load {names} (empty document), names cached", tag + with_lexicon + [str(empty)], None, cache, None),
        (f"tag corpus, {names} (cached), 1 core", tag + with_lexicon + [str(corpus)], {0}, cache, size),
        (f"tag corpus, {names} (cached), {cores} cores", tag + with_lexicon + [str(corpus)], None, cache, size),
    ]
    # The cache filled for both sets of lexicons first.
    shutil.rmtree(cache, ignore_errors=True)
    run(tag + [str(empty)], cache=cache)
    run(tag + with_lexicon + [str(empty)], cache=cache)
    results = [[] for _ in measurements]
    for _ in range(args.runs):
        for (_, command, cpus, cache_dir, _), runs in zip(measurements, results):
            runs.append(run(command, cpus, cache_dir))
    for (label, _, _, _, corpus_size), runs in zip(measurements, results):
        report(label, runs, corpus_size)


if __name__ == "__main__":
    main()
