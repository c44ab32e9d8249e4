"""A small pool of asynchronous psycopg 3 connections (PostgreSQL) for the check-in's fast path.

The fast path runs on the server's event loop (no thread hop) and sends one statement per
check-in in autocommit mode, so a few connections per server process serve hundreds of
requests a second. Statements are prepared on first use (``prepare_threshold=0``): each later
execution sends only its parameters.

Connections belong to the event loop that made them: should the pool be used from another loop
(a test client starts one per request), the old ones are closed and new ones made. A connection
that broke is closed and not given back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from sqlalchemy import Engine

__all__ = ["AsyncPool", "conninfo_of"]


def conninfo_of(engine: Engine) -> str:
    """libpq's connection string for ``engine``'s PostgreSQL database."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class AsyncPool:
    def __init__(self, conninfo: str, size: int) -> None:
        self.conninfo = conninfo
        self.size = size
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[psycopg.AsyncConnection[tuple[object, ...]]] = []
        self._made = 0
        self._freed = asyncio.Condition()

    def _bind(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        for conn in self._idle:  # made on a loop that is gone: closed without awaiting
            conn.pgconn.finish()
        self._loop, self._idle, self._made = loop, [], 0
        self._freed = asyncio.Condition()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[tuple[object, ...]]]:
        """A connection for one statement (autocommit); waits while all ``size`` are in use."""
        self._bind()
        conn = await self._take()
        try:
            yield conn
        finally:  # a refused statement leaves the connection idle and fit for the next
            idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            await self._give_back(conn, idle and not conn.closed)

    async def _take(self) -> psycopg.AsyncConnection[tuple[object, ...]]:
        async with self._freed:
            while not self._idle and self._made >= self.size:
                await self._freed.wait()
            if self._idle:
                return self._idle.pop()
            self._made += 1
        try:
            return await psycopg.AsyncConnection.connect(
                self.conninfo, autocommit=True, prepare_threshold=0
            )
        except BaseException:
            async with self._freed:
                self._made -= 1
                self._freed.notify()
            raise

    async def _give_back(
        self, conn: psycopg.AsyncConnection[tuple[object, ...]], healthy: bool
    ) -> None:
        if not healthy:
            await conn.close()
        async with self._freed:
            if healthy:
                self._idle.append(conn)
            else:
                self._made -= 1
            self._freed.notify()

    async def close(self) -> None:
        for conn in self._idle:
            await conn.close()
        self._idle, self._made = [], 0
