"""``entekhab demo``: a whole election on this machine, from definition to certified seats.

It starts the headquarters server (uvicorn, its own process) on SQLite under ``./var/demo``
(or on ``ENTEKHAB_DATABASE_URL``'s PostgreSQL, in a schema of its own), loads a sample election
and a synthetic registry, enrols one station per branch, runs election day with the stations in
parallel (``sim.election_day``), closes every branch (signed bulletins, aggregated on receipt),
takes each contest through the executive board's approval (seat allocation), the supervisory
board's confirmation and publication, and prints the results.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from entekhab.cli._common import console
from entekhab.cli._server_process import server_process
from entekhab.cli.demo_accounts import DEMO_PASSWORD, make_demo_accounts
from entekhab.cli.demo_report import print_results, print_turnout
from entekhab.cli.demo_stations import SimulatedBranch, branch_keys
from entekhab.domain.calendar import phase_window
from entekhab.domain.definition import ElectionDefinition, Phase
from entekhab.service.audit.chain import verify_chain
from entekhab.service.audit.sealer import seal_pending
from entekhab.service.bootstrap import UnitOfWorkFactory, is_sqlite, make_engine, upgrade
from entekhab.service.counting import certification
from entekhab.service.counting.bulletins import enroll_head_key
from entekhab.service.definitions.loading import load_definition
from entekhab.service.definitions.signing import sign_definition_package
from entekhab.service.election_day.stations import enrol_station
from entekhab.service.registry.importing import CitizenRecord, import_registry
from entekhab.service.security.server_key import ensure_server_key, sign_checkpoints_with
from entekhab.settings import get_settings
from entekhab.sim.election_day import DayTally, plan_day, run_day
from entekhab.sim.registry import generate_registry
from entekhab.sim.sample_election import make_election

__all__ = ["DEFAULT_TURNOUT", "register", "run_demo"]

DEFAULT_TURNOUT = 0.66
"""Of the eligible who are sent to a branch: with refusals, about 65% of the eligible and over
60% of the whole 50,000-person registry (minors included) vote."""
"""Of the eligible, the share who come to vote (refusals, second visits and a few who give up
after failed fingerprints leave the turnout itself a little lower)."""

CEREMONY_NONCE = "a7c3e91f5b2d4068a1c9e7f3b5d20486"
"""The nonce 'drawn at the public ceremony' (a fixed value, so a demo run can be repeated)."""


@contextmanager
def _database(var: Path, url: str | None) -> Iterator[str]:
    """A fresh database: SQLite under ``var``, or a schema of its own on PostgreSQL."""
    if url is None or is_sqlite(url):
        path = var / "entekhab.db"
        yield url or f"sqlite:///{path}"
        return
    schema = f"demo_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    console.print(f"PostgreSQL schema [bold]{schema}[/] (kept after the run)")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        admin.dispose()


def _enrol(uow: UnitOfWorkFactory, definition: ElectionDefinition, seed: int) -> None:
    now = datetime.now(UTC)
    for branch in definition.branches:
        keys = branch_keys(seed, branch.code)
        enrol_station(
            uow,
            election_id=definition.id,
            branch=branch.code,
            public_key_hex=keys.station.public_hex,
            enrolled_by="hq-demo",
            now=now,
        )
        enroll_head_key(
            uow,
            election_id=definition.id,
            branch=branch.code,
            public_hex=keys.head.public_hex,
            enrolled_by="hq-demo",
            now=now,
        )


def _step(label: str, started: float) -> None:
    console.print(f"[green]✓[/] {label} [dim]({time.perf_counter() - started:.1f} s)[/]")


def _election_day(
    definition: ElectionDefinition,
    server: str,
    var: Path,
    *,
    voters: list[CitizenRecord],
    turnout: float,
    false_reject_rate: float,
    parallel: int,
    seed: int,
    journal_sync: str,
    hq_public_key: str,
) -> DayTally:
    plan = plan_day(definition, voters, turnout=turnout, seed=seed)
    journals = var / "stations"
    journals.mkdir(parents=True, exist_ok=True)

    def open_station(branch: str) -> SimulatedBranch:
        return SimulatedBranch(
            definition=definition,
            branch=branch,
            keys=branch_keys(seed, branch),
            server=server,
            hq_public_key=hq_public_key,
            journal_dir=journals,
            false_reject_rate=false_reject_rate,
            seed=seed,
            journal_sync=journal_sync,
        )

    tally = DayTally(plan.total, plan.eligible)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, refresh_per_second=4) as progress:
        people = progress.add_task("voters served", total=plan.total)
        branches = progress.add_task("branches closed", total=len(plan.visits))
        with ThreadPoolExecutor(max_workers=1) as runner:
            day = runner.submit(
                run_day, definition, plan, open_station, seed=seed, parallel=parallel, tally=tally
            )
            try:
                _follow(progress, people, branches, tally, plan.eligible, day)
            except KeyboardInterrupt:
                console.print("[yellow]stopping: every branch closes after its current voter[/]")
                tally.stop.set()
            day.result()
        progress.update(people, completed=tally.served)
        progress.update(branches, completed=tally.branches_closed)
    return tally


def _follow(
    progress: Progress,
    people: TaskID,
    branches: TaskID,
    tally: DayTally,
    eligible: int,
    day: Future[DayTally],
) -> None:
    """Refresh the bars until the day is over: voters served with the simulated clock and
    live turnout, and branches closed."""
    while not day.done():
        snap = tally.snapshot()
        clock = snap["clock_minute"]
        progress.update(
            people,
            completed=snap["served"],
            description=(
                f"voters served · {clock // 60:02d}:{clock % 60:02d} Tehran · "
                f"turnout {snap['voted'] / max(1, eligible):.1%}"
            ),
        )
        progress.update(branches, completed=snap["branches_closed"])
        time.sleep(0.25)


def _certify(uow: UnitOfWorkFactory, definition: ElectionDefinition) -> list[str]:
    """Approve (executive board), confirm (supervisory board) and publish (HQ) every contest
    that has reported bulletins; the contests certified."""
    done = []
    for contest in definition.contests:
        try:
            certification.approve(
                uow,
                definition.id,
                contest.code,
                actor="demo-executive-board",
                role="executive_board",
                reason="counted bulletins checked; seats allocated",
                ceremony_nonce=CEREMONY_NONCE,
            )
        except Exception as error:  # a contest no branch reported (reduced sample)
            if getattr(error, "code", "") == "CERTIFICATION_NOTHING_REPORTED":
                continue
            raise
        certification.confirm(
            uow,
            definition.id,
            contest.code,
            actor="demo-supervisory-board",
            role="supervisor",
            reason="no objection upheld",
        )
        certification.publish(
            uow,
            definition.id,
            contest.code,
            actor="demo-hq",
            role="hq_admin",
            reason="official result published",
        )
        done.append(contest.code)
    return done


def run_demo(
    *,
    var: Path,
    database_url: str | None,
    sample: str,
    voters: int,
    branches: int,
    turnout: float,
    false_reject_rate: float,
    parallel: int,
    workers: int,
    seed: int,
    journal_sync: str = "NORMAL",
    serve: bool = False,
) -> DayTally:
    """The whole demo (see the module docstring); the election day's tally."""
    began = time.perf_counter()
    if var.exists():
        shutil.rmtree(var)
    var.mkdir(parents=True)
    key_file = var / "server.key"  # event-log checkpoints are always signed
    server_key = ensure_server_key(key_file)
    sign_checkpoints_with(str(key_file), get_settings().log_checkpoint_every)
    with _database(var, database_url) as url:
        started = time.perf_counter()
        engine = make_engine(url)
        upgrade(engine)
        uow = UnitOfWorkFactory(engine)
        definition = make_election(sample, seed, branches)
        load_definition(uow, definition, actor="hq-demo")
        hq_key = server_key  # headquarters signs the package with the server key
        sign_definition_package(uow, definition.id, hq_key, actor="hq-demo", now=datetime.now(UTC))
        _step(
            f"election [bold]{definition.name_en}[/]: {len(definition.contests)} contests, "
            f"{len(definition.candidates):,} candidates, {len(definition.branches)} branches",
            started,
        )
        started = time.perf_counter()
        citizens = list(generate_registry(definition, voters, seed))
        import_registry(engine, citizens)
        _step(f"civil registry: {len(citizens):,} people", started)
        started = time.perf_counter()
        _enrol(uow, definition, seed)
        _step(f"{len(definition.branches)} stations and branch heads enrolled", started)
        # The day runs on an election clock set to polling day's opening (never the check off).
        opening = phase_window(definition, Phase.POLLING).opens
        with server_process(
            url, workers=workers, server_key_file=str(key_file), clock_start=opening
        ) as server:
            console.print(f"headquarters server on {server} — database {make_url(url)!r}")
            started = time.perf_counter()
            tally = _election_day(
                definition,
                server,
                var,
                voters=citizens,
                turnout=turnout,
                false_reject_rate=false_reject_rate,
                parallel=parallel,
                seed=seed,
                journal_sync=journal_sync,
                hq_public_key=hq_key.public_hex,
            )
            _step("election day: every branch closed, signed bulletins aggregated", started)
        started = time.perf_counter()
        certified = _certify(uow, definition)
        _step(f"{len(certified)} contests approved, confirmed and published", started)
        started = time.perf_counter()
        seal_pending(engine, wait=True)  # (the server sealed its own on shutdown)
        chain = verify_chain(engine, trusted_key=server_key.public_hex)
        _step(
            f"event log verified: {chain.entries:,} entries, {chain.checkpoints} checkpoints"
            f" signed by server key {server_key.key_id}"
            + ("" if chain.ok else f" — [red]{len(chain.problems)} problem(s)[/]"),
            started,
        )
        print_turnout(console, definition, tally)
        print_results(console, uow, definition, certified)
        console.print(f"[bold]demo done in {time.perf_counter() - began:.0f} s[/]")
        if serve:
            _serve_until_interrupted(uow, url, str(key_file), definition, var)
        else:
            console.print(
                "to open the pages, run [bold]make demo SERVE=1[/] (entekhab demo --serve): "
                f"the public results portal at /results/{definition.id} and the headquarters "
                f"dashboard at /dashboard/{definition.id}"
            )
        engine.dispose()
    return tally


