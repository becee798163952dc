"""Bad input: errors are answered, nothing is written, the server goes on.
(The `start` fixture also checks that every server is still running at the
end of each test and exits with status 0.)"""

import os
import shutil
import time

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from support import SEEDS, find, impersonate, range_of, until

DOC = "000_fa838d974829c45c.txt"
LINE_ENDS_WITH_DATE = "😀 زار الرئيس باراك أوباما بغداد 🇮🇶 يوم 11 يونيو 2014\nشكرا\n"


async def expect_error(server, command, *arguments) -> JsonRpcException:
    with pytest.raises(JsonRpcException) as error:
        await server.execute(command, *arguments)
    return error.value


async def refused(server, command, *arguments) -> str:
    """The message of the invalid-params error answered to a command."""
    error = await expect_error(server, command, *arguments)
    assert isinstance(error, JsonRpcInvalidParams)
    return error.message


async def still_answers(server, doc):
    """The server still answers a hover on واشنطن."""
    hover = await server.hover(doc, find(doc.text, "واشنطن")[0])
    assert hover.contents.value.startswith("**GPE** · suggestion · lexicon")


@pytest.mark.parametrize(
    "command, arguments, message",
    [
        ("alama.annotate", lambda uri: [{"uri": uri}], "alama.annotate: missing `start`"),
        ("alama.annotate", lambda uri: [], "alama.annotate: expected one argument, got 0"),
        (
            "alama.annotate",
            lambda uri: [{"uri": uri, "start": 0, "end": 4, "text": "أعلن"}],
            "alama.annotate: missing `type`",
        ),
        (
            "alama.remove",
            lambda uri: [{"uri": uri, "start": 9, "end": 2, "text": "x"}],
            "alama.remove: start 9 is after end 2",
        ),
        ("alama.reject", lambda uri: ["not an object"], None),
        ("alama.explode", lambda uri: [{"uri": uri}], "unknown command `alama.explode`"),
    ],
)
async def test_bad_command_arguments(server, corpus, command, arguments, message):
    doc = server.open(DOC)
    await server.diagnostics(doc)
    error = await expect_error(server, command, *arguments(doc.uri))
    assert isinstance(error, JsonRpcInvalidParams)
    if message is not None:
        assert error.message == message
    await still_answers(server, doc)
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in SEEDS.glob("*.txt"))


async def test_stale_command_is_refused(server, corpus):
    """A command whose text is no longer at its span is refused."""
    doc = server.open(DOC)
    await server.diagnostics(doc)
    start, end = find(doc.text, "واشنطن")
    error = await expect_error(
        server,
        "alama.annotate",
        {"uri": doc.uri, "start": start + 1, "end": end + 1, "text": "واشنطن", "type": "GPE"},
    )
    assert isinstance(error, JsonRpcInvalidParams)
    assert "expected `واشنطن`" in error.message
    assert "it changed since the action was offered" in error.message
    assert not (corpus / "000_fa838d974829c45c.ann").exists()
    await still_answers(server, doc)


async def test_command_outside_the_workspace_writes_nothing(server, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = elsewhere / "x.txt"
    outside.write_text("بغداد\n", encoding="utf-8")
    error = await expect_error(
        server,
        "alama.annotate",
        {"uri": outside.as_uri(), "start": 0, "end": 5, "text": "بغداد", "type": "GPE"},
    )
    assert isinstance(error, JsonRpcInvalidParams)
    assert error.message == f"{outside} is not in a workspace folder"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.txt"]
    assert not (tmp_path / ".alama").exists()
    doc = server.open(DOC)
    await still_answers(server, doc)


async def test_positions_past_the_end_are_clamped(server, corpus):
    (corpus / "emoji.txt").write_text(LINE_ENDS_WITH_DATE, encoding="utf-8")
    doc = server.open("emoji.txt")
    await server.diagnostics(doc)
    date = range_of(doc.text, *find(doc.text, "11 يونيو 2014"), server.encoding)

    # Past the end of the first line: its end, just after the date.
    hover = await server.hover_at(doc.uri, types.Position(line=0, character=10_000))
    assert hover.range == date
    assert hover.contents.value.startswith("**DATE** · suggestion · rule")
    # Past the end of the document, and inside the surrogate pair of 😀.
    assert await server.hover_at(doc.uri, types.Position(line=99, character=5)) is None
    assert await server.hover_at(doc.uri, types.Position(line=0, character=1)) is None

    # A selection running past the end: the actions of the date.
    actions = await server.actions_at(
        doc.uri,
        types.Range(start=date.start, end=types.Position(line=0, character=10_000)),
    )
    assert actions[0].title == "Accept «11 يونيو 2014» as DATE"
    actions = await server.actions_at(
        doc.uri,
        types.Range(
            start=types.Position(line=50, character=0),
            end=types.Position(line=60, character=3),
        ),
    )
    # Only the document's own (its review state).
    assert [a.title for a in actions if a.kind != "source"] == []

    # An edit past the end appends.
    server.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc.uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=40, character=0),
                        end=types.Position(line=41, character=0),
                    ),
                    text=" بغداد",
                )
            ],
        )
    )
    doc.text += " بغداد"
    doc.version = 2
    mentions = await server.mentions(doc, lambda d: len(d) == 4)
    assert [m.text for m in mentions][-1] == "بغداد"
    assert mentions[-1].start == len(doc.text) - len("بغداد")


