"""``entekhab users add|disable|reset|list``: accounts, operator-run at headquarters;
``entekhab users propose|proposals|approve-grant|reject-grant``: board, vetting and headquarters
accounts by two headquarters admins, each signed in as themselves (password and TOTP).

The operator's console is where the first headquarters admins are made; it is bound by where a
role may sit and by separation of duties (docs/permissions.md), like every grant. Signed-in
officers grant through the API, within the grant table, and board, vetting and headquarters
accounts made there need two headquarters admins.

Passwords are read from a hidden prompt (or from standard input with ``--password-stdin`` for
scripts), never from the command line, where they would stay in the shell's history. ``add`` and
``reset --new-totp`` print the TOTP provisioning URI once: give it to the user's authenticator
app (as a QR code) and do not keep it.
"""

from __future__ import annotations

import getpass
import sys
from datetime import UTC, datetime

import typer

from entekhab.cli._common import console
from entekhab.cli._signin import PASSWORD_STDIN, TOTP, USER, read_password, signed_in
from entekhab.domain.access import Role
from entekhab.domain.permissions import Action
from entekhab.service.bootstrap import UnitOfWorkFactory, make_engine
from entekhab.service.security.accounts import (
    add_user,
    disable_user,
    record_national_code,
    reset_password,
)
from entekhab.service.security.authority import require_action
from entekhab.service.security.grant_proposals import approve_grant, propose_grant, reject_grant
from entekhab.service.security.grants import pending_grants
from entekhab.service.security.user_directory import users_within
from entekhab.settings import get_settings

__all__ = ["app"]

app = typer.Typer(
    help="Accounts: add, disable, reset, list; two-admin grants: propose, approve, reject.",
    no_args_is_help=True,
)

_DB = typer.Option(None, envvar="ENTEKHAB_DATABASE_URL", help="SQLAlchemy URL.")
_ACTOR = typer.Option(
    None, help="Who does this, for the event log (default: operator:<login name>)."
)
_STDIN = typer.Option(False, "--password-stdin", help="Read the password from standard input.")


def _uow(database_url: str | None) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(make_engine(database_url or get_settings().database_url))


def _actor(actor: str | None) -> str:
    return actor or f"operator:{getpass.getuser()}"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Password", hide_input=True)
    again = typer.prompt("Password again", hide_input=True)
    if first != again:
        console.print("The two passwords differ.")
        raise typer.Exit(2)
    return str(first)


def _show_totp(uri: str | None) -> None:
    if uri:
        console.print("TOTP provisioning URI (shown once; load it into the authenticator app):")
        console.print(uri, soft_wrap=True, highlight=False)


@app.command("add")
def add(
    username: str = typer.Argument(..., help="Login name."),
    role: Role = typer.Option(..., help="Role."),
    jurisdiction: str = typer.Option(..., help="'country' or a division or branch code."),
    full_name: str = typer.Option(..., "--full-name", help="The person's full name."),
    national_code: str = typer.Option(
        ..., "--national-code", help="The person's national code (separation of duties)."
    ),
    password_stdin: bool = _STDIN,
    actor: str | None = _ACTOR,
    database_url: str | None = _DB,
) -> None:
    """Create an account; prints the TOTP provisioning URI once for HQ and board roles."""
    password = _password(password_stdin)
    with _uow(database_url)() as uow:
        created = add_user(
            uow,
            username=username,
            full_name=full_name,
            role=role,
            jurisdiction=jurisdiction,
            national_code=national_code,
            password=password,
            actor=_actor(actor),
        )
    console.print(f"added {created.username} (id {created.user_id}, {role.value}, {jurisdiction})")
    _show_totp(created.totp_uri)


@app.command("national-code")
def national_code_(
    username: str = typer.Argument(..., help="Login name."),
    national_code: str = typer.Argument(..., help="The person's national code."),
    actor: str | None = _ACTOR,
    database_url: str | None = _DB,
) -> None:
    """Record the national code of an account made before codes were kept (checked for
    separation of duties)."""
    with _uow(database_url)() as uow:
        record_national_code(uow, username, national_code, actor=_actor(actor))
    console.print(f"recorded the national code of {username}")


@app.command("disable")
def disable(
    username: str = typer.Argument(..., help="Login name."),
    actor: str | None = _ACTOR,
    database_url: str | None = _DB,
) -> None:
    """Disable an account and revoke all its sessions."""
    with _uow(database_url)() as uow:
        disable_user(uow, username, actor=_actor(actor))
    console.print(f"disabled {username}; its sessions are revoked")