def _serve_until_interrupted(
    uow: UnitOfWorkFactory, url: str, key_file: str, definition: ElectionDefinition, var: Path
) -> None:
    """Keep the server up for a browser: print the portal's and the officials' URLs and the
    demo's accounts to sign in with (cli/demo_accounts.py), until Ctrl-C."""
    election_id = definition.id
    accounts, secrets = make_demo_accounts(uow, definition, var)
    with server_process(url, workers=1, server_key_file=key_file) as server:
        console.print(f"[bold]public results portal:[/] {server}/results/{election_id}")
        console.print(f"[bold]verify the bulletins:[/] {server}/verify/{election_id}")
        console.print(
            f"[bold]headquarters dashboard (polling day):[/] {server}/dashboard/{election_id}"
        )
        console.print(
            f"[bold]officials (dashboard, certification):[/] {server}/sign-in — password "
            f"{DEMO_PASSWORD} for: "
            + ", ".join(
                f"{a.username} ({a.role.value}{', then a TOTP code' if a.totp_secret else ''})"
                for a in accounts
            )
        )
        console.print(f"[bold]demo accounts' TOTP secrets (this machine's demo only):[/] {secrets}")
        console.print(f"[bold]API documentation:[/] {server}/docs")
        console.print("serving until Ctrl-C")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            console.print("stopped")


