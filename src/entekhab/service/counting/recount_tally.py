"""Counting stored ballot records in bulk, through DuckDB: the engine of the recount.

The records leave the store once, as a CSV of (branch, record JSON) — PostgreSQL's ``COPY ...
TO STDOUT``, SQLite's cursor — and DuckDB parses and tallies them. The counting rules are the
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

A valid selection gives one vote to its list (if any) and one to each candidate marked; an
invalid one counts as cast and invalid. The output is a ``BranchCounts`` per (branch, contest).
"""

from __future__ import annotations

import csv
import os
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

__all__ = ["BranchCounts", "Tally", "export_records", "tally_export"]

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
    """Write the election's counted ballot records (not held) to ``out`` as CSV rows of
    (branch, record JSON); the number of rows."""
    where = "FROM ballot_records WHERE election_id = {} AND NOT held"
    if conn.dialect.name == "postgresql":
        from psycopg import sql

        raw: Any = conn.connection.driver_connection
        query = sql.SQL("COPY (SELECT branch, record " + where + ") TO STDOUT (FORMAT csv)")
        rows = 0
        with out.open("wb") as f, raw.cursor() as cur:
            with cur.copy(query.format(sql.Literal(election_id))) as copy:
                for chunk in copy:
                    f.write(chunk)
            rows = cur.rowcount
        return int(rows)
    result = conn.execute(
        text("SELECT branch, record " + where.format(":e")), {"e": election_id}
    ).cursor
    assert result is not None
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        rows = 0
        while chunk := result.fetchmany(50_000):
            writer.writerows(chunk)
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
        odd = con.execute("SELECT branch, record FROM odd").fetchall()
    _count_odd(definition, odd, wanted, tally)
    return tally


def _load(
    con: duckdb.DuckDBPyConnection, definition: ElectionDefinition, path: Path, wanted: list[str]
) -> None:
    """Tables ``rec`` (every record), ``odd`` (records counted one by one) and ``sel`` (one row
    per selection of a wanted contest, with its facts)."""
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
    source = "(SELECT NULL::VARCHAR AS branch, NULL::VARCHAR AS record WHERE false)"
    if path.stat().st_size:  # DuckDB reads no columns from an empty file: no records at all
        source = """read_csv($path, header = false, quote = '"', escape = '"',
                              columns = {'branch': 'VARCHAR', 'record': 'VARCHAR'})"""
    con.execute(
        f"""CREATE TEMP TABLE rec AS
        SELECT branch, record,
               CASE WHEN json_valid(record)
                    THEN from_json(record, '{_SELECTIONS}').selections END AS sels
        FROM {source}""",
        {"path": str(path)} if path.stat().st_size else None,
    )
    con.execute(
        """CREATE TEMP TABLE odd AS SELECT branch, record FROM rec
        WHERE sels IS NULL OR len(sels) = 0
           OR len(list_distinct(list_transform(sels, lambda s: s.contest))) <> len(sels)"""
    )
    con.execute(
        """CREATE TEMP TABLE sel AS
        WITH s AS (
            SELECT branch, unnest(sels) AS s FROM rec
            WHERE NOT (sels IS NULL OR len(sels) = 0
                OR len(list_distinct(list_transform(sels, lambda s: s.contest))) <> len(sels))
        )
        SELECT s.branch, s.s.contest AS contest, s.s.list_code AS list_code,
               coalesce(s.s.candidates, []) AS candidates,
               len(coalesce(s.s.candidates, [])) AS marks,
               len(list_distinct(coalesce(s.s.candidates, []))) AS distinct_marks,
               len(list_filter(coalesce(s.s.candidates, []),
                               lambda c: NOT list_contains(m.candidates, c))) AS unknown,
               s.s.list_code IS NOT NULL AS list_given,
               coalesce(list_contains(m.lists, s.s.list_code), false) AS list_known
        FROM s JOIN markable m ON m.contest = s.s.contest"""
    )


def _judge(con: duckdb.DuckDBPyConnection, definition: ElectionDefinition) -> None:
    """Table ``verdict``: each distinct fact row of a non-blank selection, valid or not, by
    ``selection_fault``."""
    rows = con.execute(
        """SELECT DISTINCT contest, marks, distinct_marks, unknown, list_given, list_known
        FROM sel WHERE list_given OR marks > 0"""
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
        SELECT sel.branch, sel.contest, sel.list_code, sel.candidates,
               NOT (sel.list_given OR sel.marks > 0) AS blank, coalesce(v.valid, false) AS valid
        FROM sel LEFT JOIN verdict v USING
            (contest, marks, distinct_marks, unknown, list_given, list_known)"""
    )


def _counts(con: duckdb.DuckDBPyConnection) -> Tally:
    counts: dict[tuple[str, str], BranchCounts] = {}
    for branch, contest, cast, blank, invalid in con.execute(
        """SELECT branch, contest, count(*), count(*) FILTER (blank),
                  count(*) FILTER (NOT blank AND NOT valid)
        FROM judged GROUP BY branch, contest"""
    ).fetchall():
        counts[branch, contest] = BranchCounts(int(cast), int(blank), int(invalid))
    for branch, contest, code, votes in con.execute(
        """SELECT branch, contest, list_code, count(*) FROM judged
        WHERE valid AND list_code IS NOT NULL GROUP BY branch, contest, list_code"""
    ).fetchall():
        counts[branch, contest].list_votes[code] = int(votes)
    marks = 0
    for branch, contest, code, votes in con.execute(
        """SELECT branch, contest, code, count(*) FROM
            (SELECT branch, contest, unnest(candidates) AS code FROM judged WHERE valid)
        GROUP BY branch, contest, code"""
    ).fetchall():
        counts[branch, contest].candidate_votes[code] = int(votes)
        marks += int(votes)
    records = {
        str(b): int(n)
        for b, n in con.execute("SELECT branch, count(*) FROM rec GROUP BY branch").fetchall()
    }
    return Tally(counts, records, {}, marks)


def _count_odd(
    definition: ElectionDefinition,
    odd: list[tuple[str, str]],
    wanted: list[str],
    tally: Tally,
) -> None:
    """Records DuckDB could not count as plain ballots, counted by ``contest_bulletin``."""
    by_branch: dict[str, list[BallotRecord]] = {}
    for branch, document in odd:
        try:
            by_branch.setdefault(branch, []).append(BallotRecord.model_validate_json(document))
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


@contextmanager
def export_file() -> Iterator[Path]:
    """A temporary file for the export, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="entekhab-recount-") as folder:
        yield Path(folder) / "ballot_records.csv"
