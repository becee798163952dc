"""Inlay hints, document highlights and references: the type after each
mention and every mention of the entity under the cursor."""

import asyncio

from lsprotocol import types

from support import TIMEOUT, find, position, range_of, tag

WASHINGTON = "000_fa838d974829c45c.txt"
BAGHDAD_DOC = "001_3c9b909a0e592931.txt"
ENGLISH = "003_24617dfb4d3308d4.txt"
BAGHDAD = "geonames:98182"


def offset_of(text: str, pos: types.Position, encoding: str) -> int:
    """The code point offset of an LSP position in `text`."""
    line_start = sum(len(line) + 1 for line in text.split("\n")[: pos.line])
    line = text[line_start:].split("\n", 1)[0]
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return line_start + i
        units += len(ch.encode("utf-8")) if encoding == "utf-8" else len(ch.encode("utf-16-le")) // 2
    return line_start + len(line)


def line_end(text: str, offset: int) -> int:
    """The end of the line holding `offset`, before its line break."""
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def listed(result):
    """A result array as a list (the client decodes some as tuples)."""
    return None if result is None else list(result)


async def inlay_hints(server, doc, start=0, end=None):
    end = len(doc.text) if end is None else end
    return listed(await asyncio.wait_for(
        server.client.text_document_inlay_hint_async(
            types.InlayHintParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri),
                range=range_of(doc.text, start, end, server.encoding),
            )
        ),
        TIMEOUT,
    ))


async def highlights(server, doc, offset):
    return listed(await asyncio.wait_for(
        server.client.text_document_document_highlight_async(
            types.DocumentHighlightParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri),
                position=position(doc.text, offset, server.encoding),
            )
        ),
        TIMEOUT,
    ))


async def references(server, uri, pos):
    return listed(await asyncio.wait_for(
        server.client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=pos,
                context=types.ReferenceContext(include_declaration=True),
            )
        ),
        TIMEOUT,
    ))


async def test_capabilities(server):
    capabilities = server.result.capabilities
    assert capabilities.inlay_hint_provider is True
    assert capabilities.document_highlight_provider is True
    assert capabilities.references_provider is True


async def test_inlay_hints_follow_latin_mentions(server):
    doc = server.open(ENGLISH)
    await server.diagnostics(doc)
    assert await inlay_hints(server, doc) == [], "suggestions get no label by default"

    start, end = find(doc.text, "Obama")
    await server.apply(doc, "Accept «Obama» as PER", start)
    hints = await inlay_hints(server, doc)
    assert [(h.position, h.label, h.kind, h.padding_left) for h in hints] == [
        (position(doc.text, end, server.encoding), "PER", types.InlayHintKind.Type, True)
    ]
    # A range that ends before the mention does gets nothing.
    assert await inlay_hints(server, doc, 0, end - 1) == []


async def test_inlay_hints_of_an_arabic_line_go_to_its_end(server):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    start, end = find(doc.text, "واشنطن")
    await server.apply(doc, "Accept «واشنطن» as GPE", start)
    hints = await inlay_hints(server, doc)
    assert [(h.position, h.label) for h in hints] == [
        (position(doc.text, line_end(doc.text, end), server.encoding), "واشنطن: GPE")
    ]


async def test_inlay_hints_of_suggestions_by_setting(start, corpus):
    server = await start(init_options={"inlayHints": "all"})
    doc = server.open(ENGLISH)
    await server.diagnostics(doc)
    hints = await inlay_hints(server, doc)
    suggested = tag(corpus)[ENGLISH]
    assert len(suggested) > 10
    assert [(h.position, h.label) for h in hints] == [
        (position(doc.text, s["end"], server.encoding), s["type"])
        for s in suggested
    ]

    off = await start(init_options={"inlayHints": "off"})
    doc = off.open(ENGLISH)
    start_, _ = find(doc.text, "Obama")
    await off.diagnostics(doc)
    await off.apply(doc, "Accept «Obama» as PER", start_)
    assert await inlay_hints(off, doc) == []


