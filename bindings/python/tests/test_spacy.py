"""The spaCy component "alama" sets doc.ents as alama export lays spans on tokens."""

import pytest

spacy = pytest.importorskip("spacy")

import alama  # noqa: E402
from alama.spacy import MISALIGNED, AlamaComponent, align  # noqa: E402


def ents(doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_english_pipeline_by_entry_point():
    nlp = spacy.blank("en")
    # Found through the package's spacy_factories entry point.
    nlp.add_pipe("alama")
    doc = nlp("President Barack Obama visited Baghdad on 5 January 2010.")
    assert ("Baghdad", "GPE") in ents(doc)
    assert ("Barack Obama", "PER") in ents(doc)
    assert doc.user_data[MISALIGNED] == 0
    baghdad = next(ent for ent in doc.ents if ent.text == "Baghdad")
    assert baghdad.kb_id_ == "geonames:98182"


def test_arabic_proclitic_keeps_the_whole_token():
    nlp = spacy.blank("xx")
    nlp.add_pipe("alama", config={"clitics": "keep"})
    text = "زار الرئيس وفد من بغداد والقاهرة"
    doc = nlp(text)
    spans = alama.Tagger().tag(text)
    cairo = next(s for s in spans if s.text == "القاهرة")
    assert cairo.start == text.index("والقاهرة") + 1
    # The span after the proclitic و takes the whole token.
    assert ("والقاهرة", "GPE") in ents(doc)
    assert ("بغداد", "GPE") in ents(doc)
    assert doc.user_data[MISALIGNED] == 0


def test_arabic_proclitic_split():
    nlp = spacy.blank("xx")
    nlp.add_pipe("alama", config={"clitics": "split"})
    text = "زار الرئيس وفد من بغداد والقاهرة"
    doc = nlp(text)
    assert ("القاهرة", "GPE") in ents(doc)
    assert [t.text for t in doc][-2:] == ["و", "القاهرة"]
    assert doc.text == text


def test_pipe_equals_call():
    nlp = spacy.blank("xx")
    nlp.add_pipe("alama")
    texts = ["Obama visited Baghdad.", "من بغداد والقاهرة", "", "🇮🇶 بغداد 👍🏽"] * 3
    piped = [ents(doc) for doc in nlp.pipe(texts, batch_size=5)]
    assert piped == [ents(nlp(t)) for t in texts]


def test_unalignable_span_is_counted():
    nlp = spacy.blank("en")
    doc = nlp("BaghdadCairo is one token.")
    spans = [alama.Span(0, 7, "GPE", "Baghdad"), alama.Span(7, 12, "GPE", "Cairo")]
    found, misaligned = align(doc, spans, "keep")
    assert [(e.text, e.label_) for e in found] == [("BaghdadCairo", "GPE")]
    assert misaligned == 1


def test_bad_clitics_raises():
    with pytest.raises(ValueError, match="clitics"):
        AlamaComponent(alama.Tagger(), clitics="drop")
