"""Code actions and their commands: accept, tag, propagate, reject."""

from lsprotocol import types

from support import find, range_of, status

WASHINGTON = "000_fa838d974829c45c.txt"
WITH_BAGHDAD = "001_3c9b909a0e592931.txt"


def checked(diagnostics):
    """The findings of `alama check` among diagnostics."""
    return [d for d in diagnostics if d.source == "alama check"]


def at(server, doc, diagnostics, start, end):
    """The diagnostics exactly covering code points `start..end`."""
    rng = range_of(doc.text, start, end, server.encoding)
    return [d for d in diagnostics if d.range == rng]


async def test_accept_writes_brat(server, corpus):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    start, end = find(doc.text, "واشنطن")
    assert (start, end) == (21, 27)

    action = await server.action(doc, "Accept «واشنطن» as GPE", start + 3)
    assert action.is_preferred is True
    assert action.command.command == "alama.annotate"
    assert action.command.arguments[0] == {
        "uri": doc.uri,
        "start": start,
        "end": end,
        "text": "واشنطن",
        "type": "GPE",
        "entity": "geonames:4140963",
        "key": None,
        "scope": None,
    }
    summary = await server.execute(action.command.command, *action.command.arguments)
    assert summary == "Accepted واشنطن as GPE"

    ann = corpus / "000_fa838d974829c45c.ann"
    assert ann.read_text(encoding="utf-8") == (
        f"T1\tGPE {start} {end}\tواشنطن\n"
        "N1\tReference T1 geonames:4140963\tWashington\n"
    )
    # No temporary file of the atomic write is left behind; the project
    # folder holds the lock writers of the folder take.
    assert sorted(p.name for p in corpus.iterdir() if not p.name.endswith(".txt")) == [
        ".alama",
        "000_fa838d974829c45c.ann",
    ]
    assert [p.name for p in (corpus / ".alama").iterdir()] == ["write.lock"]

    def confirmed(diagnostics):
        return any(
            status(d) == "confirmed" for d in at(server, doc, diagnostics, start, end)
        )

    diagnostics = await server.diagnostics(doc, confirmed)
    (d,) = at(server, doc, diagnostics, start, end)
    assert d.message == "GPE · واشنطن (Washington) — confirmed"
    assert d.severity == types.DiagnosticSeverity.Hint
    assert d.code == "GPE"

    # On the annotation, the actions are now the annotation's.
    titles = [a.title for a in await server.actions(doc, start, end)]
    assert titles[0] == "Remove the annotation «واشنطن»"
    assert "Change «واشنطن» to LOC" in titles
    assert not any(t.startswith("Accept «واشنطن»") for t in titles)


async def test_tagged_name_propagates_to_another_open_document(server, corpus):
    (corpus / "a.txt").write_text("كتب فرقد الدباغ مقالا طويلا، ورد عليه والكبيسي.\n", encoding="utf-8")
    (corpus / "b.txt").write_text(
        "ورد اسم فرقد الدباغ في التقرير، وقال الدباغ إنه راض.\n", encoding="utf-8"
    )
    a = server.open("a.txt")
    b = server.open("b.txt")
    assert await server.diagnostics(a) == []
    assert await server.diagnostics(b) == []

    # A cursor inside a word with proclitics: the word without them.
    w, _ = find(a.text, "والكبيسي")
    tag = (await server.actions(a, w + 4))[0]
    assert tag.title == "Tag «الكبيسي» as PER"
    assert tag.kind == "refactor.rewrite"
    assert tag.command.arguments[0]["start"] == w + 1
    assert tag.command.arguments[0]["end"] == w + len("والكبيسي")

    start, end = find(a.text, "فرقد الدباغ")
    summary = await server.apply(a, "Tag «فرقد الدباغ» as PER", start, end)
    assert summary == "Accepted فرقد الدباغ as PER"
    assert (corpus / "a.ann").read_text(encoding="utf-8") == (
        f"T1\tPER {start} {end}\tفرقد الدباغ\n"
    )

    mentions = await server.mentions(b, lambda d: len(d) == 2)
    assert [(m.text, m.type, m.message) for m in mentions] == [
        ("فرقد الدباغ", "PER", "PER · فرقد الدباغ — propagated from the corpus"),
        # The family name alone, after the proclitic-free verb.
        ("الدباغ", "PER", "PER · الدباغ — propagated from the corpus"),
    ]
    assert (mentions[0].start, mentions[1].start) == (
        find(b.text, "فرقد الدباغ")[0],
        find(b.text, "الدباغ", 1)[0],
    )
    assert mentions[0].diagnostic.severity == types.DiagnosticSeverity.Hint
    # b's own file is untouched.
    assert not (corpus / "b.ann").exists()


