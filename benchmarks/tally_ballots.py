"""Recount 5,000,000 stored ballot records (10,000,000 candidate marks) from the store, against
DuckDB's group-by of the same marks in the same run (goal: within 2x of DuckDB).

The data: ballots of the Tehran sample election (its branches with a council on the ballot, 165
councils, and the Assembly of Experts by-election), each with one council mark — a third of the
Tehran council ballots also choose a list — and one Experts mark, generated deterministically by
DuckDB. The ballots are written to the store's ``ballot_records`` table in its own format (the
record as the JSON of ``BallotRecord``, one row per ballot, as closing writes them; the digest
column is a stand-in, the recount does not read it) on PostgreSQL and on SQLite.

The recount is the engine of ``entekhab results recount-ballots``
(``service.counting.recount_tally``): export the records from the store, parse them, decide
every selection by the domain's rule and tally candidates, lists, blank and invalid per branch
and contest. Its cross-check against bulletins (a dictionary comparison per branch and contest)
and the Merkle roots (``--no-roots`` in the CLI) are not in the figure. The peer is DuckDB's
``SELECT contest, candidate, count(*) ... GROUP BY`` over the same 10,000,000 marks already in a
DuckDB table in memory, best of three, with the same number of threads as the recount (2 on this
machine). The recount is run once per store (best of two) and its candidate totals are checked
to equal DuckDB's. Figures are printed, never asserted.

``ENTEKHAB_BENCH_BALLOTS`` changes the number of ballots; ``ENTEKHAB_BENCH_STORES`` chooses the
stores (``postgresql,sqlite``). PostgreSQL is ``ENTEKHAB_TEST_DATABASE_URL`` (default: the local
test server), in a schema of its own dropped afterwards.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from entekhab.domain.definition import ElectionDefinition
from entekhab.service.counting.recount_tally import Tally, export_records, tally_export
from entekhab.sim.sample_election import make_election
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade

BALLOTS = int(os.environ.get("ENTEKHAB_BENCH_BALLOTS", "5000000"))
STORES = os.environ.get("ENTEKHAB_BENCH_STORES", "postgresql,sqlite").split(",")
THREADS = 2
PG_URL = os.environ.get(
    "ENTEKHAB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PEER_QUERY = "SELECT contest, candidate, count(*) FROM marks GROUP BY contest, candidate"
COLUMNS = (
    "ballot_id, election_id, branch, hour, ballot_style, record, digest, provisional, held, "
    "held_incident_id"
)
Totals = dict[tuple[str, str], int]


def _say(label: str, seconds: float, extra: str = "") -> None:
    print(f"{label:<46} {seconds:8.3f} s {extra}", flush=True)


def generate(definition: ElectionDefinition, out: Path) -> duckdb.DuckDBPyConnection:
    """Write the ballot rows to ``out`` (CSV, the table's column order); a DuckDB connection
    holding the same ballots' marks in table ``marks`` (the peer's data)."""
    con = duckdb.connect()
    con.execute(f"SET threads TO {THREADS}")
    style = {s.code: s for s in definition.ballot_styles}
    rows = []
    for branch in definition.branches:  # branches with a council and the Experts on the ballot
        council = next(
            (c for c in style[branch.ballot_style].contests if c.startswith(("CC", "VC"))), None
        )
        if council is None:
            continue
        i = len(rows)
        cands = sorted(definition.candidates_by_contest[council])
        lists = sorted(definition.lists_by_contest.get(council, {}))
        rows.append((i, branch.code, branch.ballot_style, council, cands, lists))
    con.execute(
        "CREATE TABLE branch (i INTEGER, branch VARCHAR, style VARCHAR, council VARCHAR, "
        "cands VARCHAR[], lists VARCHAR[])"
    )
    con.executemany("INSERT INTO branch VALUES (?, ?, ?, ?, ?, ?)", rows)
    experts = sorted(definition.candidates_by_contest["EXPERTS-P23"])
    con.execute(
        f"""CREATE TABLE ballots AS
        SELECT md5(b::VARCHAR) AS ballot_id, br.branch, br.style, br.council,
               '2026-06-18T' || lpad((4 + b % 14)::VARCHAR, 2, '0') AS hour,
               br.cands[(1 + hash(b * 3) % len(br.cands))::BIGINT] AS c1,
               CASE WHEN len(br.lists) > 0 AND hash(b * 3 + 1) % 3 = 0
                    THEN br.lists[(1 + hash(b * 3 + 2) % len(br.lists))::BIGINT] END AS list_code,
               $experts[(1 + hash(b * 7) % {len(experts)})::BIGINT] AS c2
        FROM range({BALLOTS}) r(b) JOIN branch br ON br.i = b % {len(rows)}""",
        {"experts": experts},
    )
    con.execute(
        f"""COPY (
        SELECT ballot_id, '{definition.id}', branch, hour, style,
               '{{"ballot_id": "' || ballot_id || '", "election_id": "{definition.id}", '
               || '"branch": "' || branch || '", "ballot_style": "' || style || '", '
               || '"hour": "' || hour || '", "selections": [{{"contest": "' || council
               || '", "list_code": ' || coalesce('"' || list_code || '"', 'null')
               || ', "candidates": ["' || c1 || '"]}}, {{"contest": "EXPERTS-P23", '
               || '"list_code": null, "candidates": ["' || c2 || '"]}}], '
               || '"provisional": false}}' AS record,
               sha256(ballot_id) AS digest, false, false, NULL
        FROM ballots ORDER BY ballot_id) TO '{out}' (HEADER false)"""
    )
    con.execute(
        """CREATE TABLE marks AS
        SELECT council AS contest, c1 AS candidate FROM ballots
        UNION ALL SELECT 'EXPERTS-P23', c2 FROM ballots"""
    )
    con.execute("DROP TABLE ballots")
    return con


def peer(con: duckdb.DuckDBPyConnection, marks: int) -> tuple[float, Totals]:
    best, result = float("inf"), {}
    for _ in range(3):
        start = time.perf_counter()
        result = {(c, k): n for c, k, n in con.execute(PEER_QUERY).fetchall()}
        best = min(best, time.perf_counter() - start)
    _say("DuckDB group-by of the marks (peer)", best, f"({marks / best / 1e6:6.1f} M marks/s)")
    return best, result


def _candidate_totals(tally: Tally) -> Totals:
    out: Counter[tuple[str, str]] = Counter()
    for (_branch, contest), counts in tally.counts.items():
        for code, votes in counts.candidate_votes.items():
            out[contest, code] += votes
    return dict(out)


def recount(label: str, url: str, definition: ElectionDefinition) -> tuple[float, Totals]:
    """Best of two: export from the store, then DuckDB's tally of the export."""
    engine = make_engine(url)
    best, totals = float("inf"), {}
    try:
        for _ in range(2):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "export.csv"
                with engine.connect() as conn:
                    start = time.perf_counter()
                    rows = export_records(conn, definition.id, path)
                    exported = time.perf_counter() - start
                start = time.perf_counter()
                tally = tally_export(definition, path, threads=THREADS)
                counted = time.perf_counter() - start
            if exported + counted < best:
                best, totals = exported + counted, _candidate_totals(tally)
                split = f"(export {exported:.2f} s, parse + rule + tally {counted:.2f} s)"
        _say(f"{label} recount of {rows:,} records", best, split)
        return best, totals
    finally:
        engine.dispose()


