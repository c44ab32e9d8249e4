"""Voter check-in under load: uvicorn + PostgreSQL on loopback, against pgbench on the same box.

Goal on a 2-core machine (issue 4): >= 1,000 check-ins/s, p99 < 100 ms, >= 50% of the rate of
pgbench doing a one-row INSERT on a unique key.

What runs (all real, on this machine):

* a PostgreSQL database of its own (``CREATE DATABASE``; dropped at the end), migrated;
* a synthetic election (one city council, an Experts by-election, ``BRANCHES`` branches), a
  registry of ``CITIZENS`` people loaded with COPY, one enrolled station per branch, every
  branch opened;
* ``uvicorn`` as a separate process (``WORKERS`` workers) serving ``api.app.create_app``;
* ``CONCURRENCY`` httpx async clients, each with its own connection, sending signed check-ins
  (docs/station-api.md), each for a distinct citizen. The clients share the two cores with
  the server and PostgreSQL, so their own cost (HTTP and signing) lowers the figure;
* ``pgbench -n -f script -c N -j 2 -T 10`` inserting one row on a unique key into a scratch
  table of the same database, for the ratio.

Figures depend on the machine and on what else runs on it; they are printed, never asserted.
``--full`` (or ``ENTEKHAB_BENCH_FULL=1``) runs 100,000 check-ins instead of 30,000.
Database: ``ENTEKHAB_BENCH_DATABASE_URL`` or ``ENTEKHAB_TEST_DATABASE_URL`` (any database on
the server; the benchmark creates its own beside it).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import uvloop
from nacl.signing import SigningKey
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import URL, make_url

from entekhab.cli._server_process import server_process
from entekhab.crypto.hashing import digest_of
from entekhab.crypto.signing import KeyPair, keypair_from_seed, request_message
from entekhab.crypto.station_request import (
    H_IDEMPOTENCY,
    H_NONCE,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
)
from entekhab.domain.definition import ElectionDefinition, PollingHours
from entekhab.domain.national_code import generate
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.stations import StationInfo, enrol_station
from entekhab.sim.sample_common import sample_calendar
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.tables.election_day import Participation
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

ELECTION = "BENCH"
BRANCHES = 200
WORKERS = int(os.environ.get("ENTEKHAB_BENCH_WORKERS", 2))
CONCURRENCY = int(os.environ.get("ENTEKHAB_BENCH_CONCURRENCY", 32))
CLIENT_PROCESSES = int(os.environ.get("ENTEKHAB_BENCH_CLIENT_PROCESSES", 1))
PGBENCH_CLIENTS = 16
PGBENCH_SECONDS = 10
SEED = 1405
CLOCK_START = datetime(2026, 6, 18, 5, 0, tzinfo=UTC)
"""08:30 Tehran on polling day: the server's election clock runs from here (polling hours)."""
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _admin_url() -> URL:
    raw = os.environ.get("ENTEKHAB_BENCH_DATABASE_URL") or os.environ.get(
        "ENTEKHAB_TEST_DATABASE_URL", DEFAULT_URL
    )
    return make_url(raw).set(query={})


@contextmanager
def scratch_database() -> Iterator[URL]:
    """A fresh PostgreSQL database for this run, dropped afterwards."""
    admin_url = _admin_url()
    name = f"bench_checkin_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _div(code: str, kind: str, parent: str | None, pop: int) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "name_fa": code,
        "name_en": code,
        "parent": parent,
        "population": pop,
    }


def _candidate(n: int, contest: str) -> dict[str, Any]:
    return {
        "national_code": f"{3000000000 + n}",
        "ballot_code": f"{n}",
        "contest": contest,
        "given_name_fa": "نام",
        "family_name_fa": f"نامزد{n}",
        "birth_date": "1975-03-21",
        "education": "master",
    }


def polling_calendar() -> tuple[date, dict[str, Any]]:
    """Polling day is the election clock's day (``CLOCK_START``) in Tehran, open round the
    clock, so that the polling window lets the benchmark in however long it runs."""
    today = CLOCK_START.astimezone(ZoneInfo("Asia/Tehran")).date()
    calendar = sample_calendar(today).model_copy(
        update={"polling": PollingHours(opens=dt_time(0, 0), closes=dt_time(23, 59))}
    )
    return today, calendar.model_dump(mode="json")


