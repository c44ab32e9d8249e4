"""Shared CLI plumbing: coded errors printed in Persian and English, exit code 2."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console

from entekhab.errors import EntekhabError

__all__ = ["console", "err_console", "print_error", "run_cli"]

console = Console()
err_console = Console(stderr=True)


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
