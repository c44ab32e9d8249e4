"""Top-level ``entekhab backup`` and ``entekhab restore`` (docs/audit.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from entekhab.cli._common import DB_OPTION, console
from entekhab.cli._common import uow_factory as _uow
from entekhab.cli.audit import show_report, trusted_key_or_configured
from entekhab.service.audit.backup import restore_backup, take_backup
from entekhab.service.bootstrap import make_engine
from entekhab.settings import get_settings

__all__ = ["register"]


def backup(
    out: Path = typer.Option(..., "--out", help="Backup file to write."),
    by: str = typer.Option("cli", "--by", help="Who takes it (for the event log)."),
    database_url: str = DB_OPTION,
) -> None:
    """Back up the whole database: pg_dump -Fc on PostgreSQL, SQLite's online backup API."""
    summary = take_backup(_uow(database_url), out, actor=by, now=datetime.now(UTC))
    console.print(f"{summary.backend} backup written to {summary.path} ({summary.size:,} bytes)")


def restore(
    backup_file: Path = typer.Argument(..., help="A file written by `entekhab backup`."),
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite a database that already holds tables."
    ),
    trusted_key: str = typer.Option(
        None, "--trusted-key", help="The server's public key (64 hex) for the checkpoints."
    ),
    by: str = typer.Option("cli", "--by", help="Who restores it (for the event log)."),
    database_url: str = DB_OPTION,
) -> None:
    """Restore a backup, only if its event log verifies (checked in the file first, then in
    the restored database); exit status 2 with a coded error otherwise."""
    engine = make_engine(database_url or get_settings().database_url)
    report = restore_backup(
        backup_file,
        engine,
        replace=replace,
        actor=by,
        now=datetime.now(UTC),
        trusted_key=trusted_key_or_configured(trusted_key),
    )
    show_report(report)
    console.print(f"restored {backup_file} into {engine.url.render_as_string()}")
    engine.dispose()


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
