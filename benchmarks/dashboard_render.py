"""Server render time of the headquarters dashboard with the Tehran sample loaded (issue 12).

The Tehran sample election (2,515 branches, 240 divisions, 3.79 million expected voters) is
loaded into a fresh PostgreSQL schema and given a realistic polling day seen at 15:15 Tehran
(11:45 UTC): branches opened from 08:00, check-ins hour by hour (about 35% turnout so far, some
1.3 million participations, written with COPY as the check-in service writes them), ~2% of
branches not opened, ~3% closed with their bulletins in, ~2% silent since late morning, ~1%
with provisional records, an incident per ~200 voters (a fifth of them resolved), and held
provisional ballots (some decided by the board).

Then a real uvicorn server (the app ``entekhab serve`` runs) is asked for each dashboard page
through HTTP by a signed-in headquarters user (password + TOTP), ``REPEATS`` times, and the
p50/p95 of each is printed — once with the figures shared for 15 s (the default: a stale
snapshot is counted again in the background, so requests do not wait for it), once counted
afresh on every request (``ENTEKHAB_DAY_FIGURES_MAX_AGE=0``: what each page would cost without
sharing). The count itself (``take_snapshot``) is timed on its own. Peers,
in the same run: the public portal's start page, the JSON election-wide turnout (one GROUP BY
over every check-in) and the certification list ``/board``.

Figures depend on the machine and on what else runs (the load average is printed); nothing is
asserted.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pyotp
import uvicorn
from sqlalchemy import create_engine, text

from entekhab.api.app import create_app
from entekhab.domain.access import COUNTRY, Role
from entekhab.domain.definition import ElectionDefinition
from entekhab.service.definitions.loading import load_definition
from entekhab.service.election_day.clock import RunningClock
from entekhab.service.election_day.day_figures import take_snapshot
from entekhab.service.security.accounts import add_user
from entekhab.settings import Settings
from entekhab.sim.sample_election import DOCUMENTED_SEED, make_election
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory

PG_URL = os.environ.get(
    "ENTEKHAB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REPEATS = int(os.environ.get("ENTEKHAB_BENCH_REPEATS", "40"))
TURNOUT_SO_FAR = 0.35
NOW = datetime(2026, 6, 18, 11, 45, tzinfo=UTC)
"""15:15 Tehran: the dashboard's clock."""
OPENING = datetime(2026, 6, 18, 4, 30, tzinfo=UTC)
HOURS = list(range(4, 12))
"""UTC hours with check-ins so far (08:30–15:15 Tehran)."""
SHAPE = [0.06, 0.11, 0.14, 0.15, 0.14, 0.13, 0.14, 0.13]
"""Share of the day's check-ins so far in each of those hours (a mid-morning peak)."""
SEED = 1405
PASSWORD = "bench password 1405"