async def test_reject_persists_across_restart(start, corpus):
    server = await start()
    doc = server.open(WITH_BAGHDAD)
    diagnostics = await server.diagnostics(doc)
    first = find(doc.text, "بغداد")
    second = find(doc.text, "بغداد", 1)
    assert len(at(server, doc, diagnostics, *first)) == 1

    summary = await server.apply(doc, "Reject «بغداد» as GPE", first[0])
    assert summary == "Rejected بغداد as GPE"
    await server.diagnostics(doc, lambda d: not at(server, doc, d, *first))
    rejections = corpus / ".alama" / "rejections.tsv"
    expected = (
        "# path\tstart\tend\ttype\tentity\ttext\n"
        f"{WITH_BAGHDAD}\t{first[0]}\t{first[1]}\tGPE\tgeonames:98182\tبغداد\n"
    )
    assert rejections.read_text(encoding="utf-8") == expected
    assert not (corpus / "001_3c9b909a0e592931.ann").exists()
    assert await server.stop() == 0

    again = await start()
    doc = again.open(WITH_BAGHDAD)
    diagnostics = await again.diagnostics(doc)
    assert at(again, doc, diagnostics, *first) == []
    # Only that mention: the next بغداد is still suggested.
    (d,) = at(again, doc, diagnostics, *second)
    assert d.message == "GPE · بغداد (Baghdad) — lexicon"
    card = (await again.hover(doc, second[0])).contents.value
    assert card.splitlines()[-1].endswith("(confirmed 0, suggested 10, rejected 1)")
    assert rejections.read_text(encoding="utf-8") == expected


