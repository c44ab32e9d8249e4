"""``entekhab sim``: sample elections and a synthetic civil registry."""

from __future__ import annotations

from pathlib import Path

import typer

from entekhab.cli._common import console
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
