"""``entekhab db``: database migrations."""

from __future__ import annotations

import typer

from entekhab.cli._common import console
from entekhab.service.bootstrap import make_engine
from entekhab.service.bootstrap import upgrade as run_upgrade
from entekhab.service.security.server_key import default_key_file, ensure_server_key
from entekhab.settings import get_settings

app = typer.Typer(help="Database: create and migrate the schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    database_url: str = typer.Option(None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL."),
) -> None:
    """Apply every migration (creates the database schema on first run), and create the server
    key that signs the event log's checkpoints if there is none yet (ENTEKHAB_SERVER_KEY_FILE,
    else VAR_DIR/server.key), so that every later command signs them."""
    settings = get_settings()
    url = database_url or settings.database_url
    run_upgrade(make_engine(url))
    console.print(f"database at head: {url}")
    key_file = settings.server_key_file or str(default_key_file(settings.var_dir))
    key = ensure_server_key(key_file)
    console.print(f"event-log checkpoints signed by server key {key.key_id} ({key_file})")
