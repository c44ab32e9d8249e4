"""``entekhab station run|close``: the branch station itself (see docs/station.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from entekhab.cli._common import console

__all__ = ["register"]

_BRANCH = typer.Option(..., "--branch", help="Branch code (شعبه).")
_SERVER = typer.Option(..., "--server", envvar="ENTEKHAB_SERVER", help="HQ server base URL.")
_KEY = typer.Option(..., "--key", help="Station secret key file (hex; `station keygen`).")
_HEAD = typer.Option(None, "--head-key", help="Branch head's secret key file (countersigns).")
_JOURNAL = typer.Option(..., "--journal", help="The station's journal file (SQLite).")
_DEFINITION = typer.Option(..., "--definition", help="Election definition (YAML or JSON).")
_MEDIA = typer.Option(
    None,
    "--media",
    help="Removable media folder for the second copy of the ballots (default: <journal>.media).",
)
_BULLETINS = typer.Option(
    None,
    "--bulletins",
    help="Folder for the signed bulletins and wall sheet (default: bulletins/).",
)
_HQ_KEY = typer.Option(
    ...,
    "--hq-key",
    envvar="ENTEKHAB_HQ_PUBLIC_KEY",
    help="Headquarters' public key (hex), given at enrolment: the definition must carry its "
    "signature, or the branch does not open.",
)


def _config(
    branch: str,
    server: str,
    key: Path,
    head_key: Path | None,
    journal: Path,
    definition: Path,
    **extra: Any,
) -> Any:
    from entekhab.station.runner import StationConfig

    return StationConfig(
        branch=branch,
        server=server,
        key_file=key,
        head_key_file=head_key,
        journal=journal,
        definition=definition,
        **extra,
    )


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def run(
    branch: str = _BRANCH,
    server: str = _SERVER,
    key: Path = _KEY,
    head_key: Path | None = _HEAD,
    journal: Path = _JOURNAL,
    definition: Path = _DEFINITION,
    hq_key: str = _HQ_KEY,
    opened_by: str = typer.Option("branch-head", help="Who opens the branch."),
    jsonl: bool = typer.Option(
        None, "--jsonl/--prompt", help="JSON-lines driver on stdin (default when not a terminal)."
    ),
    false_reject_rate: float = typer.Option(0.0, help="Simulated fingerprint false rejects."),
    seed: int | None = typer.Option(None, help="Seed of the simulated devices."),
    journal_sync: str = typer.Option(
        "FULL", help="FULL (fsync every commit; a real branch) or NORMAL (demos only)."
    ),
    media: Path | None = _MEDIA,
    bulletins: Path | None = _BULLETINS,
    timeout: float = typer.Option(
        5.0, envvar="ENTEKHAB_STATION_TIMEOUT", help="Seconds one attempt waits for the server."
    ),
    attempts: int = typer.Option(
        6, envvar="ENTEKHAB_STATION_ATTEMPTS", help="Attempts per request (refused, 5xx)."
    ),
    probe_interval: float = typer.Option(
        2.0,
        envvar="ENTEKHAB_STATION_PROBE_INTERVAL",
        help="Seconds between probes of a link found down; voters meanwhile follow the "
        "offline policy at once.",
    ),
    web: bool = typer.Option(
        False,
        "--web",
        help="Serve the branch console in the browser (agent's screen and voter's booth) on "
        "127.0.0.1 instead of the terminal.",
    ),
    port: int = typer.Option(8765, "--port", help="The web console's port (127.0.0.1 only)."),
) -> None:
    """Run the branch station: replay the journal, open the branch, serve voters."""
    from entekhab.station.client import RetryPolicy
    from entekhab.station.prompt import run_prompt
    from entekhab.station.runner import JsonLinesDriver, build_station, start_up

    config = _config(
        branch,
        server,
        key,
        head_key,
        journal,
        definition,
        hq_public_key=hq_key.strip(),
        opened_by=opened_by,
        false_reject_rate=false_reject_rate,
        seed=seed,
        journal_sync=journal_sync.upper(),
        media=media,
        bulletins=bulletins,
        timeout=timeout,
        retry=RetryPolicy(attempts=attempts),
        probe_interval=probe_interval,
    )
    station, verifier = build_station(config)
    if web:
        from entekhab.station.web.serve import serve_console

        serve_console(station, verifier, port=port, opened_by=opened_by, say=typer.echo)
        return
    use_jsonl = jsonl if jsonl is not None else not sys.stdin.isatty()
    if use_jsonl:
        start_up(station, _emit, opened_by)
        JsonLinesDriver(station, verifier, _emit).run(sys.stdin)
    else:
        start_up(station, lambda e: console.print(e), opened_by)
        run_prompt(station, verifier, console)


def close(
    branch: str = _BRANCH,
    server: str = _SERVER,
    key: Path = _KEY,
    head_key: Path = typer.Option(..., "--head-key", help="Branch head's secret key file."),
    journal: Path = _JOURNAL,
    definition: Path = _DEFINITION,
    closed_by: str = typer.Option("branch-head", help="Who closes the branch."),
    media: Path | None = _MEDIA,
    bulletins: Path | None = _BULLETINS,
) -> None:
    """Close the branch: send what is pending, sign the bulletins (kept as files), send every
    ballot and the bulletins to headquarters at once, and print the wall sheet (HTML, PDF)."""
    from entekhab.station.offline import OfflineBranch
    from entekhab.station.runner import acknowledged, build_station

    config = _config(
        branch, server, key, head_key, journal, definition, media=media, bulletins=bulletins
    )
    station, _verifier = build_station(config)
    from entekhab.station.wall_sheet import print_wall_sheets

    closed = OfflineBranch(station).close(closed_by, acknowledged(station, _emit))
    sheets = print_wall_sheets(station)  # the branch's own wall sheet, from its own data
    _emit({"event": "wall_sheet", "files": [str(p) for p in sheets]})
    _emit(closed.as_event())
    if not closed.matches:
        console.print("[bold red]the server's count or Merkle root differs (incident recorded)")
        raise typer.Exit(1)


def wall_sheet(
    branch: str = _BRANCH,
    key: Path = _KEY,
    journal: Path = _JOURNAL,
    definition: Path = _DEFINITION,
    media: Path | None = _MEDIA,
    bulletins: Path | None = _BULLETINS,
    pdf: bool = typer.Option(True, "--pdf/--html-only", help="Also write the PDF."),
) -> None:
    """Print the branch's wall sheet (HTML and PDF, with QR) from the station's own signed
    bulletins — offline: no server is asked."""
    from entekhab.station.runner import build_station
    from entekhab.station.wall_sheet import print_wall_sheets

    config = _config(
        branch,
        "http://offline.invalid",
        key,
        None,
        journal,
        definition,
        media=media,
        bulletins=bulletins,
    )
    station, _verifier = build_station(config)
    for path in print_wall_sheets(station, pdf=pdf):
        console.print(str(path))


def enrol_head(
    election: str = typer.Option(..., help="Election id."),
    branch: str = typer.Option(..., help="Branch code."),
    public_key: str = typer.Option(..., "--public-key", help="Branch head public key (64 hex)."),
    enrolled_by: str = typer.Option("hq-operator", help="Who enrols it (for the record)."),
    database_url: str | None = typer.Option(
        None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL."
    ),
) -> None:
    """Enrol a branch head's public key (it countersigns the branch's bulletins); at HQ."""
    from entekhab.service.bootstrap import UnitOfWorkFactory, make_engine
    from entekhab.service.counting.bulletins import enroll_head_key
    from entekhab.settings import get_settings

    uow = UnitOfWorkFactory(make_engine(database_url or get_settings().database_url))
    key_id = enroll_head_key(
        uow,
        election_id=election,
        branch=branch,
        public_hex=public_key.lower(),
        enrolled_by=enrolled_by,
    )
    console.print(key_id)


def practice(
    port: int = typer.Option(8766, "--port", help="The practice screen's port (127.0.0.1 only)."),
    store: Path = typer.Option(
        Path("practice.sqlite"),
        "--store",
        help="The practice ballots' own file (never the station's journal: each refuses the "
        "other).",
    ),
) -> None:
    """Practice mode: the voter's screen on the bundled sample election, watermarked on every
    page; no station key, no journal, no headquarters, no closing — nothing reaches a count."""
    import uvicorn

    from entekhab.station.web.practice_app import create_practice_app
    from entekhab.web.practice import PracticeBox

    app = create_practice_app(PracticeBox(store))
    console.print(f"practice ballot: http://127.0.0.1:{port}/practice")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("practice")(practice)
    app.command("close")(close)
    app.command("wall-sheet")(wall_sheet)
    app.command("enrol-head")(enrol_head)
