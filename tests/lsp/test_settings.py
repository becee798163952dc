"""Settings: from initializationOptions or workspace/configuration."""

import pytest
from lsprotocol import types

from support import find, impersonate, status

DOC = "000_fa838d974829c45c.txt"
Severity = types.DiagnosticSeverity


async def severities(server, doc):
    """The severities of the document's suggestions and annotations."""
    diagnostics = await server.diagnostics(doc, lambda d: len(d) > 0)
    by_status = {}
    for d in diagnostics:
        by_status.setdefault(status(d), set()).add(d.severity)
    return by_status


@pytest.mark.parametrize(
    "options",
    [
        {"suggestionSeverity": "warning", "confirmedSeverity": "error"},
        {"alama": {"suggestionSeverity": "warning", "confirmedSeverity": "error"}},
    ],
    ids=["section", "wrapped"],
)
async def test_severities_from_initialization_options(start, options):
    server = await start(init_options=options)
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Warning}}

    start_, end = find(doc.text, "واشنطن")
    await server.apply(doc, "Accept «واشنطن» as GPE", start_, end)
    await server.diagnostics(doc, lambda d: any(status(x) == "confirmed" for x in d))
    assert await severities(server, doc) == {
        "suggested": {Severity.Warning},
        "confirmed": {Severity.Error},
    }


async def test_severity_from_workspace_configuration(start):
    server = await start(
        capabilities=impersonate("visual-studio-code@v1.65.2"),
        configuration={"alama": {"suggestionSeverity": "information"}},
    )
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Information}}


async def test_default_severities(server):
    # Hints, which editors list in no problems panel: the panel keeps the
    # checks' warnings.
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Hint}}


async def test_exclude_glob(start):
    server = await start(init_options={"exclude": ["004_*.txt"]})
    excluded = server.open("004_4151f71197af0b2e.txt")
    assert await server.diagnostics(excluded) == []
    doc = server.open("001_3c9b909a0e592931.txt")
    card = (await server.hover(doc, find(doc.text, "بغداد")[0])).contents.value
    # Without 004's one بغداد (12 in 5 documents with it).
    assert card.splitlines()[-1].startswith("In this document: 4 · in the corpus: 11 in 4 documents")


async def test_invalid_settings_are_reported(start):
    server = await start(init_options={"suggestionSeverity": "loud"})
    (message,) = await server.client_messages(lambda m: "settings" in m.message)
    assert message.type == types.MessageType.Warning
    assert message.message.startswith("invalid alama settings: unknown variant `loud`")
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Hint}}


async def test_null_configuration_keeps_initialization_options(start):
    # VS Code with no `alama` settings: workspace/configuration answers [null].
    server = await start(
        capabilities=impersonate("visual-studio-code@v1.65.2"),
        init_options={"suggestionSeverity": "warning"},
    )
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Warning}}
