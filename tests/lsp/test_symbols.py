"""Document symbols (the outline of a document's entities by type) and
workspace symbols (an entity found by any of its names, normalized)."""

import pytest
from lsprotocol import types

from support import find, plain_capabilities, range_of

WITH_BAGHDAD = "001_3c9b909a0e592931.txt"
# The first seed, by name, in which the lexicon suggests Baghdad.
FIRST_WITH_BAGHDAD = "000_fa838d974829c45c.txt"
BAGHDAD = "geonames:98182"


def hierarchical(encoding: str) -> types.ClientCapabilities:
    """A client that shows document symbols as a tree, offering `encoding`."""
    capabilities = plain_capabilities([encoding])
    capabilities.text_document.document_symbol = (
        types.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True)
    )
    return capabilities


async def outline(server, uri: str):
    return await server.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def search(server, query: str) -> list[types.WorkspaceSymbol]:
    return await server.client.workspace_symbol_async(
        types.WorkspaceSymbolParams(query=query)
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
async def test_the_outline_groups_entities_by_type(start, encoding):
    server = await start(capabilities=hierarchical(encoding))
    assert server.encoding == encoding
    assert server.result.capabilities.document_symbol_provider is True
    doc = server.open(WITH_BAGHDAD)
    await server.diagnostics(doc)

    def at(needle: str, nth: int = 0) -> types.Range:
        return range_of(doc.text, *find(doc.text, needle, nth), encoding)

    symbols = await outline(server, doc.uri)
    # The types in the project's order (the default types), each with the
    # kind of its icon.
    assert [(s.name, s.detail, s.kind) for s in symbols] == [
        ("PER", "2 entities · 2 mentions", types.SymbolKind.Object),
        ("ORG", "13 entities · 19 mentions", types.SymbolKind.Struct),
        ("GPE", "13 entities · 35 mentions", types.SymbolKind.Namespace),
        ("NORP", "4 entities · 4 mentions", types.SymbolKind.EnumMember),
        ("CARDINAL", "2 entities · 2 mentions", types.SymbolKind.Number),
    ]
    per, _, gpe, _, _ = symbols
    assert [(c.name, c.detail, c.range) for c in per.children] == [
        ("السيستاني", "1 suggestion", at("السيستاني")),
        ("ماري هارف", "1 suggestion", at("ماري هارف")),
    ]
    # An entity's range is its first mention; the entities of a type come
    # in the order of their first mentions.
    iraq, baghdad = gpe.children[:2]
    assert (iraq.name, iraq.detail, iraq.range) == (
        "العراق",
        "11 suggestions · iso3166:IQ",
        at("العراق"),
    )
    assert (baghdad.name, baghdad.detail, baghdad.range) == (
        "بغداد",
        f"4 suggestions · {BAGHDAD}",
        at("بغداد"),
    )
    assert baghdad.selection_range == baghdad.range
    assert gpe.selection_range == iraq.range
    assert gpe.range.start == iraq.range.start
    assert [c.name for c in gpe.children[2:4]] == ["الولايات المتحدة", "إيران"]

    # Accepting one mention of Baghdad makes it confirmed.
    start_, _ = find(doc.text, "بغداد", 1)
    await server.apply(doc, "Accept «بغداد» as GPE", start_)
    symbols = await outline(server, doc.uri)
    baghdad = symbols[2].children[1]
    assert (baghdad.name, baghdad.detail, baghdad.range) == (
        "بغداد",
        f"1 confirmed · 3 suggestions · {BAGHDAD}",
        at("بغداد"),
    )


async def test_a_client_without_a_tree_gets_the_entities_with_their_type(server):
    doc = server.open(WITH_BAGHDAD)
    await server.diagnostics(doc)
    symbols = await outline(server, doc.uri)
    assert all(isinstance(s, types.SymbolInformation) for s in symbols)
    assert len(symbols) == 2 + 13 + 13 + 4 + 2
    assert [(s.name, s.container_name) for s in symbols[:3]] == [
        ("السيستاني", "PER"),
        ("ماري هارف", "PER"),
        ("الجيش الأمريكي", "ORG"),
    ]
    baghdad = symbols[2 + 13 + 1]
    assert (baghdad.name, baghdad.container_name, baghdad.kind) == (
        "بغداد",
        "GPE",
        types.SymbolKind.Namespace,
    )
    assert baghdad.location == types.Location(
        uri=doc.uri,
        range=range_of(doc.text, *find(doc.text, "بغداد"), server.encoding),
    )


async def test_a_document_not_open_or_outside_the_corpus_has_no_symbols(
    server, corpus, tmp_path
):
    assert await outline(server, (corpus / WITH_BAGHDAD).as_uri()) == []
    assert await outline(server, (corpus / "missing.txt").as_uri()) == []
    outside = tmp_path / "outside.txt"
    outside.write_text("زار أوباما بغداد.\n", encoding="utf-8")
    server.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=outside.as_uri(),
                language_id="plaintext",
                version=1,
                text=outside.read_text(encoding="utf-8"),
            )
        )
    )
    assert await outline(server, outside.as_uri()) == []
    assert await outline(server, "untitled:Untitled-1") == []


