"""Top-level ``entekhab serve``: the headquarters server under uvicorn."""

from __future__ import annotations

import os

import typer

from entekhab.api.proxies import UVICORN_PROXY_OPTIONS
from entekhab.cli._common import console
from entekhab.service.bootstrap import make_engine, upgrade
from entekhab.settings import get_settings


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    database_url: str = typer.Option(
        None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL (default: embedded SQLite)."
    ),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes."),
    log_level: str = typer.Option("warning", help="uvicorn log level."),
) -> None:
    """Run the headquarters server (migrations are applied first)."""
    import uvicorn

    url = database_url or get_settings().database_url
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    os.environ["ENTEKHAB_DATABASE_URL"] = url  # the app (and every worker) reads it
    get_settings.cache_clear()
    console.print(f"Entekhab server on http://{host}:{port} — database {url}")
    uvicorn.run(
        "entekhab.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=False,
        **UVICORN_PROXY_OPTIONS,  # forwarded headers: only from ENTEKHAB_TRUSTED_PROXIES
    )


def register(app: typer.Typer) -> None:
    """Add this module's top-level commands to ``app``."""
    app.command("serve")(serve)
