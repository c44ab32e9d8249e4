"""``entekhab station``."""

from __future__ import annotations

import typer

app = typer.Typer(help="station commands.", no_args_is_help=True)

from entekhab.cli import station_keys, station_run  # noqa: E402  (commands share the group)

station_keys.register(app)
station_run.register(app)
