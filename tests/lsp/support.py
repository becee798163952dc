"""Drives a real `alama serve` over stdio with pytest-lsp.

A `Session` is one server process and the client talking to it. Offsets in
this module are Unicode code points into the document text (Python string
indices, brat's unit); positions sent to or read from the server are
converted here, in the encoding negotiated at `initialize`, independently of
the server's own conversion.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pygls.exceptions import JsonRpcException
from pygls.protocol import default_converter

REPO = pathlib.Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
TIMEOUT = 15.0
# The error of a request the server cannot answer yet (ServerCancelled),
# which a client may send again.
NOT_YET = -32802


def alama_bin() -> str:
    """The server binary: `ALAMA_BIN`, else the debug build of this checkout."""
    path = os.environ.get("ALAMA_BIN") or str(REPO / "target" / "debug" / "alama")
    if not os.access(path, os.X_OK):
        raise RuntimeError(
            f"no alama binary at {path}: run `cargo build` or set ALAMA_BIN"
        )
    return path


def tag(corpus: pathlib.Path) -> dict[str, list[dict[str, Any]]]:
    """What the batch tagger (`alama tag --format jsonl`) finds in each
    document of `corpus`, by file name: the reference for diagnostics."""
    out = subprocess.run(
        [alama_bin(), "tag", str(corpus), "--format", "jsonl"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    records = [json.loads(line) for line in out.splitlines()]
    return {pathlib.Path(r["path"]).name: r["spans"] for r in records}


# --- positions, computed from the text alone -------------------------------


def units(text: str, encoding: str) -> int:
    """The length of `text` in the code units of `encoding`."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    if encoding == "utf-32":
        return len(text)
    raise ValueError(encoding)


def position(text: str, offset: int, encoding: str) -> types.Position:
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    return types.Position(line=line, character=units(text[line_start:offset], encoding))


def range_of(text: str, start: int, end: int, encoding: str) -> types.Range:
    return types.Range(
        start=position(text, start, encoding), end=position(text, end, encoding)
    )


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The code point span of the `nth` occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} occurs fewer than {nth + 1} times"
    return start, start + len(needle)


# --- diagnostics, as the annotator reads them -------------------------------

# A diagnostic's message ends with the mention's origin; the batch tagger's
# `source` names it so.
ORIGINS = {
    "lexicon": "lexicon",
    "rule": "rule",
    "pattern": "trigger pattern",
    "propagated": "propagated from the corpus",
    "repeated": "named elsewhere in this document",
    "annotation": "confirmed",
}


def origin(d: types.Diagnostic) -> str:
    """`lexicon` in `GPE · بغداد (Baghdad) — lexicon`; `check` for a
    finding of `alama check` on the document's annotations."""
    if d.source == "alama check":
        return "check"
    return d.message.rsplit(" — ", 1)[1]


def status(d: types.Diagnostic) -> str:
    """`confirmed` or `suggested` for a mention, `check` for a finding."""
    if origin(d) == "check":
        return "check"
    return "confirmed" if origin(d) == "confirmed" else "suggested"


# --- the client -------------------------------------------------------------


def _converter():
    """pygls' converter, except that a code action carrying a command is
    read as a `CodeAction`: lsprotocol 2025.0.0 reads any object with a
    `command` field as a bare `Command`, losing `kind` and `isPreferred`."""
    converter = default_converter()

    def code_action_or_command(value: Any, _: type):
        if isinstance(value.get("command"), str):
            return converter.structure(value, types.Command)
        return converter.structure(value, types.CodeAction)

    converter.register_structure_hook(
        Union[types.Command, types.CodeAction], code_action_or_command
    )
    return converter


def _client_factory() -> LanguageClient:
    """pytest-lsp's client, which also keeps every diagnostics publication
    (with its version) in order and accepts capability registrations."""
    client = LanguageClient(converter_factory=_converter)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    client.configuration_requests = []  # type: ignore[attr-defined]

    def register_capability(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    def publish_diagnostics(
        client: LanguageClient, params: types.PublishDiagnosticsParams
    ):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def configuration(client: LanguageClient, params: types.ConfigurationParams):
        client.configuration_requests.append(params)  # type: ignore[attr-defined]
        return DEFAULT_CLIENT_FEATURES[types.WORKSPACE_CONFIGURATION](client, params)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.WORKSPACE_CONFIGURATION] = configuration
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish_diagnostics
    features[types.CLIENT_REGISTER_CAPABILITY] = register_capability
    register_lsp_features(client, features)
    return client