def definition_document(branches: int = BRANCHES) -> dict[str, Any]:
    """One province, one city with a plurality council and an Experts by-election."""
    polling_day, calendar = polling_calendar()
    return {
        "id": ELECTION,
        "name_fa": "آزمون بار",
        "name_en": "Load test",
        "polling_day": polling_day.isoformat(),
        "calendar": calendar,
        "divisions": [
            _div("P", "province", None, 3_000_000),
            _div("C", "county", "P", 2_000_000),
            _div("D", "district", "C", 2_000_000),
            _div("T", "city", "D", 1_500_000),
        ],
        "contests": [
            {
                "code": "CITY",
                "name_fa": "شورای شهر",
                "name_en": "City council",
                "kind": "plurality",
                "constituency": ["T"],
                "seats": 5,
                "alternates": 2,
            },
            {
                "code": "EXP",
                "name_fa": "خبرگان",
                "name_en": "Experts",
                "kind": "plurality",
                "constituency": ["P"],
                "seats": 1,
                "alternates": 0,
                "max_selections": 1,
            },
        ],
        "candidates": [_candidate(n, "CITY") for n in range(100, 120)]
        + [_candidate(n, "EXP") for n in range(300, 304)],
        "ballot_styles": [{"code": "S1", "contests": ["CITY", "EXP"]}],
        "branches": [
            {
                "code": f"B{i:04d}",
                "site": "school",
                "division": "T",
                "expected_voters": 1000,
                "network": "fibre",
                "ballot_style": "S1",
            }
            for i in range(branches)
        ],
    }


def load_election(uow: UnitOfWorkFactory, branches: int = BRANCHES) -> str:
    definition = ElectionDefinition.model_validate(definition_document(branches))
    document = definition.model_dump(mode="json")
    digest = digest_of(document)
    with uow() as u:
        u.session.add(
            ElectionRow(
                id=ELECTION, definition_hash=digest, document=document, loaded_at=datetime.now(UTC)
            )
        )
        u.commit()
    return digest


def copy_into(uow: UnitOfWorkFactory, statement: str, text_rows: str) -> None:
    """``COPY ... FROM STDIN`` of ``text_rows`` (PostgreSQL's text format), committed."""
    raw = uow.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(statement) as copy:  # type: ignore[attr-defined]
            copy.write(text_rows)
        raw.commit()
    finally:
        raw.close()


def load_registry(uow: UnitOfWorkFactory, count: int, rng: random.Random) -> list[str]:
    """``count`` adult residents of the city, loaded with COPY; their national codes."""
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(generate(rng))
    ordered = sorted(codes)
    copy_into(
        uow,
        "COPY citizens (national_code, birth_date, gender, residence_division, residence_since)"
        " FROM STDIN",
        "".join(f"{code}\t1980-05-05\tf\tT\t2000-01-01\n" for code in ordered),
    )
    return ordered


def enrol_and_open(uow: UnitOfWorkFactory, digest: str, branches: int = BRANCHES) -> list[KeyPair]:
    """One station per branch, enrolled and opened (through the services, as HQ would)."""
    now = CLOCK_START
    keys: list[KeyPair] = []
    for i in range(branches):
        kp = keypair_from_seed(i.to_bytes(32, "big"))
        info: StationInfo = enrol_station(
            uow,
            election_id=ELECTION,
            branch=f"B{i:04d}",
            public_key_hex=kp.public_hex,
            enrolled_by="bench",
            now=now,
        )
        open_branch(uow, info, opened_by="bench", definition_hash=digest, now=now)
        keys.append(kp)
    return keys


PATH = "/api/v1/checkins"


def checkin_bodies(codes: list[str], stations: range = range(BRANCHES)) -> list[tuple[int, bytes]]:
    """Every check-in request body, with the station that sends it (voter ``i`` at the
    ``i``-th of ``stations``, round robin)."""
    return [
        (
            stations[i % len(stations)],
            json.dumps(
                {"national_code": code, "card_serial": f"S{i:09d}", "fingerprint": "match"}
            ).encode(),
        )
        for i, code in enumerate(codes)
    ]


