"""Top-level ``entekhab serve``: the headquarters server under uvicorn."""

from __future__ import annotations

import os
import signal
import sys

import typer

from entekhab.cli._common import console
from entekhab.cli._server_process import start_workers, stop_workers
from entekhab.service.bootstrap import make_engine, upgrade
from entekhab.service.security.server_key import default_key_file, ensure_server_key
from entekhab.settings import get_settings


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    database_url: str = typer.Option(
        None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL (default: embedded SQLite)."
    ),
    workers: int = typer.Option(1, min=1, help="Server processes (about one per core)."),
    log_level: str = typer.Option("warning", help="uvicorn log level."),
) -> None:
    """Run the headquarters server (migrations are applied first): ``workers`` processes, each
    on its own SO_REUSEPORT socket, so the kernel balances connections across them."""
    url = database_url or get_settings().database_url
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    os.environ["ENTEKHAB_DATABASE_URL"] = url  # the app (and every worker) reads it
    get_settings.cache_clear()
    settings = get_settings()
    key_file = settings.server_key_file or str(default_key_file(settings.var_dir))
    key = ensure_server_key(key_file)  # checkpoints are always signed
    os.environ["ENTEKHAB_SERVER_KEY_FILE"] = key_file
    console.print(f"Entekhab server on http://{host}:{port} — database {url}")
    console.print(f"Event-log checkpoints signed by server key {key.key_id} ({key_file})")
    console.print(f"headquarters public key (give it to stations, --hq-key): {key.public_hex}")
    processes = start_workers(host, port, workers, log_level=log_level, env=dict(os.environ))
    # A SIGTERM to this process stops its server processes too (through the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        for process in processes:
            process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_workers(processes)


def register(app: typer.Typer) -> None:
    """Add this module's top-level commands to ``app``."""
    app.command("serve")(serve)
