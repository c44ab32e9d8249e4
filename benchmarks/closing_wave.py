"""Check-ins during a wave of branch closings: their p99 while 200 branches upload their ballots.

Closing is the one moment a branch's ballots reach headquarters (docs/ballot-secrecy.md): each
station sends every ballot record, with its signed bulletins, in one request, and the server
writes them in the branch's own transaction (service/election_day/closing.py). Issue 11 asks
that closing take no global lock: branches still polling (hours extended, a queue at closing
time) must go on checking voters in while the others close.

What runs (all real, on this machine):

* a PostgreSQL database of its own, the load-test election of ``checkin_load`` with
  ``CLOSINGS`` branches that close and ``OPEN_BRANCHES`` that keep polling, one station each;
* at each closing branch, a number of voters drawn between ``BALLOTS`` (their participations
  loaded with COPY), each of whom cast a ballot; the station's closing upload — every record
  and one bulletin per contest, signed by the station and the branch head — built beforehand;
* the server (``checkin_load``'s: uvicorn processes on SO_REUSEPORT sockets), and the lean
  check-in load generator (``CONCURRENCY`` clients at the polling branches);
* first ``BASELINE_SECONDS`` of check-ins alone (the peer figure), then the same check-ins while
  ``CLOSERS`` closings at a time are sent until all ``CLOSINGS`` branches have closed.

Printed: check-in throughput and p50/p99 before and during the wave; the wave's duration and
each closing's latency; ballots stored. Figures depend on the machine and its load; they are
printed, never asserted.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import secrets
import threading
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from nacl.signing import SigningKey
from sqlalchemy import func, select

from benchmarks.checkin_load import (
    CLOCK_START,
    CONCURRENCY,
    ELECTION,
    WORKERS,
    checkin_bodies,
    copy_into,
    cpu_by_group,
    cpu_used,
    definition_document,
    drive,
    enrol_and_open,
    load_election,
    load_registry,
    percentile,
    scratch_database,
)
from entekhab.cli._server_process import server_process
from entekhab.crypto.ballot_tree import ballot_records_root
from entekhab.crypto.signing import KeyPair, keypair_from_seed, request_message
from entekhab.crypto.station_request import (
    H_IDEMPOTENCY,
    H_NONCE,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
)
from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.branch_count import contest_bulletin
from entekhab.domain.definition import ElectionDefinition
from entekhab.service.counting.bulletins import enroll_head_key
from entekhab.station.closing import sign_bulletin
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.tables.election_day import BallotRecordRow, BranchSession
from entekhab.store.uow import UnitOfWorkFactory

CLOSINGS = int(os.environ.get("ENTEKHAB_BENCH_CLOSINGS", 200))
OPEN_BRANCHES = 40
BALLOTS = (300, 3_000)
CLOSERS = int(os.environ.get("ENTEKHAB_BENCH_CLOSERS", 4))
"""Closings in flight at once (the wave: every branch closes within minutes of the hour)."""
BASELINE_SECONDS = 10
CHECKINS = 120_000
"""Voters on the registry for the polling branches (more than the run can check in)."""
SEED = 1406
HOUR = CLOCK_START.strftime("%Y-%m-%dT%H")
CLOSED_AT = CLOCK_START.replace(hour=15).isoformat()


def _head(i: int) -> KeyPair:
    return keypair_from_seed(f"head-{i}".encode().ljust(32, b"\0"))


def enrol_heads(uow: UnitOfWorkFactory, branches: int) -> list[KeyPair]:
    heads = [_head(i) for i in range(branches)]
    for i, head in enumerate(heads):
        enroll_head_key(
            uow,
            election_id=ELECTION,
            branch=f"B{i:04d}",
            public_hex=head.public_hex,
            enrolled_by="bench",
            now=CLOCK_START,
        )
    return heads


def load_participations(uow: UnitOfWorkFactory, sizes: list[int]) -> None:
    """``sizes[i]`` voters checked in at branch ``i`` (COPY: the day before the wave)."""
    lines = []
    n = 0
    for i, size in enumerate(sizes):
        for _ in range(size):
            lines.append(f"{ELECTION}\tX{n:09d}\tB{i:04d}\t{HOUR}\tf\n")
            n += 1
    copy_into(
        uow,
        "COPY participations (election_id, national_code, branch, hour, provisional) FROM STDIN",
        "".join(lines),
    )


def _selections(rng: random.Random, definition: ElectionDefinition) -> tuple[ContestSelection, ...]:
    """A voter's marks: a few council candidates (up to the seats), perhaps an Expert."""
    city = sorted(definition.candidates_by_contest["CITY"])
    experts = sorted(definition.candidates_by_contest["EXP"])
    return (
        ContestSelection(contest="CITY", candidates=tuple(rng.sample(city, rng.randint(0, 5)))),
        ContestSelection(contest="EXP", candidates=tuple(rng.sample(experts, rng.randint(0, 1)))),
    )