async def test_unknown_documents_get_null(server, tmp_path):
    unknown = (tmp_path / "never-opened.txt").as_uri()
    whole = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=3)
    )
    assert await server.actions_at(unknown, whole) is None
    assert await server.hover_at(unknown, whole.start) is None


async def test_non_utf8_document_is_reported(start, corpus):
    bad = corpus / "bad.txt"
    bad.write_bytes("بغداد abc ".encode("utf-8") + b"\xff\xfe tail\n")
    server = await start()
    messages = await server.client_messages(lambda m: "bad.txt" in m.message)
    (message,) = messages
    assert message.type == types.MessageType.Warning
    assert message.message == f"alama: {bad}: not valid UTF-8 at byte 15"
    # The other documents are indexed all the same.
    doc = server.open(DOC)
    await server.diagnostics(doc, lambda d: len(d) > 0)


async def test_fifos_and_documents_over_the_size_limit_are_skipped(start, corpus):
    """A FIFO named like a document would block indexing until a program
    wrote to it; a document over `maxDocumentSize` megabytes would stall
    it. Both are skipped with a message naming them."""
    pipe = corpus / "pipe.txt"
    os.mkfifo(pipe)
    big = corpus / "big.txt"
    big.write_text("بغداد " * 100_000, encoding="utf-8")
    server = await start(init_options={"maxDocumentSize": 1})
    messages = await server.client_messages(lambda m: "big.txt" in m.message)
    skipped = [m.message for m in server.client.messages if "skipped" in m.message]
    assert skipped == [
        f"alama: {pipe}: skipped: a FIFO, not a regular file",
        f"alama: {big}: skipped: its 1.1 MB are more than the limit of 1.0 MB",
    ]
    assert [m.type for m in messages] == [types.MessageType.Warning]
    # The other documents are indexed all the same; the large one is not
    # opened either.
    doc = server.open(DOC)
    await server.diagnostics(doc, lambda d: len(d) > 0)
    large = server.open("big.txt")
    await server.client_messages(lambda m: "big.txt" in m.message and m is not messages[0])
    assert await server.diagnostics(large) == []


async def test_requests_before_initialize_are_refused(start):
    server = await start(initialize=False)
    # pytest-lsp checks requests against the client's capabilities: none.
    server.client.capabilities = types.ClientCapabilities()
    with pytest.raises(JsonRpcException) as error:
        await server.hover_at((server.corpus / DOC).as_uri(), types.Position(line=0, character=0))
    assert error.value.code == -32002  # ServerNotInitialized
    # Initializing afterwards works.
    await server.initialize(types.ClientCapabilities())
    doc = server.open(DOC)
    await server.diagnostics(doc, lambda d: len(d) > 0)


async def test_exit_is_prompt_while_indexing(start, corpus):
    """`exit` ends the process at once, even with indexing under way."""
    # Enough documents that indexing outlasts the exit in any build.
    for i in range(200):
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, corpus / f"copy{i:03}_{seed.name}")
    server = await start(capabilities=impersonate("neovim@v0.7.0"))
    # Indexing has begun and reported progress: it is under way.
    await until(
        lambda: len(server.client.progress_reports.get("alama/index", [])) >= 2,
        "indexing progress",
    )
    began = time.monotonic()
    status = await server.stop(timeout=3)
    took = time.monotonic() - began
    assert status == 0, f"not exited {took:.1f} s after `exit`: killed"
    assert took < 1.0
