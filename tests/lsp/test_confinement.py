"""Nothing is read or written outside the workspace folder, whatever
symbolic links it holds, and only `file:` URIs are files."""

from lsprotocol import types

from support import find
from test_bad_input import refused, still_answers

DOC = "000_fa838d974829c45c.txt"


def names(folder):
    return sorted(p.name for p in folder.iterdir())


async def test_a_project_folder_linked_outside_is_refused(start, corpus, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "config.toml").write_text('types = ["GPE"]\n', encoding="utf-8")
    (corpus / ".alama").symlink_to(elsewhere)
    server = await start()
    (warning,) = await server.client_messages(lambda m: "config.toml" in m.message)
    assert warning.type == types.MessageType.Warning
    assert warning.message == (
        f"alama: {corpus}/.alama/config.toml: leads to {elsewhere}/config.toml, "
        f"outside the workspace {corpus}; the project's settings are not read"
    )
    doc = server.open(DOC)
    await server.diagnostics(doc)
    start_, end = find(doc.text, "واشنطن")
    place = {"uri": doc.uri, "start": start_, "end": end, "text": "واشنطن"}

    # The defaults are loaded instead: PER is a type again.
    titles = [a.title for a in await server.actions(doc, start_)]
    assert "Accept «واشنطن» as PER" in titles

    assert await refused(server, "alama.reject", {**place, "type": "GPE"}) == (
        f"{corpus}/.alama/rejections.tsv: leads to {elsewhere}/rejections.tsv, "
        f"outside the workspace {corpus}; refused"
    )
    alias = {**place, "entity": "geonames:4140963"}
    assert await refused(server, "alama.addAlias", alias) == (
        f"{corpus}/.alama/lexicon.jsonl: leads to {elsewhere}/lexicon.jsonl, "
        f"outside the workspace {corpus}; refused"
    )
    assert names(elsewhere) == ["config.toml"]
    assert not any(p.name.endswith(".ann") for p in corpus.iterdir())
    await still_answers(server, doc)


async def test_an_ann_linked_outside_is_neither_read_nor_written(start, corpus, tmp_path):
    doc_text = (corpus / DOC).read_text(encoding="utf-8")
    start_, end = find(doc_text, "واشنطن")
    outside = tmp_path / "outside.ann"
    content = f"T1\tGPE {start_} {end}\tواشنطن\n"
    outside.write_text(content, encoding="utf-8")
    ann = corpus / "000_fa838d974829c45c.ann"
    ann.symlink_to(outside)
    server = await start()
    (warning,) = await server.client_messages(lambda m: ann.name in m.message)
    assert warning.message == (
        f"alama: {ann}: leads to {outside}, outside the workspace {corpus}; "
        "its annotations are not read"
    )
    doc = server.open(DOC)
    diagnostics = await server.diagnostics(doc)
    assert not any(d.message.endswith("— confirmed") for d in diagnostics)

    place = {"uri": doc.uri, "start": start_, "end": end, "text": "واشنطن", "type": "GPE"}
    assert await refused(server, "alama.annotate", place) == (
        f"{ann}: leads to {outside}, outside the workspace {corpus}; refused"
    )
    assert outside.read_text(encoding="utf-8") == content
    assert ann.is_symlink()
    # Nothing changed: واشنطن is still a suggestion.
    await still_answers(server, doc)


async def test_stale_temporary_files_are_removed_at_start(start, corpus):
    # No process has the largest number a pid can have on Linux.
    stale = corpus / ".alama-tmp-4194305-abcdefghijkl.tmp"
    stale.write_text("half written", encoding="utf-8")
    server = await start()
    await server.indexed()
    assert not stale.exists()


async def test_only_file_uris_are_files(server, corpus):
    http = f"http://example.com{corpus / DOC}"
    text = (corpus / DOC).read_text(encoding="utf-8")
    server.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=http, language_id="plaintext", version=1, text=text
            )
        )
    )
    start_, end = find(text, "واشنطن")
    hover = await server.hover_at(http, types.Position(line=0, character=start_ + 1))
    assert hover is None
    place = {"uri": http, "start": start_, "end": end, "text": "واشنطن", "type": "GPE"}
    assert await refused(server, "alama.annotate", place) == (
        f"alama.annotate: `{http}` is no file of this machine"
    )
    doc = server.open(DOC)
    await server.diagnostics(doc)
    assert server.publications(http) == []
    assert not (corpus / "000_fa838d974829c45c.ann").exists()
    await still_answers(server, doc)
