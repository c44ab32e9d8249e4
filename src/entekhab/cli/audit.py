"""``entekhab audit verify|export``: check the event log's hash chain, export it (NIST SP
1500-101) and check an exported file (docs/audit.md)."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from entekhab import __version__
from entekhab.cli._common import DB_OPTION, console
from entekhab.domain.error_codes.audit import CHAIN_INVALID
from entekhab.errors import EntekhabError
from entekhab.service.audit.chain import ChainReport, count_entries, verify_chain
from entekhab.service.audit.export import export_event_log, verify_export
from entekhab.service.audit.sealer import seal_pending
from entekhab.service.bootstrap import make_engine
from entekhab.service.security.server_key import configured_key_file, read_server_key
from entekhab.settings import get_settings

__all__ = ["app", "raise_if_broken", "show_report", "trusted_key_or_configured"]

app = typer.Typer(help="Audit the event log: verify its chain, export it.", no_args_is_help=True)

_DB = DB_OPTION
_KEY = typer.Option(
    None,
    "--trusted-key",
    help="The server's public key (64 hex) that must have signed every checkpoint"
    " (default: the server's own key, ENTEKHAB_SERVER_KEY_FILE or VAR_DIR/server.key).",
)
_JSON = typer.Option(False, "--json", help="Print the report as JSON.")


def trusted_key_or_configured(trusted_key: str | None) -> str | None:
    if trusted_key:
        return trusted_key.strip().lower()
    settings = get_settings()
    key_file = configured_key_file(settings.server_key_file, settings.var_dir)
    return read_server_key(key_file).public_hex if key_file else None


def show_report(report: ChainReport, as_json: bool = False) -> None:
    if as_json:
        console.print_json(json.dumps(report.to_dict()))
        return
    table = Table(title="Event log chain / زنجیره رویدادها", show_header=False)
    table.add_row("entries", f"{report.entries:,}")
    table.add_row("last entry", str(report.last_seq))
    table.add_row("last hash", report.last_hash)
    table.add_row("signed checkpoints", str(report.checkpoints))
    if report.pending:
        table.add_row("waiting to be sealed", f"{report.pending:,}")
    table.add_row(
        "verdict", "[green]OK[/]" if report.ok else f"[red]{len(report.problems)} problem(s)[/]"
    )
    console.print(table)
    for problem in report.problems[:50]:
        console.print(f"[red]entry {problem.seq}[/] {problem.kind}: {problem.detail}")


def raise_if_broken(report: ChainReport) -> None:
    """A coded CHAIN_INVALID error (exit status 2) unless the chain verified."""
    if not report.ok:
        first = report.problems[0]
        raise EntekhabError(
            CHAIN_INVALID,
            {"problems": len(report.problems), "first_seq": first.seq, "first_kind": first.kind},
        )


@app.command("verify")
def verify(
    trusted_key: str = _KEY,
    database_url: str = _DB,
    as_json: bool = _JSON,
    max_unsealed_age: int = typer.Option(
        300,
        "--max-unsealed-age",
        min=1,
        help="Seconds an entry may wait for the sealer before it counts as a problem.",
    ),
) -> None:
    """Seal the entries waiting for the sealer, then recompute the whole hash chain and check
    the head and every signed checkpoint.

    Exit status 0 when the log verifies, 2 (CHAIN_INVALID) on any edit, deletion, insertion or
    reordering."""
    engine = make_engine(database_url or get_settings().database_url)
    seal_pending(engine, wait=True)  # what a stopped server left, and what came in just now
    total = count_entries(engine)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=as_json,
    ) as bar:
        task = bar.add_task("verifying", total=total)
        report = verify_chain(
            engine,
            trusted_key=trusted_key_or_configured(trusted_key),
            progress=lambda done: bar.update(task, completed=done),
            stale_after=timedelta(seconds=max_unsealed_age),
            now=datetime.now(UTC),
        )
    engine.dispose()
    show_report(report, as_json)
    raise_if_broken(report)


@app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="File to write (NIST SP 1500-101 JSON)."),
    election: str = typer.Option(None, "--election", help="Election id to name in the export."),
    database_url: str = _DB,
) -> None:
    """Export the whole event log as NIST SP 1500-101 (Election Event Logging CDF) JSON."""
    engine = make_engine(database_url or get_settings().database_url)
    seal_pending(engine, wait=True)  # the export holds every committed entry
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        summary = export_event_log(
            engine,
            handle,
            generated_at=datetime.now(UTC),
            server_id=platform.node() or "entekhab-server",
            version=__version__,
            election_id=election,
        )
    partial.replace(out)
    engine.dispose()
    console.print(
        f"exported {summary.entries:,} entries (last {summary.last_seq}, hash"
        f" {summary.last_hash}, {summary.checkpoints} checkpoints) to {out}"
    )


@app.command("verify-export")
def verify_exported(
    path: Path = typer.Argument(..., help="A file written by `entekhab audit export`."),
    trusted_key: str = _KEY,
    as_json: bool = _JSON,
) -> None:
    """Recompute the chain of an exported file, without any database."""
    report = verify_export(path, trusted_key=trusted_key_or_configured(trusted_key))
    show_report(report, as_json)
    raise_if_broken(report)
