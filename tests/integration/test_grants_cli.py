"""Two-admin grants through the real ``entekhab users`` CLI, each admin signed in with password
and TOTP, on both back ends: the proposer cannot approve, a second admin can; refusals coded,
nothing written, logged."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from entekhab.cli import app
from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.security.accounts import add_user
from entekhab.store.tables.security import EventLogEntry, UserRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user, person

PASSWORD = "a long enough passphrase 1405"


def _admin(factory: UnitOfWorkFactory, name: str, who: int) -> pyotp.TOTP:
    with factory() as uow:
        secret = add_user(
            uow,
            username=name,
            full_name=name,
            role=Role.HQ_ADMIN,
            jurisdiction="country",
            national_code=person(who),
            password=PASSWORD,
            actor="operator:test",
        ).totp_secret
    assert secret is not None
    return pyotp.TOTP(secret)


def _users(engine: Engine, *args: str, stdin: str) -> Any:
    url = engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(
        app, ["users", *args, "--password-stdin", "--database-url", url], input=stdin
    )


def _count(factory: UnitOfWorkFactory, model: type, *where: object) -> int:
    with factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_two_headquarters_admins_grant_a_supervisor_from_the_cli(engine: Engine) -> None:
    factory = UnitOfWorkFactory(engine)
    hq1, hq2 = _admin(factory, "hq1", 1), _admin(factory, "hq2", 2)
    proposed = _users(
        engine,
        "propose",
        "sup-c1",
        "--role",
        "supervisor",
        "--jurisdiction",
        "C1",
        "--full-name",
        "ناظر",
        "--national-code",
        person(10),
        "--user",
        "hq1",
        "--totp",
        hq1.at(time.time() - 30),
        stdin=f"{PASSWORD}\nthe new account's passphrase\n",
    )
    assert proposed.exit_code == 0, proposed.output
    proposal = proposed.output.split()[1].rstrip(":")

    accounts, refused = (
        _count(factory, UserRow),
        _count(factory, EventLogEntry, EventLogEntry.code == "GRANT_REFUSED"),
    )
    own = _users(
        engine, "approve-grant", proposal, "--user", "hq1", "--totp", hq1.now(), stdin=PASSWORD
    )
    assert isinstance(own.exception, EntekhabError), own.output
    assert own.exception.code == "GRANT_OWN_PROPOSAL"
    assert _count(factory, UserRow) == accounts
    assert _count(factory, EventLogEntry, EventLogEntry.code == "GRANT_REFUSED") == refused + 1

    listed = _users(engine, "proposals", "--user", "hq2", "--totp", hq2.now(), stdin=PASSWORD)
    assert listed.exit_code == 0 and f"{proposal}\tsup-c1\tsupervisor\tC1\thq1" in listed.output
    approved = _users(
        engine,
        "approve-grant",
        proposal,
        "--user",
        "hq2",
        "--totp",
        hq2.at(time.time() + 30),
        stdin=PASSWORD,
    )
    assert approved.exit_code == 0, approved.output
    assert "otpauth://totp/" in approved.output
    with factory() as uow:
        row = uow.session.scalars(select(UserRow).where(UserRow.username == "sup-c1")).one()
        made = (row.role, row.jurisdiction, row.national_code)
    assert made == ("supervisor", "C1", person(10))


def test_an_old_account_gets_its_national_code_checked_for_separation(engine: Engine) -> None:
    factory = UnitOfWorkFactory(engine)
    mint_user(factory, "exec-old", Role.EXECUTIVE_BOARD, "C1")  # made before codes were kept
    mint_user(factory, "sup-c1", Role.SUPERVISOR, "C1", person(5))
    url = engine.url.render_as_string(hide_password=False)

    def record(code: str) -> Any:
        args = ["users", "national-code", "exec-old", code, "--database-url", url]
        return CliRunner().invoke(app, args)

    refused = _count(factory, EventLogEntry, EventLogEntry.code == "GRANT_REFUSED")
    same_person = record(person(5))
    assert isinstance(same_person.exception, EntekhabError), same_person.output
    assert same_person.exception.code == "DUTIES_MUST_STAY_SEPARATE"
    assert _count(factory, EventLogEntry, EventLogEntry.code == "GRANT_REFUSED") == refused + 1
    assert _count(factory, UserRow, UserRow.national_code.is_(None)) == 1, "nothing written"

    assert record(person(6)).exit_code == 0
    again = record(person(7))
    assert isinstance(again.exception, EntekhabError) and again.exception.code == "INVALID_INPUT"
    with factory() as uow:
        kept = uow.session.scalar(
            select(UserRow.national_code).where(UserRow.username == "exec-old")
        )
    assert kept == person(6)
