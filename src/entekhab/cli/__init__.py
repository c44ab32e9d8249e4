"""The ``entekhab`` command (Typer). Thin: every command delegates to ``service/``.

One module per area registers its sub-commands here, so areas do not edit each other's files.
"""

from __future__ import annotations

import typer

from entekhab.cli import audit, db, definition, results, sim, station, users
from entekhab.cli._common import run_cli

__all__ = ["app", "main"]

app = typer.Typer(
    name="entekhab",
    help="Entekhab (انتخاب): run a fully electronic election, from definition to certified result.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(definition.app, name="definition")
app.add_typer(sim.app, name="sim")
app.add_typer(station.app, name="station")
app.add_typer(results.app, name="results")
app.add_typer(users.app, name="users")
app.add_typer(audit.app, name="audit")


def main() -> None:
    run_cli(app)
