"""Undecodable messages (issue 21): each is answered with the JSON-RPC error
the specification prescribes, and the server reads on. These tests speak to
`alama serve` in raw bytes, and read its output strictly: every byte it
writes must belong to a well-framed message."""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import re
from typing import Any

import pytest

from support import TIMEOUT, alama_bin, until

PARSE_ERROR = -32700
INVALID_REQUEST = -32600


def frame(body: bytes | str) -> bytes:
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(id: Any, method: str, params: Any = None) -> bytes:
    message = {"jsonrpc": "2.0", "id": id, "method": method}
    if params is not None:
        message["params"] = params
    return frame(json.dumps(message))


class Raw:
    """One `alama serve` process, written to in raw bytes."""

    def __init__(self, process: asyncio.subprocess.Process, corpus: pathlib.Path):
        self.process = process
        self.corpus = corpus
        self.received: list[dict[str, Any]] = []
        # Output that is not a well-framed message.
        self.broken: list[bytes] = []
        self.pump = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, corpus: pathlib.Path, stderr: pathlib.Path) -> Raw:
        env = dict(os.environ)
        env.setdefault("ALAMA_LOG", "warn")
        with stderr.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                alama_bin(),
                "serve",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
                env=env,
            )
        raw = cls(process, corpus)
        raw.write(
            request(
                1,
                "initialize",
                {
                    "processId": None,
                    "rootUri": None,
                    "capabilities": {},
                    "workspaceFolders": [{"uri": corpus.as_uri(), "name": "corpus"}],
                },
            )
        )
        assert "capabilities" in (await raw.response(1))["result"]
        raw.write(frame('{"jsonrpc":"2.0","method":"initialized","params":{}}'))
        await raw.indexed()
        return raw

    async def _read(self):
        """Reads the server's messages as they come, strictly framed; answers
        its requests with null."""
        stdout = self.process.stdout
        try:
            while True:
                header = await stdout.readuntil(b"\r\n\r\n")
                match = re.fullmatch(rb"Content-Length: (\d+)\r\n\r\n", header)
                if match is None:
                    self.broken.append(header)
                    return
                message = json.loads(await stdout.readexactly(int(match[1])))
                self.received.append(message)
                if "method" in message and "id" in message:
                    answer = {"jsonrpc": "2.0", "id": message["id"], "result": None}
                    self.write(frame(json.dumps(answer)))
        except asyncio.IncompleteReadError as end:
            if end.partial:
                self.broken.append(end.partial)

    def write(self, data: bytes):
        self.process.stdin.write(data)

    def responses(self) -> list[dict[str, Any]]:
        return [m for m in self.received if "method" not in m]

    def errors(self) -> list[tuple[int, Any]]:
        """The code and id of each error response received, in order."""
        return [(m["error"]["code"], m["id"]) for m in self.responses() if "error" in m]

    async def response(self, id: Any) -> dict[str, Any]:
        """The response to the request `id`, once received."""

        def received():
            found = [m for m in self.responses() if m.get("id") == id and id is not None]
            return found[0] if found else None

        return await until(received, f"the response to request {id}")

    async def errors_after(self, count: int) -> list[tuple[int, Any]]:
        """The error responses, once there are `count` of them."""
        return await until(
            lambda: len(self.errors()) >= count and self.errors(), f"{count} errors"
        )

    def hover(self, id: int) -> bytes:
        """A hover on a document that is not open (answered null, once the
        corpus is indexed)."""
        nowhere = (self.corpus / ".not-open.txt").as_uri()
        return request(
            id,
            "textDocument/hover",
            {"textDocument": {"uri": nowhere}, "position": {"line": 0, "character": 0}},
        )

    async def still_answers(self, id: int):
        self.write(self.hover(id))
        assert (await self.response(id)) == {"jsonrpc": "2.0", "id": id, "result": None}

    async def indexed(self):
        """Waits until the corpus is indexed: until then a hover without a
        card is answered with a retryable error (ServerCancelled). The
        answers to these hovers are then forgotten."""
        for attempt in range(1000, 2000):
            self.write(self.hover(attempt))
            answer = await self.response(attempt)
            if "error" not in answer:
                break
            assert answer["error"]["code"] == -32802, answer
            await asyncio.sleep(0.05)
        self.received = [m for m in self.received if not 1000 <= m.get("id", 0) < 2000]

    async def stop(self) -> int:
        """`shutdown` then `exit`; the exit status, once all output is read."""
        self.write(request(99, "shutdown"))
        assert (await self.response(99))["result"] is None
        self.write(frame('{"jsonrpc":"2.0","method":"exit"}'))
        status = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        await asyncio.wait_for(self.pump, TIMEOUT)
        self.process.stdin.close()
        return status


@pytest.fixture
async def raw(corpus, tmp_path):
    server = await Raw.start(corpus, tmp_path / "stderr.log")
    yield server
    if server.process.returncode is None:
        server.process.kill()
        await server.process.wait()
    server.pump.cancel()


