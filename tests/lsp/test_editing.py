"""Editing: annotations move with the text (didChange), are written with
it (didSave), and an unsaved buffer's annotations go when it is closed."""

from support import find, range_of, status

DOC = "000_fa838d974829c45c.txt"
ANN = "000_fa838d974829c45c.ann"
PREFIX = "عاجل: "


def brat(start, end):
    return (
        f"T1\tGPE {start} {end}\tواشنطن\n"
        "N1\tReference T1 geonames:4140963\tWashington\n"
    )


def statuses(server, doc, diagnostics, start, end):
    rng = range_of(doc.text, start, end, server.encoding)
    return [status(d) for d in diagnostics if d.range == rng]


async def accept_washington(server, doc):
    start, end = find(doc.text, "واشنطن")
    summary = await server.apply(doc, "Accept «واشنطن» as GPE", start, end)
    assert summary == "Accepted واشنطن as GPE"
    return start, end


async def test_edits_move_and_drop_annotations(server, corpus):
    doc = server.open(DOC)
    await server.diagnostics(doc)
    start, end = await accept_washington(server, doc)
    ann = corpus / ANN
    assert ann.read_text(encoding="utf-8") == brat(start, end)

    # Text inserted before the annotation moves it.
    server.edit(doc, 0, 0, PREFIX)
    moved = (start + len(PREFIX), end + len(PREFIX))
    diagnostics = await server.diagnostics(doc)
    assert statuses(server, doc, diagnostics, *moved) == ["confirmed"]
    assert ann.read_text(encoding="utf-8") == brat(start, end)  # not saved yet
    server.save(doc)
    await server.until_file(ann, brat(*moved))

    # Editing inside the annotation drops it.
    server.edit(doc, moved[0] + 2, moved[0] + 3, "س")
    assert doc.text[moved[0] : moved[1]] == "واسنطن"
    diagnostics = await server.diagnostics(doc)
    assert statuses(server, doc, diagnostics, *moved) == []
    assert not any(status(d) == "confirmed" for d in diagnostics)
    server.save(doc)
    await server.until_file(ann, "")


async def test_accept_in_a_dirty_buffer_is_written_on_save(server, corpus):
    doc = server.open(DOC)
    await server.diagnostics(doc)
    server.edit(doc, 0, 0, PREFIX)
    await server.diagnostics(doc)
    start, end = await accept_washington(server, doc)
    assert start == 21 + len(PREFIX)
    ann = corpus / ANN
    assert not ann.exists()
    server.save(doc)
    await server.until_file(ann, brat(start, end))


async def test_accept_in_a_dirty_buffer_is_dropped_on_close(start, corpus):
    server = await start()
    doc = server.open(DOC)
    await server.diagnostics(doc)
    server.edit(doc, 0, 0, PREFIX)
    await server.diagnostics(doc)
    await accept_washington(server, doc)
    server.close(doc)
    # The close is answered with empty diagnostics.
    doc.version = None
    assert await server.diagnostics(doc) == []
    ann = corpus / ANN
    assert not ann.exists()
    assert (corpus / DOC).read_text(encoding="utf-8") == server.doc(DOC).text

    # Opened again from disk, واشنطن is a suggestion again.
    doc = server.open(DOC)
    start_, end = find(doc.text, "واشنطن")
    diagnostics = await server.diagnostics(
        doc, lambda d: statuses(server, doc, d, start_, end)
    )
    assert statuses(server, doc, diagnostics, start_, end) == ["suggested"]
    assert not ann.exists()
