"""Other writers of the corpus folder: a second server (another editor
window) and other programs editing the documents. No annotation a server
acknowledged is lost, and every one stays at its text."""

import re

from support import find, status

DOCS = ["000_fa838d974829c45c.txt", "001_3c9b909a0e592931.txt"]
PREFIX = "عاجل: "


def arabic_words(text: str) -> list[tuple[int, int, str]]:
    """The code point spans of the Arabic words of four letters or more."""
    return [(m.start(), m.end(), m.group()) for m in re.finditer("[ء-ي]{4,}", text)]


async def annotate(server, path, start: int, end: int, text: str, ty: str):
    argument = {
        "uri": path.as_uri(),
        "start": start,
        "end": end,
        "text": text,
        "type": ty,
    }
    summary = await server.execute("alama.annotate", argument)
    assert summary.startswith(f"Accepted {text} as {ty}"), summary
    return summary


def text_bounds(corpus, name: str) -> list[tuple[int, int, str, str]]:
    """The `T` lines of a document's `.ann`, after checking that each holds
    the text on disk at its offsets: `(start, end, type, text)`."""
    text = (corpus / name).read_text(encoding="utf-8")
    ann = corpus / name.replace(".txt", ".ann")
    found = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, annotation, reference = line.split("\t")
        ty, start, end = annotation.split(" ")
        start, end = int(start), int(end)
        assert text[start:end] == reference, f"{name}: {line!r} does not hold"
        found.append((start, end, ty, reference))
    return found


async def confirmed(server, doc, count: int):
    """The confirmed mentions of an open document, once there are `count`."""

    def enough(diagnostics):
        return sum(status(d) == "confirmed" for d in diagnostics) >= count

    mentions = await server.mentions(doc, enough)
    return {
        (m.start, m.end, m.type, m.text)
        for m in mentions
        if status(m.diagnostic) == "confirmed"
    }


async def test_two_servers_on_one_folder_keep_every_acknowledged_annotation(
    start, corpus
):
    first = await start()
    second = await start()
    await first.indexed()
    await second.indexed()
    # Both have the first document open and saved; the second is closed.
    for server in (first, second):
        await server.diagnostics(server.open(DOCS[0]))

    # Ten words of each document, annotated in turn by one server then the
    # other, alternating documents.
    plans = []
    for name in DOCS:
        words = arabic_words((corpus / name).read_text(encoding="utf-8"))[::5][:10]
        plans.append([(name, *word) for word in words])
    acknowledged = set()
    for i, pair in enumerate(zip(*plans)):
        servers = (first, second) if i % 2 == 0 else (second, first)
        for server, (name, start_, end, word) in zip(servers, pair):
            await annotate(server, corpus / name, start_, end, word, "PER")
            acknowledged.add((name, start_, end, "PER", word))
    assert len(acknowledged) == 20
    # The same annotation by both: kept once.
    name = DOCS[1]
    start_, end, word = arabic_words((corpus / name).read_text(encoding="utf-8"))[2]
    await annotate(first, corpus / name, start_, end, word, "GPE")
    await annotate(second, corpus / name, start_, end, word, "GPE")
    acknowledged.add((name, start_, end, "GPE", word))

    for name in DOCS:
        on_disk = text_bounds(corpus, name)
        assert len(on_disk) == len(set(on_disk)), f"{name}: a line written twice"
        expected = {(s, e, t, w) for n, s, e, t, w in acknowledged if n == name}
        assert set(on_disk) == expected
    assert await first.stop() == 0
    assert await second.stop() == 0

    # After a restart, both servers see them all.
    for _ in range(2):
        server = await start()
        for name in DOCS:
            expected = {(s, e, t, w) for n, s, e, t, w in acknowledged if n == name}
            doc = server.open(name)
            assert await confirmed(server, doc, len(expected)) == expected


async def test_annotations_follow_text_another_program_prepended(start, corpus):
    server = await start()
    name = DOCS[0]
    path = corpus / name
    doc = server.open(name)
    await server.diagnostics(doc)
    await annotate(server, path, *find(doc.text, "واشنطن"), "واشنطن", "GPE")

    # Another program prepends a line. The editor has not reloaded the
    # file yet (and no file watcher tells the server): the next command
    # names a place in the old text.
    path.write_text(PREFIX + doc.text, encoding="utf-8")
    await annotate(server, path, *find(doc.text, "العراق"), "العراق", "GPE")
    assert [b[3] for b in text_bounds(corpus, name)] == ["واشنطن", "العراق"]

    # The editor reloads the file: its buffer changes, unsaved but equal to
    # the file.
    server.edit(doc, 0, 0, PREFIX)
    await server.diagnostics(doc)
    await annotate(server, path, *find(doc.text, "أوباما"), "أوباما", "PER")
    server.close(doc)
    annotated = [("واشنطن", "GPE"), ("العراق", "GPE"), ("أوباما", "PER")]
    expected = {(*find(doc.text, word), ty, word) for word, ty in annotated}
    assert set(text_bounds(corpus, name)) == expected
    assert await server.stop() == 0

    again = await start()
    doc = again.open(name)
    assert await confirmed(again, doc, 3) == expected
