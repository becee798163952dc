"""The code lenses at the top of a document (its counts and review state,
accepting all its suggestions, setting its review state) and the moves to
the next and previous suggestion.

Counts and places are computed without the server's help: from the batch
tagger (`alama tag`, which reads the `.ann` files and rejections the server
writes) and from the text."""

import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from support import TIMEOUT, find, plain_capabilities, position, range_of, tag, until

WASHINGTON = "000_fa838d974829c45c.txt"
TOP = types.Range(
    start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
)


async def lenses(server, doc) -> list[types.CodeLens]:
    return await asyncio.wait_for(
        server.client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
        ),
        TIMEOUT,
    )


def counts(corpus, name: str, rejected: tuple[int, ...] = ()) -> tuple[int, int]:
    """How many mentions of the document `alama tag` finds confirmed and
    suggested, but for the suggestions starting at `rejected` (`alama tag`
    does not read the rejections)."""
    spans = [s for s in tag(corpus)[name] if s["start"] not in rejected]
    confirmed = sum(s["status"] == "confirmed" for s in spans)
    suggested = sum(s["status"] == "suggested" for s in spans)
    assert confirmed + suggested == len(spans)
    return confirmed, suggested


def suggestions(corpus, name: str) -> list[tuple[int, int]]:
    """The code point spans of the document's suggestions, in order."""
    return sorted(
        (s["start"], s["end"]) for s in tag(corpus)[name] if s["status"] == "suggested"
    )


def title(confirmed: int, suggested: int, review: str) -> str:
    noun = "suggestion" if suggested == 1 else "suggestions"
    return f"{confirmed} confirmed · {suggested} {noun} · {review}"


async def run(server, lens: types.CodeLens):
    """Runs a lens' command as an editor would: the server's own commands
    through workspace/executeCommand."""
    return await server.execute(lens.command.command, *lens.command.arguments)


async def test_the_server_offers_lenses_and_the_moves(server):
    capabilities = server.result.capabilities
    assert capabilities.code_lens_provider.resolve_provider is False
    commands = set(capabilities.execute_command_provider.commands)
    assert {"alama.nextSuggestion", "alama.previousSuggestion", "alama.acceptAll"} <= commands
    # The client asks for the review state: that command is the client's.
    assert "alama.setReviewState" not in commands


async def test_the_lenses_count_the_documents_mentions_and_follow_each_decision(
    server, corpus
):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    confirmed, suggested = counts(corpus, WASHINGTON)
    assert (confirmed, suggested) == (0, 64)

    found = await lenses(server, doc)
    assert [lens.range for lens in found] == [TOP, TOP, TOP]
    assert [(lens.command.title, lens.command.command) for lens in found] == [
        (title(0, 64, "to do"), ""),
        ("Accept all suggestions", "alama.acceptAll"),
        ("Set review state…", "alama.setReviewState"),
    ]
    # The client's command, which asks for the state, is told the document.
    assert list(found[2].command.arguments) == [{"uri": doc.uri}]

    # Accepting one suggestion: one more confirmed, one fewer suggested.
    start, _ = find(doc.text, "واشنطن")
    await server.apply(doc, "Accept «واشنطن» as GPE", start)
    assert counts(corpus, WASHINGTON) == (1, 63)
    assert (await lenses(server, doc))[0].command.title == title(1, 63, "to do")

    # Rejecting one: one fewer suggested.
    start = next(s["start"] for s in tag(corpus)[WASHINGTON] if s["text"] == "العراق")
    await server.apply(doc, "Reject «العراق» as GPE", start)
    rejected = (start,)
    assert counts(corpus, WASHINGTON, rejected) == (1, 62)
    assert (await lenses(server, doc))[0].command.title == title(1, 62, "to do")

    # The review state, as the source action sets it.
    await server.apply(doc, "Mark this document as in progress", 0)
    assert (await lenses(server, doc))[0].command.title == title(1, 62, "in progress")

    # The lens' own command accepts every suggestion of the document; the
    # names confirmed may then be suggested in places they were not.
    summary = await run(server, (await lenses(server, doc))[1])
    assert summary == "Accepted 62 suggestions"
    confirmed, suggested = counts(corpus, WASHINGTON, rejected)
    assert confirmed == 63
    after = await lenses(server, doc)
    assert after[0].command.title == title(confirmed, suggested, "in progress")
    expected = ["", "alama.acceptAll"] if suggested else [""]
    assert [lens.command.command for lens in after] == expected + ["alama.setReviewState"]


async def test_the_client_is_asked_to_refresh_the_lenses_after_a_command(start):
    capabilities = plain_capabilities()
    capabilities.workspace = types.WorkspaceClientCapabilities(
        code_lens=types.CodeLensWorkspaceClientCapabilities(refresh_support=True)
    )
    server = await start(capabilities=capabilities)
    refreshes = []
    server.client.feature(types.WORKSPACE_CODE_LENS_REFRESH)(
        lambda *args: refreshes.append(args)
    )
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    before = len(refreshes)
    await server.apply(doc, "Accept «واشنطن» as GPE", find(doc.text, "واشنطن")[0])
    await until(lambda: len(refreshes) > before, "workspace/codeLens/refresh")
    before = len(refreshes)
    await server.apply(doc, "Mark this document as done", 0)
    await until(lambda: len(refreshes) > before, "workspace/codeLens/refresh")
    assert (await lenses(server, doc))[0].command.title.endswith(" · done")


