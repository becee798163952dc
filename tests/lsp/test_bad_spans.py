"""Spans no annotation can have, and documents that cannot be read, are
refused with a message saying why; nothing is written."""

from lsprotocol import types

from support import find, until
from test_bad_input import refused, still_answers

DOC = "000_fa838d974829c45c.txt"
TWO_LINES = "قال علي\nبابا في بغداد\n"


async def test_an_empty_span_is_refused(server, corpus):
    doc = server.open(DOC)
    await server.diagnostics(doc)
    start, _ = find(doc.text, "واشنطن")
    empty = {"uri": doc.uri, "start": start, "end": start, "text": "", "type": "GPE"}
    assert await refused(server, "alama.annotate", empty) == (
        f"{doc.path}: the span {start}..{start} is empty; "
        "a name needs at least one character"
    )
    assert not (corpus / "000_fa838d974829c45c.ann").exists()
    await still_answers(server, doc)


async def test_a_span_across_a_line_break_is_refused(start, corpus):
    (corpus / "two.txt").write_text(TWO_LINES, encoding="utf-8")
    server = await start()
    doc = server.open("two.txt")
    await server.diagnostics(doc)
    start_, end = find(doc.text, "علي\nبابا")
    across = {"uri": doc.uri, "start": start_, "end": end, "text": "علي\nبابا"}
    for command, extra in [
        ("alama.annotate", {"type": "PER"}),
        ("alama.reject", {"type": "PER"}),
        ("alama.addAlias", {"entity": "geonames:98182"}),
    ]:
        assert await refused(server, command, {**across, **extra}) == (
            f"{doc.path}: «علي\\nبابا» at {start_}..{end} crosses a line break, "
            "and names never do in Alama"
        )
    assert sorted(p.name for p in corpus.iterdir() if not p.name.endswith(".txt")) == []
    assert await server.stop() == 0

    # Nothing is reported on the next start.
    again = await start()
    doc = again.open("two.txt")
    await again.diagnostics(doc)
    await again.indexed()
    assert [m.message for m in again.client.messages] == []


async def test_commands_on_a_document_that_is_not_utf8_say_so(start, corpus):
    bad = corpus / "bad.txt"
    bad.write_bytes("بغداد abc ".encode("utf-8") + b"\xff\xfe tail\n")
    server = await start()
    await server.client_messages(lambda m: "bad.txt" in m.message)
    # The client shows the file somehow (here, with replacement characters).
    text = bad.read_bytes().decode("utf-8", errors="replace")
    server.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=bad.as_uri(), language_id="plaintext", version=1, text=text
            )
        )
    )
    # Opening it says why it is not indexed.
    messages = await until(
        lambda: [m.message for m in server.client.messages if "bad.txt" in m.message][1:],
        "a second message about bad.txt",
    )
    assert messages == [f"alama: {bad}: not valid UTF-8 at byte 15"]
    place = {"uri": bad.as_uri(), "start": 0, "end": 5, "text": "بغداد", "type": "GPE"}
    assert await refused(server, "alama.annotate", place) == (
        f"{bad}: not valid UTF-8 at byte 15"
    )
    assert not (corpus / "bad.ann").exists()
    await still_answers(server, server.open(DOC))