def plain_capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    """A minimal client: no progress, no workspace/configuration."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
            if encodings is not None
            else None
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                data_support=True, version_support=True
            )
        ),
    )


def impersonate(client: str) -> types.ClientCapabilities:
    """The recorded capabilities of a real client, e.g. `neovim@v0.7.0`."""
    return client_capabilities(client)


async def until(condition: Callable[[], Any], what: str, timeout: float = TIMEOUT):
    """Waits until `condition()` is truthy and returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass
class Doc:
    path: pathlib.Path
    uri: str
    text: str
    version: int = 1


@dataclass
class Mention:
    """A diagnostic as the annotator reads it: the text under its range."""

    text: str
    type: str
    message: str
    start: int
    end: int
    diagnostic: types.Diagnostic


class Session:
    """One `alama serve` process and its client."""

    def __init__(self, client: LanguageClient, corpus: pathlib.Path):
        self.client = client
        self.corpus = corpus
        self.result: types.InitializeResult | None = None
        self.encoding = "utf-16"
        self.stopped = False

    @classmethod
    async def start(
        cls,
        corpus: pathlib.Path,
        *,
        capabilities: types.ClientCapabilities | None = None,
        init_options: Any = None,
        configuration: dict[str, Any] | None = None,
        initialize: bool = True,
        indexed: bool = True,
        env: dict[str, str] | None = None,
    ) -> Session:
        """Starts a server on `corpus` and initializes it (unless not
        `initialize`), then waits until the corpus is indexed (unless not
        `indexed`). `env` is added to the server's environment."""
        server_env = dict(os.environ)
        server_env.setdefault("ALAMA_LOG", "warn")
        server_env.update(env or {})
        config = ClientServerConfig(
            server_command=[alama_bin(), "serve"],
            client_factory=_client_factory,
            server_env=server_env,
        )
        client = await config.start()
        session = cls(client, corpus)
        if configuration is not None:
            client.set_configuration(configuration)
        if initialize:
            await session.initialize(capabilities or plain_capabilities(), init_options)
            if indexed:
                await session.indexed()
        return session

    async def initialize(
        self, capabilities: types.ClientCapabilities, init_options: Any = None
    ) -> types.InitializeResult:
        params = types.InitializeParams(
            capabilities=capabilities,
            workspace_folders=[
                types.WorkspaceFolder(uri=self.corpus.as_uri(), name="corpus")
            ],
            initialization_options=init_options,
        )
        self.result = await asyncio.wait_for(
            self.client.initialize_session(params), TIMEOUT
        )
        self.encoding = self.result.capabilities.position_encoding or "utf-16"
        return self.result

    @property
    def process(self) -> asyncio.subprocess.Process:
        return self.client._server  # type: ignore[return-value]

    async def indexed(self, timeout: float = 60.0):
        """Waits until the corpus is indexed: until it is first indexed, a
        hover without a card (here, on a document that is not open) is
        answered with a retryable error; then with null."""
        nowhere = (self.corpus / ".not-open.txt").as_uri()
        deadline = time.monotonic() + timeout
        while True:
            try:
                hover = await self.hover_at(nowhere, types.Position(line=0, character=0))
                assert hover is None
                return
            except JsonRpcException as error:
                if error.code != NOT_YET or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.05)

    async def stop(self, timeout: float = TIMEOUT) -> int | None:
        """Shuts the server down (`shutdown`, then `exit`) and returns its
        exit status; a server that has not exited after `timeout` seconds
        is killed."""
        self.stopped = True
        process = self.process
        if process.returncode is None:
            try:
                await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
                self.client.exit(None)
                await asyncio.wait_for(process.wait(), timeout)
            except Exception:
                process.kill()
                await process.wait()
        try:
            await asyncio.wait_for(self.client.stop(), TIMEOUT)
        except asyncio.TimeoutError:
            pass
        return process.returncode

    # --- documents ---

    def doc(self, name: str) -> Doc:
        path = self.corpus / name
        return Doc(path=path, uri=path.as_uri(), text=path.read_text(encoding="utf-8"))

    def open(self, name: str, text: str | None = None) -> Doc:
        doc = self.doc(name)
        if text is not None:
            doc.text = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=doc.uri, language_id="plaintext", version=doc.version, text=doc.text
                )
            )
        )
        return doc

    def edit(self, doc: Doc, start: int, end: int, new_text: str):
        """Replaces code points `start..end` of the buffer (didChange, one
        incremental change); the document is then dirty."""
        rng = range_of(doc.text, start, end, self.encoding)
        doc.text = doc.text[:start] + new_text + doc.text[end:]
        doc.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=doc.uri, version=doc.version
                ),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=rng, text=new_text)
                ],
            )
        )

    def save(self, doc: Doc):
        """Writes the buffer to disk, then tells the server (didSave)."""
        doc.path.write_text(doc.text, encoding="utf-8")
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri)
            )
        )

    def close(self, doc: Doc):
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri)
            )
        )

    async def until_file(self, path: pathlib.Path, content: str | None):
        """Waits until `path` holds `content` (None: does not exist); the
        server handles notifications such as didSave without answering."""

        def holds():
            try:
                return path.read_text(encoding="utf-8") == content
            except FileNotFoundError:
                return content is None

        try:
            await until(holds, f"{path.name} to be written", timeout=5)
        except AssertionError:
            actual = path.read_text(encoding="utf-8") if path.exists() else None
            assert actual == content, f"{path.name} after waiting 5 s"

    # --- diagnostics ---

    def publications(self, uri: str) -> list[types.PublishDiagnosticsParams]:
        return [p for p in self.client.published if p.uri == uri]  # type: ignore[attr-defined]

    async def diagnostics(
        self,
        doc: Doc,
        where: Callable[[list[types.Diagnostic]], bool] = lambda _: True,
        timeout: float = TIMEOUT,
    ) -> list[types.Diagnostic]:
        """The latest diagnostics of `doc` at its current version, once they
        satisfy `where`."""

        def latest():
            found = self.publications(doc.uri)
            if not found or found[-1].version != doc.version:
                return None
            diagnostics = list(found[-1].diagnostics)
            return (diagnostics,) if where(diagnostics) else None

        (diagnostics,) = await until(
            latest, f"diagnostics of {doc.path.name} v{doc.version}", timeout
        )
        return diagnostics

    def offset(self, text: str, pos: types.Position) -> int:
        """The code point offset of a position in `text` (the inverse of
        `position`), for reading the server's ranges back."""
        lines = text.split("\n")
        line_start = sum(len(l) + 1 for l in lines[: pos.line])
        line = lines[pos.line]
        for i in range(len(line) + 1):
            if units(line[:i], self.encoding) >= pos.character:
                return line_start + i
        return line_start + len(line)

    async def mentions(self, doc: Doc, where=lambda _: True, **kw) -> list[Mention]:
        diagnostics = await self.diagnostics(doc, where, **kw)
        return [self.mention(doc, d) for d in diagnostics]

    def mention(self, doc: Doc, d: types.Diagnostic) -> Mention:
        start = self.offset(doc.text, d.range.start)
        end = self.offset(doc.text, d.range.end)
        return Mention(doc.text[start:end], str(d.code), d.message, start, end, d)

    async def client_messages(self, where, timeout: float = TIMEOUT):
        """The window/showMessage notifications received, once one
        satisfies `where`: those that do."""
        return await until(
            lambda: [m for m in self.client.messages if where(m)],
            "a window/showMessage",
            timeout,
        )

    # --- requests ---

    async def hover(self, doc: Doc, offset: int) -> types.Hover | None:
        return await self.hover_at(doc.uri, position(doc.text, offset, self.encoding))

    async def hover_at(self, uri: str, pos: types.Position) -> types.Hover | None:
        return await asyncio.wait_for(
            self.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=pos
                )
            ),
            TIMEOUT,
        )

    async def actions(self, doc: Doc, start: int, end: int | None = None):
        rng = range_of(doc.text, start, start if end is None else end, self.encoding)
        return await self.actions_at(doc.uri, rng)

    async def actions_at(self, uri: str, rng: types.Range):
        return await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=rng,
                    context=types.CodeActionContext(diagnostics=[]),
                )
            ),
            TIMEOUT,
        )

    async def action(self, doc: Doc, title: str, start: int, end: int | None = None):
        """The code action titled `title` at the selection."""
        actions = await self.actions(doc, start, end) or []
        titles = [a.title for a in actions]
        matching = [a for a in actions if a.title == title]
        assert matching, f"no action {title!r} among {titles}"
        return matching[0]

    async def execute(self, command: str, *arguments: Any) -> Any:
        return await asyncio.wait_for(
            self.client.workspace_execute_command_async(
                types.ExecuteCommandParams(command=command, arguments=list(arguments))
            ),
            TIMEOUT,
        )

    async def apply(self, doc: Doc, title: str, start: int, end: int | None = None):
        """Runs the command of the code action titled `title`."""
        action = await self.action(doc, title, start, end)
        return await self.execute(action.command.command, *action.command.arguments)