@app.command("reset")
def reset(
    username: str = typer.Argument(..., help="Login name."),
    new_totp: bool = typer.Option(False, "--new-totp", help="Also issue a new TOTP secret."),
    password_stdin: bool = _STDIN,
    actor: str | None = _ACTOR,
    database_url: str | None = _DB,
) -> None:
    """Set a new password (unlocks the account, revokes its sessions)."""
    password = _password(password_stdin)
    with _uow(database_url)() as uow:
        done = reset_password(uow, username, password, actor=_actor(actor), new_totp=new_totp)
    console.print(f"reset {username}; its sessions are revoked")
    _show_totp(done.totp_uri)


@app.command("list")
def list_(
    jurisdiction: str = typer.Option("country", help="Only accounts inside this jurisdiction."),
    database_url: str | None = _DB,
) -> None:
    """List accounts (username, role, jurisdiction, state); never secrets."""
    with _uow(database_url)() as uow:
        found = users_within(uow, jurisdiction)
    now = datetime.now(UTC)
    for s in found:
        locked = s.locked_until is not None and s.locked_until > now
        state = "disabled" if s.disabled else ("locked" if locked else "active")
        factor = "totp" if s.second_factor else "-"
        # Plain tab-separated lines, so scripts can read them.
        typer.echo(f"{s.username}\t{s.role}\t{s.jurisdiction}\t{state}\t{factor}\t{s.full_name}")


@app.command("propose")
def propose(
    username: str = typer.Argument(..., help="Login name of the proposed account."),
    role: Role = typer.Option(..., help="A board, vetting or headquarters role."),
    jurisdiction: str = typer.Option(..., help="'country' or a division code."),
    full_name: str = typer.Option(..., "--full-name", help="The person's full name."),
    national_code: str = typer.Option(..., "--national-code", help="The person's national code."),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str | None = _DB,
) -> None:
    """Headquarters admin: propose a board, vetting or headquarters account (another admin
    approves it). With --password-stdin: your password, then the new account's, one per line."""
    factory = _uow(database_url)
    with signed_in(factory, user, password_stdin, totp) as who:
        initial = read_password(password_stdin, "The new account's initial password")
        with factory() as uow:
            proposal_id = propose_grant(
                uow,
                who,
                username=username,
                full_name=full_name,
                role=role,
                jurisdiction=jurisdiction,
                national_code=national_code,
                password=initial,
            )
    console.print(f"proposal {proposal_id}: {username} as {role.value} at {jurisdiction}")


@app.command("proposals")
def proposals(
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str | None = _DB,
) -> None:
    """Headquarters admin: proposed accounts waiting for a second admin (tab-separated)."""
    factory = _uow(database_url)
    with signed_in(factory, user, password_stdin, totp) as who:
        require_action(factory, Action.DECIDE_GRANT, role=who.role, actor=who.actor, what="grants")
        with factory() as uow:
            found = pending_grants(uow)
    for p in found:
        typer.echo(
            f"{p.proposal_id}\t{p.username}\t{p.role.value}\t{p.jurisdiction}\t{p.proposed_by}"
        )


@app.command("approve-grant")
def approve_grant_(
    proposal_id: int = typer.Argument(..., help="The proposal's id."),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str | None = _DB,
) -> None:
    """Headquarters admin: approve another admin's proposal; prints the TOTP URI once."""
    factory = _uow(database_url)
    with signed_in(factory, user, password_stdin, totp) as who, factory() as uow:
        created = approve_grant(uow, who, proposal_id)
    console.print(f"added {created.username} ({created.role.value}, {created.jurisdiction})")
    _show_totp(created.totp_uri)


@app.command("reject-grant")
def reject_grant_(
    proposal_id: int = typer.Argument(..., help="The proposal's id."),
    reason: str = typer.Option(..., "--reason", help="Why it is rejected."),
    user: str = USER,
    password_stdin: bool = PASSWORD_STDIN,
    totp: str | None = TOTP,
    database_url: str | None = _DB,
) -> None:
    """Headquarters admin: reject (or, as its proposer, withdraw) a proposal."""
    factory = _uow(database_url)
    with signed_in(factory, user, password_stdin, totp) as who, factory() as uow:
        reject_grant(uow, who, proposal_id, reason=reason)
    console.print(f"proposal {proposal_id} rejected")
