"""initialize: the position encoding negotiated with real clients'
capabilities, and what the server asks of clients that can or cannot."""

import re

import pytest
from lsprotocol import types

from support import find, impersonate, plain_capabilities, until

COMMANDS = {
    "alama.annotate",
    "alama.reject",
    "alama.acceptAll",
    "alama.retype",
    "alama.remove",
    "alama.link",
}


@pytest.mark.parametrize(
    "client, encoding",
    [
        # VS Code and Neovim 0.7 offer no positionEncodings: UTF-16 it is.
        ("visual-studio-code@v1.65.2", "utf-16"),
        ("neovim@v0.7.0", "utf-16"),
        # Neovim 0.11 offers utf-8, utf-16 and utf-32: code points win.
        ("neovim@v0.11.0", "utf-32"),
    ],
)
async def test_real_clients_negotiate(start, client, encoding):
    server = await start(capabilities=impersonate(client))
    assert server.result.capabilities.position_encoding == encoding
    assert server.result.server_info.name == "alama"


@pytest.mark.parametrize(
    "offered, encoding",
    [
        (None, "utf-16"),
        (["utf-16"], "utf-16"),
        (["utf-16", "utf-8"], "utf-8"),
        (["utf-8", "utf-16", "utf-32"], "utf-32"),
        (["utf-32"], "utf-32"),
    ],
)
async def test_offered_encodings(start, offered, encoding):
    server = await start(capabilities=plain_capabilities(offered))
    assert server.result.capabilities.position_encoding == encoding


async def test_capabilities(server):
    capabilities = server.result.capabilities
    sync = capabilities.text_document_sync
    assert sync.open_close is True
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert sync.save.include_text is False
    assert capabilities.hover_provider is True
    assert set(capabilities.code_action_provider.code_action_kinds) == {
        "quickfix",
        "refactor.rewrite",
        "source",
    }
    assert COMMANDS <= set(capabilities.execute_command_provider.commands)


async def test_vscode_gets_progress_and_file_watchers(start):
    server = await start(capabilities=impersonate("visual-studio-code@v1.65.2"))
    client = server.client
    reports = await until(
        lambda: [
            r
            for r in client.progress_reports.get("alama/index", [])
            if r.kind == "end"
        ]
        and client.progress_reports["alama/index"],
        "the end of indexing progress",
    )
    assert reports[0].kind == "begin"
    assert reports[0].title == "Indexing the corpus"
    assert reports[-1].kind == "end"
    assert re.fullmatch(r"5 documents indexed in \d+\.\d s", reports[-1].message)
    percentages = [r.percentage for r in reports[1:-1]]
    assert percentages == sorted(percentages) and percentages[-1] == 100

    (registration,) = client.registrations
    assert registration.method == "workspace/didChangeWatchedFiles"
    globs = [w["globPattern"] for w in registration.register_options["watchers"]]
    assert globs == ["**/*.txt", "**/*.ann", "**/.alama/*", "**/annotation.conf"]
    # It asked for the `alama` section of the settings.
    (request,) = client.configuration_requests
    assert [item.section for item in request.items] == ["alama"]


async def test_neovim_07_without_diagnostic_data_gets_actions(start):
    """Neovim 0.7 has no `publishDiagnostics.dataSupport`, no
    workspace/configuration and no dynamic registration: code actions are
    computed from the range alone, and the server asks nothing it can't do."""
    server = await start(capabilities=impersonate("neovim@v0.7.0"))
    doc = server.open("000_fa838d974829c45c.txt")
    await server.diagnostics(doc, lambda d: len(d) > 0)
    # A cursor inside واشنطن, with an empty diagnostics context.
    start_, _ = find(doc.text, "واشنطن")
    actions = await server.actions(doc, start_ + 2)
    accept = actions[0]
    assert accept.title == "Accept «واشنطن» as GPE"
    assert accept.is_preferred is True
    assert accept.kind == "quickfix"
    assert accept.command.command == "alama.annotate"
    assert accept.command.arguments[0]["start"] == start_
    assert server.client.configuration_requests == []
    assert server.client.registrations == []