def closing_body(
    definition: ElectionDefinition,
    digest: str,
    branch: int,
    size: int,
    station: KeyPair,
    head: KeyPair,
    rng: random.Random,
) -> bytes:
    """The station's closing upload of ``size`` ballots (docs/station-api.md), as JSON."""
    code = f"B{branch:04d}"
    records = sorted(
        (
            BallotRecord(
                ballot_id=secrets.token_hex(16),
                election_id=ELECTION,
                branch=code,
                ballot_style="S1",
                hour=HOUR,
                selections=_selections(rng, definition),
            )
            for _ in range(size)
        ),
        key=lambda r: r.ballot_id,
    )
    count, root = ballot_records_root(records)
    bulletins = [
        sign_bulletin(
            contest_bulletin(
                definition,
                digest,
                branch=code,
                contest=contest,
                records=records,
                voters_checked_in=count,
                merkle_root=root,
                closed_at=CLOSED_AT,
            ),
            station,
            head,
        )
        for contest in ("CITY", "EXP")
    ]
    body = {
        "closed_by": "head",
        "records": [r.as_json() for r in records],
        "held": [],
        "bulletins": [b.model_dump(mode="json") for b in bulletins],
    }
    return json.dumps(body).encode()


def _closing_body_of(job: tuple[ElectionDefinition, str, int, int, KeyPair, KeyPair]) -> bytes:
    definition, digest, branch, size, station, head = job
    return closing_body(
        definition, digest, branch, size, station, head, random.Random(SEED * 1_000 + branch)
    )


def _signed_post(client: httpx.Client, station: KeyPair, path: str, body: bytes) -> int:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    nonce = secrets.token_hex(16)
    signature = SigningKey(bytes.fromhex(station.secret_hex)).sign(
        request_message("POST", path, body, stamp, nonce)
    )
    headers = {
        H_STATION: station.key_id,
        H_TIMESTAMP: stamp,
        H_NONCE: nonce,
        H_SIGNATURE: signature.signature.hex(),
        H_IDEMPOTENCY: secrets.token_hex(16),
        "content-type": "application/json",
    }
    return client.post(path, content=body, headers=headers).status_code