def demo(
    voters: int = typer.Option(50_000, min=100, help="People in the synthetic civil registry."),
    branches: int = typer.Option(60, min=2, help="About this many branches (sample rescaled)."),
    sample: str = typer.Option("tehran", help="Sample election: tehran, sari or tiny."),
    turnout: float = typer.Option(
        DEFAULT_TURNOUT, min=0.01, max=1.0, help="Share of eligible who vote."
    ),
    false_reject_rate: float = typer.Option(
        0.05, min=0.0, max=0.9, help="Simulated fingerprint false-reject rate per try."
    ),
    parallel: int = typer.Option(32, min=1, help="Branch stations working at once."),
    workers: int = typer.Option(2, min=1, help="uvicorn worker processes."),
    seed: int = typer.Option(1405, help="Seed of everything simulated."),
    journal_sync: str = typer.Option(
        "NORMAL",
        help="Station journals' SQLite synchronous: NORMAL (survives a killed process; all the "
        "demo's stations share one disk) or FULL (fsync every commit, as in a real branch).",
    ),
    var: Path = typer.Option(Path("var/demo"), help="Where the demo keeps its files."),
    database_url: str = typer.Option(
        None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL (default: SQLite in VAR)."
    ),
    serve: bool = typer.Option(
        False,
        "--serve",
        help="After the day, keep the server running for a browser (portal and officials' "
        "URLs printed) until Ctrl-C.",
    ),
) -> None:
    """Run a whole election on this machine: server, registry, stations, closing, seats."""
    tally = run_demo(
        var=var,
        database_url=database_url,
        sample=sample,
        voters=voters,
        branches=branches,
        turnout=turnout,
        false_reject_rate=false_reject_rate,
        parallel=parallel,
        workers=workers,
        seed=seed,
        journal_sync=journal_sync.upper(),
        serve=serve,
    )
    if tally.errors:
        for line in tally.errors[:20]:
            console.print(f"[red]{line}[/]")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's top-level commands to ``app``."""
    app.command("demo")(demo)
