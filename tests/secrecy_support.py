"""Tools for the ballot-secrecy tests: a full dump of the database (physical row order and, on
PostgreSQL, each row's writing transaction), the identifiers found in a row, and two statistics
of independence between orders (Spearman's rank correlation and the Wald–Wolfowitz runs test)."""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Engine, inspect, text

import entekhab.store.tables  # noqa: F401  (registers every table on Base.metadata)
from entekhab.store.base import Base

Row = dict[str, Any]

_HEX = re.compile(r"[0-9a-f]{32,64}")
_DIGITS10 = re.compile(r"(?<!\d)\d{10}(?!\d)")
FINER_THAN_HOUR = re.compile(r"\d{2}:\d{2}")
"""A clock time (minutes or finer) inside a value."""


def dump_database(engine: Engine) -> dict[str, list[Row]]:
    """Every row of every table, in the order the storage holds them.

    PostgreSQL: heap order (``ctid``) with the row's ``xmin`` (the id of the transaction that
    wrote it, which a database superuser can read). SQLite: a plain table scan, which follows the
    rowid or, for ``WITHOUT ROWID`` tables, the primary key.
    """
    pg = engine.dialect.name == "postgresql"
    out: dict[str, list[Row]] = {}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            query = (
                f'SELECT xmin::text AS "_xmin", * FROM "{table}" ORDER BY ctid'
                if pg
                else f'SELECT * FROM "{table}"'
            )
            flags = _boolean_columns(table)
            out[table] = [_decoded(dict(r._mapping), flags) for r in conn.execute(text(query))]
    return out


def _boolean_columns(table: str) -> set[str]:
    known = Base.metadata.tables.get(table)
    if known is None:
        return set()
    return {c.name for c in known.columns if isinstance(c.type, Boolean)}


def _decoded(row: Row, flags: set[str]) -> Row:
    """JSON held as text (SQLite) parsed and SQLite's 0/1 flags made booleans, so both back ends
    give the same shapes."""
    for key, value in row.items():
        if key in flags and value is not None:
            row[key] = bool(value)
            continue
        if isinstance(value, str) and value[:1] in "{[":
            with contextlib.suppress(ValueError):
                row[key] = json.loads(value)
    return row


def leaves(value: Any) -> Iterator[Any]:
    """The atomic values inside a row value (JSON walked down to its scalars)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from leaves(v)
    else:
        yield value


def row_text(row: Row) -> str:
    return json.dumps(row, default=str, ensure_ascii=False)


def identifiers_in(row: Row) -> set[str]:
    """Hex strings of 128 bits or more and ten-digit numbers (national codes) in the row."""
    blob = row_text(row)
    return set(_HEX.findall(blob)) | set(_DIGITS10.findall(blob))


def informative_values(rows: Sequence[Row]) -> set[str]:
    """Every atomic value of the rows except booleans and nulls, as text."""
    values: set[str] = set()
    for row in rows:
        for value in leaves(row):
            if value is None or isinstance(value, bool):
                continue
            values.add(str(value))
    return values


def times_finer_than_hour(rows: Sequence[Row]) -> list[Any]:
    """Values in the rows that carry a clock time finer than the hour."""
    found = []
    for row in rows:
        for value in leaves(row):
            if isinstance(value, datetime) or (
                isinstance(value, str) and FINER_THAN_HOUR.search(value)
            ):
                found.append(value)
    return found


def spearman_z(order: Sequence[int]) -> float:
    """Spearman's rank correlation between position and value of a permutation of 0..n-1,
    scaled by sqrt(n-1): under independence it is close to a standard normal."""
    n = len(order)
    d2 = sum((pos - value) ** 2 for pos, value in enumerate(order))
    rho = 1 - 6 * d2 / (n * (n * n - 1))
    return rho * math.sqrt(n - 1)


def runs_z(order: Sequence[int]) -> float:
    """Wald–Wolfowitz runs test: mark each value above or below the median, count runs along
    the positions; z-score of the count against its distribution under independence."""
    n = len(order)
    median = (n - 1) / 2
    marks = [value > median for value in order]
    n1 = sum(marks)
    n2 = n - n1
    runs = 1 + sum(1 for a, b in itertools.pairwise(marks) if a != b)
    mean = 2 * n1 * n2 / n + 1
    var = 2 * n1 * n2 * (2 * n1 * n2 - n) / (n * n * (n - 1))
    return (runs - mean) / math.sqrt(var)


def ranks_in(order: Sequence[str], reference: Sequence[str]) -> list[int]:
    """For each item of ``order``, its index in ``reference`` (both hold the same items)."""
    index = {item: i for i, item in enumerate(reference)}
    assert len(index) == len(reference) and sorted(order) == sorted(reference)
    return [index[item] for item in order]
