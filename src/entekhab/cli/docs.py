"""``entekhab docs``: render the catalogues (errors, events, permissions, schemas) into docs/."""

from __future__ import annotations

import typer

app = typer.Typer(help="Render reference documents into docs/.", no_args_is_help=True)