def load_postgresql(csv_path: Path) -> str | None:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # unreachable server: the SQLite figure still stands
        print(f"PostgreSQL unreachable ({type(error).__name__}); skipped")
        return None
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    upgrade(engine)
    start = time.perf_counter()
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        with (
            raw.cursor() as cur,
            cur.copy(  # type: ignore[union-attr]
                f"COPY ballot_records ({COLUMNS}) FROM STDIN (FORMAT csv)"
            ) as copy,
            csv_path.open("rb") as f,
        ):
            while chunk := f.read(1 << 20):
                copy.write(chunk)
        raw.commit()  # type: ignore[union-attr]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE ballot_records"))
    engine.dispose()
    _say("PostgreSQL load (COPY into ballot_records)", time.perf_counter() - start)
    return url


def drop_postgresql(url: str) -> None:
    schema = url.rsplit("%3D", 1)[1]
    admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def load_sqlite(csv_path: Path, db: Path) -> str:
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    start = time.perf_counter()
    con = sqlite3.connect(db)
    csv.field_size_limit(sys.maxsize)
    with csv_path.open(newline="") as f:
        rows = ((*r[:7], r[7] == "true", r[8] == "true", None) for r in csv.reader(f))
        con.executemany(f"INSERT INTO ballot_records ({COLUMNS}) VALUES ({'?,' * 9}?)", rows)
    con.commit()
    con.close()
    _say("SQLite load (executemany into ballot_records)", time.perf_counter() - start)
    return url


def _ratio(label: str, mine: float, theirs: float) -> None:
    print(f"{label + ' / DuckDB group-by (goal <= 2)':<46} {mine / theirs:8.2f} x", flush=True)


def main() -> None:
    definition = make_election("tehran", 1405)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ballot_records.csv"
        start = time.perf_counter()
        con = generate(definition, path)
        marks = int(con.execute("SELECT count(*) FROM marks").fetchone()[0])  # type: ignore[index]
        branches = int(con.execute("SELECT count(*) FROM branch").fetchone()[0])  # type: ignore[index]
        print(
            f"{BALLOTS:,} ballots, {marks:,} candidate marks, {branches:,} branches; "
            f"generated in {time.perf_counter() - start:.1f} s "
            f"({path.stat().st_size / 1e9:.2f} GB of records)",
            flush=True,
        )
        t_peer, reference = peer(con, marks)
        con.close()
        runs: list[tuple[str, Callable[[], str | None], Callable[[str], None]]] = [
            ("PostgreSQL", lambda: load_postgresql(path), drop_postgresql),
            ("SQLite", lambda: load_sqlite(path, Path(tmp) / "hq.db"), lambda _u: None),
        ]
        for label, load, drop in runs:
            if label.lower() not in STORES:
                continue
            url = load()
            if url is None:
                continue
            try:
                t_recount, totals = recount(label, url, definition)
            finally:
                drop(url)
            assert totals == reference, f"{label} recount and DuckDB's group-by differ"
            _ratio(label + " recount", t_recount, t_peer)


if __name__ == "__main__":
    main()
