"""``entekhab results recount-ballots``: recount from the stored ballot records, signed in.

Not ``entekhab results recount`` (a board sending a result back to unofficial): this counts
every stored ballot record of the election — or of one ``--contest`` — again through DuckDB and
prints every difference from the branches' signed bulletins and the running totals
(``service.counting.recount``). The user signs in as for the boards' steps; the permission
table (``recount_ballots``) and the jurisdiction decide, as at the HTTP gate. Exit status 1
when anything differs.
"""

from __future__ import annotations

import json

import typer
from rich.table import Table

from entekhab.cli._common import DB_OPTION, console, uow_factory
from entekhab.cli._signin import PASSWORD_STDIN, TOTP, USER, signed_in
from entekhab.domain.permissions import Action
from entekhab.service.counting.recount import RecountReport, recount_ballots
from entekhab.service.security.authority import authorize
from entekhab.service.security.jurisdictions import contest_chains, election_chains

__all__ = ["register"]


def recount_ballots_command(
    election: str = typer.Option(..., "--election", help="Election id."),
    contest: str | None = typer.Option(None, "--contest", help="One contest (default: all)."),
    roots: bool = typer.Option(
        True, "--roots/--no-roots", help="Also recompute each branch's Merkle root."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the whole report as JSON."),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Recount every contest (or one) from the stored ballot records; report every difference
    from the signed bulletins and the running totals."""
    factory = uow_factory(database_url)
    with signed_in(factory, user, password_stdin, totp) as who:
        with factory() as uow:
            chains = (
                contest_chains(uow.session, election, contest)
                if contest
                else election_chains(uow.session, election)
            )
        what = f"{election}/{contest or '*'}"
        authorize(factory, who, Action.RECOUNT_BALLOTS, chains, what=what)
        report = recount_ballots(
            factory, election, actor=who.actor, role=who.role.value, contest=contest, roots=roots
        )
    if as_json:
        typer.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        _show(report)
    if not report.matches:
        raise typer.Exit(1)


def _show(report: RecountReport) -> None:
    console.print(
        f"recounted {report.ballots:,} ballot records ({report.marks:,} candidate marks) of "
        f"{report.branches:,} branches, {len(report.contests)} contest(s) "
        f"[dim]({', '.join(f'{k} {v:.2f} s' for k, v in report.seconds.items())})[/]"
    )
    if report.matches:
        console.print("[green]every branch and contest matches its bulletins and totals[/]")
        return
    table = Table("contest", "branch", "item", "recounted", "reported")
    for d in report.differences:
        table.add_row(d.contest, d.branch, d.item, str(d.recounted), str(d.reported))
    console.print(table)
    console.print(f"[red]{len(report.differences)} difference(s)[/]")


def register(app: typer.Typer) -> None:
    """Add ``recount-ballots`` to ``entekhab results``."""
    app.command("recount-ballots")(recount_ballots_command)
