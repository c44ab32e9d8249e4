"""Database dumps: ``pg_dump -Fc`` / ``pg_restore`` on PostgreSQL, SQLite's online backup API.

The mechanics only; ``service.audit.backup`` decides (verifies the event log, refuses, records).
A PostgreSQL URL whose ``options`` set ``search_path`` (``?options=-csearch_path%3Dname``, as the
tests use) is dumped and restored as that one schema; otherwise the whole database.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from entekhab.domain.error_codes.audit import (
    BACKUP_FAILED,
    BACKUP_FILE_INVALID,
    BACKUP_TOOL_MISSING,
    BACKUP_TOOL_TOO_OLD,
)
from entekhab.domain.errors import EntekhabError

__all__ = [
    "PG_MAGIC",
    "SQLITE_MAGIC",
    "backend_of_file",
    "has_tables",
    "iter_copy_rows",
    "pg_dump",
    "pg_restore",
    "read_only_sqlite",
    "sqlite_backup",
    "sqlite_path",
    "sqlite_restore",
    "table_names",
]

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([A-Za-z_][A-Za-z0-9_]*)")
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def backend_of_file(path: Path) -> str:
    """``postgresql`` or ``sqlite`` by the file's first bytes (else BACKUP_FILE_INVALID)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise EntekhabError(
            BACKUP_FILE_INVALID, {"path": str(path), "reason": str(error)}
        ) from None
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise EntekhabError(
        BACKUP_FILE_INVALID, {"path": str(path), "reason": "neither a pg_dump nor a SQLite file"}
    )


def table_names(engine: Engine) -> list[str]:
    """The tables behind ``engine`` (in its schema)."""
    return list(inspect(engine).get_table_names())


def has_tables(engine: Engine) -> bool:
    return bool(table_names(engine))


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _finish(partial: Path, out: Path) -> None:
    _fsync(partial)
    partial.replace(out)
    directory = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_path(url: str | URL) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise EntekhabError(
            BACKUP_FILE_INVALID, {"path": str(database), "reason": "not a SQLite file"}
        )
    return Path(database)


def sqlite_backup(source: Path, out: Path) -> None:
    """Copy a live SQLite database page by page (consistent even while others write)."""
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()
    _finish(partial, out)


def read_only_sqlite(path: Path) -> Engine:
    """An engine that can only read ``path`` (no pragma writes, no WAL switch)."""
    return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")


def sqlite_restore(backup: Path, target: Path) -> None:
    """Write the backup's pages over ``target`` (SQLite's backup API, under its locks)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


# --- PostgreSQL ------------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise EntekhabError(BACKUP_TOOL_MISSING, {"tool": name})
    return found


def _tool_major(tool: str) -> int:
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    match = _VERSION.search(out)
    return int(match.group(1)) if match else 0


def _server_major(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def check_tool_version(name: str, engine: Engine) -> str:
    """The tool's path, refusing one older than the server (its output would be refused)."""
    tool = _tool(name)
    tool_major, server_major = _tool_major(tool), _server_major(engine)
    if tool_major < server_major:
        raise EntekhabError(
            BACKUP_TOOL_TOO_OLD,
            {"tool": name, "tool_version": tool_major, "server_version": server_major},
        )
    return tool


def schema_of(url: str | URL) -> str | None:
    """The schema a URL's ``options=-csearch_path=...`` selects, if any."""
    options = make_url(url).query.get("options")
    if isinstance(options, tuple):
        options = " ".join(options)
    match = _SEARCH_PATH.search(unquote(options or ""))
    return match.group(1) if match else None


def _libpq_env(url: str | URL) -> dict[str, str]:
    parsed = make_url(url)
    env = {**os.environ}
    for key, value in (
        ("PGHOST", parsed.host),
        ("PGPORT", parsed.port),
        ("PGUSER", parsed.username),
        ("PGPASSWORD", parsed.password),
        ("PGDATABASE", parsed.database),
    ):
        if value is not None:
            env[key] = str(value)
    return env


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([tool, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise EntekhabError(BACKUP_FAILED, {"tool": Path(tool).name, "reason": " | ".join(reason)})


def pg_dump(engine: Engine, out: Path) -> None:
    """``pg_dump -Fc`` of the database (or the URL's schema) into ``out``, fsynced."""
    tool = check_tool_version("pg_dump", engine)
    partial = out.with_name(out.name + ".partial")
    args = ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
    schema = schema_of(engine.url)
    if schema:
        args.append(f"--schema={schema}")
    _run(tool, args, _libpq_env(engine.url))
    _finish(partial, out)


def pg_restore(engine: Engine, backup: Path, *, replace: bool) -> None:
    """``pg_restore`` of ``backup`` into the database behind ``engine``."""
    tool = check_tool_version("pg_restore", engine)
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        args += ["--clean", "--if-exists"]
    args += [f"--dbname={engine.url.database}", str(backup)]
    _run(tool, args, _libpq_env(engine.url))


_COPY = re.compile(r"^COPY (?:\S+\.)?(\w+) \(([^)]*)\) FROM stdin;$")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")
_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape(field: str) -> str | None:
    if field == "\\N":
        return None
    if "\\" not in field:
        return field

    def one(match: re.Match[str]) -> str:
        token = match.group(1)
        if token[0] == "x" and len(token) > 1:
            return chr(int(token[1:], 16))
        if token[0] in "01234567":
            return chr(int(token, 8))
        return _SIMPLE.get(token, token)

    return _ESCAPE.sub(one, field)


def iter_copy_rows(backup: Path, tables: list[str]) -> Iterator[tuple[str, dict[str, str | None]]]:
    """(table, row by column) of every data row of ``tables`` in a ``pg_dump -Fc`` file, read
    with ``pg_restore --data-only -f -`` (nothing is written anywhere)."""
    tool = _tool("pg_restore")
    args = [tool, "--data-only", "--file=-", *(f"--table={t}" for t in tables), str(backup)]
    with subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    ) as proc:
        assert proc.stdout is not None
        table: str | None = None
        columns: list[str] = []
        for raw in proc.stdout:
            line = raw.rstrip("\n")
            if table is None:
                match = _COPY.match(line)
                if match:
                    table = match.group(1)
                    columns = [c.strip().strip('"') for c in match.group(2).split(",")]
                continue
            if line == "\\.":
                table = None
                continue
            values = [_unescape(f) for f in line.split("\t")]
            yield table, dict(zip(columns, values, strict=True))
        stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise EntekhabError(
            BACKUP_FILE_INVALID, {"path": str(backup), "reason": stderr.strip()[-300:]}
        )