OVER_THE_LIMIT = b"Content-Length: 99999999999\r\n\r\n" + b"x" * 100_000
SHUTDOWN = '{"jsonrpc":"2.0","id":7,"method":"shutdown"}'
DEEP = '{"jsonrpc":"2.0","id":7,"method":"m","params":' + "[" * 200 + "]" * 200 + "}"

# A bad message in raw bytes, and the code and id of its answer.
BAD = {
    "not json": (frame("{this is not json}"), (PARSE_ERROR, None)),
    "empty": (frame(""), (PARSE_ERROR, None)),
    "lone surrogate": (
        frame('{"jsonrpc":"2.0","id":7,"method":"shutdown","params":"\\ud800"}'),
        (PARSE_ERROR, None),
    ),
    "not utf-8": (
        frame(b'{"jsonrpc":"2.0","id":7,"method":"shutdown","params":"\xff\xfe"}'),
        (PARSE_ERROR, None),
    ),
    "too deep": (frame(DEEP), (PARSE_ERROR, None)),
    "jsonrpc 1.0": (
        frame('{"jsonrpc":"1.0","id":7,"method":"shutdown"}'),
        (INVALID_REQUEST, 7),
    ),
    "no jsonrpc": (frame('{"id":"seven","method":"shutdown"}'), (INVALID_REQUEST, "seven")),
    "object id": (
        frame('{"jsonrpc":"2.0","id":{"n":7},"method":"shutdown"}'),
        (INVALID_REQUEST, None),
    ),
    "fraction id": (
        frame('{"jsonrpc":"2.0","id":7.5,"method":"shutdown"}'),
        (INVALID_REQUEST, None),
    ),
    "bool id": (
        frame('{"jsonrpc":"2.0","id":true,"method":"shutdown"}'),
        (INVALID_REQUEST, None),
    ),
    "no method": (frame('{"jsonrpc":"2.0","id":7,"params":{}}'), (INVALID_REQUEST, 7)),
    "batch": (frame("[" + SHUTDOWN + "]"), (INVALID_REQUEST, None)),
    "garbage": (b"{this is not json}", (PARSE_ERROR, None)),
    "no content-length": (
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + SHUTDOWN.encode(),
        (PARSE_ERROR, None),
    ),
    "bad content-length": (
        b"Content-Length: seven\r\n\r\n" + SHUTDOWN.encode(),
        (PARSE_ERROR, None),
    ),
    "content-length too short": (
        b"Content-Length: 20\r\n\r\n" + SHUTDOWN.encode(),
        (PARSE_ERROR, None),
    ),
    "content-length over the limit": (OVER_THE_LIMIT, (PARSE_ERROR, None)),
}


@pytest.mark.parametrize("name", BAD)
async def test_a_bad_message_is_answered_and_the_server_reads_on(raw, name):
    bad, answer = BAD[name]
    raw.write(bad)
    # Answered before anything else is sent.
    assert await raw.errors_after(1) == [answer]
    await raw.still_answers(2)
    assert raw.errors() == [answer]
    assert await raw.stop() == 0
    assert raw.broken == []


async def test_a_content_length_that_swallows_the_next_message_is_resynchronized(raw):
    """The declared length runs into the next message: its header is found
    in the bad body, and it is served."""
    bad = b"{this is not json}"
    raw.write(b"Content-Length: %d\r\n\r\n" % (len(bad) + 40) + bad)
    await raw.still_answers(2)
    assert raw.errors() == [(PARSE_ERROR, None)]
    assert await raw.stop() == 0
    assert raw.broken == []


async def test_every_bad_message_in_one_write(raw, tmp_path):
    """All the bad messages at once, between valid ones: one answer each, in
    order, and every valid message served."""
    data = b"".join(bad + raw.hover(100 + i) for i, (bad, _) in enumerate(BAD.values()))
    raw.write(data)
    for i in range(len(BAD)):
        assert (await raw.response(100 + i))["result"] is None
    assert raw.errors() == [answer for _, answer in BAD.values()]
    await raw.still_answers(2)
    assert await raw.stop() == 0
    assert raw.broken == []
    log = (tmp_path / "stderr.log").read_text(encoding="utf-8")
    assert log.count("refused a message from the client") == len(BAD)


async def test_headers_with_content_type_are_read(raw):
    """Valid messages pass, whatever their header holds besides the length
    (tower-lsp-server alone refused a Content-Type without a charset), sent
    a byte at a time."""
    data = b""
    for id, fields in [
        (5, b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n"),
        (6, b"content-length: %d\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"),
    ]:
        body = raw.hover(id).split(b"\r\n\r\n", 1)[1]
        data += fields % len(body) + body
    for byte in data:
        raw.write(bytes([byte]))
        await raw.process.stdin.drain()
    assert (await raw.response(5))["result"] is None
    assert (await raw.response(6))["result"] is None
    assert raw.errors() == []
    assert await raw.stop() == 0
    assert raw.broken == []
