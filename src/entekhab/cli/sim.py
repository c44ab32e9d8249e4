"""``entekhab sim``: sample elections and a synthetic civil registry."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from entekhab.cli._common import DB_OPTION, confidential_keys, console, uow_factory
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import format_for_name, load_definition_text
from entekhab.service.bootstrap import upgrade
from entekhab.service.definitions.loading import load_definition
from entekhab.service.registry.importing import import_registry, read_registry_csv
from entekhab.service.registry.rows import Row
from entekhab.sim.candidate_history import make_history, run_history
from entekhab.sim.registry import generate_registry, write_registry_csv
from entekhab.sim.sample_election import DOCUMENTED_SEED, KINDS, make_election, write_definition

app = typer.Typer(
    help="Simulation: sample elections and a synthetic civil registry.", no_args_is_help=True
)


@app.command("make-election")
def make_election_command(
    kind: str = typer.Option("tiny", "--kind", help=f"Which sample: {', '.join(KINDS)}."),
    seed: int = typer.Option(DOCUMENTED_SEED, "--seed", help="Everything is drawn from it."),
    out: Path = typer.Option(..., "--out", help="Output file: .yaml, .yml or .json."),
    branches: int = typer.Option(
        0, "--branches", help="About this many fixed branches (0: the sample's default)."
    ),
) -> None:
    """Write a sample election definition; the same seed gives the same bytes."""
    if kind not in KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    if out.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise typer.BadParameter(
            "the file name must end in .yaml, .yml or .json", param_hint="--out"
        )
    with console.status(f"building the {kind} sample (seed {seed}) ..."):
        definition = make_election(kind, seed, branches or None)
        size = write_definition(definition, out)
    console.print(
        f"{out}: {len(definition.divisions)} divisions, {len(definition.contests)} contests, "
        f"{len(definition.candidates)} candidates, {len(definition.party_lists)} lists, "
        f"{len(definition.branches)} branches ({size:,} bytes)"
    )


def read_definition_file(path: Path) -> ElectionDefinition:
    """A definition file, checked by every rule (a coded error lists the problems)."""
    return load_definition_text(path.read_text(encoding="utf-8"), format_for_name(path.name))


def progress_bar() -> Progress:
    """The rich progress bar used by long commands: bar, count, rate and time left."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


@app.command("make-registry")
def make_registry_command(
    definition_file: Path = typer.Option(
        None, "--definition", help="The election definition (default: the --kind sample)."
    ),
    kind: str = typer.Option(
        "tehran", "--kind", help="Without --definition: the sample drawn from --seed."
    ),
    voters: int = typer.Option(
        50_000, "--voters", "--citizens", min=1, help="How many citizens to create."
    ),
    seed: int = typer.Option(DOCUMENTED_SEED, "--seed", help="Everything is drawn from it."),
    out: Path = typer.Option(None, "--out", help="Output CSV file."),
    load: bool = typer.Option(
        False, "--load", help="Import straight into the database instead of (or besides) a CSV."
    ),
    replace: bool = typer.Option(False, "--replace", help="With --load: empty the registry first."),
    database_url: str = DB_OPTION,
) -> None:
    """Create a synthetic civil registry for a definition's cities and villages: a CSV
    (--out) and/or straight into the database (--load, COPY on PostgreSQL)."""
    if out is None and not load:
        raise typer.BadParameter("give --out FILE.csv, --load, or both", param_hint="--out")
    if definition_file is not None:
        definition = read_definition_file(definition_file)
    elif kind in KINDS:
        definition = make_election(kind, seed)
    else:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    with progress_bar() as bar:
        if out is not None:
            task = bar.add_task("citizens → CSV", total=voters)
            rows = generate_registry(definition, voters, seed)
            write_registry_csv(rows, out, lambda n: bar.advance(task, n))
        if load:
            factory = uow_factory(database_url)
            upgrade(factory.engine)
            task = bar.add_task("citizens → database", total=voters)
            source: Iterable[Row] = (
                read_registry_csv(out)
                if out is not None
                else generate_registry(definition, voters, seed)
            )
            import_registry(
                factory, source, replace=replace, progress=lambda n: bar.advance(task, n)
            )
    where = [str(out)] if out is not None else []
    if load:
        where.append("the database")
    console.print(f"{voters:,} citizens of {definition.id} (seed {seed}) → {' and '.join(where)}")


app.command("registry", hidden=True)(make_registry_command)  # the name issue 3 uses


# --- operations (issue 15) ----------------------------------------------------------------------
@app.command("operations")
def operations_command(
    election_id: str = typer.Option(..., "--election", help="A loaded sample election's id."),
    seed: int = typer.Option(DOCUMENTED_SEED, "--seed", help="Everything is drawn from it."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Sample headquarters operations for every county of a loaded election: organisation,
    a directive answered by every district, a weekly review with decisions, lessons, the six
    playbooks, agency commitments and a signed, approved statement."""
    from entekhab.service.security.server_key import read_server_key
    from entekhab.settings import get_settings
    from entekhab.sim.operations import seed_operations

    key_file = get_settings().server_key_file
    signer = read_server_key(key_file) if key_file else None
    summary = seed_operations(uow_factory(database_url), election_id, seed, signer=signer)
    console.print(
        f"{election_id}: {summary.headquarters} headquarters, {summary.appointments} "
        f"appointments, {summary.directives} directives ({summary.reports} district reports), "
        f"{summary.meetings} meetings, {summary.lessons} lessons, {summary.scenarios} "
        f"scenarios, {summary.commitments} commitments, {summary.statements} statements"
    )


@app.command("candidate-history")
def candidate_history_command(
    kind: str = typer.Option("tehran", "--kind", help=f"Which sample: {', '.join(KINDS)}."),
    seed: int = typer.Option(DOCUMENTED_SEED, "--seed", help="Everything is drawn from it."),
    nonce: str = typer.Option(
        "ceremony-1405", "--nonce", help="The ballot-code draw's ceremony nonce."
    ),
    database_url: str = DB_OPTION,
) -> None:
    """Play a sample election's candidate side from registration to the published lists:
    load the definition as it stood before registration, put the candidates in the registry,
    register them (and refuse the bad applications), register parties and lists, vet, qualify,
    draw the ballot codes and publish, through the services, at instants inside each phase."""
    if kind not in KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    history = make_history(make_election(kind, seed), seed)
    factory = uow_factory(database_url)
    upgrade(factory.engine)
    load_definition(factory, history.base, actor="sim:hq")
    outcome = run_history(
        factory, confidential_keys(), history, ceremony_nonce=nonce, progress=console.print
    )
    console.print(
        f"{history.base.id}: {outcome.registered:,} registered, refused {outcome.refused}, "
        f"{outcome.disqualified} disqualified on review ({outcome.appealed} appealed), "
        f"{outcome.withdrawn} withdrew; {len(outcome.published)} lists published"
    )
    if outcome.published:
        console.print(f"definition now {list(outcome.published.values())[-1]}")
