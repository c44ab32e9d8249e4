"""Tally 5,000,000 ballot records per candidate in PostgreSQL and in SQLite, against DuckDB's
group-by on the same data in the same run (goal: within 2x of DuckDB).

The data: 5,000,000 ballots, each with two candidate marks in one of 900 council contests
(10,000,000 mark rows: ballot, contest, candidate as integers), generated deterministically by
DuckDB into one CSV that all three engines load. Loading is timed but not compared; the tally is
``SELECT contest, candidate, count(*) ... GROUP BY contest, candidate``, run three times on each
engine (best time kept), and the three results are checked to be identical.

PostgreSQL is read from ``ENTEKHAB_TEST_DATABASE_URL`` (default: the local test server); the
benchmark works in a schema of its own and drops it afterwards. The table has an index on
(contest, candidate), as a server's ballot store would, and is vacuumed so that PostgreSQL can
answer from the index alone. DuckDB runs with the same number of threads as PostgreSQL may use
for one query (2 on this machine). Figures are printed, never asserted.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb
import psycopg

BALLOTS = int(os.environ.get("ENTEKHAB_BENCH_BALLOTS", "5000000"))
MARKS_PER_BALLOT = 2
CONTESTS, CANDIDATES = 900, 30
QUERY = "SELECT contest, candidate, count(*) FROM {t} GROUP BY contest, candidate"
PG_URL = os.environ.get(
    "ENTEKHAB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
).replace("postgresql+psycopg://", "postgresql://")

Tally = dict[tuple[int, int], int]


def _best(label: str, run: Callable[[], Tally], rows: int) -> tuple[float, Tally]:
    best, result = float("inf"), {}
    for _ in range(3):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best:8.3f} s   ({rows / best / 1e6:6.1f} M marks/s)", flush=True)
    return best, result


def _timed(label: str, fn: Callable[[], object]) -> None:
    start = time.perf_counter()
    fn()
    print(f"{label:<44} {time.perf_counter() - start:8.3f} s", flush=True)


def generate(path: Path) -> int:
    """Write the mark rows (ballot, contest, candidate) with DuckDB; returns the row count."""
    con = duckdb.connect()
    con.execute(
        f"""COPY (
            SELECT b AS ballot, b % {CONTESTS} AS contest,
                   CAST(hash(b * {MARKS_PER_BALLOT} + m) % {CANDIDATES} AS INTEGER) AS candidate
            FROM range({BALLOTS}) r(b), range({MARKS_PER_BALLOT}) s(m)
        ) TO '{path}' (HEADER false)"""
    )
    con.close()
    return BALLOTS * MARKS_PER_BALLOT


def duckdb_tally(path: Path, rows: int) -> tuple[float, Tally]:
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    _timed(
        "DuckDB load",
        lambda: con.execute(
            f"CREATE TABLE marks AS SELECT * FROM read_csv('{path}', header=false, "
            "columns={'ballot': 'INTEGER', 'contest': 'SMALLINT', 'candidate': 'SMALLINT'})"
        ),
    )

    def run() -> Tally:
        return {(c, k): n for c, k, n in con.execute(QUERY.format(t="marks")).fetchall()}

    out = _best("DuckDB group-by", run, rows)
    con.close()
    return out


def postgres_tally(path: Path, rows: int) -> tuple[float, Tally] | None:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        con = psycopg.connect(PG_URL, autocommit=True)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL unreachable ({exc}); skipped")
        return None
    try:
        con.execute(f'CREATE SCHEMA "{schema}"')
        con.execute(f'SET search_path TO "{schema}"')
        con.execute(
            "CREATE UNLOGGED TABLE marks (ballot integer, contest smallint, candidate smallint)"
        )

        def load() -> None:
            with (
                con.cursor() as cur,
                cur.copy("COPY marks FROM STDIN (FORMAT csv)") as copy,
                path.open("rb") as f,
            ):
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
            con.execute("CREATE INDEX marks_tally ON marks (contest, candidate)")
            con.execute("VACUUM ANALYZE marks")

        _timed("PostgreSQL load (COPY, index, vacuum)", load)
        con.execute("SET max_parallel_workers_per_gather = 2")
        con.execute("SET jit = off")  # compiling the plan costs more than it saves here

        def run() -> Tally:
            return {(c, k): n for c, k, n in con.execute(QUERY.format(t="marks")).fetchall()}

        return _best("PostgreSQL group-by", run, rows)
    finally:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        con.close()


def sqlite_tally(path: Path, db: Path, rows: int) -> tuple[float, Tally]:
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE marks (ballot INTEGER, contest INTEGER, candidate INTEGER)")

    def load() -> None:
        with path.open(newline="") as f:
            con.executemany("INSERT INTO marks VALUES (?, ?, ?)", csv.reader(f))
        con.execute("CREATE INDEX marks_tally ON marks (contest, candidate)")
        con.commit()

    _timed("SQLite load (executemany, index)", load)

    def run() -> Tally:
        return {(c, k): n for c, k, n in con.execute(QUERY.format(t="marks")).fetchall()}

    out = _best("SQLite group-by", run, rows)
    con.close()
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "marks.csv"
        start = time.perf_counter()
        rows = generate(path)
        print(
            f"{BALLOTS:,} ballots, {rows:,} marks, {CONTESTS * CANDIDATES:,} (contest, candidate)"
            f" pairs; generated in {time.perf_counter() - start:.1f} s"
        )
        t_duck, reference = duckdb_tally(path, rows)
        pg = postgres_tally(path, rows)
        if pg is not None:
            assert pg[1] == reference, "PostgreSQL and DuckDB tallies differ"
            print(f"{'PostgreSQL / DuckDB (goal <= 2)':<44} {pg[0] / t_duck:8.2f} x")
        t_sqlite, tally = sqlite_tally(path, Path(tmp) / "station.db", rows)
        assert tally == reference, "SQLite and DuckDB tallies differ"
        print(f"{'SQLite / DuckDB (goal <= 2)':<44} {t_sqlite / t_duck:8.2f} x")


if __name__ == "__main__":
    main()
