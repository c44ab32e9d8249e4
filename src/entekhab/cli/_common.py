"""Shared CLI plumbing: coded errors printed in Persian and English, exit code 2."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console

from entekhab.crypto.confidential import StaticKeyProvider
from entekhab.domain.error_codes.security import CONFIDENTIAL_KEY_MISSING
from entekhab.errors import EntekhabError
from entekhab.service.bootstrap import UnitOfWorkFactory, make_engine
from entekhab.settings import get_settings

__all__ = [
    "DB_OPTION",
    "confidential_keys",
    "console",
    "err_console",
    "print_error",
    "run_cli",
    "uow_factory",
]

console = Console()
err_console = Console(stderr=True)


DB_OPTION = typer.Option(
    None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL (default: embedded SQLite)."
)


def uow_factory(database_url: str | None) -> UnitOfWorkFactory:
    """A unit-of-work factory on ``database_url`` (or the configured database)."""
    return UnitOfWorkFactory(make_engine(database_url or get_settings().database_url))


def confidential_keys() -> StaticKeyProvider:
    """The configured key for confidential records (CONFIDENTIAL_KEY_MISSING if none)."""
    settings = get_settings()
    if not settings.confidential_key:
        raise EntekhabError(CONFIDENTIAL_KEY_MISSING)
    return StaticKeyProvider.from_hex(settings.confidential_key, settings.confidential_old_keys)


def print_error(error: EntekhabError) -> None:
    err_console.print(f"[bold red]{error.code}[/]: {error.message_en}")
    err_console.print(f"[bold red]{error.code}[/]: {error.message_fa}")
    if error.details:
        err_console.print(json.dumps(error.details, ensure_ascii=False, indent=2, default=str))


def run_cli(app: typer.Typer) -> None:
    """Run ``app``; a coded error becomes a clear message and exit status 2."""
    try:
        app()
    except EntekhabError as error:
        print_error(error)
        sys.exit(2)
