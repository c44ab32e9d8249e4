"""``entekhab docs``: render the catalogues (errors, events, permissions, schemas) into docs/."""

from __future__ import annotations

from pathlib import Path

import typer

from entekhab.api.permissions_doc import render_permissions
from entekhab.cli._common import console

app = typer.Typer(help="Render reference documents into docs/.", no_args_is_help=True)


@app.command("permissions")
def permissions(
    out: Path = typer.Option(Path("docs/permissions.md"), help="Where to write it."),
    check: bool = typer.Option(False, help="Only check that the file is up to date (exit 1)."),
) -> None:
    """Render the permission matrix (api/permissions.py) to docs/permissions.md."""
    text = render_permissions()
    if check:
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            console.print(f"{out} is stale: run `entekhab docs permissions`")
            raise typer.Exit(1)
        console.print(f"{out} is up to date")
        return
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}")
