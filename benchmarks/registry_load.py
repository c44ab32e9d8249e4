"""Load the civil registry: 1,000,000 citizens into PostgreSQL (goal: under 30 s, and at least
half the rate of a plain ``psql \\copy`` of the same CSV), and the demo's 50,000 on SQLite.

Steps, each timed:
1. generate the citizens of the Tehran sample (``sim.registry``) and write the CSV;
2. ``service.registry.importing.import_registry`` into a fresh PostgreSQL schema: read the CSV,
   check every row (national code, duplicates, dates, division), ``COPY`` in one transaction;
3. the peer: ``TRUNCATE`` and ``psql -c "\\copy citizens FROM file CSV HEADER"`` of the same file
   into the same table (same primary key and index), measured in the same run;
4. SQLite: generate and import 50,000 citizens (what ``entekhab demo`` needs); with
   ``ENTEKHAB_BENCH_FULL=1`` also the 1,000,000-row file.

``ENTEKHAB_BENCH_CITIZENS`` changes the size (default 1,000,000). Figures are printed, never
asserted; they depend on what else the machine runs (the load average is printed first).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from entekhab.service.registry.importing import count_citizens, import_registry, read_registry_csv
from entekhab.sim.registry import generate_registry, write_registry_csv
from entekhab.sim.sample_election import DOCUMENTED_SEED, make_election
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade

CITIZENS = int(os.environ.get("ENTEKHAB_BENCH_CITIZENS", "1000000"))
DEMO_CITIZENS = 50_000
FULL = os.environ.get("ENTEKHAB_BENCH_FULL") == "1"
PG_URL = os.environ.get(
    "ENTEKHAB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _timed_import(engine_url: str, path: Path, rows: int) -> tuple[float, float]:
    """(seconds of this process's CPU, seconds in all) of one import into a migrated database."""
    engine = make_engine(engine_url)
    upgrade(engine)
    start, cpu = time.perf_counter(), time.process_time()
    import_registry(engine, read_registry_csv(path))
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert count_citizens(engine) == rows
    engine.dispose()
    return cpu, total


def _psql_copy(url: str, schema: str, path: Path) -> float | None:
    psql = shutil.which("psql")
    if psql is None:
        return None
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    env = dict(os.environ, PGOPTIONS=f"-c search_path={schema}")
    subprocess.run([psql, plain, "-qc", "TRUNCATE citizens"], env=env, check=True)
    columns = "national_code, birth_date, gender, residence_division, residence_since"
    command = f"\\copy citizens ({columns}) FROM '{path}' WITH (FORMAT csv, HEADER)"
    start = time.perf_counter()
    subprocess.run([psql, plain, "-qc", command], env=env, check=True)
    return time.perf_counter() - start


def _postgres(path: Path, rows: int) -> None:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # PostgreSQL not running here: say so, carry on with SQLite
        print(f"PostgreSQL unreachable ({type(error).__name__}); skipped")
        return
    try:
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
        cpu, total = _timed_import(url, path, rows)
        print(
            f"PostgreSQL import_registry: {rows:,} rows in {total:.1f} s = "
            f"{rows / total:,.0f} rows/s (client CPU {cpu:.1f} s: read, check, format; "
            f"the server parses and indexes meanwhile); goal under 30 s"
        )
        peer = _psql_copy(PG_URL, schema, path)
        if peer is None:
            print("psql not found: no peer figure")
        else:
            print(
                f"peer psql \\copy of the same CSV: {peer:.1f} s = {rows / peer:,.0f} rows/s; "
                f"ratio ours/peer rate = {peer / total:.2f} (goal >= 0.5)"
            )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (other work slows every figure)")
    tehran = make_election("tehran", DOCUMENTED_SEED)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "registry.csv"
        start = time.perf_counter()
        write_registry_csv(generate_registry(tehran, CITIZENS, DOCUMENTED_SEED), path)
        made = time.perf_counter() - start
        print(
            f"generate + write CSV: {CITIZENS:,} citizens in {made:.1f} s "
            f"= {CITIZENS / made:,.0f} rows/s ({path.stat().st_size / 1e6:.0f} MB)"
        )
        _postgres(path, CITIZENS)

        demo = folder / "demo.csv"
        start = time.perf_counter()
        write_registry_csv(generate_registry(tehran, DEMO_CITIZENS, DOCUMENTED_SEED), demo)
        generated = time.perf_counter() - start
        _, loaded = _timed_import(f"sqlite:///{folder / 'demo.db'}", demo, DEMO_CITIZENS)
        print(
            f"SQLite, the demo's registry: {DEMO_CITIZENS:,} generated in {generated:.1f} s, "
            f"imported in {loaded:.1f} s ({DEMO_CITIZENS / loaded:,.0f} rows/s)"
        )
        if not FULL:
            return
        _, total = _timed_import(f"sqlite:///{folder / 'full.db'}", path, CITIZENS)
        print(
            f"SQLite import_registry: {CITIZENS:,} rows in {total:.1f} s = "
            f"{CITIZENS / total:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
