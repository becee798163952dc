"""Semantic tokens of confirmed annotations, the mentions query and
accepting a whole document."""

import asyncio

from lsprotocol import types

from support import TIMEOUT, find, position, status

WASHINGTON = "000_fa838d974829c45c.txt"


async def semantic_tokens(server, doc) -> list[int]:
    result = await asyncio.wait_for(
        server.client.text_document_semantic_tokens_full_async(
            types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
        ),
        TIMEOUT,
    )
    return result.data


async def test_confirmed_annotations_are_semantic_tokens(server):
    legend = server.result.capabilities.semantic_tokens_provider.legend
    assert list(legend.token_types[:3]) == ["alamaPer", "alamaOrg", "alamaGpe"]
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    assert list(await semantic_tokens(server, doc)) == [], "suggestions are no tokens"

    start, end = find(doc.text, "واشنطن")
    await server.apply(doc, "Accept «واشنطن» as GPE", start)
    at = position(doc.text, start, server.encoding)
    # delta line, delta start, length in UTF-16 units, type GPE, no modifiers.
    assert list(await semantic_tokens(server, doc)) == [at.line, at.character, end - start, 2, 0]


async def test_mentions_of_the_entity_under_the_cursor(server):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    start, _ = find(doc.text, "واشنطن")
    found = await server.execute(
        "alama.mentions", {"uri": doc.uri, "position": position(doc.text, start, server.encoding)}
    )
    assert {(m["type"], m["status"], m["text"]) for m in found} == {("GPE", "suggested", "واشنطن")}
    assert len(found) == 9
    assert len({m["uri"] for m in found}) == 4
    first = next(m for m in found if m["uri"] == doc.uri)
    assert first["range"]["start"] == {"line": 0, "character": start}

    nothing = await server.execute("alama.mentions", {"uri": doc.uri, "position": {"line": 0, "character": 0}})
    assert nothing == []


async def test_accept_every_suggestion_of_a_document(server, corpus):
    doc = server.open(WASHINGTON)
    suggested = [d for d in await server.diagnostics(doc) if status(d) == "suggested"]
    summary = await server.execute("alama.acceptDocument", {"uri": doc.uri})
    assert summary == f"Accepted {len(suggested)} suggestions"
    lines = (corpus / WASHINGTON.replace(".txt", ".ann")).read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if line.startswith("T")]) == len(suggested)
    # Every suggestion is now confirmed (the new annotations may propagate
    # to places that were not suggested before).
    confirmed = [d.range for d in suggested]
    diagnostics = await server.diagnostics(
        doc, lambda ds: sum(status(d) == "confirmed" for d in ds) == len(suggested)
    )
    assert sorted(
        (d.range.start.line, d.range.start.character) for d in diagnostics if status(d) == "confirmed"
    ) == sorted((r.start.line, r.start.character) for r in confirmed)
