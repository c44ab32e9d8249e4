"""``entekhab sim``: sample elections and a synthetic civil registry."""

from __future__ import annotations

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

from entekhab.cli._common import console
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import format_for_name, load_definition_text
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
    definition_file: Path = typer.Option(..., "--definition", help="The election definition."),
    voters: int = typer.Option(
        50_000, "--voters", "--citizens", min=1, help="How many citizens to create."
    ),
    seed: int = typer.Option(DOCUMENTED_SEED, "--seed", help="Everything is drawn from it."),
    out: Path = typer.Option(..., "--out", help="Output CSV file."),
) -> None:
    """Write a synthetic civil registry for the definition's cities and villages (CSV)."""
    definition = read_definition_file(definition_file)
    with progress_bar() as bar:
        task = bar.add_task("citizens", total=voters)
        rows = generate_registry(definition, voters, seed)
        written = write_registry_csv(rows, out, lambda n: bar.advance(task, n))
    console.print(f"{out}: {written:,} citizens of {definition.id} (seed {seed})")