class Signer:
    """Signs as the stations do (docs/station-api.md); the signing keys are built once."""

    def __init__(self, keys: list[KeyPair]) -> None:
        self.keys = keys
        self.signing = [SigningKey(bytes.fromhex(k.secret_hex)) for k in keys]

    def headers(self, station: int, body: bytes) -> dict[str, str]:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        nonce = secrets.token_hex(16)
        message = request_message("POST", PATH, body, stamp, nonce)
        return {
            H_STATION: self.keys[station].key_id,
            H_TIMESTAMP: stamp,
            H_NONCE: nonce,
            H_SIGNATURE: self.signing[station].sign(message).signature.hex(),
            H_IDEMPOTENCY: secrets.token_hex(16),
            "content-type": "application/json",
        }

    def request(self, station: int, body: bytes) -> bytes:
        """The whole HTTP/1.1 request, freshly signed (timestamp, nonce, idempotency key)."""
        head = "".join(f"{k}: {v}\r\n" for k, v in self.headers(station, body).items())
        return (
            f"POST {PATH} HTTP/1.1\r\nhost: bench\r\ncontent-length: {len(body)}\r\n{head}\r\n"
        ).encode() + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    """Send one request on a keep-alive connection and read its whole response; the status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return int(head[9:12])


async def _drive(
    host: str,
    port: int,
    signer: Signer,
    requests: list[tuple[int, bytes]],
    concurrency: int,
    stop: Any = None,
) -> tuple[float, list[float], dict[int, int]]:
    """``concurrency`` clients, each with one keep-alive connection of its own (as stations
    have), sending ``requests`` as fast as the server answers (until ``stop``, an Event, is
    set). A lean client (asyncio streams on uvloop, HTTP/1.1 written by hand), so that its own
    CPU stays a small share."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue = iter(requests)

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for station, body in queue:
                if stop is not None and stop.is_set():
                    break
                request = signer.request(station, body)
                start = time.perf_counter()
                status = await _exchange(reader, writer, request)
                latencies.append(time.perf_counter() - start)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - began, latencies, statuses


def _client_process(
    args: tuple[str, int, list[KeyPair], list[tuple[int, bytes]], int, Any],
) -> tuple[float, list[float], dict[int, int], float]:
    """One load-generating process: its elapsed time, latencies, statuses and CPU seconds."""
    host, port, keys, requests, concurrency, stop = args
    signer = Signer(keys)
    cpu = time.process_time()
    elapsed, latencies, statuses = uvloop.run(
        _drive(host, port, signer, requests, concurrency, stop)
    )
    return elapsed, latencies, statuses, time.process_time() - cpu


def _report_to(out: Any, args: Any) -> None:
    out.put(_client_process(args))


def drive(
    base: str,
    keys: list[KeyPair],
    requests: list[tuple[int, bytes]],
    concurrency: int,
    stop: Any = None,
) -> tuple[float, list[float], dict[int, int], float]:
    """Every request (until ``stop``, a multiprocessing Event, is set) through
    ``CLIENT_PROCESSES`` load processes sharing ``concurrency`` connections; (wall time,
    latencies, statuses, the load processes' CPU seconds)."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    n = CLIENT_PROCESSES
    shares = [requests[i::n] for i in range(n)]
    per = [concurrency // n + (1 if i < concurrency % n else 0) for i in range(n)]
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    processes = [
        ctx.Process(
            target=_report_to,
            args=(out, (host, int(port), keys, shares[i], per[i], stop)),
        )
        for i in range(n)
    ]
    began = time.perf_counter()
    for process in processes:  # forked: they inherit ``stop``
        process.start()
    parts = [out.get() for _ in processes]
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    latencies = [x for part in parts for x in part[1]]
    statuses: dict[int, int] = {}
    for part in parts:
        for status, count in part[2].items():
            statuses[status] = statuses.get(status, 0) + count
    return elapsed, latencies, statuses, sum(part[3] for part in parts)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


PGBENCH_SCRIPT = """\\set n random(1, 999999999999)
INSERT INTO pgbench_participations (election_id, national_code, branch, hour)
VALUES ('BENCH', :n, 'B0001', '2026-06-18T07') ON CONFLICT DO NOTHING;
"""


def run_pgbench(url: URL) -> float:
    """Transactions per second of pgbench's one-row unique-key INSERT on this database."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(
            text(
                "CREATE TABLE pgbench_participations (election_id varchar(64), national_code"
                " bigint, branch varchar(32), hour varchar(13),"
                " PRIMARY KEY (election_id, national_code))"
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "insert.sql"
        script.write_text(PGBENCH_SCRIPT)
        command = [
            "pgbench",
            "-n",
            "-f",
            str(script),
            "-c",
            str(PGBENCH_CLIENTS),
            "-j",
            "2",
            "-T",
            str(PGBENCH_SECONDS),
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            url.database or "postgres",
        ]
        env = {**os.environ}
        if url.password:
            env["PGPASSWORD"] = url.password
        out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    with engine.connect() as conn:
        conn.execute(text("DROP TABLE pgbench_participations"))
    engine.dispose()
    for line in out.splitlines():
        if line.startswith("tps = "):
            return float(line.split()[2])
    raise RuntimeError(f"no tps in pgbench output:\n{out}")


_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds used so far), from /proc (Linux)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS)
    return found


