"""Importing the civil-registry extract (ثبت احوال) into the ``citizens`` table, fast and whole.

``import_registry`` checks every row first (valid national code, no code twice, ISO dates,
gender ``f``/``m``, a residence division, optionally one of the election's divisions) and
refuses the whole file with REGISTRY_INVALID listing the problems; nothing is written. It then
loads the rows in one transaction: ``COPY ... FROM STDIN`` on PostgreSQL (psycopg's copy),
``executemany`` in batches on SQLite. A national code already in the table aborts the
transaction (REGISTRY_CITIZEN_EXISTS) unless ``replace`` empties the table first, in the same
transaction.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.exc import IntegrityError

from entekhab.domain.error_codes.definition import INVALID_NATIONAL_CODE
from entekhab.domain.error_codes.registry import (
    REGISTRY_CITIZEN_EXISTS,
    REGISTRY_DUPLICATE_CITIZEN,
    REGISTRY_FIELD_INVALID,
    REGISTRY_FILE_UNREADABLE,
    REGISTRY_INVALID,
    REGISTRY_UNKNOWN_DIVISION,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import is_valid, normalize
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

REGISTRY_COLUMNS = (
    "national_code",
    "birth_date",
    "gender",
    "residence_division",
    "residence_since",
)
MAX_LISTED_PROBLEMS = 100
"""A refused file lists this many problems (and counts them all)."""
_BATCH = 20_000
_GENDERS = {"f": "f", "m": "m", "F": "f", "M": "m"}
_FORBIDDEN_IN_CODES = set("\t\n\r\\")


class CitizenRecord(NamedTuple):
    """One person of the extract, as the generator makes and the loader takes it."""

    national_code: str
    birth_date: date
    gender: str
    residence_division: str
    residence_since: date


Row = CitizenRecord | Sequence[str]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class RegistryImport:
    """What an import did."""

    imported: int
    replaced: int  # rows removed first (``replace=True``), else 0


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


def _field(problems: list[EntekhabError], line: int, field: str, reason: str) -> None:
    problems.append(
        EntekhabError(REGISTRY_FIELD_INVALID, {"line": line, "field": field, "reason": reason})
    )


def _iso_date(value: date | str) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _check_row(
    line: int,
    row: Row,
    problems: list[EntekhabError],
    seen: dict[str, int],
    known_divisions: Collection[str] | None,
) -> tuple[str, str, str, str, str] | None:
    """The row as five clean strings, or None after noting its problems."""
    if len(row) != len(REGISTRY_COLUMNS):
        _field(problems, line, "*", f"{len(row)} fields instead of {len(REGISTRY_COLUMNS)}")
        return None
    raw_code, raw_birth, raw_gender, raw_division, raw_since = row
    before = len(problems)
    code = str(raw_code)
    if is_valid(code):
        code = normalize(code)
        first = seen.get(code)
        if first is None:
            seen[code] = line
        else:
            problems.append(
                EntekhabError(
                    REGISTRY_DUPLICATE_CITIZEN,
                    {"line": line, "national_code": code, "first_line": first},
                )
            )
    else:
        problems.append(EntekhabError(INVALID_NATIONAL_CODE, {"code": code, "line": line}))
    birth = _iso_date(raw_birth)
    if birth is None:
        _field(problems, line, "birth_date", "not a YYYY-MM-DD date")
    since = _iso_date(raw_since)
    if since is None:
        _field(problems, line, "residence_since", "not a YYYY-MM-DD date")
    elif birth is not None and since < birth:
        _field(problems, line, "residence_since", "before the birth date")
    gender = _GENDERS.get(str(raw_gender).strip())
    if gender is None:
        _field(problems, line, "gender", "must be f or m")
    division = str(raw_division).strip()
    if not division or len(division) > 32 or _FORBIDDEN_IN_CODES.intersection(division):
        _field(problems, line, "residence_division", "empty, too long or with control characters")
    elif known_divisions is not None and division not in known_divisions:
        problems.append(
            EntekhabError(REGISTRY_UNKNOWN_DIVISION, {"line": line, "division": division})
        )
    if len(problems) > before:
        return None
    assert birth is not None and since is not None and gender is not None
    return code, birth, gender, division, since


def _checked_rows(
    rows: Iterable[Row],
    known_divisions: Collection[str] | None,
    progress: Progress | None,
) -> list[tuple[str, str, str, str, str]]:
    """Every row cleaned, or REGISTRY_INVALID listing the problems (nothing written)."""
    problems: list[EntekhabError] = []
    seen: dict[str, int] = {}
    clean: list[tuple[str, str, str, str, str]] = []
    handled = 0
    for line, row in enumerate(rows, start=2):  # line 1 of a file is its header
        checked = _check_row(line, row, problems, seen, known_divisions)
        if checked is not None:
            clean.append(checked)
        handled += 1
        if progress is not None and handled % _BATCH == 0:
            progress(_BATCH)
    if progress is not None:
        progress(handled % _BATCH)
    if problems:
        listed = [p.to_dict() for p in problems[:MAX_LISTED_PROBLEMS]]
        raise EntekhabError(REGISTRY_INVALID, {"count": len(problems), "problems": listed})
    return clean


def _copy_postgres(
    conn: Connection, rows: list[tuple[str, str, str, str, str]], progress: Progress | None
) -> None:
    dbapi: Any = conn.connection.dbapi_connection
    columns = ", ".join(REGISTRY_COLUMNS)
    with dbapi.cursor() as cursor, cursor.copy(f"COPY citizens ({columns}) FROM STDIN") as copy:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            # Every field was checked: no tab, newline or backslash can reach COPY's text form.
            copy.write("".join("\t".join(row) + "\n" for row in batch))
            if progress is not None:
                progress(len(batch))


def _insert_sqlite(
    conn: Connection, rows: list[tuple[str, str, str, str, str]], progress: Progress | None
) -> None:
    dbapi: Any = conn.connection.dbapi_connection
    columns = ", ".join(REGISTRY_COLUMNS)
    cursor = dbapi.cursor()
    try:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            cursor.executemany(f"INSERT INTO citizens ({columns}) VALUES (?, ?, ?, ?, ?)", batch)
            if progress is not None:
                progress(len(batch))
    finally:
        cursor.close()


def _already_registered(engine: Engine, codes: list[str]) -> list[str]:
    """Which of ``codes`` the table holds (looked up after a refused load, in chunks)."""
    found: list[str] = []
    with engine.connect() as conn:
        for start in range(0, len(codes), 1_000):
            chunk = codes[start : start + 1_000]
            found.extend(
                conn.execute(select(Citizen.national_code).where(Citizen.national_code.in_(chunk)))
                .scalars()
                .all()
            )
            if len(found) >= MAX_LISTED_PROBLEMS:
                break
    return sorted(found)


def _is_unique_violation(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        return True
    sqlstate = getattr(error, "sqlstate", None)
    name = type(error).__name__
    return sqlstate == "23505" or name in ("UniqueViolation", "IntegrityError")


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
) -> RegistryImport:
    """Check every row, then load them all in one transaction (or refuse and write nothing).

    ``progress`` is called with the number of rows just handled: once while checking, once
    while loading (so a bar of ``2 * rows`` total fills exactly).
    """
    engine = target.engine if isinstance(target, UnitOfWorkFactory) else target
    clean = _checked_rows(rows, known_divisions, progress)
    sqlite = is_sqlite(engine)
    removed = 0
    try:
        with engine.begin() as conn:
            if replace:
                removed = int(conn.execute(select(func.count()).select_from(Citizen)).scalar_one())
                conn.execute(text("DELETE FROM citizens" if sqlite else "TRUNCATE citizens"))
            if sqlite:
                _insert_sqlite(conn, clean, progress)
            else:
                _copy_postgres(conn, clean, progress)
    except Exception as error:
        if not _is_unique_violation(error):
            raise
        existing = _already_registered(engine, [row[0] for row in clean])
        raise EntekhabError(
            REGISTRY_CITIZEN_EXISTS,
            {
                "count": len(existing),
                "national_code": existing[0] if existing else "?",
                "national_codes": existing,
            },
        ) from None
    return RegistryImport(imported=len(clean), replaced=removed)
