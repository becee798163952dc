"""Requests never wait on each other: not on the index, not on a long
document, and a cancelled command is done whole or not at all.

Indexing and the recognition of a long document are held up on purpose
with the debug builds' test hooks: while the file named by
`ALAMA_TEST_HOLD_INDEX` (or `ALAMA_TEST_HOLD_RECOGNITION`) exists, the
server's indexing (or its recognition of a document's whole text) waits.
"""

import asyncio
import pathlib

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from support import NOT_YET, SEEDS, TIMEOUT, find, impersonate, status

WITH_BAGHDAD = "001_3c9b909a0e592931.txt"
CANCELLED = -32800


def hold(tmp_path: pathlib.Path, name: str) -> pathlib.Path:
    """A file whose existence holds the server up (see the module doc)."""
    path = tmp_path / name
    path.touch()
    return path


async def error_code(request) -> int:
    with pytest.raises(JsonRpcException) as raised:
        await request
    return raised.value.code


async def test_requests_are_answered_while_the_corpus_is_first_indexed(
    start, corpus, tmp_path
):
    held = hold(tmp_path, "index")
    server = await start(env={"ALAMA_TEST_HOLD_INDEX": str(held)}, indexed=False)
    doc = server.open(WITH_BAGHDAD)
    start_, end = find(doc.text, "بغداد")
    # Until the project is read, a hover is answered with a retryable error;
    # then with a card.
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        try:
            if await server.hover(doc, start_):
                break
        except JsonRpcException as error:
            assert error.code == NOT_YET
        assert asyncio.get_running_loop().time() < deadline, "no hover card"
        await asyncio.sleep(0.05)

    # Hovers and a code action at once, and a hover cancelled at once: all
    # are answered while indexing is held up.
    cancelled = server.client.protocol.send_request(
        types.TEXT_DOCUMENT_HOVER,
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            position=types.Position(line=0, character=0),
        ),
        msg_id="hover-to-cancel",
    )
    server.client.protocol.notify(
        types.CANCEL_REQUEST, types.CancelParams(id="hover-to-cancel")
    )
    answers = await asyncio.gather(
        *[server.hover(doc, start_ + i) for i in range(4)],
        server.actions(doc, start_, end),
        asyncio.wrap_future(cancelled),
        return_exceptions=True,
    )
    *cards, actions, cancelled = answers
    for card in cards:
        lines = card.contents.value.splitlines()
        assert lines[0] == "**GPE** · suggestion · lexicon"
        assert "In this document: 4 · in the corpus: not counted yet" in lines
    titles = [a.title for a in actions]
    assert "Accept «بغداد» as GPE" in titles
    # Cancelled, or answered before the cancellation arrived.
    assert (
        isinstance(cancelled, JsonRpcException) and cancelled.code in (CANCELLED, NOT_YET)
    ) or cancelled is None

    # What cannot be answered yet is a retryable error, not a wait.
    nowhere = (corpus / ".not-open.txt").as_uri()
    hover = server.hover_at(nowhere, types.Position(line=0, character=0))
    assert await error_code(hover) == NOT_YET
    accept = next(a for a in actions if a.title == "Accept «بغداد» as GPE")
    command = server.execute(accept.command.command, *accept.command.arguments)
    assert await error_code(command) == NOT_YET
    assert not (corpus / "001_3c9b909a0e592931.ann").exists()
    # Diagnostics wait for the corpus: they name what is confirmed in it,
    # and a command taken from them is not refused.
    assert server.publications(doc.uri) == []
    assert held.exists()

    held.unlink()
    await server.diagnostics(doc, lambda d: len(d) > 0)
    await server.indexed()
    card = (await server.hover(doc, start_)).contents.value
    assert card.splitlines()[-1].startswith("In this document: 4 · in the corpus: 11 in 5 documents")
    summary = await server.execute(accept.command.command, *accept.command.arguments)
    assert summary == "Accepted بغداد as GPE"


async def test_a_cancelled_command_is_done_whole_or_not_at_all(start, corpus):
    # VS Code asks for the semantic tokens again after a command.
    server = await start(capabilities=impersonate("visual-studio-code@v1.65.2"))
    docs = [server.open(seed.name) for seed in sorted(SEEDS.glob("*.txt"))]
    tried = set()
    outcomes = []
    for round_ in range(50):
        # A suggestion not tried yet, as the document shows it now.
        suggestion = None
        for doc in docs:
            for d in await server.diagnostics(doc):
                m = server.mention(doc, d)
                if status(d) == "suggested" and (doc.uri, m.start) not in tried:
                    suggestion = (doc, m)
                    break
            if suggestion:
                break
        assert suggestion, f"no suggestion left after {round_} rounds"
        doc, m = suggestion
        tried.add((doc.uri, m.start))
        action = await server.action(doc, f"Accept «{m.text}» as {m.type}", m.start, m.end)

        # The command, and at once its cancellation.
        request = f"annotate-{round_}"
        answer = server.client.protocol.send_request(
            types.WORKSPACE_EXECUTE_COMMAND,
            types.ExecuteCommandParams(
                command=action.command.command, arguments=action.command.arguments
            ),
            msg_id=request,
        )
        server.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request))
        try:
            summary = await asyncio.wait_for(asyncio.wrap_future(answer), TIMEOUT)
            assert summary == f"Accepted {m.text} as {m.type}"
            done = True
        except JsonRpcException as error:
            assert error.code == CANCELLED, error
            done = False
        outcomes.append((doc, m, done))
        if done:
            # The next round sees this annotation.
            rng = m.diagnostic.range
            await server.diagnostics(
                doc,
                lambda ds: any(d.range == rng and status(d) == "confirmed" for d in ds),
            )

    for doc, m, done in outcomes:
        ann = doc.path.with_suffix(".ann")
        lines = ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []
        written = f"{m.type} {m.start} {m.end}\t{m.text}"
        on_disk = any(line.split("\t", 1)[-1] == written for line in lines)
        assert on_disk == done, (m.text, m.start, done)


async def test_a_long_document_does_not_hold_up_requests_about_others(
    start, corpus, tmp_path
):
    held = tmp_path / "recognition"
    server = await start(env={"ALAMA_TEST_HOLD_RECOGNITION": str(held)})
    doc = server.open(WITH_BAGHDAD)
    await server.diagnostics(doc, lambda d: len(d) > 0)
    start_, end = find(doc.text, "بغداد")

    # Some 5 MB on one line, made of the seeds.
    seeds = " ".join(
        s.read_text(encoding="utf-8").replace("\n", " ") for s in sorted(SEEDS.glob("*.txt"))
    )
    text = seeds * (5_000_000 // len(seeds.encode()) + 1)
    long_path = corpus / "long.txt"
    long_path.write_text(text, encoding="utf-8")
    held.touch()
    long = server.open("long.txt")

    async def answered_meanwhile():
        """Hovers and a code action about the short document, at once."""
        *cards, actions = await asyncio.gather(
            *[server.hover(doc, start_ + i) for i in range(3)],
            server.actions(doc, start_, end),
        )
        for card in cards:
            assert card.contents.value.startswith("**GPE** · suggestion · lexicon")
        assert "Accept «بغداد» as GPE" in [a.title for a in actions]
        assert server.publications(long.uri) == []

    # While the long document is being recognized…
    await answered_meanwhile()
    # … and while an edit of it is being processed.
    middle = len(text) // 2
    server.edit(long, middle, middle, "x")
    await answered_meanwhile()

    held.unlink()
    diagnostics = await server.diagnostics(long, timeout=300)
    assert len(diagnostics) > 10_000
    assert all(d.range.start.line == 0 for d in diagnostics)
