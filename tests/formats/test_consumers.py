"""alama export's formats, read by the programs that train on them.

Each test exports evaluation/news/dev (real Arabic and English news with
their gold annotations) and checks that the reader finds exactly the
corpus' entities: their number per type, and for the formats with offsets
the text they cover.
"""

import collections
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "evaluation" / "news" / "dev"
ALAMA = os.environ.get("ALAMA_BIN", str(REPO / "target" / "debug" / "alama"))


def is_word_char(c):
    """A character inside a token, as the export's tokenizer reads it: a
    letter, a digit or a mark, a tatweel or a zero-width (non-)joiner."""
    return unicodedata.category(c)[0] in "LNM" or c in "\u0640\u200c\u200d"


def token_starts(text):
    """For each code point of `text`, the start of the token it is in, as
    alama-core's formats/tokens.rs cuts tokens where an entity may share
    one: runs of word characters, a hyphen between a letter and a word
    character inside them (اربد-الغد, Seven-nil)."""
    starts = list(range(len(text)))
    i = 0
    while i < len(text):
        if not is_word_char(text[i]):
            i += 1
            continue
        start = i
        while i + 1 < len(text):
            c = text[i + 1]
            if is_word_char(c):
                i += 1
            elif c == "-" and text[i].isalpha() and i + 2 < len(text) and is_word_char(text[i + 2]):
                i += 2
            else:
                break
        for k in range(start, i + 1):
            starts[k] = start
        i += 1
    return starts


def read_gold(by_token):
    """Each document's text and its entities as (start, end, type), code
    points, without those that overlap a longer or earlier one, and, with
    `by_token`, without those that start in the token where the one before
    ends (اربد-الغد): the token tags cannot hold them, and the export says
    how many it left out."""
    documents = {}
    for txt in sorted(GOLD.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        starts = token_starts(text)
        spans = []
        for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, info, _ = line.split("\t")
                ty, start, end = info.split(" ")
                spans.append((int(start), int(end), ty))
        spans.sort(key=lambda s: (s[0], -s[1]))
        kept, last_end = [], 0
        for span in spans:
            shares = by_token and kept and starts[span[0]] == starts[last_end - 1]
            if span[0] >= last_end and not shares:
                kept.append(span)
                last_end = span[1]
        documents[txt.name] = (text, kept)
    return documents


GOLD_DOCUMENTS = read_gold(by_token=False)
GOLD_COUNTS = collections.Counter(
    ty for _, spans in GOLD_DOCUMENTS.values() for _, _, ty in spans
)
# What the formats of token tags (CoNLL, spaCy's) can hold.
TOKEN_DOCUMENTS = read_gold(by_token=True)
TOKEN_COUNTS = collections.Counter(
    ty for _, spans in TOKEN_DOCUMENTS.values() for _, _, ty in spans
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A copy of the dev split, so that nothing is written near the
    repository's own."""
    folder = tmp_path_factory.mktemp("corpus") / "dev"
    shutil.copytree(GOLD, folder)
    return folder


def export(corpus, out, fmt, *extra):
    result = subprocess.run(
        [ALAMA, "export", str(corpus), "--format", fmt, "--out", str(out), *extra],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("scheme", ["iob2", "bioes"])
def test_seqeval_finds_the_entities_of_the_conll_export(corpus, tmp_path, scheme):
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2, IOBES, Entities

    export(corpus, tmp_path / "out", "conll", "--scheme", scheme)
    sentences, tags = [], []
    for line in (tmp_path / "out" / "corpus.conll").read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-") or not line:
            if tags:
                sentences.append(tags)
                tags = []
            continue
        token, tag = line.split("\t")
        assert token and not any(c.isspace() for c in token), line
        tags.append(tag)
    if tags:
        sentences.append(tags)
    # Strict: every sequence is well formed in its scheme.
    strict = Entities(sentences, IOB2 if scheme == "iob2" else IOBES)
    counts = collections.Counter(entity.tag for sentence in strict.entities for entity in sentence)
    assert counts == TOKEN_COUNTS
    lenient = collections.Counter(ty for ty, _, _ in get_entities(sentences))
    assert lenient == TOKEN_COUNTS


def test_datasets_loads_the_jsonl_export(corpus, tmp_path):
    import datasets

    export(corpus, tmp_path / "out", "jsonl")
    data = datasets.load_dataset(
        "json",
        data_files=str(tmp_path / "out" / "corpus.jsonl"),
        split="train",
        cache_dir=str(tmp_path / "cache"),
    )
    assert data.num_rows == len(GOLD_DOCUMENTS)
    assert {"id", "text", "spans", "tokens", "ner_tags"} <= set(data.column_names)
    counts = collections.Counter()
    for row in data:
        text, spans = GOLD_DOCUMENTS[row["id"]]
        assert row["text"] == text
        assert len(row["tokens"]) == len(row["ner_tags"])
        found = sorted((s["start"], s["end"], s["label"]) for s in row["spans"])
        assert found == sorted(spans)
        for span in row["spans"]:
            assert text[span["start"] : span["end"]] == span["text"]
            assert span["status"] == "confirmed"
            counts[span["label"]] += 1
    assert counts == GOLD_COUNTS


def test_spacy_converts_the_spacy_export_and_finds_every_entity(corpus, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    export(corpus, tmp_path / "out", "spacy")
    converted = tmp_path / "converted"
    converted.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "convert",
            str(tmp_path / "out" / "spacy.json"),
            str(converted),
            "--converter",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(converted / "spacy.spacy").get_docs(nlp.vocab))
    assert len(docs) == len(GOLD_DOCUMENTS)
    counts = collections.Counter()
    texts = {text: spans for text, spans in TOKEN_DOCUMENTS.values()}
    for doc in docs:
        assert doc.text in texts, doc.text[:80]
        gold = texts[doc.text]
        for ent in doc.ents:
            span = doc.char_span(ent.start_char, ent.end_char, label=ent.label_, alignment_mode="strict")
            assert span is not None and span.text == ent.text
            counts[ent.label_] += 1
        # A span that starts or ends inside a token (after a proclitic,
        # before a hyphen: "seven-time") covers its whole token, as the
        # default --clitics keep has it; every other one is exact.
        exact = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for start, end, ty in gold:
            widened = any(s <= start and end <= e and t == ty for s, e, t in exact)
            assert (start, end, ty) in exact or widened, (doc.text[start:end], ty)
    assert counts == TOKEN_COUNTS


def test_the_brat_export_follows_brat_rules(corpus, tmp_path):
    export(corpus, tmp_path / "out", "brat")
    out = tmp_path / "out"
    declared = set()
    section = None
    for line in (out / "annotation.conf").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line
        elif line.strip() and section == "[entities]":
            declared.add(line.strip())
    counts = collections.Counter()
    for name, (text, spans) in GOLD_DOCUMENTS.items():
        assert (out / name).read_text(encoding="utf-8") == text
        for line in (out / name).with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, info, surface = line.split("\t")
            ty, start, end = info.split(" ")
            assert text[int(start) : int(end)] == surface, line
            assert ty in declared, ty
            counts[ty] += 1
    assert set(counts) == declared
    # The brat export keeps overlapping spans too.
    assert counts >= GOLD_COUNTS
