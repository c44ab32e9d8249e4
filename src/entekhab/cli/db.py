"""``entekhab db``: database migrations."""

from __future__ import annotations

import typer

from entekhab.cli._common import console
from entekhab.service.bootstrap import make_engine
from entekhab.service.bootstrap import upgrade as run_upgrade
from entekhab.settings import get_settings

app = typer.Typer(help="Database: create and migrate the schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    database_url: str = typer.Option(None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL."),
) -> None:
    """Apply every migration (creates the database schema on first run)."""
    url = database_url or get_settings().database_url
    run_upgrade(make_engine(url))
    console.print(f"database at head: {url}")