def _close_all(
    base: str,
    uploads: list[tuple[int, KeyPair, bytes]],
    closers: int,
    stop: Any,
    results: Any,
) -> None:
    """Process body: send every closing, ``closers`` at a time; then set ``stop``."""
    time.sleep(1.0)  # check-ins are flowing
    queue = iter(uploads)
    lock = threading.Lock()
    done: list[tuple[float, int]] = []

    def closer() -> None:
        with httpx.Client(base_url=base, timeout=600) as client:
            while True:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                branch, station, body = item
                started = time.perf_counter()
                status = _signed_post(
                    client, station, f"/api/v1/branches/B{branch:04d}/close", body
                )
                with lock:
                    done.append((time.perf_counter() - started, status))

    began = time.perf_counter()
    threads = [threading.Thread(target=closer) for _ in range(closers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put((time.perf_counter() - began, done))
    stop.set()


def _timer(seconds: float, stop: Any) -> None:
    time.sleep(seconds)
    stop.set()


def _report(label: str, elapsed: float, latencies: list[float], statuses: dict[int, int]) -> None:
    rate = len(latencies) / elapsed if elapsed else 0.0
    p50, p99 = (percentile(latencies, q) * 1e3 for q in (0.5, 0.99))
    print(
        f"  {label:<36} {rate:7,.0f} check-ins/s  p50 {p50:6.1f} ms  p99 {p99:7.1f} ms"
        f"  statuses {dict(sorted(statuses.items()))}"
    )


def main(argv: list[str] | None = None) -> None:
    rng = random.Random(SEED)
    total = CLOSINGS + OPEN_BRANCHES
    with scratch_database() as url:
        db_url = url.render_as_string(hide_password=False)
        database = url.database or ""
        engine = make_engine(db_url)
        upgrade(engine)
        uow = UnitOfWorkFactory(engine)
        started = time.perf_counter()
        digest = load_election(uow, total)
        definition = ElectionDefinition.model_validate(definition_document(total))
        keys = enrol_and_open(uow, digest, total)
        heads = enrol_heads(uow, CLOSINGS)
        sizes = [rng.randint(*BALLOTS) for _ in range(CLOSINGS)]
        load_participations(uow, sizes)
        codes = load_registry(uow, CHECKINS, rng)
        jobs = [(definition, digest, i, sizes[i], keys[i], heads[i]) for i in range(CLOSINGS)]
        with multiprocessing.get_context("fork").Pool() as pool:  # every core: 100+ MB of JSON
            bodies = pool.map(_closing_body_of, jobs, chunksize=4)
        uploads = [(i, keys[i], bodies[i]) for i in range(CLOSINGS)]
        megabytes = sum(len(u[2]) for u in uploads) / 1e6
        print(
            f"setup: {total} branches ({CLOSINGS} closing with {sum(sizes):,} ballots,"
            f" {min(sizes)}-{max(sizes)} each, {megabytes:.0f} MB of uploads;"
            f" {OPEN_BRANCHES} polling), {len(codes):,} voters to check in;"
            f" {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        stations = range(CLOSINGS, total)
        warmup, codes = codes[:1_000], codes[1_000:]
        baseline_codes, wave_codes = codes[: len(codes) // 4], codes[len(codes) // 4 :]
        ctx = multiprocessing.get_context("fork")
        with server_process(db_url, workers=WORKERS, clock_start=CLOCK_START) as base:
            port = int(base.rsplit(":", 1)[1])
            drive(base, keys, checkin_bodies(warmup, stations), CONCURRENCY)
            stop = ctx.Event()
            timer = threading.Thread(target=_timer, args=(BASELINE_SECONDS, stop))
            timer.start()
            load_before = os.getloadavg()[0]
            cpu_quiet = cpu_by_group(port, database)
            quiet = drive(base, keys, checkin_bodies(baseline_codes, stations), CONCURRENCY, stop)
            timer.join()
            per_checkin = sum(cpu_used(cpu_quiet, cpu_by_group(port, database)).values()) / max(
                1, len(quiet[1])
            )
            stop = ctx.Event()
            results = ctx.Queue()
            closers = ctx.Process(target=_close_all, args=(base, uploads, CLOSERS, stop, results))
            cpu_before, load_wave = cpu_by_group(port, database), os.getloadavg()[0]
            closers.start()
            wave = drive(base, keys, checkin_bodies(wave_codes, stations), CONCURRENCY, stop)
            wave_seconds, closings = results.get(timeout=3600)
            closers.join()
            cpu_after, load_after = cpu_by_group(port, database), os.getloadavg()[0]
        with uow() as u:
            stored = u.session.scalar(select(func.count()).select_from(BallotRecordRow))
            closed = u.session.scalar(
                select(func.count()).where(BranchSession.closed_at.is_not(None))
            )
        engine.dispose()
    closing_times = [t for t, _ in closings]
    closing_statuses: dict[int, int] = {}
    for _, status in closings:
        closing_statuses[status] = closing_statuses.get(status, 0) + 1
    print(
        f"check-ins at {OPEN_BRANCHES} polling branches, {CONCURRENCY} concurrent clients,"
        f" {WORKERS} server processes (load average {load_before:.1f} before,"
        f" {load_wave:.1f} -> {load_after:.1f} during the wave):"
    )
    _report("before the wave (peer)", quiet[0], quiet[1], quiet[2])
    _report("during the wave (goal p99 < 100 ms)", wave[0], wave[1], wave[2])
    print(
        f"wave: {len(closings)} closings ({CLOSERS} at a time) in {wave_seconds:.1f} s,"
        f" statuses {closing_statuses}; each p50 {percentile(closing_times, 0.5):.2f} s,"
        f" p99 {percentile(closing_times, 0.99):.2f} s, max {max(closing_times):.2f} s"
    )
    print(f"  ballots stored {stored:,} of {sum(sizes):,}; branches closed {closed} of {CLOSINGS}")
    used = cpu_used(cpu_before, cpu_after)
    used["load generator (check-ins)"] = wave[3]
    for group, seconds in used.items():
        print(f"  {group:<38} {seconds / wave[0]:5.2f} cores during the wave")
    servers = sum(v for g, v in used.items() if not g.startswith("load"))
    closing_cpu = servers - per_checkin * len(wave[1])
    print(
        f"  closings' own server + database CPU    {closing_cpu / sum(sizes) * 1e3:5.2f} ms/ballot"
        f" (the wave's, less its check-ins at {per_checkin * 1e3:.2f} ms each as measured before)"
    )


if __name__ == "__main__":
    main()
