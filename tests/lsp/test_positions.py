"""Diagnostics: one per mention, at exact ranges in the negotiated encoding.

Expected ranges are computed here from the text (Python string offsets,
converted to UTF-16 units or UTF-8 bytes by encoding the line's prefix), not
taken from the server."""

import pytest
from lsprotocol import types

from support import ORIGINS, find, impersonate, origin, plain_capabilities, range_of, status, tag

CLIENTS = {
    "utf-16": lambda: impersonate("visual-studio-code@v1.65.2"),
    "utf-8": lambda: plain_capabilities(["utf-8", "utf-16"]),
    "utf-32": lambda: plain_capabilities(["utf-32"]),
}


@pytest.fixture(scope="session")
def seed_spans(tmp_path_factory):
    """The batch tagger's spans of the seed documents."""
    from support import SEEDS

    folder = tmp_path_factory.mktemp("seeds")
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return tag(folder)


def check_mention(server, doc, diagnostics, needle, nth, ty, message):
    """The diagnostic of the `nth` occurrence of `needle` has exactly this
    range, type and message."""
    start, end = find(doc.text, needle, nth)
    expected = range_of(doc.text, start, end, server.encoding)
    at = [d for d in diagnostics if d.range == expected]
    assert len(at) == 1, f"no diagnostic at {expected} for {needle!r}: {diagnostics}"
    (d,) = at
    assert d.code == ty
    assert d.source == "alama"
    assert d.message == message
    assert d.severity == types.DiagnosticSeverity.Hint
    # No `data`: code actions are computed from the range alone.
    assert d.data is None


@pytest.mark.parametrize("encoding", list(CLIENTS))
async def test_seed_mentions_at_exact_ranges(start, encoding, seed_spans):
    server = await start(capabilities=CLIENTS[encoding]())
    assert server.encoding == encoding
    single_line = server.open("000_fa838d974829c45c.txt")
    multi_line = server.open("001_3c9b909a0e592931.txt")

    # (document, text, which occurrence, type, message)
    known = [
        (single_line, "واشنطن", 0, "GPE", "GPE · واشنطن (Washington) — lexicon"),
        (single_line, "باراك أوباما", 0, "PER", "PER · باراك أوباما — trigger pattern"),
        (
            single_line, "الأربعاء (11 يونيو 2014)", 0, "DATE",
            "DATE · الأربعاء (11 يونيو 2014) — rule",
        ),
        (single_line, "بغداد", 0, "GPE", "GPE · بغداد (Baghdad) — lexicon"),
        # Past the first line break.
        (multi_line, "الموصل", 0, "GPE", "GPE · الموصل (Mosul) — lexicon"),
    ]
    mosul = find(multi_line.text, "الموصل")
    assert range_of(multi_line.text, *mosul, encoding).start.line == 1
    for doc, needle, nth, ty, message in known:
        diagnostics = await server.diagnostics(doc)
        check_mention(server, doc, diagnostics, needle, nth, ty, message)

    # Every mention, as the batch tagger finds it in code points.
    for doc in (single_line, multi_line):
        diagnostics = await server.diagnostics(doc)
        got = [(d.range, d.code, status(d), origin(d)) for d in diagnostics]
        want = [
            (
                range_of(doc.text, s["start"], s["end"], encoding),
                s["type"],
                s["status"],
                ORIGINS[s["source"]],
            )
            for s in seed_spans[doc.path.name]
        ]
        assert got == want


EMOJI = (
    "😀 زار الرئيس باراك أوباما بغداد 🇮🇶 يوم 11 يونيو 2014\n"
    "👍🏽 The delegation visited Baghdad on June 11, 2014.\n"
)


@pytest.mark.parametrize(
    "encoding, literal",
    [
        # Hand-counted: 😀 is two UTF-16 units, four UTF-8 bytes; an Arabic
        # letter one unit, two bytes; 🇮🇶 two astral characters.
        ("utf-16", {"باراك أوباما": ((0, 14), (0, 26)), "11 يونيو 2014": ((0, 42), (0, 55))}),
        ("utf-8", {"باراك أوباما": ((0, 25), (0, 48)), "11 يونيو 2014": ((0, 76), (0, 94))}),
        ("utf-32", {"باراك أوباما": ((0, 13), (0, 25)), "11 يونيو 2014": ((0, 39), (0, 52))}),
    ],
)
async def test_mentions_after_emoji(start, corpus, encoding, literal):
    (corpus / "emoji.txt").write_text(EMOJI, encoding="utf-8")
    server = await start(capabilities=CLIENTS[encoding]())
    doc = server.open("emoji.txt")
    diagnostics = await server.diagnostics(doc)

    expected = [
        ("باراك أوباما", "PER"),
        ("بغداد", "GPE"),
        ("11 يونيو 2014", "DATE"),
        ("Baghdad", "GPE"),
        ("June 11, 2014", "DATE"),
    ]
    want = [(range_of(doc.text, *find(doc.text, text), encoding), ty) for text, ty in expected]
    assert [(d.range, d.code) for d in diagnostics] == want

    for text, (start_, end) in literal.items():
        rng = range_of(doc.text, *find(doc.text, text), encoding)
        assert (rng.start.line, rng.start.character) == start_
        assert (rng.end.line, rng.end.character) == end
        assert any(d.range == rng for d in diagnostics)