async def test_highlights_are_the_mentions_of_the_entity_in_the_document(server, corpus):
    doc = server.open(BAGHDAD_DOC)
    await server.diagnostics(doc)
    start, end = find(doc.text, "بغداد")
    found = await highlights(server, doc, start + 1)
    expected = [s for s in tag(corpus)[BAGHDAD_DOC] if s["entity"] == BAGHDAD]
    assert len(expected) == 4
    assert [(h.range, h.kind) for h in found] == [
        (range_of(doc.text, s["start"], s["end"], server.encoding), types.DocumentHighlightKind.Read)
        for s in expected
    ]
    # Confirmed, the first one is a Write highlight; the others stay Read.
    await server.apply(doc, "Accept «بغداد» as GPE", start)
    found = await highlights(server, doc, start)
    assert [h.kind for h in found] == [types.DocumentHighlightKind.Write] + [
        types.DocumentHighlightKind.Read
    ] * 3
    # Off a mention, nothing.
    assert await highlights(server, doc, 0) == []


async def test_references_span_the_corpus(server, corpus):
    doc = server.open(BAGHDAD_DOC)
    await server.diagnostics(doc)
    start, _ = find(doc.text, "بغداد")
    found = await references(server, doc.uri, position(doc.text, start, server.encoding))
    spans = tag(corpus)
    expected = sorted(
        ((corpus / name).as_uri(), s["start"], s["end"])
        for name, ss in spans.items()
        for s in ss
        if s["entity"] == BAGHDAD
    )
    # Every copy of the seeds names it more than once.
    assert len(expected) >= 10
    texts = {(corpus / name).as_uri(): (corpus / name).read_text(encoding="utf-8") for name in spans}
    def key(uri, rng):
        return (uri, rng.start.line, rng.start.character, rng.end.line, rng.end.character)

    assert sorted(key(r.uri, r.range) for r in found) == sorted(
        key(uri, range_of(texts[uri], s, e, server.encoding)) for uri, s, e in expected
    )


async def test_references_off_a_mention_or_document(server):
    doc = server.open(BAGHDAD_DOC)
    await server.diagnostics(doc)
    assert await references(server, doc.uri, types.Position(line=0, character=0)) == []
    nowhere = (server.corpus / "not-open.txt").as_uri()
    assert await references(server, nowhere, types.Position(line=0, character=0)) is None
    # Positions past the end of the text are clamped, not fatal.
    far = types.Position(line=10_000, character=10_000)
    assert await references(server, doc.uri, far) == []
    assert await inlay_hints(server, doc, 0, len(doc.text)) == []


async def test_positions_in_utf8_for_a_utf8_client(start, corpus):
    from support import plain_capabilities

    server = await start(capabilities=plain_capabilities(["utf-8"]))
    assert server.encoding == "utf-8"
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    start_, end = find(doc.text, "واشنطن")
    await server.apply(doc, "Accept «واشنطن» as GPE", start_)
    hints = await inlay_hints(server, doc)
    assert [h.position for h in hints] == [position(doc.text, line_end(doc.text, end), "utf-8")]
    # References in UTF-8 too, in every document that names واشنطن.
    located = await references(server, doc.uri, position(doc.text, start_, "utf-8"))
    texts = {p.as_uri(): p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")}
    for found_ in located:
        text = texts[found_.uri]
        at = offset_of(text, found_.range.start, "utf-8")
        assert text[at:at + len("واشنطن")] == "واشنطن"
    assert len(located) == 9
    found = await highlights(server, doc, start_)
    assert found[0].range == range_of(doc.text, start_, end, "utf-8")
    # Arabic letters are two bytes each in UTF-8.
    assert found[0].range.end.character - found[0].range.start.character == 2 * (end - start_)


async def definition(server, doc, offset):
    return await asyncio.wait_for(
        server.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri),
                position=position(doc.text, offset, server.encoding),
            )
        ),
        TIMEOUT,
    )


