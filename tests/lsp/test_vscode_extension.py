"""The VS Code extension's side of the protocol: VS Code's capabilities and
exactly the settings payload that editors/vscode's mapping produces
(fixtures/vscode_settings.json, written and checked by the extension's unit
test `settings.test.ts`), and the token types its package.json colours."""

import json
import pathlib
import shutil

from lsprotocol import types

from support import REPO, find, impersonate
from test_settings import DOC, Severity, severities

FIXTURE = json.loads(
    (pathlib.Path(__file__).parent / "fixtures" / "vscode_settings.json").read_text(
        encoding="utf-8"
    )
)
VSCODE = "visual-studio-code@v1.65.2"


async def test_the_extensions_settings_payload_is_accepted(start):
    (configuration,) = FIXTURE["configuration"]
    server = await start(
        capabilities=impersonate(VSCODE),
        init_options=FIXTURE["initializationOptions"],
        configuration={"alama": configuration},
    )
    doc = server.open(DOC)
    # suggestionSeverity "warning" came through both ways.
    assert await severities(server, doc) == {"suggested": {Severity.Warning}}
    assert server.client.configuration_requests, "the server did not pull settings"
    assert not [m for m in server.client.messages if "settings" in m.message]


async def test_the_unmapped_section_would_be_rejected(start):
    # What VS Code's getConfiguration("alama") holds, sent as is: the
    # client's own `server.path` is an unknown field to the server, which is
    # why the extension maps the section.
    server = await start(init_options=FIXTURE["vscodeSection"])
    (message,) = await server.client_messages(lambda m: "settings" in m.message)
    assert message.type == types.MessageType.Warning
    assert "unknown field `server`" in message.message


async def test_the_extension_colours_every_token_type_of_the_legend(start):
    server = await start(capabilities=impersonate(VSCODE))
    legend = server.result.capabilities.semantic_tokens_provider.legend
    manifest = json.loads(
        (REPO / "editors" / "vscode" / "package.json").read_text(encoding="utf-8")
    )
    # The extension draws the mentions of token type alamaGpe with the
    # colours alama.gpeBackground and alama.gpeBorder (src/marks.ts).
    colours = {c["id"]: c["defaults"] for c in manifest["contributes"]["colors"]}
    for token_type in legend.token_types:
        entity = token_type.removeprefix("alama").lower()
        for part in ("Background", "Border"):
            defaults = colours[f"alama.{entity}{part}"]
            assert set(defaults) >= {"light", "dark"}, (token_type, part)


async def test_indexing_leaves_out_gitignore_node_modules_and_files_exclude(start, corpus):
    # Copies of 004 (one بغداد) where the corpus must not see them: a folder
    # that .gitignore lists, node_modules, and a folder that VS Code's
    # files.exclude hides (the fixture's "**/scratch/", which the extension
    # adds to `exclude`). One more copy, in a folder nobody ignores, is
    # counted, so that the count shows the copies are read at all.
    seed = corpus / "004_4151f71197af0b2e.txt"
    (corpus / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    for folder in ["drafts", "news/drafts", "node_modules/pkg", "scratch", "kept"]:
        (corpus / folder).mkdir(parents=True)
        shutil.copy(seed, corpus / folder / seed.name)
    (configuration,) = FIXTURE["withFilesExclude"]
    assert "**/scratch/**" in configuration["exclude"]
    server = await start(
        capabilities=impersonate(VSCODE),
        init_options=configuration,
        configuration={"alama": configuration},
    )
    doc = server.open("001_3c9b909a0e592931.txt")
    card = (await server.hover(doc, find(doc.text, "بغداد")[0])).contents.value
    # The seeds' 12 in 5 documents, and the copy in kept/.
    assert card.splitlines()[-1].startswith("In this document: 4 · in the corpus: 13 in 6 documents")
    for ignored in ["drafts", "news/drafts", "node_modules/pkg", "scratch"]:
        left_out = server.open(f"{ignored}/{seed.name}")
        assert await server.diagnostics(left_out) == [], ignored
    assert await server.diagnostics(server.open(f"kept/{seed.name}")) != []
