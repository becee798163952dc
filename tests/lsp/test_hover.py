"""Hover: the card of the mention under the cursor."""

from lsprotocol import types

from support import find, range_of, tag

BAGHDAD = "geonames:98182"


async def test_hover_on_a_place(server, corpus):
    spans = tag(corpus)
    doc = server.open("001_3c9b909a0e592931.txt")
    start, end = find(doc.text, "بغداد")

    hover = await server.hover(doc, start + 1)
    assert hover.range == range_of(doc.text, start, end, server.encoding)
    assert hover.contents.kind == types.MarkupKind.Markdown
    card = hover.contents.value

    # The counts are those of the batch tagger over the same corpus.
    here = sum(s["entity"] == BAGHDAD for s in spans[doc.path.name])
    mentions = sum(s["entity"] == BAGHDAD for ss in spans.values() for s in ss)
    documents = sum(any(s["entity"] == BAGHDAD for s in ss) for ss in spans.values())
    assert (here, mentions, documents) == (4, 11, 5)
    # Compact: the names in one row, the id once (it is the GeoNames
    # reference), its links and description on one line, the other
    # entities of the name (the governorate around the city) one a line,
    # the counts on one.
    assert card.splitlines() == [
        "**GPE** · suggestion · lexicon",
        "",
        "| ar | en |",
        "| --- | --- |",
        "| بغداد | Baghdad |",
        "",
        f"[{BAGHDAD}](https://www.geonames.org/98182) — capital of Iraq, population 7,216,000",
        "",
        "Other candidates:",
        "",
        "- `iso3166-2:IQ-BG` Baghdād — first-level region of Iraq (governorate)",
        "",
        "---",
        "",
        f"In this document: {here} · in the corpus: {mentions} in {documents} documents "
        f"(confirmed 0, suggested {mentions}, rejected 0)",
    ]

    # A cursor just after the name shows the same card.
    after = await server.hover(doc, end)
    assert after.contents.value == card


async def test_hover_off_a_mention(server):
    doc = server.open("001_3c9b909a0e592931.txt")
    await server.diagnostics(doc)
    assert doc.text.startswith("كشف ")
    assert await server.hover(doc, 1) is None
