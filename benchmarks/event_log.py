"""Event log: appends per second under concurrent requests on PostgreSQL, and the rate at which
``audit verify`` checks a long chain (goal: >= 200,000 entries/s on a 10-million-entry chain).

* Appends: ``THREADS`` threads, each with its own connection, each appending events one
  transaction at a time through ``service.audit.events.record_event``, as the server does: the
  entries are committed unsealed and a sealer (``service.audit.sealer``, 100 ms turns) chains
  them and signs checkpoints. Peer in the same run: the same threads inserting the same rows into
  a plain table with no chain — the ratio is what the chain costs. Also shown: appenders that
  chain their own entries under the head lock (the CLI's way, and every writer's before the
  sealer), which serializes the threads.
* Verification: a chain of ``ENTEKHAB_BENCH_EVENTS`` entries (default 1,000,000; ``--full``:
  10,000,000), computed here and loaded with COPY, with a checkpoint signed every 1,000 entries;
  then ``service.audit.chain.verify_chain`` over it, in one process and in one per core. Peers
  in the same run: streaming the same rows without checking anything, with a server-side cursor
  and with COPY (what verify reads on PostgreSQL) — the ratio to the COPY stream is what the
  checking costs.

PostgreSQL is read from ``ENTEKHAB_TEST_DATABASE_URL``; the benchmark works in a schema of its
own and drops it afterwards. Figures are printed, never asserted.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import psycopg
from sqlalchemy import Engine, text

from entekhab.crypto.chain import GENESIS_HASH, checkpoint_message, entry_hash_fast
from entekhab.crypto.signing import keypair_from_seed
from entekhab.domain.event_codes import EventSpec
from entekhab.service.audit.chain import iter_event_rows, verify_chain
from entekhab.service.audit.events import CheckpointPolicy, configure_checkpoints, record_event
from entekhab.service.audit.lines import iter_copy_blocks
from entekhab.service.audit.sealer import sealing
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory

PG_URL = os.environ.get(
    "ENTEKHAB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
THREADS = int(os.environ.get("ENTEKHAB_BENCH_APPEND_THREADS", "8"))
APPENDS_PER_THREAD = int(os.environ.get("ENTEKHAB_BENCH_APPENDS", "250"))
CHECKPOINT_EVERY = 1000
BENCH_EVENT = EventSpec("BENCH_EVENT", "رویداد محک", "Benchmark event")
SERVER_KEY = keypair_from_seed(b"b" * 32)


def _events_wanted() -> int:
    if "--full" in sys.argv[1:]:
        return 10_000_000
    return int(os.environ.get("ENTEKHAB_BENCH_EVENTS", "1000000"))


def _schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def _run_threads(work: Callable[[int], None]) -> float:
    errors: list[BaseException] = []

    def guarded(k: int) -> None:
        try:
            work(k)
        except BaseException as exc:  # re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(k,)) for k in range(THREADS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def bench_appends(engine: Engine) -> None:
    factory = UnitOfWorkFactory(engine)

    def chained(k: int) -> None:
        for i in range(APPENDS_PER_THREAD):
            with factory() as uow:
                payload = {"branch": f"B{k}", "hour": "2026-06-18T09", "count": i}
                record_event(uow.session, BENCH_EVENT, actor=f"station:{k}", payload=payload)
                uow.commit()

    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE plain_log (id bigserial PRIMARY KEY, recorded_at text, actor text,"
                " code text, payload text, payload_digest text)"
            )
        )

    def plain(k: int) -> None:
        for i in range(APPENDS_PER_THREAD):
            with engine.begin() as conn:
                payload = f'{{"branch":"B{k}","count":{i},"hour":"2026-06-18T09"}}'
                conn.execute(
                    text(
                        "INSERT INTO plain_log (recorded_at, actor, code, payload, payload_digest)"
                        " VALUES (:at, :actor, 'BENCH_EVENT', :p, :d)"
                    ),
                    {
                        "at": "2026-06-18T09:00:00.000000Z",
                        "actor": f"station:{k}",
                        "p": payload,
                        "d": hashlib.sha256(payload.encode()).hexdigest(),
                    },
                )

    total = THREADS * APPENDS_PER_THREAD
    configure_checkpoints(CheckpointPolicy(every=CHECKPOINT_EVERY, signer=SERVER_KEY))
    try:
        t_plain = _run_threads(plain)
        with sealing(engine):
            t_sealed = _run_threads(chained)
        t_chain = _run_threads(chained)
    finally:
        configure_checkpoints(None)
    report = verify_chain(engine, trusted_key=SERVER_KEY.public_hex)
    assert report.ok and report.entries == 2 * total and not report.pending, report.problems[:3]
    sealed_rate, chain_rate, plain_rate = total / t_sealed, total / t_chain, total / t_plain
    print(f"appends: {THREADS} threads x {APPENDS_PER_THREAD} events, one transaction each")
    print(f"{'appends, sealed in batches (the server)':<44} {sealed_rate:12,.0f} entries/s")
    print(f"{'peer: plain inserts, no chain':<44} {plain_rate:12,.0f} rows/s")
    print(f"{'sealed / plain':<44} {sealed_rate / plain_rate:12.2f} x")
    print(f"{'appends chaining their own (head lock)':<44} {chain_rate:12,.0f} entries/s")
    print(f"{'head lock / plain':<44} {chain_rate / plain_rate:12.2f} x")
    print(f"{'signed checkpoints':<44} {report.checkpoints:12,}  (load average {_load()})")


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def _chain_lines(n: int) -> Iterator[tuple[bytes, int, str]]:
    """COPY text lines of a valid chain of ``n`` entries, with (seq, hash) of each."""
    prev = GENESIS_HASH
    sha = hashlib.sha256
    for seq in range(1, n + 1):
        at = f"2026-06-18T{6 + seq % 12:02d}:{seq % 60:02d}:{seq % 59:02d}.{seq % 999983:06d}Z"
        actor = f"station:{seq % 30000:05d}"
        payload = f'{{"branch":"B{seq % 30000}","count":{seq % 500},"hour":"2026-06-18T09"}}'
        digest = sha(payload.encode()).hexdigest()
        entry = entry_hash_fast(seq, at, actor, "BENCH_EVENT", digest, prev)
        line = f"{seq}\t{at}\t{actor}\tBENCH_EVENT\t{payload}\t{digest}\t{prev}\t{entry}\n"
        yield line.encode(), seq, entry
        prev = entry


def load_chain(schema: str, n: int) -> float:
    """Write a valid chain of ``n`` entries with COPY; gives the seconds it took."""
    start = time.perf_counter()
    con = psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"))
    con.execute(f'SET search_path TO "{schema}"')
    checkpoints: list[tuple[int, str]] = []
    last_seq, last_hash = 0, GENESIS_HASH
    columns = "seq, recorded_at, actor, code, payload, payload_digest, prev_hash, hash"
    with con.cursor() as cur, cur.copy(f"COPY event_log ({columns}) FROM STDIN") as copy:
        buffer: list[bytes] = []
        for line, seq, entry in _chain_lines(n):
            buffer.append(line)
            if seq % CHECKPOINT_EVERY == 0:
                checkpoints.append((seq, entry))
            if len(buffer) >= 10_000:
                copy.write(b"".join(buffer))
                buffer.clear()
            last_seq, last_hash = seq, entry
        copy.write(b"".join(buffer))
    with con.cursor() as cur:
        cur.executemany(
            "INSERT INTO event_log_checkpoints (seq, hash, key_id, public_key, signature,"
            " signed_at) VALUES (%s, %s, %s, %s, %s, '2026-06-18T20:00:00.000000Z')",
            [
                (
                    s,
                    h,
                    SERVER_KEY.key_id,
                    SERVER_KEY.public_hex,
                    SERVER_KEY.sign(checkpoint_message(s, h)),
                )
                for s, h in checkpoints
            ],
        )
        cur.execute("UPDATE event_log_head SET seq = %s, hash = %s", (last_seq, last_hash))
    con.commit()
    con.autocommit = True
    con.execute("VACUUM ANALYZE event_log")
    con.close()
    return time.perf_counter() - start


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its finished child processes (the verifier's)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_verify(engine: Engine, schema: str, n: int) -> None:
    loaded = load_chain(schema, n)
    print(f"verification: chain of {n:,} entries, checkpoint every {CHECKPOINT_EVERY:,}")
    print(f"{'generated and loaded with COPY in':<44} {loaded:12.1f} s")
    start = time.perf_counter()
    rows = sum(1 for _ in iter_event_rows(engine))
    t_read = time.perf_counter() - start
    start = time.perf_counter()
    lines = sum(block.count(b"\n") for block in iter_copy_blocks(engine))
    t_copy = time.perf_counter() - start
    start = time.perf_counter()
    single = verify_chain(engine, trusted_key=SERVER_KEY.public_hex, processes=1)
    t_single = time.perf_counter() - start
    start, cpu = time.perf_counter(), _cpu_with_children()
    report = verify_chain(engine, trusted_key=SERVER_KEY.public_hex)
    t_verify, cpu_verify = time.perf_counter() - start, _cpu_with_children() - cpu
    assert rows == lines == n and report.ok and report.entries == n, report.problems[:3]
    assert single.ok and single.entries == n, single.problems[:3]
    verify_rate, read_rate = n / t_verify, n / t_read
    print(
        f"{'audit verify, one process per core':<44} {verify_rate:12,.0f} entries/s"
        f"  (goal >= 200,000; {os.cpu_count()} processes)"
    )
    print(f"{'audit verify, one process':<44} {n / t_single:12,.0f} entries/s")
    print(f"{'peer: streaming the rows, no checks':<44} {read_rate:12,.0f} rows/s")
    print(f"{'peer: streaming them with COPY, no checks':<44} {n / t_copy:12,.0f} rows/s")
    print(f"{'verify / COPY stream':<44} {verify_rate * t_copy / n:12.2f} x")
    print(f"{'projected for 10,000,000 entries':<44} {10_000_000 / verify_rate:12.1f} s")
    print(
        f"{'verifier CPU (all its processes): entries/CPU-s':<44} {n / cpu_verify:12,.0f}"
        f"  (load average {_load()})"
    )


def main() -> None:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        PG_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    )
    admin.execute(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(_schema_url(schema), pool_size=THREADS + 2)
    try:
        upgrade(engine)
        bench_appends(engine)
        with engine.begin() as conn:  # start the long chain from an empty log
            conn.execute(text("DELETE FROM event_log"))
            conn.execute(text("DELETE FROM event_log_checkpoints"))
            conn.execute(text("UPDATE event_log_head SET seq = 0, hash = :g"), {"g": GENESIS_HASH})
        bench_verify(engine, schema, _events_wanted())
    finally:
        engine.dispose()
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.close()


if __name__ == "__main__":
    main()
