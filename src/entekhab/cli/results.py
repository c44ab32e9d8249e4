"""``entekhab results``: exports (NIST ERR / CSV / CVR) and printable sheets (HTML / PDF); the
boards' and headquarters' steps (approve, confirm, publish, recount, held ballots) are in
``cli/results_board.py``, the recount from the stored ballot records in
``cli/results_recount.py``, both signed in as the user.

By default only published results leave the system (what the public side may show); officials
preparing the board's papers pass ``--unofficial`` and every output still carries its label.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import typer

from entekhab.cli import results_board, results_recount
from entekhab.cli._common import DB_OPTION, console, uow_factory
from entekhab.domain.error_codes import general
from entekhab.domain.results import SignedBulletin
from entekhab.errors import EntekhabError
from entekhab.service.counting.bulletins import parse_signed_bulletin
from entekhab.service.counting.exports import contest_csv, election_cvr, err_report
from entekhab.service.counting.result_sheets import contest_sheet
from entekhab.service.definitions.loading import get_definition

app = typer.Typer(help="Results: exports and printable sheets.", no_args_is_help=True)

_ELECTION = typer.Option(..., "--election", help="Election id.")
_UNOFFICIAL = typer.Option(
    False, "--unofficial", help="Include results not yet published (officials only)."
)


class ExportFormat(StrEnum):
    ERR = "err"  # NIST SP 1500-100 v2 Election Results Report, JSON
    CSV = "csv"  # one CSV per contest: every level and area
    CVR = "cvr"  # NIST SP 1500-103 Cast Vote Records, JSON


def _write(out: Path, data: str | bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        out.write_bytes(data)
    else:
        out.write_text(data, encoding="utf-8")
    console.print(f"wrote {out}")


@app.command("export")
def export(
    election: str = _ELECTION,
    fmt: ExportFormat = typer.Option(..., "--format", help="err, csv or cvr."),
    out: Path = typer.Option(..., "--out", help="File (err, cvr) or folder (csv)."),
    contest: list[str] = typer.Option(None, "--contest", help="CSV: these contests only."),
    unofficial: bool = _UNOFFICIAL,
    database_url: str = DB_OPTION,
) -> None:
    """Export results as NIST ERR JSON, CSV per contest, or NIST CVR JSON."""
    uow = uow_factory(database_url)
    now = datetime.now(UTC)
    if fmt is ExportFormat.ERR:
        report = err_report(uow, election, generated=now, published_only=not unofficial)
        _write(out, json.dumps(report, ensure_ascii=False, indent=2))
    elif fmt is ExportFormat.CVR:
        report = election_cvr(uow, election, generated=now, published_only=not unofficial)
        _write(out, json.dumps(report, ensure_ascii=False, indent=2))
    else:
        with uow() as unit:
            definition, _hash = get_definition(unit.session, election)
        codes = contest or [c.code for c in definition.contests]
        for code in codes:
            text = contest_csv(uow, election, code, published_only=not unofficial)
            _write(out / f"{election}-{code}.csv", text)


@app.command("sheet")
def sheet(
    election: str = _ELECTION,
    contest: str = typer.Option(..., "--contest", help="Contest code."),
    out: Path = typer.Option(..., "--out", help="Output file: .html or .pdf."),
    unofficial: bool = _UNOFFICIAL,
    database_url: str = DB_OPTION,
) -> None:
    """The contest's result sheet in Persian (HTML or PDF), with the allocation's working."""
    from entekhab.web.sheets import html_to_pdf, render_result_sheet

    data = contest_sheet(
        uow_factory(database_url),
        election,
        contest,
        generated_at=datetime.now(UTC),
        published_only=not unofficial,
    )
    html = render_result_sheet(data)
    _write(out, html_to_pdf(html) if out.suffix.lower() == ".pdf" else html)
    console.print(f"label: {data.label} ({data.certification.state})")


@app.command("bulletin-sheet")
def bulletin_sheet(
    bulletin: Path = typer.Argument(..., help="A signed bulletin (JSON)."),
    out: Path = typer.Option(..., "--out", help="Output file: .html or .pdf."),
    database_url: str = DB_OPTION,
) -> None:
    """The printable bulletin with its QR code, to post at the branch."""
    from entekhab.web.sheets import html_to_pdf, render_bulletin_sheet

    try:
        payload = json.loads(bulletin.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EntekhabError(general.INVALID_INPUT, {"reason": f"{bulletin}: {error}"}) from error
    signed: SignedBulletin = parse_signed_bulletin(payload)
    with uow_factory(database_url)() as unit:
        definition, _hash = get_definition(unit.session, signed.bulletin.election_id)
    html = render_bulletin_sheet(signed, definition)
    _write(out, html_to_pdf(html) if out.suffix.lower() == ".pdf" else html)


results_board.register(app)
results_recount.register(app)
