"""Engines for the embedded SQLite default and for PostgreSQL.

SQLite runs in WAL mode with foreign keys on, and an acknowledged write is on disk: each commit
returns once the WAL is fsynced, one fsync shared by the commits that wait on it
(``store.group_commit``: the durability of ``synchronous=FULL`` without an fsync per commit
inside the write lock). PostgreSQL goes through psycopg 3; a ``?options=-csearch_path%3Dname``
query selects a schema (the tests give every run its own).

``ENTEKHAB_SQLITE_GROUP_COMMIT=0`` turns group commit off (``synchronous=FULL``, an fsync inside
every commit): the benchmark's peer, and a way back should a platform's fsync misbehave.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from entekhab.store.group_commit import GroupCommitConnection

__all__ = ["is_sqlite", "make_engine"]


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    if not isinstance(dbapi_conn, GroupCommitConnection):  # it syncs by itself (group_commit)
        cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; creates the folder of a SQLite file."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args: dict[str, Any] = {"timeout": 30}
        if os.environ.get("ENTEKHAB_SQLITE_GROUP_COMMIT", "1") != "0":
            connect_args["factory"] = GroupCommitConnection
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)