async def test_a_document_without_suggestions_has_nothing_to_accept_nor_to_move_to(
    start, corpus
):
    (corpus / "quiet.txt").write_text("nothing to see here.\n", encoding="utf-8")
    server = await start()
    doc = server.open("quiet.txt")
    await server.diagnostics(doc)
    assert tag(corpus)["quiet.txt"] == []
    found = await lenses(server, doc)
    assert [(lens.command.title, lens.command.command) for lens in found] == [
        (title(0, 0, "to do"), ""),
        ("Set review state…", "alama.setReviewState"),
    ]
    for command in ("alama.nextSuggestion", "alama.previousSuggestion"):
        at = types.Position(line=0, character=3)
        assert await server.execute(command, doc.uri, at) is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
async def test_next_and_previous_suggestion_wrap_around_the_document(
    start, corpus, encoding
):
    server = await start(capabilities=plain_capabilities([encoding]))
    assert server.encoding == encoding
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    spans = suggestions(corpus, WASHINGTON)
    assert len(spans) == 64

    async def move(command: str, offset: int, *, one_argument: bool = False):
        at = position(doc.text, offset, encoding)
        if one_argument:
            location = await server.execute(command, {"uri": doc.uri, "position": at})
        else:
            location = await server.execute(command, doc.uri, at)
        if location is None:
            return None
        assert location["uri"] == doc.uri
        return location["range"]

    def expected(span: tuple[int, int]):
        rng = range_of(doc.text, *span, encoding)
        return {
            "start": {"line": rng.start.line, "character": rng.start.character},
            "end": {"line": rng.end.line, "character": rng.end.character},
        }

    first, second, last = spans[0], spans[1], spans[-1]
    assert first[0] > 0
    nxt, prev = "alama.nextSuggestion", "alama.previousSuggestion"
    assert await move(nxt, 0) == expected(first)
    assert await move(nxt, 0, one_argument=True) == expected(first)
    # From a suggestion's start, or inside it, to the one after it.
    assert await move(nxt, first[0]) == expected(second)
    assert await move(nxt, first[0] + 1) == expected(second)
    # Past the last one, back to the first.
    assert await move(nxt, last[0]) == expected(first)
    assert await move(nxt, len(doc.text)) == expected(first)
    # Previous: from inside a suggestion to its start, from its start to
    # the one before, and from before the first to the last.
    assert await move(prev, second[0] + 1) == expected(second)
    assert await move(prev, second[0]) == expected(first)
    assert await move(prev, first[0]) == expected(last)
    assert await move(prev, 0, one_argument=True) == expected(last)

    # Stepping forward from the start visits every suggestion once, in
    # order, then wraps.
    at, visited = 0, []
    for _ in range(len(spans) + 1):
        rng = await move(nxt, at)
        at = server.offset(doc.text, types.Position(**rng["start"]))
        end = server.offset(doc.text, types.Position(**rng["end"]))
        visited.append((at, end))
    assert visited == spans + [first]

    # An accepted suggestion is confirmed: it is passed over.
    await server.apply(doc, "Accept «واشنطن» as GPE", first[0])
    assert doc.text[first[0] : first[1]] == "واشنطن"
    await until(
        lambda: suggestions(corpus, WASHINGTON)[0] == second, "the accepted name to be written"
    )
    assert await move(nxt, 0) == expected(second)
    assert await move(prev, second[0]) == expected(last)


async def test_bad_arguments_are_refused_and_the_server_lives_on(server, corpus):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    at = {"line": 0, "character": 0}
    not_open = (corpus / "001_3c9b909a0e592931.txt").as_uri()
    refused = [
        (),
        (doc.uri,),
        (doc.uri, at, 3),
        ({"uri": doc.uri},),
        ({"position": at},),
        (42, at),
        ("not a uri", at),
        (doc.uri, {"line": -1, "character": 0}),
        (doc.uri, {"line": 0}),
        (doc.uri, "0:0"),
        ({"uri": doc.uri, "position": at, "extra": 1},),
        (not_open, at),
        ("untitled:Untitled-1", at),
    ]
    for command in ("alama.nextSuggestion", "alama.previousSuggestion"):
        for arguments in refused:
            with pytest.raises(JsonRpcException) as error:
                await server.execute(command, *arguments)
            assert error.value.code == -32602, (command, arguments)
    # A position past the end of a line or of the document is clamped.
    first = suggestions(corpus, WASHINGTON)[0]
    far = {"line": 10_000, "character": 4_000_000_000}
    location = await server.execute("alama.nextSuggestion", doc.uri, far)
    start = position(doc.text, first[0], server.encoding)
    assert location["range"]["start"] == {"line": start.line, "character": start.character}
    # The client's own command is not the server's.
    with pytest.raises(JsonRpcException):
        await server.execute("alama.setReviewState", {"uri": doc.uri})
    # Lenses of a document that is not open: none.
    assert (
        await asyncio.wait_for(
            server.client.text_document_code_lens_async(
                types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=not_open))
            ),
            TIMEOUT,
        )
        is None
    )
    # The server still answers.
    assert (await lenses(server, doc))[0].command.title == title(0, 64, "to do")
