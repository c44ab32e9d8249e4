"""``entekhab results approve|confirm|publish|recount|held-ballots|decide-held``: the boards'
and headquarters' steps from the command line, signed in as the person who takes them.

Each command signs the user in as the API does (password, and the TOTP code for headquarters
and the boards; the same lockout and throttle), asks the permission table whether this user may
take this step on this contest or branch (``service.security.authority.authorize``: the role,
then the jurisdiction — the HTTP gate's two checks), runs the same service the API runs (which
asks the table again), and signs out. A refusal is a coded error in Persian and English, writes
nothing, and is in the event log.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum

import typer

from entekhab.cli._common import DB_OPTION, console, uow_factory
from entekhab.cli._signin import PASSWORD_STDIN, TOTP, USER, signed_in
from entekhab.domain.access import Principal
from entekhab.domain.permissions import Action
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.counting import certification as cert
from entekhab.service.election_day.held_ballots import decide_held_ballot, held_ballots
from entekhab.service.security.authority import authorize
from entekhab.service.security.jurisdictions import branch_chain, contest_chains, election_chains

__all__ = ["register"]

_ELECTION = typer.Option(..., "--election", help="Election id.")
_CONTEST = typer.Option(..., "--contest", help="Contest code.")
_REASON = typer.Option(..., "--reason", help="Why (kept with the step and in the event log).")


class HeldDecision(StrEnum):
    COUNT = "count"
    REJECT = "reject"


def _on_contest(
    factory: UnitOfWorkFactory, user: Principal, action: Action, election: str, contest: str
) -> None:
    with factory() as uow:
        chains = contest_chains(uow.session, election, contest)
    authorize(factory, user, action, chains, what=f"{election}/{contest}")


def _show(status: cert.CertificationStatus) -> None:
    console.print(
        f"{status.election_id}/{status.contest}: {status.state} ({status.label}), "
        f"version {status.version}"
    )


def approve(
    election: str = _ELECTION,
    contest: str = _CONTEST,
    reason: str = _REASON,
    ceremony_nonce: str = typer.Option(
        ..., "--ceremony-nonce", help="The nonce drawn at the public ceremony (hex)."
    ),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Executive board: approve a contest's result (seats are allocated)."""
    factory = uow_factory(database_url)
    with signed_in(factory, user, password_stdin, totp) as who:
        _on_contest(factory, who, Action.APPROVE_RESULT, election, contest)
        status = cert.approve(
            factory,
            election,
            contest,
            actor=who.actor,
            role=who.role.value,
            reason=reason,
            ceremony_nonce=ceremony_nonce,
        )
    _show(status)


_STEPS = {
    "confirm": (
        Action.CONFIRM_RESULT,
        cert.confirm,
        "Supervisory board: confirm an approved result (it becomes official).",
    ),
    "publish": (
        Action.PUBLISH_RESULT,
        cert.publish,
        "Headquarters: publish a result both boards have passed.",
    ),
    "recount": (
        Action.ORDER_RECOUNT,
        cert.return_to_unofficial,
        "Either board: return a result to unofficial for a recount.",
    ),
}


def _step_command(name: str) -> Callable[..., None]:
    action, step, help_text = _STEPS[name]

    def command(
        election: str = _ELECTION,
        contest: str = _CONTEST,
        reason: str = _REASON,
        user: str = USER,
        password_stdin: bool = PASSWORD_STDIN,
        totp: str | None = TOTP,
        database_url: str = DB_OPTION,
    ) -> None:
        factory = uow_factory(database_url)
        with signed_in(factory, user, password_stdin, totp) as who:
            _on_contest(factory, who, action, election, contest)
            status = step(
                factory, election, contest, actor=who.actor, role=who.role.value, reason=reason
            )
        _show(status)

    command.__doc__ = help_text
    return command


def held(
    election: str = _ELECTION,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Provisional incidents and the state of each one's ballot (held, counted, rejected)."""
    factory = uow_factory(database_url)
    with signed_in(factory, user, password_stdin, totp) as who:
        with factory() as uow:
            chains = election_chains(uow.session, election)
        authorize(factory, who, Action.FOLLOW_ELECTION_DAY, chains, what=election)
        found = held_ballots(factory, election)
    typer.echo(json.dumps(found, ensure_ascii=False, indent=2, default=str))


def decide_held(
    election: str = _ELECTION,
    branch: str = typer.Option(..., "--branch", help="The branch of the incident."),
    incident: int = typer.Option(..., "--incident", help="The incident's id."),
    decision: HeldDecision = typer.Option(..., "--decision", help="count or reject."),
    reason: str = _REASON,
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str = DB_OPTION,
) -> None:
    """Executive board: count or reject a held provisional ballot."""
    factory = uow_factory(database_url)
    with signed_in(factory, user, password_stdin, totp) as who:
        with factory() as uow:
            chains = branch_chain(uow.session, election, branch)
        what = f"{election}/{branch}/held-ballots/{incident}"
        authorize(factory, who, Action.DECIDE_HELD_BALLOT, chains, what=what)
        done = decide_held_ballot(
            factory,
            election,
            branch,
            incident,
            decision=decision.value,
            reason=reason,
            actor=who.actor,
            role=who.role.value,
            now=datetime.now(UTC),
        )
    console.print(f"incident {incident} at {branch}: ballot {done['ballot']}")


def register(app: typer.Typer) -> None:
    """Add the boards' and headquarters' steps to ``entekhab results``."""
    app.command("approve")(approve)
    for name in _STEPS:
        app.command(name)(_step_command(name))
    app.command("held-ballots")(held)
    app.command("decide-held")(decide_held)
