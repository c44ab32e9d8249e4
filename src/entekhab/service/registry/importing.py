"""Importing the civil-registry extract (ثبت احوال) into the ``citizens`` table, fast and whole.

``import_registry`` streams the rows into one transaction — ``COPY ... FROM STDIN`` on
PostgreSQL (psycopg's copy), ``executemany`` in batches on SQLite — while checking each one
(valid national code, no code twice, ISO dates, gender ``f``/``m``, a residence division,
optionally one of the election's). Checking overlaps the database's work, yet nothing is
written on bad input: after the first bad row no more rows are sent, every later row is still
checked, and the transaction is rolled back with REGISTRY_INVALID listing the problems. A
national code already in the table rolls it back with REGISTRY_CITIZEN_EXISTS, unless
``replace`` empties the table first, in the same transaction.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.orm import Session

from entekhab.domain.error_codes.registry import (
    REGISTRY_CITIZEN_EXISTS,
    REGISTRY_FILE_UNREADABLE,
    REGISTRY_INVALID,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.foundation import REGISTRY_LOADED, REGISTRY_REFUSED
from entekhab.service.audit.events import record_event, record_event_apart
from entekhab.service.registry.rows import (
    REGISTRY_COLUMNS,
    CitizenRecord,
    CleanRow,
    Row,
    RowChecker,
)
from entekhab.store.db import is_sqlite
from entekhab.store.tables.foundation import Citizen
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "MAX_LISTED_PROBLEMS",
    "REGISTRY_COLUMNS",
    "CitizenRecord",
    "RegistryImport",
    "count_citizens",
    "import_registry",
    "read_registry_csv",
]

MAX_LISTED_PROBLEMS = 100
"""A refused file lists this many problems (and counts them all)."""
_BATCH = 20_000
_COLUMNS = ", ".join(REGISTRY_COLUMNS)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class RegistryImport:
    """What an import did."""

    imported: int
    replaced: int  # rows removed first (``replace=True``), else 0


class _Refused(Exception):
    """Raised inside the transaction to roll it back; carries the coded error."""

    def __init__(self, error: EntekhabError) -> None:
        super().__init__(error.code)
        self.error = error


def read_registry_csv(path: Path) -> Iterator[list[str]]:
    """The data rows of a registry CSV whose header is ``REGISTRY_COLUMNS``."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise EntekhabError(REGISTRY_FILE_UNREADABLE, {"reason": str(error)}) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header) != REGISTRY_COLUMNS:
                raise EntekhabError(
                    REGISTRY_FILE_UNREADABLE,
                    {"reason": f"the header must be {','.join(REGISTRY_COLUMNS)}"},
                )
            yield from reader
        except (csv.Error, UnicodeDecodeError) as error:
            raise EntekhabError(REGISTRY_FILE_UNREADABLE, {"reason": str(error)}) from None


def _batches(
    rows: Iterable[Row], checker: RowChecker, progress: Progress | None
) -> Iterator[list[CleanRow]]:
    """Clean rows in batches, until the first problem; every row is checked all the same."""
    batch: list[CleanRow] = []
    handled = 0
    for row in rows:
        checker.rows += 1
        clean = checker.check(checker.rows + 1, row)  # line 1 of a file is its header
        if clean is not None and not checker.problems:
            batch.append(clean)
            if len(batch) == _BATCH:
                yield batch
                batch = []
        handled += 1
        if progress is not None and handled % _BATCH == 0:
            progress(_BATCH)
    if batch and not checker.problems:
        yield batch
    if progress is not None:
        progress(handled % _BATCH)


def _copy_postgres(conn: Connection, batches: Iterator[list[CleanRow]]) -> int:
    dbapi: Any = conn.connection.dbapi_connection
    sent = 0
    with dbapi.cursor() as cursor, cursor.copy(f"COPY citizens ({_COLUMNS}) FROM STDIN") as copy:
        for batch in batches:
            # Every field was checked: no tab, newline or backslash can reach COPY's text form.
            copy.write("".join("\t".join(row) + "\n" for row in batch))
            sent += len(batch)
    return sent