def cpu_by_group(server_port: int, database: str) -> dict[str, dict[int, float]]:
    """CPU seconds used so far by each process of the server (listening on ``server_port``)
    and by the PostgreSQL backends serving ``database`` (other databases' backends, and the
    other engineers' on a shared machine, are not counted), by pid."""
    procs = _processes()
    server: set[int] = set()
    postgres: set[int] = set()
    for pid in procs:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"entekhab.cli._worker" in cmdline and str(server_port).encode() in cmdline:
            server.add(pid)
        elif cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
            postgres.add(pid)
    server |= {pid for pid, (ppid, _) in procs.items() if ppid in server}
    return {
        "server (uvicorn)": {p: procs[p][1] for p in server},
        "PostgreSQL (this database's backends)": {p: procs[p][1] for p in postgres},
    }


def cpu_used(
    before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]
) -> dict[str, float]:
    """CPU seconds each group used between the two readings, process by process (a process
    started meanwhile counts from zero)."""
    return {
        group: sum(cpu - before[group].get(pid, 0.0) for pid, cpu in pids.items())
        for group, pids in after.items()
    }


def _busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy so far (every process, ours or not)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / _TICKS


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    full = "--full" in argv or os.environ.get("ENTEKHAB_BENCH_FULL") == "1"
    checkins = int(os.environ.get("ENTEKHAB_BENCH_CHECKINS", 100_000 if full else 20_000))
    warmup = 2_000
    rng = random.Random(SEED)
    with scratch_database() as url:
        db_url = url.render_as_string(hide_password=False)
        engine = make_engine(db_url)
        upgrade(engine)
        uow = UnitOfWorkFactory(engine)
        started = time.perf_counter()
        digest = load_election(uow)
        codes = load_registry(uow, checkins + warmup, rng)
        keys = enrol_and_open(uow, digest)
        print(
            f"setup: {BRANCHES} branches, {len(codes):,} citizens, {len(keys)} stations enrolled"
            f" and opened in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        with server_process(db_url, workers=WORKERS, clock_start=CLOCK_START) as base:
            drive(base, keys, checkin_bodies(codes[:warmup]), CONCURRENCY)
            requests = checkin_bodies(codes[warmup:])
            port = int(base.rsplit(":", 1)[1])
            cpu_before, load_before = cpu_by_group(port, url.database or ""), os.getloadavg()[0]
            busy_before = _busy_cpu_seconds()
            elapsed, latencies, statuses, client_cpu = drive(base, keys, requests, CONCURRENCY)
            cpu_after, load_after = cpu_by_group(port, url.database or ""), os.getloadavg()[0]
            busy = _busy_cpu_seconds() - busy_before
        with uow() as u:
            recorded = u.session.scalar(select(func.count()).select_from(Participation))
        engine.dispose()
        rate = len(requests) / elapsed
        print(
            f"check-ins: {len(requests):,} in {elapsed:.2f} s by {CONCURRENCY} concurrent"
            f" clients ({CLIENT_PROCESSES} load process), {WORKERS} server processes"
            f" (uvicorn, uvloop, httptools, SO_REUSEPORT); load average {load_before:.1f}"
        )
        print(f"  statuses {dict(sorted(statuses.items()))}; participations recorded {recorded:,}")
        print(f"{'check-in throughput (goal >= 1,000/s)':<44} {rate:10,.0f} /s")
        print(f"{'p50 latency':<44} {percentile(latencies, 0.50) * 1e3:10.1f} ms")
        print(f"{'p99 latency (goal < 100 ms)':<44} {percentile(latencies, 0.99) * 1e3:10.1f} ms")
        print(
            f"where the {os.cpu_count()} cores went during the check-ins"
            f" (load average {load_before:.1f} -> {load_after:.1f}):"
        )
        groups = cpu_used(cpu_before, cpu_after)
        groups["load generator"] = client_cpu
        groups["everything else on the machine"] = max(0.0, busy - sum(groups.values()))
        for group, used in groups.items():
            print(
                f"  {group:<38} {used / elapsed:5.2f} cores"
                f"  {used / len(requests) * 1e3:7.2f} ms CPU per check-in"
            )
        per_checkin = sum(groups[g] for g in groups if g != "everything else on the machine")
        cores = os.cpu_count() or 1
        ceiling = cores / per_checkin * len(requests)
        print(
            f"{'ceiling on idle cores (estimate)':<44} {ceiling:10,.0f} /s"
            f"  ({cores} cores / {per_checkin / len(requests) * 1e3:.2f} ms CPU per check-in:"
            " server, database and load generator)"
        )
        load_pgbench = os.getloadavg()[0]
        tps = run_pgbench(url)
        print(
            f"{'pgbench one-row unique INSERT':<44} {tps:10,.0f} tps"
            f"  (-c {PGBENCH_CLIENTS} -j 2 -T {PGBENCH_SECONDS}; load average {load_pgbench:.1f})"
        )
        print(f"{'check-ins / pgbench (goal >= 50%)':<44} {rate / tps:10.1%}")


if __name__ == "__main__":
    main()
