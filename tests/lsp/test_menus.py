"""Short menus: a client that runs `alama.pick` gets one entry where a type
or an entity is to be chosen, which it shows as a pick list before running
the server command; another client gets one entry per type and no alias."""

from support import find, plain_capabilities

WASHINGTON = "000_fa838d974829c45c.txt"


def pick_capabilities():
    capabilities = plain_capabilities()
    capabilities.experimental = {"alama": {"pick": True}}
    return capabilities


def run_picked(action, value):
    """What a client runs once `value` is picked: the server command with
    the field replaced."""
    assert action.command.command == "alama.pick"
    [pick] = action.command.arguments
    assert value in [c["value"] for c in pick["choices"]]
    return pick["command"], {**pick["argument"], pick["field"]: value}


async def test_a_suggestion_offers_one_entry_for_the_other_types(start, corpus):
    server = await start(capabilities=pick_capabilities())
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    start_, end = find(doc.text, "واشنطن")
    actions = await server.actions(doc, start_)
    quick_fixes = [a.title for a in actions if a.kind == "quickfix"]
    assert quick_fixes == [
        "Accept «واشنطن» as GPE",
        "Reject «واشنطن» as GPE",
        "Accept all 9 suggestions of «واشنطن» in the corpus",
        "Accept «واشنطن» as another type…",
    ]
    other = next(a for a in actions if a.title == "Accept «واشنطن» as another type…")
    [pick] = other.command.arguments
    assert pick["prompt"] == "Accept as"
    assert pick["field"] == "type"
    assert [c["value"] for c in pick["choices"]][:3] == ["PER", "ORG", "LOC"]
    assert "GPE" not in [c["value"] for c in pick["choices"]]

    command, argument = run_picked(other, "LOC")
    assert command == "alama.annotate"
    summary = await server.execute(command, argument)
    assert summary == "Accepted واشنطن as LOC"
    ann = (corpus / WASHINGTON.replace(".txt", ".ann")).read_text(encoding="utf-8")
    # The link to the entity stays: the type is the annotator's correction.
    assert ann == f"T1\tLOC {start_} {end}\tواشنطن\nN1\tReference T1 geonames:4140963\tWashington\n"

    # The confirmed mention: one entry to change its type, and one to link
    # it to the other entity of its name (the state of Washington).
    titles = [a.title for a in await server.actions(doc, start_) if a.kind == "quickfix"]
    assert titles == [
        "Remove the annotation «واشنطن»",
        "Change «واشنطن» to another type…",
        "Link «واشنطن» to Washington, first-level region of United States (state) "
        "(iso3166-2:US-WA)",
    ]


async def test_an_alias_is_of_the_entity_the_annotator_picks(start, corpus):
    server = await start(capabilities=pick_capabilities())
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    word, word_end = find(doc.text, "تتطلع")
    actions = await server.actions(doc, word, word_end)
    titles = [a.title for a in actions]
    assert "Tag «تتطلع» as…" in titles
    assert not any(t.startswith("Tag «تتطلع» as ") for t in titles)
    alias = next(a for a in actions if a.title == "Add «تتطلع» as an alias of…")
    [pick] = alias.command.arguments
    assert pick["field"] == "entity"
    # The linked entities the document names, nearest first: واشنطن is
    # the next word.
    assert pick["choices"][0]["value"] == "geonames:4140963"
    assert pick["choices"][0]["label"] == "Washington"


async def test_a_client_without_pick_lists_gets_one_entry_per_type_and_no_alias(server):
    doc = server.open(WASHINGTON)
    await server.diagnostics(doc)
    start_, _ = find(doc.text, "واشنطن")
    titles = [a.title for a in await server.actions(doc, start_)]
    assert "Accept «واشنطن» as LOC" in titles
    assert not any(t.endswith("…") for t in titles)
    word, word_end = find(doc.text, "تتطلع")
    titles = [a.title for a in await server.actions(doc, word, word_end)]
    assert "Tag «تتطلع» as PER" in titles
    assert not any("alias" in t for t in titles)
