"""``entekhab definition``."""

from __future__ import annotations

import typer

app = typer.Typer(help="definition commands.", no_args_is_help=True)
