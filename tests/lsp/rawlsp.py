"""A small LSP client over a subprocess's pipes, for tests that kill servers,
send raw bytes or run several servers at once, where pytest-lsp's client
(one server, asyncio, never killed) does not fit.

A reader thread takes every framed message from the server's stdout: the
answers to this client's requests are kept by id, the server's own requests
(configuration, registrations, progress tokens) are answered at once with
an empty result, and notifications are kept in order.
"""

from __future__ import annotations

import json
import os
import pathlib
import queue
import subprocess
import threading
import time
from typing import Any

from support import alama_bin


class ServerGone(Exception):
    """The server's stdout closed before the answer came."""


class RawServer:
    """One `alama serve` process on a workspace folder."""

    def __init__(self, root: pathlib.Path, env: dict[str, str] | None = None):
        environment = dict(os.environ)
        environment.setdefault("ALAMA_LOG", "warn")
        environment.update(env or {})
        self.root = root
        self.process = subprocess.Popen(
            [alama_bin(), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
        self._next_id = 0
        self._lock = threading.Lock()
        self._answers: dict[Any, "queue.Queue[dict]"] = {}
        self.notifications: list[dict] = []
        self.stderr = b""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()

    # --- the wire ---

    def send_bytes(self, data: bytes) -> None:
        with self._lock:
            self.process.stdin.write(data)
            self.process.stdin.flush()

    def send(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read(self) -> None:
        stdout = self.process.stdout
        try:
            while True:
                length = None
                while True:
                    line = stdout.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                message = json.loads(stdout.read(length))
                if "method" in message and "id" in message:
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                elif "method" in message:
                    self.notifications.append(message)
                else:
                    self._answer_queue(message.get("id")).put(message)
        except (OSError, ValueError):
            return
        finally:
            for waiting in list(self._answers.values()):
                waiting.put({"gone": True})

    def _drain_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr += line

    def _answer_queue(self, id_: Any) -> "queue.Queue[dict]":
        with self._lock:
            return self._answers.setdefault(id_, queue.Queue())

    # --- requests ---

    def request_async(self, method: str, params: Any) -> int:
        """Sends a request and returns its id, without waiting."""
        with self._lock:
            self._next_id += 1
            id_ = self._next_id
        self._answer_queue(id_)
        self.send({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})
        return id_

    def answer(self, id_: Any, timeout: float = 30.0) -> dict:
        """The answer to request `id_`: `{"result": …}` or `{"error": …}`."""
        try:
            answer = self._answer_queue(id_).get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no answer to request {id_} in {timeout} s") from None
        if answer.get("gone"):
            raise ServerGone()
        return answer

    def request(self, method: str, params: Any, timeout: float = 30.0) -> dict:
        return self.answer(self.request_async(method, params), timeout)

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    # --- the session ---

    def initialize(self) -> dict:
        answer = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "capabilities": {"window": {"workDoneProgress": True}},
                "workspaceFolders": [{"uri": self.root.as_uri(), "name": "corpus"}],
            },
        )
        self.notify("initialized", {})
        return answer

    def wait_indexed(self, timeout: float = 60.0) -> None:
        """Waits for the end of the indexing progress the server reports."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.notifications):
                value = message.get("params", {}).get("value", {})
                if message.get("method") == "$/progress" and value.get("kind") == "end":
                    return
            if self.process.poll() is not None:
                raise ServerGone()
            time.sleep(0.02)
        raise TimeoutError("the server did not finish indexing")

    def shutdown(self, timeout: float = 30.0) -> int:
        """Sends `shutdown` and `exit`; returns the exit status."""
        self.request("shutdown", None, timeout)
        self.notify("exit", None)
        try:
            self.process.stdin.close()
        except OSError:
            pass
        return self.process.wait(timeout)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
