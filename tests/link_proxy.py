"""A local TCP proxy between a station and the server that a test can tell to cut the link.

Runs an asyncio server on a free loopback port in a thread of its own. Modes:

* ``pass`` — bytes flow both ways to the upstream port (which can be changed, e.g. after the
  server restarts on another port; a dead upstream closes the client's connection at once);
* ``refuse`` — new connections are closed at once (like a dead link), open ones are cut;
* ``drop`` — connections are accepted and everything the station sends is swallowed: the station
  waits for an answer until its timeout (a link that silently loses packets);
* ``lose_answers`` — requests reach the server but its answers are swallowed: the server acts,
  the station never hears (the case idempotency keys exist for).

Switching mode cuts every open connection, so a keep-alive connection cannot outlive a cut.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Literal

Mode = Literal["pass", "refuse", "drop", "lose_answers"]


class LinkProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.mode: Mode = "pass"
        self.port = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LinkProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("proxy did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_mode(self, mode: Mode, upstream_port: int | None = None) -> None:
        """Change mode (and upstream); open connections are cut, waiting until they are."""
        done = threading.Event()

        def apply() -> None:
            self.mode = mode
            if upstream_port is not None:
                self.upstream_port = upstream_port
            for writer in list(self._writers):
                writer.close()
            self._writers.clear()
            done.set()

        self._loop.call_soon_threadsafe(apply)
        if not done.wait(10):
            raise RuntimeError("proxy did not switch mode")

    # -- the event loop -------------------------------------------------------------------------
    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()
        for writer in list(self._writers):
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        mode = self.mode
        if mode == "refuse":
            writer.close()
            return
        self._writers.add(writer)
        if mode == "drop":
            await _swallow(reader)
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            self._writers.discard(writer)
            writer.close()
            return
        self._writers.add(up_writer)
        answers = _swallow(up_reader) if mode == "lose_answers" else _pipe(up_reader, writer)
        await asyncio.gather(_pipe(reader, up_writer), answers, return_exceptions=True)
        for w in (writer, up_writer):
            self._writers.discard(w)
            w.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


async def _swallow(reader: asyncio.StreamReader) -> None:
    with contextlib.suppress(OSError, ConnectionError):
        while await reader.read(65536):
            pass