@contextmanager
def _schema() -> Iterator[str]:
    schema = f"bench_dash_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _copy(
    factory: UnitOfWorkFactory, table: str, columns: str, rows: list[tuple[Any, ...]]
) -> None:
    """Write ``rows`` with PostgreSQL COPY (the fastest way in, as a bulk load would)."""
    raw = factory.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def fill_day(factory: UnitOfWorkFactory, definition: ElectionDefinition) -> dict[str, int]:
    """Write the polling day of the module docstring; counts of what was written."""
    rng = random.Random(SEED)
    e = definition.id
    sessions: list[tuple[Any, ...]] = []
    participations: list[tuple[Any, ...]] = []
    bulletins: list[tuple[Any, ...]] = []
    incidents: list[tuple[Any, ...]] = []
    person = 0
    contests_of = {s.code: s.contests for s in definition.ballot_styles}
    for branch in definition.branches:
        fate = rng.random()
        if fate < 0.02:
            continue  # not opened
        opened = OPENING + timedelta(minutes=rng.randrange(0, 40))
        closed = fate > 0.97
        silent = 0.02 <= fate < 0.04
        offline = 0.04 <= fate < 0.05
        sessions.append(
            (
                e,
                branch.code,
                "0" * 64,
                "head",
                opened,
                "head" if closed else None,
                NOW - timedelta(minutes=rng.randrange(5, 90)) if closed else None,
            )
        )
        voters = int(branch.expected_voters * TURNOUT_SO_FAR * rng.uniform(0.7, 1.3))
        last = 8 if silent else 11
        for hour, share in zip(HOURS, SHAPE, strict=True):
            if hour > last:
                break
            for _ in range(int(voters * share)):
                person += 1
                provisional = offline and hour in (7, 8) and rng.random() < 0.5
                participations.append(
                    (
                        e,
                        f"{person:010d}",
                        branch.code,
                        f"2026-06-18T{hour:02d}",
                        provisional,
                        f"p{person}" if provisional else None,
                    )
                )
                if rng.random() < 0.005:
                    kind = "IDENTITY_OVERRIDE" if rng.random() < 0.8 else "ALREADY_VOTED"
                    incidents.append(
                        (
                            e,
                            branch.code,
                            kind,
                            f"2026-06-18T{hour:02d}",
                            '{"reason": "worn fingerprints"}',
                        )
                    )
        if closed:
            for contest in contests_of[branch.ballot_style]:
                bulletins.append((e, contest, branch.code, "0" * 64))
        if offline:
            incidents.append(
                (
                    e,
                    branch.code,
                    "PROVISIONAL_DUPLICATE",
                    "2026-06-18T09",
                    '{"second": {"ballot": "held"}}',
                )
            )
    _copy(
        factory,
        "branch_sessions",
        "election_id, branch, definition_hash, opened_by, opened_at, closed_by, closed_at",
        sessions,
    )
    _copy(
        factory,
        "participations",
        "election_id, national_code, branch, hour, provisional, provisional_ref",
        participations,
    )
    _copy(factory, "current_bulletins", "election_id, contest, branch, digest", bulletins)
    _copy(factory, "incidents", "election_id, branch, kind, hour, details", incidents)
    with factory() as uow:
        s = uow.session
        s.execute(
            text(
                "INSERT INTO incident_resolutions"
                " (incident_id, election_id, resolved_by, role, reason, resolved_at)"
                " SELECT id, election_id, 'user:bench', 'county_officer', 'dealt with', :now"
                " FROM incidents WHERE id % 5 = 0"
            ),
            {"now": NOW},
        )
        s.execute(
            text(
                "INSERT INTO ballot_records (ballot_id, election_id, branch, hour, ballot_style,"
                " record, digest, provisional, held, held_incident_id)"
                " SELECT md5(id::text), election_id, branch, hour, 'S', '{}', repeat('0', 64),"
                " true, true, id FROM incidents WHERE kind = 'PROVISIONAL_DUPLICATE'"
            )
        )
        s.execute(text("ANALYZE"))
        uow.commit()
    return {
        "branches opened": len(sessions),
        "participations": len(participations),
        "bulletins": len(bulletins),
        "incidents": len(incidents),
    }


def _serve(app: Any) -> tuple[str, uvicorn.Server, threading.Thread]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def _sign_in(http: httpx.Client, secret: str) -> None:
    """Sign in through the pages as the HQ user would: password, then the TOTP code."""
    page = http.get("/sign-in").text
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    step = http.post(
        "/sign-in", data={"username": "hq-bench", "password": PASSWORD, "csrf_token": csrf}
    ).text
    ticket = step.split('name="ticket" value="')[1].split('"')[0]
    done = http.post(
        "/sign-in/code",
        data={
            "username": "hq-bench",
            "ticket": ticket,
            "code": pyotp.TOTP(secret).now(),
            "csrf_token": csrf,
            "next": "/dashboard",
        },
    )
    assert "entekhab_session" in http.cookies, done.text[:300]


def _timed(
    http: httpx.Client, path: str, headers: dict[str, str], repeats: int
) -> tuple[float, float, int]:
    took: list[float] = []
    status = 0
    for _ in range(repeats):
        started = time.perf_counter()
        answer = http.get(path, headers=headers)
        took.append(time.perf_counter() - started)
        status = answer.status_code
    took.sort()
    return statistics.median(took), took[max(0, int(len(took) * 0.95) - 1)], status


