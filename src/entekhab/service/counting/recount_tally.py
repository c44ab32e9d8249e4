"""Counting stored ballot records in bulk, through DuckDB: the engine of the recount.

The records leave the store once, as JSON lines of (ballot id, branch, record) — PostgreSQL's
``COPY ... TO STDOUT``, SQLite's cursor — and DuckDB reads, parses and tallies them (its JSON
reader, in parallel). The counting rules are the
domain's, never a second copy:

* which selections a record has, and which are blank, is read from the record as
  ``domain.branch_count.contest_bulletin`` reads it (``ContestSelection.is_blank``: no list and
  no candidates);
* whether a non-blank selection is valid is decided by ``domain.ballot_rules.selection_fault``
  over its ``MarkFacts``: DuckDB measures the facts of every selection (marks, distinct marks,
  marks not among the contest's ``markable`` candidates, a list given and whether the contest
  takes it), the few distinct fact rows go through ``selection_fault`` in Python, and the
  verdicts are joined back;
* a record DuckDB cannot read as a plain ballot (not JSON, no selections, a contest twice) is
  counted by ``contest_bulletin`` itself, record by record, or reported as unreadable.

The selections are grouped by identical marking first (branch, contest, list, candidates), so
the facts are measured once per distinct marking, not once per ballot.

A valid selection gives one vote to its list (if any) and one to each candidate marked; an
invalid one counts as cast and invalid. The output is a ``BranchCounts`` per (branch, contest).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from pydantic import ValidationError
from sqlalchemy import Connection, text

from entekhab.domain.ballot import BallotRecord
from entekhab.domain.ballot_rules import MarkFacts, markable, selection_fault
from entekhab.domain.branch_count import contest_bulletin
from entekhab.domain.definition import ElectionDefinition

__all__ = ["BranchCounts", "Tally", "export_file", "export_records", "tally_export"]

_ZERO_ROOT = "0" * 64
_SELECTIONS = (
    '{"selections": [{"contest": "VARCHAR", "list_code": "VARCHAR", "candidates": ["VARCHAR"]}]}'
)


@dataclass
class BranchCounts:
    """What a recount finds for one contest at one branch (the counts of a bulletin)."""

    ballots_cast: int = 0
    blank: int = 0
    invalid: int = 0
    candidate_votes: dict[str, int] = field(default_factory=dict)
    list_votes: dict[str, int] = field(default_factory=dict)

    def add(self, other: BranchCounts) -> None:
        self.ballots_cast += other.ballots_cast
        self.blank += other.blank
        self.invalid += other.invalid
        for mine, theirs in (
            (self.candidate_votes, other.candidate_votes),
            (self.list_votes, other.list_votes),
        ):
            for code, votes in theirs.items():
                mine[code] = mine.get(code, 0) + votes


@dataclass
class Tally:
    """The recount's counts: per (branch, contest), records per branch, and what it could not
    read."""

    counts: dict[tuple[str, str], BranchCounts]
    records: dict[str, int]
    """Counted ballot records per branch (the bulletins' ``ballot_records``)."""
    unreadable: dict[str, int]
    """Per branch, records that are not a ballot record at all (damaged beyond reading)."""
    marks: int
    """Candidate marks read."""


def export_records(conn: Connection, election_id: str, out: Path) -> int:
    """Write the election's counted ballot records (not held) to ``out``, one JSON line per
    record: ``{"i": ballot id, "b": the row's branch, "r": the stored record}``; the number of
    lines. Raw line breaks in a stored record (only a damaged one has any) become spaces."""
    if conn.dialect.name == "postgresql":
        from psycopg import sql

        raw: Any = conn.connection.driver_connection
        query = sql.SQL(
            """COPY (SELECT '{{"i": ' || to_json(ballot_id)::text || ', "b": '
                || to_json(branch)::text || ', "r": '
                || translate(record::text, E'\\n\\r', '  ') || '}}'
            FROM ballot_records WHERE election_id = {} AND NOT held)
            TO STDOUT (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"""
        ).format(sql.Literal(election_id))
        with out.open("wb") as f, raw.cursor() as cur:
            with cur.copy(query) as copy:
                pending = bytearray()  # libpq hands over one row at a time: write in blocks
                for row in copy:
                    pending += row
                    if len(pending) >= 1 << 22:
                        f.write(pending)
                        pending.clear()
                f.write(pending)
            return int(cur.rowcount)
    result = conn.execute(
        text(
            """SELECT json_quote(ballot_id), json_quote(branch),
                      replace(replace(record, char(10), ' '), char(13), ' ')
            FROM ballot_records WHERE election_id = :e AND NOT held"""
        ),
        {"e": election_id},
    ).cursor
    assert result is not None
    rows = 0
    with out.open("w", encoding="utf-8") as f:
        while chunk := result.fetchmany(50_000):
            f.writelines(f'{{"i": {i}, "b": {b}, "r": {r}}}\n' for i, b, r in chunk)
            rows += len(chunk)
    return rows


@contextmanager
def _duck(threads: int | None) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    try:
        con.execute(f"SET threads TO {threads or os.cpu_count() or 1}")
        con.execute("SET preserve_insertion_order = false")
        yield con
    finally:
        con.close()


def tally_export(
    definition: ElectionDefinition,
    path: Path,
    *,
    contests: Iterable[str] | None = None,
    threads: int | None = None,
) -> Tally:
    """Count the exported records at ``path`` (see the module docstring)."""
    wanted = sorted(contests) if contests is not None else [c.code for c in definition.contests]
    with _duck(threads) as con:
        _load(con, definition, path, wanted)
        _judge(con, definition)
        tally = _counts(con)
        odd = {str(i) for (i,) in con.execute("SELECT i FROM rec WHERE odd").fetchall()}
        broken = int(con.execute("SELECT count(*) FROM rec WHERE i IS NULL").fetchone()[0])  # type: ignore[index]
    if odd or broken:
        _count_odd(definition, path, odd, broken, wanted, tally)
    return tally


_ODD = """r IS NULL OR b IS NULL OR r.selections IS NULL OR len(r.selections) = 0
    OR len(list_distinct(list_transform(r.selections, lambda s: s.contest))) <> len(r.selections)
    OR list_contains(list_transform(r.selections, lambda s: s.contest IS NULL), true)"""
"""A record DuckDB does not count as a plain ballot: not a record, no selections, a contest
twice or without a code (``contest_bulletin`` counts it, or it is unreadable)."""


def _load(
    con: duckdb.DuckDBPyConnection, definition: ElectionDefinition, path: Path, wanted: list[str]
) -> None:
    """Tables ``rec`` (one row per record: its line, branch and whether it is odd) and ``sel``
    (the plain records' selections of the wanted contests, counted by identical marking)."""
    con.execute(
        "CREATE TEMP TABLE markable (contest VARCHAR, candidates VARCHAR[], lists VARCHAR[])"
    )
    con.executemany(
        "INSERT INTO markable VALUES (?, ?, ?)",
        [
            (code, sorted(c), sorted(ls))
            for code in wanted
            for c, ls in [markable(definition, code)]
        ],
    )
    source = f"(SELECT NULL::VARCHAR AS i, NULL::VARCHAR AS b, NULL::{_RECORD} AS r WHERE false)"
    if path.stat().st_size:  # DuckDB reads no columns from an empty file: no records at all
        source = f"""read_json($path, format = 'newline_delimited', ignore_errors = true,
            maximum_object_size = 67108864,
            columns = {{'i': 'VARCHAR', 'b': 'VARCHAR', 'r': '{_RECORD}'}})"""
    con.execute(
        f"""CREATE TEMP TABLE rec AS
        SELECT i, b AS branch, CASE WHEN {_ODD} THEN true ELSE false END AS odd,
               CASE WHEN NOT ({_ODD}) THEN r.selections END AS sels
        FROM {source}""",
        {"path": str(path)} if path.stat().st_size else None,
    )
    con.execute(
        """CREATE TEMP TABLE sel AS
        SELECT branch, s.contest AS contest, s.list_code AS list_code,
               coalesce(s.candidates, []) AS candidates, count(*) AS n
        FROM (SELECT branch, unnest(sels) AS s FROM rec WHERE NOT odd)
        WHERE s.contest IN (SELECT contest FROM markable)
        GROUP BY ALL"""
    )


_RECORD = "STRUCT(selections STRUCT(contest VARCHAR, list_code VARCHAR, candidates VARCHAR[])[])"


def _judge(con: duckdb.DuckDBPyConnection, definition: ElectionDefinition) -> None:
    """Table ``kinds``: each distinct marking of a contest, blank or not, and valid or not by
    ``selection_fault`` over its ``MarkFacts`` (measured here, judged in Python per distinct
    facts)."""
    con.execute(
        """CREATE TEMP TABLE kinds AS
        SELECT k.contest, k.list_code, k.candidates,
               len(k.candidates) AS marks,
               len(list_distinct(k.candidates)) AS distinct_marks,
               len(list_filter(k.candidates, lambda c: NOT list_contains(m.candidates, c)))
                   AS unknown,
               k.list_code IS NOT NULL AS list_given,
               coalesce(list_contains(m.lists, k.list_code), false) AS list_known
        FROM (SELECT DISTINCT contest, list_code, candidates FROM sel) k
        JOIN markable m ON m.contest = k.contest"""
    )
    rows = con.execute(
        """SELECT DISTINCT contest, marks, distinct_marks, unknown, list_given, list_known
        FROM kinds WHERE list_given OR marks > 0"""
    ).fetchall()
    judged = [(*row, not selection_fault(definition, row[0], MarkFacts(*row[1:]))) for row in rows]
    con.execute(
        """CREATE TEMP TABLE verdict (contest VARCHAR, marks BIGINT, distinct_marks BIGINT,
        unknown BIGINT, list_given BOOLEAN, list_known BOOLEAN, valid BOOLEAN)"""
    )
    if judged:
        con.executemany("INSERT INTO verdict VALUES (?, ?, ?, ?, ?, ?, ?)", judged)
    con.execute(
        """CREATE TEMP TABLE judged AS
        SELECT sel.branch, sel.contest, sel.list_code, sel.candidates, sel.n,
               NOT (k.list_given OR k.marks > 0) AS blank, coalesce(v.valid, false) AS valid
        FROM sel
        JOIN kinds k ON k.contest = sel.contest AND k.candidates = sel.candidates
            AND k.list_code IS NOT DISTINCT FROM sel.list_code
        LEFT JOIN verdict v ON v.contest = k.contest AND v.marks = k.marks
            AND v.distinct_marks = k.distinct_marks AND v.unknown = k.unknown
            AND v.list_given = k.list_given AND v.list_known = k.list_known"""
    )


def _counts(con: duckdb.DuckDBPyConnection) -> Tally:
    counts: dict[tuple[str, str], BranchCounts] = {}
    for branch, contest, cast, blank, invalid in con.execute(
        """SELECT branch, contest, sum(n), coalesce(sum(n) FILTER (blank), 0),
                  coalesce(sum(n) FILTER (NOT blank AND NOT valid), 0)
        FROM judged GROUP BY branch, contest"""
    ).fetchall():
        counts[branch, contest] = BranchCounts(int(cast), int(blank), int(invalid))
    for branch, contest, code, votes in con.execute(
        """SELECT branch, contest, list_code, sum(n) FROM judged
        WHERE valid AND list_code IS NOT NULL GROUP BY branch, contest, list_code"""
    ).fetchall():
        counts[branch, contest].list_votes[code] = int(votes)
    marks = 0
    for branch, contest, code, votes in con.execute(
        """SELECT branch, contest, code, sum(n) FROM
            (SELECT branch, contest, unnest(candidates) AS code, n FROM judged WHERE valid)
        GROUP BY branch, contest, code"""
    ).fetchall():
        counts[branch, contest].candidate_votes[code] = int(votes)
        marks += int(votes)
    records = {
        str(b): int(n)
        for b, n in con.execute(
            "SELECT branch, count(*) FROM rec WHERE branch IS NOT NULL GROUP BY branch"
        ).fetchall()
    }
    return Tally(counts, records, {}, marks)


def _count_odd(
    definition: ElectionDefinition,
    path: Path,
    odd: set[str],
    broken: int,
    wanted: list[str],
    tally: Tally,
) -> None:
    """Records DuckDB could not count as plain ballots (by ballot id, and ``broken`` lines that
    are not JSON at all), counted by ``contest_bulletin`` or reported as unreadable."""
    by_branch: dict[str, list[BallotRecord]] = {}
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            match = _LINE.match(line)
            if match is not None and match.group(1) not in odd and not broken:
                continue
            try:
                wrapped = json.loads(line)
                ballot_id, branch, document = str(wrapped["i"]), str(wrapped["b"]), wrapped["r"]
            except (ValueError, KeyError, TypeError):
                found = match.group(2) if match else "?"
                tally.unreadable[found] = tally.unreadable.get(found, 0) + 1
                tally.records[found] = tally.records.get(found, 0) + 1
                continue
            if ballot_id not in odd:
                continue
            try:
                by_branch.setdefault(branch, []).append(BallotRecord.model_validate(document))
            except ValidationError:
                tally.unreadable[branch] = tally.unreadable.get(branch, 0) + 1
    for branch, records in by_branch.items():
        present = {s.contest for r in records for s in r.selections}
        for contest in sorted(present & set(wanted)):
            b = contest_bulletin(
                definition,
                _ZERO_ROOT,
                branch=branch,
                contest=contest,
                records=records,
                voters_checked_in=0,
                merkle_root=_ZERO_ROOT,
                closed_at="",
            )
            found = BranchCounts(
                b.ballots_cast,
                b.blank,
                b.invalid,
                {k: v for k, v in b.candidate_votes.items() if v},
                {k: v for k, v in b.list_votes.items() if v},
            )
            tally.marks += sum(found.candidate_votes.values())
            tally.counts.setdefault((branch, contest), BranchCounts()).add(found)


_LINE = re.compile(r'\{"i": "([^"\\]*)", "b": "([^"\\]*)"')
"""The ballot id and branch at the start of an exported line (even if its record is not JSON)."""


@contextmanager
def export_file() -> Iterator[Path]:
    """A temporary file for the export, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="entekhab-recount-") as folder:
        yield Path(folder) / "ballot_records.csv"
