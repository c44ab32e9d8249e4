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
from dataclasses import dataclass
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


# -- the linking attack (issue 10, item 9) -------------------------------------------------------
_CODE_BYTES = re.compile(rb"(?<!\d)\d{10}(?!\d)")
_ID_BYTES = re.compile(rb"[0-9a-f]{32}")


def times_finer_than_the_hour(rows: Sequence[Row]) -> list[Any]:
    """Values that carry a time finer than the hour: a datetime whose minutes, seconds or
    microseconds are not zero, or text holding a clock time other than ``HH:00:00``."""
    found = []
    for row in rows:
        for value in leaves(row):
            if isinstance(value, datetime):
                if (value.minute, value.second, value.microsecond) != (0, 0, 0):
                    found.append(value)
            elif isinstance(value, str):
                for clock in re.findall(r"\d{2}:(\d{2})(?::(\d{2}))?", value):
                    if clock != ("00", "00") and clock != ("00", ""):
                        found.append(value)
                        break
    return found


@dataclass(frozen=True)
class Version:
    """One row version as a reader of the database sees it: what it names, which transaction
    wrote it, and where it lies (page, line pointer); ``live`` False for a dead version."""

    names: str
    branch: str
    hour: str
    provisional: bool
    xmin: int
    position: tuple[int, int]
    live: bool = True


def live_versions(engine: Engine, table: str, name_column: str) -> list[Version]:
    """The live rows of ``table`` with ``xmin`` and ``ctid`` (SELECT rights suffice)."""
    query = (
        f'SELECT xmin::text::bigint AS x, ctid::text AS c, "{name_column}" AS n, branch, hour, '
        f'provisional FROM "{table}"'
    )
    out = []
    with engine.connect() as conn:
        for r in conn.execute(text(query)):
            page, item = (int(p) for p in r.c.strip("()").split(","))
            out.append(Version(r.n, r.branch, r.hour, bool(r.provisional), r.x, (page, item)))
    return out


def ensure_pageinspect(engine: Engine) -> bool:
    """Install ``pageinspect`` (database-wide, in ``public``) if the server has it."""
    for _attempt in range(5):
        try:
            with engine.begin() as conn:
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect WITH SCHEMA public"))
            return True
        except Exception as exc:  # a concurrent test created it first, or it is not there
            if "could not open extension control file" in str(exc):
                return False
    return True


def all_versions(engine: Engine, table: str, live: list[Version]) -> list[Version]:
    """Every row version still on disk — live and dead — read page by page with pageinspect
    (what a database superuser can see): the identifiers found in each version's bytes, its
    ``xmin``, and whether it is dead (``xmax`` set by a committed delete or update)."""
    by_name = {v.names: v for v in live}
    pattern = _CODE_BYTES if table == "participations" else _ID_BYTES
    out: list[Version] = []
    with engine.connect() as conn:
        pages = conn.execute(
            text(f"SELECT pg_relation_size('\"{table}\"') / current_setting('block_size')::int")
        ).scalar_one()
        for page in range(int(pages)):
            items = conn.execute(
                text(
                    "SELECT lp, t_xmin::text::bigint AS x, t_xmax::text::bigint AS xmax, t_data "
                    f"FROM public.heap_page_items(public.get_raw_page('\"{table}\"', {page})) "
                    "WHERE t_data IS NOT NULL"
                )
            )
            for item in items:
                for found in pattern.findall(bytes(item.t_data)):
                    name = found.decode()
                    known = by_name.get(name)
                    if known is None:
                        continue  # a deleted row (e.g. a rejected ballot): nothing to link
                    out.append(
                        Version(
                            name,
                            known.branch,
                            known.hour,
                            known.provisional,
                            int(item.x),
                            (page, int(item.lp)),
                            live=int(item.xmax) == 0,
                        )
                    )
                    break
    return out


def _zip_guesses(voters: list[Version], ballots: list[Version], group, key) -> dict[str, str]:
    """Pair the k-th ballot with the k-th voter of the same ``group``, both sorted by ``key``
    (the cast order an attacker reads from the system columns)."""
    guesses: dict[str, str] = {}
    for g in {group(b) for b in ballots}:
        vs = sorted((v for v in voters if group(v) == g), key=key)
        bs = sorted((b for b in ballots if group(b) == g), key=key)
        for v, b in zip(vs, bs, strict=False):
            guesses.setdefault(b.names, v.names)
    return guesses


def _bucket(v: Version) -> tuple[str, str, bool]:
    return (v.branch, v.hour, v.provisional)


def linking_rate(
    voters: list[Version], ballots: list[Version], truth: dict[str, str]
) -> tuple[float, float, int, float, float]:
    """The best of several linking attacks on the given row versions, and chance.

    Attacks: pair ballots and voters in ``xmin`` order, in physical (``ctid``) order, each
    also inside (branch, hour, provisional) buckets, and by equal ``xmin``; for a ballot with
    several versions the attacker uses each. Chance: an attacker who knows each ballot's
    branch, hour and provisional flag (they are in the record) and guesses a voter of that
    bucket at random is right with probability 1/|bucket|.

    Returns (best rate, chance rate, correct guesses of the best attack, expected correct
    guesses at chance, their variance), over the ballots in ``truth``."""
    targets = [b for b in ballots if b.names in truth]
    names = {b.names for b in targets}
    if not names:
        return 0.0, 0.0, 0, 0.0, 0.0
    groups = (lambda v: v.branch, _bucket)
    keys = (lambda v: (v.xmin, v.position), lambda v: v.position)
    best = 0
    for group in groups:
        for key in keys:
            for live_only in (True, False):
                pool = [b for b in targets if b.live or not live_only]
                guesses = _zip_guesses(voters, pool, group, key)
                best = max(best, sum(1 for b, v in guesses.items() if truth.get(b) == v))
    by_xmin: dict[int, list[str]] = {}
    for v in voters:
        by_xmin.setdefault(v.xmin, []).append(v.names)
    same = {b.names: by_xmin[b.xmin][0] for b in targets if len(by_xmin.get(b.xmin, [])) == 1}
    best = max(best, sum(1 for b, v in same.items() if truth.get(b) == v))
    sizes: dict[tuple[str, str, bool], int] = {}
    for v in voters:
        sizes[_bucket(v)] = sizes.get(_bucket(v), 0) + 1
    first = {b.names: b for b in targets}
    p = [1 / max(sizes.get(_bucket(b), 1), 1) for b in first.values()]
    expected, variance = sum(p), sum(q * (1 - q) for q in p)
    return best / len(names), expected / len(names), best, expected, variance
