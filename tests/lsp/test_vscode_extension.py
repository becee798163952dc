"""The VS Code extension's side of the protocol: VS Code's capabilities and
exactly the settings payload that editors/vscode's mapping produces
(fixtures/vscode_settings.json, written and checked by the extension's unit
test `settings.test.ts`), and the token types its package.json colours."""

import json
import pathlib
import shutil

from lsprotocol import types

from support import REPO, SEEDS, find, impersonate, tag
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


async def test_the_unmapped_section_would_be_warned_about(start):
    # What VS Code's getConfiguration("alama") holds, sent as is: the
    # client's own `server.path` is an unknown key to the server, which
    # ignores it with a warning; the extension maps the section so that
    # users never see that warning.
    server = await start(init_options=FIXTURE["vscodeSection"])
    (message,) = await server.client_messages(lambda m: "settings" in m.message)
    assert message.type == types.MessageType.Warning
    assert "ignored the unknown key `server`" in message.message


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
    # The seeds' mentions of Baghdad, as the batch tagger finds them in the
    # seed articles, and the one of the copy in kept/.
    seeds = tag(SEEDS)
    mentions = sum(s["entity"] == "geonames:98182" for spans in seeds.values() for s in spans)
    documents = sum(any(s["entity"] == "geonames:98182" for s in spans) for spans in seeds.values())
    here = sum(s["entity"] == "geonames:98182" for s in seeds[doc.path.name])
    assert card.splitlines()[-1].startswith(
        f"In this document: {here} · in the corpus: {mentions + 1} in {documents + 1} documents"
    )
    for ignored in ["drafts", "news/drafts", "node_modules/pkg", "scratch"]:
        left_out = server.open(f"{ignored}/{seed.name}")
        assert await server.diagnostics(left_out) == [], ignored
    assert await server.diagnostics(server.open(f"kept/{seed.name}")) != []