def _pages(definition: ElectionDefinition) -> dict[str, tuple[str, dict[str, str]]]:
    e = definition.id
    county = next(d.code for d in definition.divisions if d.kind == "county")
    district = next(d.code for d in definition.divisions if d.kind == "district")
    branch = definition.branches[len(definition.branches) // 2].code
    live = {"HX-Request": "true"}
    return {
        "dashboard, whole election": (f"/dashboard/{e}", {}),
        "  htmx live part (every 15 s)": (f"/dashboard/{e}", live),
        f"dashboard, county {county}": (f"/dashboard/{e}/areas/{county}", {}),
        f"dashboard, district {district} (branch list)": (f"/dashboard/{e}/areas/{district}", {}),
        f"dashboard, branch {branch}": (f"/dashboard/{e}/branches/{branch}", {}),
        "incidents (newest 100, open)": (f"/dashboard/{e}/incidents?state=open", {}),
        "held provisional ballots": (f"/dashboard/{e}/held-ballots", {}),
    }


def _peers(definition: ElectionDefinition) -> dict[str, tuple[str, dict[str, str]]]:
    e = definition.id
    return {
        "peer: public portal start page /": ("/", {}),
        "peer: JSON election turnout (GROUP BY hour)": (f"/api/v1/elections/{e}/turnout", {}),
        "peer: /board (certification list)": ("/board", {}),
        "peer: /board/{e}/CC-TEHRAN": (f"/board/{e}/CC-TEHRAN", {}),
    }


def _measure(url: str, token: str, pages: dict[str, tuple[str, dict[str, str]]]) -> None:
    with httpx.Client(base_url=url, timeout=120, cookies={"entekhab_session": token}) as http:
        for name, (path, headers) in pages.items():
            if path.startswith("/api/"):
                headers = {**headers, "Authorization": f"Bearer {token}"}
            http.get(path, headers=headers)  # warm: templates compiled, snapshot taken
            p50, p95, status = _timed(http, path, headers, REPEATS)
            print(f"  {name:48s} p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   ({status})")


def main() -> None:
    definition = make_election("tehran", DOCUMENTED_SEED)
    with _schema() as url:
        engine = make_engine(url)
        upgrade(engine)
        factory = UnitOfWorkFactory(engine)
        load_definition(factory, definition, actor="bench")
        with factory() as uow:
            made = add_user(
                uow,
                username="hq-bench",
                full_name="HQ bench",
                role=Role.HQ_ADMIN,
                jurisdiction=COUNTRY,
                national_code="0000000019",
                password=PASSWORD,
                actor="bench",
            )
        assert made.totp_secret
        started = time.perf_counter()
        written = fill_day(factory, definition)
        print(
            f"Tehran sample, polling day at 15:15 Tehran: {len(definition.branches):,} branches, "
            + ", ".join(f"{v:,} {k}" for k, v in written.items())
            + f" (written in {time.perf_counter() - started:.1f} s)"
        )
        refresh = []
        for _ in range(5):
            refresh.append(take_snapshot(factory, definition.id, NOW).seconds)
        print(
            f"one count of the day's figures (take_snapshot, SQL GROUP BY + roll-up): "
            f"median {statistics.median(refresh) * 1000:.0f} ms, max {max(refresh) * 1000:.0f} ms"
        )
        token = ""
        shared = ("figures shared for 15 s (default)", 15.0)
        for label, max_age in (shared, ("counted on every request", 0.0)):
            settings = Settings(database_url=url, rate_per_address=0, day_figures_max_age=max_age)
            app = create_app(settings, uow_factory=factory, clock=RunningClock(NOW))
            base, server, thread = _serve(app)
            print(f"{label}: {REPEATS} requests each, through HTTP to uvicorn")
            try:
                if not token:
                    with httpx.Client(base_url=base, timeout=120) as http:
                        _sign_in(http, made.totp_secret)
                        token = http.cookies["entekhab_session"]
                _measure(base, token, _pages(definition))
                if max_age:
                    _measure(base, token, _peers(definition))
            finally:
                server.should_exit = True
                thread.join(timeout=10)
        engine.dispose()
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
