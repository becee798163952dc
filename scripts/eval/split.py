#!/usr/bin/env python3
"""Splits the evaluation articles once into a dev and a test part.

Reads evaluation/news/sources.tsv, shuffles the articles of each language
with a fixed seed, puts the first two thirds (rounded) of each language in
`dev` and the rest in `test`, moves each `<id>.txt` (and its `<id>.ann`, if
any) from evaluation/news/all/ into evaluation/news/dev/ or test/, and writes
evaluation/news/split.tsv. Splitting by language keeps both languages in
both parts in the same proportion.

The split is made once. The script refuses to run when split.tsv exists, so
that nobody reshuffles the test part after having seen it; the split is the
file, not this script.
"""

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "evaluation" / "news"
SEED = 20261206


def main() -> None:
    split_file = ROOT / "split.tsv"
    if split_file.exists():
        sys.exit(f"{split_file} exists: the split is made once and kept")
    with open(ROOT / "sources.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    by_language: dict[str, list[str]] = {}
    for row in rows:
        by_language.setdefault(row["language"], []).append(row["id"])
    rng = random.Random(SEED)
    assignment = {}
    for language in sorted(by_language):
        ids = sorted(by_language[language])
        rng.shuffle(ids)
        n_dev = round(len(ids) * 2 / 3)
        for i, doc in enumerate(ids):
            assignment[doc] = "dev" if i < n_dev else "test"
    for part in ("dev", "test"):
        (ROOT / part).mkdir(exist_ok=True)
    for doc, part in assignment.items():
        for suffix in (".txt", ".ann"):
            source = ROOT / "all" / f"{doc}{suffix}"
            if source.exists():
                source.rename(ROOT / part / source.name)
            elif suffix == ".txt":
                sys.exit(f"{source}: listed in sources.tsv but missing")
    with open(split_file, "w", encoding="utf-8") as f:
        f.write("id\tlanguage\tsplit\n")
        for row in sorted(rows, key=lambda r: r["id"]):
            f.write(f"{row['id']}\t{row['language']}\t{assignment[row['id']]}\n")
    counts = {}
    for row in rows:
        key = (row["language"], assignment[row["id"]])
        counts[key] = counts.get(key, 0) + 1
    for (language, part), n in sorted(counts.items()):
        print(f"{language} {part}: {n}")


if __name__ == "__main__":
    main()