async def test_definition_is_the_entity_in_the_project_lexicon(start, corpus):
    lexicon = corpus / ".alama" / "lexicon.jsonl"
    lexicon.parent.mkdir()
    entity = '{"id": "wikidata:Q1", "type": "ORG", "names": {"ar": "رويترز", "en": "Reuters"}}'
    lexicon.write_text('{"id": "wikidata:Q2", "type": "ORG", "names": {"en": "Agence"}}\n' + entity + "\n",
                       encoding="utf-8")
    (corpus / "reuters.txt").write_text("نقلت رويترز عن مسؤول أن بغداد هادئة.\n", encoding="utf-8")
    server = await start()
    doc = server.open("reuters.txt")
    await server.diagnostics(doc)
    found = await definition(server, doc, find(doc.text, "رويترز")[0] + 1)
    text = lexicon.read_text(encoding="utf-8")
    at = text.index(entity)
    assert found == types.Location(uri=lexicon.as_uri(), range=range_of(text, at, at + len(entity), server.encoding))
    # بغداد is an entity of the embedded lexicon, which has no file; off a
    # mention there is nothing either.
    assert await definition(server, doc, find(doc.text, "بغداد")[0]) is None
    assert await definition(server, doc, 0) is None


async def test_rename_gives_a_project_entity_another_canonical_name(start, corpus):
    import json

    import pytest
    from pygls.exceptions import JsonRpcException

    lexicon = corpus / ".alama" / "lexicon.jsonl"
    lexicon.parent.mkdir()
    lexicon.write_text(
        '{"id": "wikidata:Q2", "type": "ORG", "names": {"en": "Agence"}}\n'
        '  {"id": "wikidata:Q1", "type": "ORG", "names": {"ar": "رويترز", "en": "Reuters"}}\n',
        encoding="utf-8",
    )
    (corpus / "reuters.txt").write_text("نقلت رويترز عن مسؤول أن بغداد هادئة.\n", encoding="utf-8")
    server = await start()
    assert server.result.capabilities.rename_provider.prepare_provider is True
    doc = server.open("reuters.txt")
    await server.diagnostics(doc)
    at, end = find(doc.text, "رويترز")
    here = types.TextDocumentPositionParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri),
        position=position(doc.text, at + 1, server.encoding),
    )
    prepared = await asyncio.wait_for(server.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=here.text_document, position=here.position)), TIMEOUT)
    assert prepared.range == range_of(doc.text, at, end, server.encoding)
    assert prepared.placeholder == "رويترز"

    edit = await asyncio.wait_for(server.client.text_document_rename_async(types.RenameParams(
        text_document=here.text_document, position=here.position, new_name="وكالة رويترز للأنباء")), TIMEOUT)
    assert edit is not None and not edit.changes and not edit.document_changes
    lines = lexicon.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"id": "wikidata:Q2", "type": "ORG", "names": {"en": "Agence"}}'
    assert lines[1].startswith("  ")
    renamed = json.loads(lines[1])
    assert renamed["names"] == {"ar": "وكالة رويترز للأنباء", "en": "Reuters"}
    assert renamed["aliases"] == ["رويترز"]
    # The old name is still matched, now as an alias.
    card = await server.hover(doc, at + 1)
    assert "| وكالة رويترز للأنباء | Reuters |" in card.contents.value

    # An entity of the embedded lexicon, and an unlinked name, are not renamed.
    baghdad = find(doc.text, "بغداد")[0]
    with pytest.raises(JsonRpcException) as refused:
        await asyncio.wait_for(server.client.text_document_prepare_rename_async(types.PrepareRenameParams(
            text_document=here.text_document, position=position(doc.text, baghdad, server.encoding))), TIMEOUT)
    assert "embedded lexicon" in str(refused.value)
