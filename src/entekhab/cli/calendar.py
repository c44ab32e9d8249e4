"""``entekhab calendar show|hours|extend``: the election calendar, operator-run at headquarters.

``show`` prints every phase with its dates in Jalali and ISO; ``hours`` the polling hours as
they stand; ``extend`` records an extension of polling hours with a reason (the same service
and checks as ``POST /api/v1/elections/{id}/polling-hours/extensions``, logged as an event).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from entekhab.cli._common import DB_OPTION, console, uow_factory
from entekhab.cli._signin import PASSWORD_STDIN, TOTP, USER, signed_in
from entekhab.domain.calendar import PHASE_NAMES_FA, election_zone, phase_window
from entekhab.domain.definition import Phase
from entekhab.service.definitions.loading import read_definition_file
from entekhab.service.election_day.clock import clock_starting_at
from entekhab.service.election_day.polling_hours import extend_polling_hours, polling_hours
from entekhab.settings import get_settings
from entekhab.web.persian import jalali_datetime

__all__ = ["app"]

app = typer.Typer(help="The election calendar: phases, polling hours, extensions.")


@app.command("show")
def show(path: str = typer.Argument(..., help="Definition file (YAML or JSON).")) -> None:
    """Every phase of the definition's calendar, Jalali and ISO (Asia/Tehran)."""
    definition = read_definition_file(Path(path))
    zone = election_zone(definition)
    table = Table(title=f"{definition.name_fa} — {definition.id}")
    for column in ("phase", "مرحله", "opens", "closes"):
        table.add_column(column)
    for phase in Phase:
        window = phase_window(definition, phase)
        table.add_row(
            phase.value,
            PHASE_NAMES_FA[phase],
            f"{jalali_datetime(window.opens)}  {window.opens.astimezone(zone):%Y-%m-%d %H:%M}",
            f"{jalali_datetime(window.closes)}  {window.closes.astimezone(zone):%Y-%m-%d %H:%M}",
        )
    console.print(table)


@app.command("hours")
def hours(
    election_id: str = typer.Argument(..., help="Election id."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Polling hours as they stand, with every extension and its reason."""
    current = polling_hours(uow_factory(database_url), election_id)
    console.print(f"opens  {jalali_datetime(current.opens)}  ({current.opens.isoformat()})")
    console.print(f"closes {jalali_datetime(current.closes)}  ({current.closes.isoformat()})")
    for ext in current.extensions:
        console.print(f"  extended to {ext['closes']} by {ext['decided_by']}: {ext['reason']}")


@app.command("extend")
def extend(
    election_id: str = typer.Argument(..., help="Election id."),
    closes: datetime = typer.Option(
        ..., help="New closing instant with its offset, e.g. 2026-06-18T22:00:00+03:30."
    ),
    reason: str = typer.Option(..., help="Why (kept in the event log)."),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str | None = DB_OPTION,
) -> None:
    """Extend polling hours election-wide, with a reason (headquarters' decision), signed in
    as the person who decides: the same checks as the API."""
    if closes.tzinfo is None:
        console.print("--closes needs a UTC offset (e.g. +03:30 for Tehran).")
        raise typer.Exit(2)
    factory = uow_factory(database_url)
    with signed_in(factory, user, password_stdin, totp) as who:
        current = extend_polling_hours(
            factory,
            election_id,
            closes=closes,
            reason=reason,
            actor=who.actor,
            role=who.role.value,
            now=clock_starting_at(get_settings().clock_start)(),
        )
    console.print(f"polling now closes {jalali_datetime(current.closes)} ({current.closes})")