async def test_a_document_is_marked_done_by_a_source_action(server, corpus):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    action = await server.action(doc, "Mark this document as done", 0)
    assert action.kind == "source"
    assert action.command.command == "alama.review"
    assert action.command.arguments[0]["state"] == "done"
    summary = await server.execute(action.command.command, *action.command.arguments)
    assert summary == f"{WASHINGTON} is done"
    lines = (corpus / ".alama" / "status.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# path\tstate\twho\twhen"
    assert lines[1].split("\t")[:2] == [WASHINGTON, "done"]
    titles = [a.title for a in await server.actions(doc, 0)]
    assert "Mark this document as done" not in titles
    assert "Mark this document as in progress" in titles


async def test_a_span_with_punctuation_is_a_check_warning(server, corpus):
    text = (corpus / WASHINGTON).read_text(encoding="utf-8")
    start, end = find(text, "واشنطن")
    # The annotator's span takes the space after the name.
    (corpus / "000_fa838d974829c45c.ann").write_text(
        f"T1\tGPE {start} {end + 1}\t{text[start:end + 1]}\n", encoding="utf-8"
    )
    doc = server.open(WASHINGTON)

    diagnostics = await server.diagnostics(doc, checked)
    (warning,) = checked(diagnostics)
    assert warning.severity == types.DiagnosticSeverity.Warning
    assert warning.code == "boundary"
    assert warning.range == range_of(doc.text, start, end + 1, server.encoding)
    assert "starts or ends with white space or punctuation" in warning.message

    # The quick fix trims the span, keeping its type and link.
    action = await server.action(doc, "Trim the annotation to «واشنطن»", start + 2)
    assert action.is_preferred is True
    summary = await server.execute(action.command.command, *action.command.arguments)
    assert summary.startswith("Moved ")
    ann = (corpus / "000_fa838d974829c45c.ann").read_text(encoding="utf-8")
    assert ann == f"T1\tGPE {start} {end}\tواشنطن\n"
    diagnostics = await server.diagnostics(doc, lambda ds: not checked(ds))
    assert not checked(diagnostics)


async def test_a_duplicate_annotation_is_an_error_with_a_fix_that_keeps_the_link(server, corpus):
    text = (corpus / WASHINGTON).read_text(encoding="utf-8")
    start, end = find(text, "واشنطن")
    # The same span and type twice; only the second carries a link.
    (corpus / "000_fa838d974829c45c.ann").write_text(
        f"T1\tGPE {start} {end}\tواشنطن\n"
        f"T2\tGPE {start} {end}\tواشنطن\n"
        "N1\tReference T2 geonames:4140963\tWashington\n",
        encoding="utf-8",
    )
    doc = server.open(WASHINGTON)

    diagnostics = await server.diagnostics(doc, checked)
    (error,) = checked(diagnostics)
    assert error.severity == types.DiagnosticSeverity.Error
    assert error.code == "duplicate"
    assert error.range == range_of(doc.text, start, end, server.encoding)

    action = await server.action(doc, "Remove the duplicate GPE annotation", start + 2)
    assert action.is_preferred is True
    assert action.command.command == "alama.removeDuplicate"
    summary = await server.execute(action.command.command, *action.command.arguments)
    assert summary == "Removed a duplicate GPE annotation of واشنطن"
    ann = (corpus / "000_fa838d974829c45c.ann").read_text(encoding="utf-8")
    assert ann == (
        f"T2\tGPE {start} {end}\tواشنطن\n"
        "N1\tReference T2 geonames:4140963\tWashington\n"
    )
    diagnostics = await server.diagnostics(doc, lambda ds: not checked(ds))
    assert not checked(diagnostics)
    # With one annotation left there is nothing to remove.
    titles = [a.title for a in await server.actions(doc, start + 2)]
    assert "Remove the duplicate GPE annotation" not in titles


async def test_a_name_confirmed_with_another_type_elsewhere_is_a_warning(start, corpus):
    here = (corpus / WASHINGTON).read_text(encoding="utf-8")
    there = (corpus / WITH_BAGHDAD).read_text(encoding="utf-8")
    begin, end = find(here, "واشنطن")
    other_start, other_end = find(there, "واشنطن")
    (corpus / "000_fa838d974829c45c.ann").write_text(
        f"T1\tGPE {begin} {end}\tواشنطن\n", encoding="utf-8"
    )
    (corpus / "001_3c9b909a0e592931.ann").write_text(
        f"T1\tORG {other_start} {other_end}\tواشنطن\n", encoding="utf-8"
    )
    # The server reads the other document's annotations when it indexes.
    server = await start()
    doc = server.open(WASHINGTON)

    diagnostics = await server.diagnostics(doc, checked)
    (warning,) = checked(diagnostics)
    assert warning.severity == types.DiagnosticSeverity.Warning
    assert warning.code == "type-conflict"
    assert warning.range == range_of(doc.text, begin, end, server.encoding)
    assert warning.message == "«واشنطن» is confirmed as GPE here and as ORG once in the corpus"

    # The warning's quick fix changes the annotation to the other type; a
    # tie of one against one is no clear fix, so it is not the preferred one.
    actions = await server.actions(doc, begin + 2)
    (fix,) = [a for a in actions if "as it is confirmed" in a.title]
    assert fix.title == "Change «واشنطن» to ORG, as it is confirmed once in the corpus"
    assert fix.kind == types.CodeActionKind.QuickFix
    assert not fix.is_preferred

    # Retyping the other mention ends the conflict in this document too.
    other = server.open(WITH_BAGHDAD)
    await server.diagnostics(other)
    action = await server.action(other, "Change «واشنطن» to GPE", other_start + 2)
    await server.execute(action.command.command, *action.command.arguments)
    diagnostics = await server.diagnostics(doc, lambda ds: not checked(ds))
    assert not checked(diagnostics)
