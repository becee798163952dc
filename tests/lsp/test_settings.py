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


async def severities_with_one_accepted(server, doc):
    """The severities once one suggestion of the document is accepted, so
    that it has both suggestions and annotations."""
    start, end = find(doc.text, "واشنطن")
    await server.apply(doc, "Accept «واشنطن» as GPE", start, end)
    await server.diagnostics(doc, lambda d: any(status(x) == "confirmed" for x in d))
    return await severities(server, doc)


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
    assert await severities_with_one_accepted(server, doc) == {
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
    # Without 004's one بغداد (11 in 5 documents with it).
    assert card.splitlines()[-1].startswith("In this document: 4 · in the corpus: 10 in 4 documents")


async def test_an_invalid_value_is_reported_and_the_other_settings_apply(start):
    server = await start(
        init_options={"suggestionSeverity": "loud", "confirmedSeverity": "error"}
    )
    (message,) = await server.client_messages(lambda m: "settings" in m.message)
    assert message.type == types.MessageType.Warning
    assert message.message.startswith(
        "alama settings: kept the default of `suggestionSeverity`, whose value is"
        " invalid: unknown variant `loud`"
    )
    # The invalid key keeps its default (hint); the valid one applies.
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Hint}}
    assert await severities_with_one_accepted(server, doc) == {
        "suggested": {Severity.Hint},
        "confirmed": {Severity.Error},
    }


async def test_unknown_keys_are_ignored_with_a_warning(start):
    server = await start(
        init_options={
            "suggestionSeverity": "warning",
            "colour": "red",
            "server": {"path": "/opt/alama"},
        }
    )
    (message,) = await server.client_messages(lambda m: "settings" in m.message)
    assert message.type == types.MessageType.Warning
    assert message.message == "alama settings: ignored the unknown keys `colour`, `server`"
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Warning}}


async def test_unknown_keys_from_workspace_configuration_are_ignored(start):
    server = await start(
        capabilities=impersonate("visual-studio-code@v1.65.2"),
        configuration={"alama": {"suggestionSeverity": "information", "colour": 1}},
    )
    (message,) = await server.client_messages(lambda m: "settings" in m.message)
    assert message.message == "alama settings: ignored the unknown key `colour`"
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Information}}


async def test_did_change_configuration_with_an_unknown_key_applies_the_rest(server):
    # A client without workspace/configuration sends the settings in the
    # notification itself.
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Hint}}
    server.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"alama": {"suggestionSeverity": "warning", "colour": 1}}
        )
    )
    (message,) = await server.client_messages(lambda m: "settings" in m.message)
    assert message.message == "alama settings: ignored the unknown key `colour`"
    await server.diagnostics(
        doc, lambda d: d and all(x.severity == Severity.Warning for x in d)
    )
    assert await severities(server, doc) == {"suggested": {Severity.Warning}}


async def test_null_configuration_keeps_initialization_options(start):
    # VS Code with no `alama` settings: workspace/configuration answers [null].
    server = await start(
        capabilities=impersonate("visual-studio-code@v1.65.2"),
        init_options={"suggestionSeverity": "warning"},
    )
    doc = server.open(DOC)
    assert await severities(server, doc) == {"suggested": {Severity.Warning}}