def _insert_sqlite(conn: Connection, batches: Iterator[list[CleanRow]]) -> int:
    dbapi: Any = conn.connection.dbapi_connection
    cursor = dbapi.cursor()
    sent = 0
    try:
        for batch in batches:
            cursor.executemany(f"INSERT INTO citizens ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)", batch)
            sent += len(batch)
    finally:
        cursor.close()
    return sent


def _is_unique_violation(error: Exception) -> bool:
    # psycopg's UniqueViolation (SQLSTATE 23505) or sqlite3's IntegrityError, raised by the
    # driver itself because the rows bypass SQLAlchemy's statement layer.
    return getattr(error, "sqlstate", None) == "23505" or type(error).__name__ in (
        "UniqueViolation",
        "IntegrityError",
    )


def _already_registered(engine: Engine, codes: list[str]) -> list[str]:
    """Which of ``codes`` the table holds (looked up after a refused load, in chunks)."""
    found: list[str] = []
    with engine.connect() as conn:
        for start in range(0, len(codes), 1_000):
            chunk = codes[start : start + 1_000]
            query = select(Citizen.national_code).where(Citizen.national_code.in_(chunk))
            found.extend(conn.execute(query).scalars().all())
            if len(found) >= MAX_LISTED_PROBLEMS:
                break
    return sorted(found)


def _invalid(checker: RowChecker) -> EntekhabError:
    listed = [p.to_dict() for p in checker.problems[:MAX_LISTED_PROBLEMS]]
    return EntekhabError(REGISTRY_INVALID, {"count": len(checker.problems), "problems": listed})


def count_citizens(target: Engine | UnitOfWorkFactory) -> int:
    engine = target.engine if isinstance(target, UnitOfWorkFactory) else target
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Citizen)).scalar_one())


def import_registry(
    target: Engine | UnitOfWorkFactory,
    rows: Iterable[Row],
    *,
    known_divisions: Collection[str] | None = None,
    replace: bool = False,
    progress: Progress | None = None,
    actor: str = "system",
) -> RegistryImport:
    """Load every row in one transaction, or refuse with a coded error and write nothing.

    The load and a REGISTRY_LOADED event commit together; a refusal is logged apart
    (REGISTRY_REFUSED). ``progress`` is called with the number of rows just checked.
    """
    engine = target.engine if isinstance(target, UnitOfWorkFactory) else target
    try:
        return _import(engine, rows, known_divisions, replace, progress, actor)
    except EntekhabError as error:
        payload = {"error": error.code, "count": error.details.get("count", 1)}
        record_event_apart(
            UnitOfWorkFactory(engine), REGISTRY_REFUSED, actor=actor, payload=payload
        )
        raise


def _import(
    engine: Engine,
    rows: Iterable[Row],
    known_divisions: Collection[str] | None,
    replace: bool,
    progress: Progress | None,
    actor: str,
) -> RegistryImport:
    rows = iter(rows)  # after a clash the rest is checked from where the load stopped
    checker = RowChecker(known_divisions)
    sqlite = is_sqlite(engine)
    removed = 0
    try:
        with engine.begin() as conn:
            if replace:
                removed = int(conn.execute(select(func.count()).select_from(Citizen)).scalar_one())
                conn.execute(text("DELETE FROM citizens" if sqlite else "TRUNCATE citizens"))
            load = _insert_sqlite if sqlite else _copy_postgres
            sent = load(conn, _batches(rows, checker, progress))
            if checker.problems:
                raise _Refused(_invalid(checker))  # rolls the transaction back
            with Session(bind=conn) as session:  # joins the load's transaction
                payload = {"imported": sent, "replaced": removed}
                record_event(session, REGISTRY_LOADED, actor=actor, payload=payload)
    except _Refused as refused:
        raise refused.error from None
    except Exception as error:
        if not _is_unique_violation(error):
            raise
        # The load stopped at the clash; check the rest so a bad file is reported as such.
        for _ in _batches(rows, checker, None):
            pass
        if checker.problems:
            raise _invalid(checker) from None
        existing = _already_registered(engine, list(checker.seen))
        details = {
            "count": len(existing),
            "national_code": existing[0] if existing else "?",
            "national_codes": existing,
        }
        raise EntekhabError(REGISTRY_CITIZEN_EXISTS, details) from None
    return RegistryImport(imported=sent, replaced=removed)
