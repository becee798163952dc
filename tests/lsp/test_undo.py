"""alama.undo and alama.redo: the last annotation command of the session,
reverted on disk and done again."""

from pygls.exceptions import JsonRpcException
import pytest

from support import find, status

WASHINGTON = "000_fa838d974829c45c.txt"


async def test_undo_and_redo_an_accept(server, corpus):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    ann = corpus / WASHINGTON.replace(".txt", ".ann")
    start, end = find(doc.text, "واشنطن")
    await server.apply(doc, "Accept «واشنطن» as GPE", start)
    accepted = ann.read_text(encoding="utf-8")
    assert accepted.startswith(f"T1\tGPE {start} {end}\tواشنطن\n")

    summary = await server.execute("alama.undo", {"uri": doc.uri})
    assert summary == "Undid: Accepted واشنطن as GPE"
    assert ann.read_text(encoding="utf-8") == ""
    # The mention is a suggestion again.
    diagnostics = await server.diagnostics(
        doc, lambda ds: not any(status(d) == "confirmed" for d in ds)
    )
    assert any(status(d) == "suggested" for d in diagnostics)

    summary = await server.execute("alama.redo", {"uri": doc.uri})
    assert summary == "Redid: Accepted واشنطن as GPE"
    assert ann.read_text(encoding="utf-8") == accepted
    assert await server.execute("alama.redo", {"uri": doc.uri}) == "Nothing to redo"


async def test_undo_needs_a_document_of_the_workspace(server):
    assert "alama.undo" in server.result.capabilities.execute_command_provider.commands
    with pytest.raises(JsonRpcException) as error:
        await server.execute("alama.undo", {})
    assert "missing `uri`" in str(error.value)
    with pytest.raises(JsonRpcException):
        await server.execute("alama.undo", {"uri": "file:///elsewhere/x.txt"})
    # The server is still there.
    doc = server.open(WASHINGTON)
    assert await server.diagnostics(doc)
