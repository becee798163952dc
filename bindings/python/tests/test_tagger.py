"""alama.Tagger gives each text the spans `alama tag --format jsonl` gives it."""

import gc
import json
import threading
from pathlib import Path

import pytest

import alama
from conftest import SEEDS, run_alama

MIXED = "الرئيس باراك أوباما زار بغداد 🇮🇶 يوم 5 يناير 2010 👍🏽 then President Barack Obama met Nouri al-Maliki in Baghdad."


def as_dicts(spans: list[alama.Span]) -> list[dict]:
    """The spans as `alama tag --format jsonl` writes them (but candidates)."""
    return [
        {
            "start": s.start,
            "end": s.end,
            "type": s.label,
            "text": s.text,
            "status": s.status,
            "source": s.source,
            "entity": s.entity,
        }
        for s in spans
    ]


def without_candidates(spans: list[dict]) -> list[dict]:
    return [{k: v for k, v in span.items() if k != "candidates"} for span in spans]


@pytest.fixture(scope="module")
def seeds_tagger() -> alama.Tagger:
    return alama.Tagger(project=SEEDS)


@pytest.fixture(scope="module")
def default_tagger() -> alama.Tagger:
    return alama.Tagger()


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_tag_equals_alama_tag_on_each_seed(alama_bin, seeds_tagger, path: Path):
    line = json.loads(run_alama(alama_bin, "tag", "--format", "jsonl", str(path)))
    spans = seeds_tagger.tag(path.read_text(encoding="utf-8"))
    assert spans, "a seed article has entities"
    assert as_dicts(spans) == without_candidates(line["spans"])
    text = path.read_text(encoding="utf-8")
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_tag_equals_stdin_jsonl_on_mixed_text(alama_bin, default_tagger, tmp_path):
    texts = [MIXED, "", "🇮🇶🇮🇶 بغداد", "Obama\nObama"]
    records = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    # Outside any project, as Tagger() is.
    answers = run_alama(alama_bin, "tag", "--stdin-jsonl", stdin=records, cwd=tmp_path)
    expected = [without_candidates(json.loads(line)["spans"]) for line in answers.splitlines()]
    got = [as_dicts(default_tagger.tag(t)) for t in texts]
    assert got == expected
    labels = {s.text: s.label for s in default_tagger.tag(MIXED)}
    assert labels.get("Baghdad") == "GPE"
    assert labels.get("بغداد") == "GPE"


def test_project_lexicons_and_confirmed_names_apply(alama_bin, tmp_path):
    project = tmp_path / "corpus"
    (project / ".alama").mkdir(parents=True)
    (project / "a.txt").write_text("Zorblax Quintaville spoke.\n", encoding="utf-8")
    (project / "a.ann").write_text("T1\tPER 0 19\tZorblax Quintaville\n", encoding="utf-8")
    lexicon = tmp_path / "extra.jsonl"
    lexicon.write_text(
        json.dumps({"id": "x:1", "type": "ORG", "names": {"en": "Glimmerfold Works"}}) + "\n",
        encoding="utf-8",
    )
    text = "Yesterday Zorblax Quintaville visited Glimmerfold Works in Baghdad."
    tagger = alama.Tagger(project=project, lexicons=[lexicon])
    answer = run_alama(
        alama_bin, "tag", "--stdin-jsonl", "--project", str(project), "--lexicon", str(lexicon),
        stdin=json.dumps({"id": 1, "text": text}) + "\n", cwd=tmp_path,
    )
    expected = without_candidates(json.loads(answer)["spans"])
    spans = tagger.tag(text)
    assert as_dicts(spans) == expected
    by_text = {s.text: s for s in spans}
    assert by_text["Zorblax Quintaville"].source == "propagated"
    assert tagger.warnings == []
    bare = alama.Tagger(project=project, default_lexicon=False)
    assert "Baghdad" not in {s.text for s in bare.tag(text)}


def test_tag_many_equals_tag(seeds_tagger):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts = (texts + [MIXED, ""]) * 8
    assert seeds_tagger.tag_many(texts) == [seeds_tagger.tag(t) for t in texts]
    assert seeds_tagger.tag_many(tuple(texts[:3])) == seeds_tagger.tag_many(texts[:3])
    assert seeds_tagger.tag_many([]) == []


def test_tag_many_leaves_the_garbage_collector_as_it_found_it(seeds_tagger):
    # tag_many pauses the collector while it makes the spans, and only then.
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert gc.isenabled()
    assert seeds_tagger.tag_many(texts)
    assert gc.isenabled()
    gc.disable()
    try:
        assert seeds_tagger.tag_many(texts)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_tag_many_releases_the_gil(seeds_tagger):
    """Other Python threads run while tag_many works, and so do other calls."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] * 40
    results: list = [None] * 4

    def work(i: int) -> None:
        results[i] = seeds_tagger.tag_many(texts)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == results[0] for result in results)


def test_span_is_a_value():
    span = alama.Span(0, 5, "PER", "Obama")
    assert span == alama.Span(0, 5, "PER", "Obama", None, "suggested", "lexicon")
    assert hash(span) == hash(alama.Span(0, 5, "PER", "Obama"))
    assert "Obama" in repr(span)
    with pytest.raises(AttributeError):
        span.start = 3


def test_bad_arguments_raise(tmp_path, default_tagger):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        alama.Tagger(project=tmp_path / "missing")
    file = tmp_path / "file.txt"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        alama.Tagger(project=file)
    with pytest.raises(FileNotFoundError, match="missing.jsonl"):
        alama.Tagger(lexicons=[tmp_path / "missing.jsonl"])
    broken = tmp_path / "broken"
    (broken / ".alama").mkdir(parents=True)
    (broken / ".alama" / "config.toml").write_text("types = [", encoding="utf-8")
    with pytest.raises(ValueError, match="config.toml"):
        alama.Tagger(project=broken)
    with pytest.raises(TypeError):
        alama.Tagger(lexicons="one.jsonl")
    with pytest.raises(TypeError):
        default_tagger.tag(None)
    with pytest.raises(TypeError):
        default_tagger.tag_many("a text, not a list")
    with pytest.raises(TypeError):
        default_tagger.tag_many([1, 2])
    # A lone surrogate is no text: UnicodeEncodeError is a ValueError.
    with pytest.raises(ValueError):
        default_tagger.tag("\ud800")


def test_malformed_lexicon_lines_are_warnings(tmp_path):
    lexicon = tmp_path / "bad.jsonl"
    lexicon.write_text("not json\n", encoding="utf-8")
    tagger = alama.Tagger(lexicons=[str(lexicon)], default_lexicon=False)
    assert any("bad.jsonl:1" in w for w in tagger.warnings)


def test_importing_alama_does_not_import_spacy():
    import subprocess
    import sys

    code = "import sys, alama; alama.Tagger; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
