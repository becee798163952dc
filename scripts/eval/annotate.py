#!/usr/bin/env python3
"""Writes a gold brat `.ann` for one text from a list of annotated strings.

An annotator reads the text and lists its mentions in a spans file, one per
line, tab-separated:

    TYPE<TAB>surface                 every whole-word occurrence of surface
    TYPE<TAB>surface<TAB>2,3         only its 2nd and 3rd whole-word occurrence

Blank lines and lines starting with `#` are ignored. This script finds the
offsets by code, so that no offset is ever counted by hand. An occurrence is
whole-word when the character after it is not a letter or digit, and the text
before it is either a non-letter or an Arabic proclitic sequence (و ف ب ل ك,
or لل, perhaps drawn out with a tatweel as in لـ20) preceded by a
non-letter; the proclitic stays outside the span, as the
guideline (docs/annotation-guidelines.md) asks.

The script refuses, with a message naming the spans file and line, a surface
that does not occur, an occurrence number out of range, and two spans that
overlap; a later line for the same occurrence of the same surface wins
nothing, it is an error too. With --show it prints the text with every span
bracketed and typed, for a final reading.

Usage:
    annotate.py TEXT SPANS [--out ANN] [--show]
The default output is TEXT with `.ann` in place of `.txt`.
"""

import argparse
import sys
import unicodedata
from pathlib import Path

PROCLITICS = ("و", "ف", "ب", "ل", "ك")
# The tatweel that may join a proclitic to a number or a Latin word (لـ20).
TATWEEL = "\u0640"
TYPES = {
    "PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE", "TIME",
    "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
}


def is_word_char(ch: str) -> bool:
    """Returns whether a character continues a word (a letter, a mark or a digit)."""
    return unicodedata.category(ch)[0] in ("L", "M", "N")


def starts_word(text: str, start: int) -> bool:
    """Returns whether a mention may start at `start`: at a word's start, or
    right after Arabic proclitics that start the word."""
    i = start
    # Up to three proclitic letters, their vowels and a tatweel may precede.
    for _ in range(8):
        if i == 0 or not is_word_char(text[i - 1]):
            return True
        if text[i - 1] in PROCLITICS or text[i - 1] == TATWEEL:
            i -= 1
            continue
        # A short vowel written on a proclitic (بِتيزي وزو).
        if unicodedata.category(text[i - 1]) == "Mn" and i >= 2 and text[i - 2] in PROCLITICS:
            i -= 2
            continue
        return False
    return False


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Returns the spans of the whole-word occurrences of surface.

    A surface written right after لل (the preposition ل fused with the
    article) starts one letter earlier, at the article's ل, as the guideline
    says: «للولايات المتحدة» gives «لولايات المتحدة».
    """
    found = []
    at = text.find(surface)
    while at != -1:
        end = at + len(surface)
        if starts_word(text, at) and (end == len(text) or not is_word_char(text[end])):
            fused = (
                text[max(at - 2, 0):at] == "لل"
                and not surface.startswith("ال")
                and starts_word(text, at - 2)
            )
            found.append((at - 1 if fused else at, end))
        at = text.find(surface, at + 1)
    return found


def read_spans(spans_path: Path, text: str) -> list[tuple[int, int, str]]:
    """Returns (start, end, type) of every span the spans file asks for."""
    spans = []
    errors = []
    for number, line in enumerate(spans_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{spans_path}:{number}"
        if len(fields) not in (2, 3):
            errors.append(f"{where}: expected TYPE<TAB>surface[<TAB>occurrences], got {line!r}")
            continue
        kind, surface = fields[0].strip(), fields[1]
        if kind not in TYPES:
            errors.append(f"{where}: unknown type {kind!r}")
            continue
        if surface != surface.strip() or not surface:
            errors.append(f"{where}: surface {surface!r} is empty or has spaces at its edges")
            continue
        starts = occurrences(text, surface)
        if not starts:
            errors.append(f"{where}: «{surface}» occurs nowhere as a whole word")
            continue
        if len(fields) == 3:
            try:
                wanted = [int(n) for n in fields[2].split(",")]
            except ValueError:
                errors.append(f"{where}: occurrences must be numbers like 1,3: {fields[2]!r}")
                continue
            bad = [n for n in wanted if not 1 <= n <= len(starts)]
            if bad:
                errors.append(f"{where}: «{surface}» occurs {len(starts)} times; no occurrence {bad}")
                continue
            starts = [starts[n - 1] for n in wanted]
        spans.extend((s, e, kind) for s, e in starts)
    spans.sort()
    for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
        if s2 < e1:
            errors.append(
                f"{spans_path}: {k1} «{text[s1:e1]}» at {s1} overlaps {k2} «{text[s2:e2]}» at {s2}"
            )
    if errors:
        raise SystemExit("\n".join(errors))
    return spans


def show(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Returns the text with each span written as [text]TYPE."""
    out, at = [], 0
    for start, end, kind in spans:
        out.append(text[at:start])
        out.append(f"[{text[start:end]}]{kind}")
        at = end
    out.append(text[at:])
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("spans", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    text = args.text.read_text(encoding="utf-8")
    spans = read_spans(args.spans, text)
    lines = [f"T{n}\t{kind} {start} {end}\t{text[start:end]}" for n, (start, end, kind) in enumerate(spans, 1)]
    out = args.out or args.text.with_suffix(".ann")
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    if args.show:
        sys.stdout.write(show(text, spans))
    print(f"{out}: {len(spans)} spans", file=sys.stderr)


if __name__ == "__main__":
    main()