def where(symbol: types.WorkspaceSymbol, server, corpus):
    """A symbol's document and the code point span of its range."""
    name = symbol.location.uri.rsplit("/", 1)[1]
    text = (corpus / name).read_text(encoding="utf-8")
    rng = symbol.location.range
    return name, server.offset(text, rng.start), server.offset(text, rng.end)


@pytest.mark.parametrize(
    "query, name",
    [
        ("Baghdad", "Baghdad"),
        ("baghdad", "Baghdad"),
        ("بغداد", "بغداد"),
        # Harakat, and a hamza on the alef: the same matching key.
        ("بَغْدَاد", "بغداد"),
        ("بغدأد", "بغداد"),
    ],
)
async def test_an_entity_is_found_by_its_name_in_either_script(
    server, corpus, query, name
):
    assert server.result.capabilities.workspace_symbol_provider is True
    found = [s for s in await search(server, query) if s.container_name.endswith(BAGHDAD)]
    assert [(s.name, s.container_name, s.kind) for s in found] == [
        (name, f"GPE · {BAGHDAD}", types.SymbolKind.Namespace)
    ]
    # No document is open and none confirms it: the first suggestion, in the
    # first document that has one.
    text = (corpus / FIRST_WITH_BAGHDAD).read_text(encoding="utf-8")
    assert where(found[0], server, corpus) == (
        FIRST_WITH_BAGHDAD,
        *find(text, "بغداد"),
    )


async def test_a_found_entity_is_placed_at_a_confirmed_mention(server, corpus):
    doc = server.open(WITH_BAGHDAD)
    await server.diagnostics(doc)
    # Open, the document's first suggestion is the place.
    (found,) = await search(server, "Baghdad")
    assert where(found, server, corpus) == (WITH_BAGHDAD, *find(doc.text, "بغداد"))

    second = find(doc.text, "بغداد", 1)
    await server.apply(doc, "Accept «بغداد» as GPE", second[0])
    (found,) = await search(server, "Baghdad")
    assert found.location.range == range_of(doc.text, *second, server.encoding)
    # A closed document's range is read from its text on disk.
    server.close(doc)
    (found,) = await search(server, "بغداد")
    assert where(found, server, corpus) == (WITH_BAGHDAD, *second)


async def test_an_empty_or_unmatched_query_finds_nothing(server):
    assert await search(server, "") == []
    assert await search(server, "   ") == []
    assert await search(server, "\u064e") == []
    assert await search(server, "Xyzzyq") == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
async def test_an_entity_only_a_project_lexicon_has_is_found_on_its_line(
    start, corpus, encoding
):
    lexicon = corpus / ".alama" / "lexicon.jsonl"
    lexicon.parent.mkdir()
    entity = (
        '{"id": "wikidata:Q42", "type": "PER", '
        '"names": {"ar": "دوغلاس آدمز", "en": "Douglas Adams"}}'
    )
    lines = [
        '{"id": "wikidata:Q1", "type": "ORG", "names": {"ar": "رويترز", "en": "Reuters"}}',
        "  " + entity,
    ]
    lexicon.write_text("\n".join(lines) + "\n", encoding="utf-8")
    server = await start(capabilities=plain_capabilities([encoding]))
    assert server.encoding == encoding

    for query, name in [("adams", "Douglas Adams"), ("دوغلاس ادمز", "دوغلاس آدمز")]:
        (found,) = await search(server, query)
        assert (found.name, found.container_name, found.kind) == (
            name,
            "PER · wikidata:Q42",
            types.SymbolKind.Object,
        )
        text = lexicon.read_text(encoding="utf-8")
        start_ = text.index(entity)
        assert found.location == types.Location(
            uri=lexicon.as_uri(),
            range=range_of(text, start_, start_ + len(entity), encoding),
        )
