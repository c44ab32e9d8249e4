"""The boards' and headquarters' steps through the real ``entekhab`` CLI (typer's CliRunner),
signed in as the user with password and TOTP, on both back ends: the same checks as the API
(the permission table decides the role, the jurisdiction is checked, the services ask again);
each refusal is coded, writes nothing and is logged."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from entekhab.cli import app
from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.closing import close_branch
from entekhab.service.election_day.held_ballots import held_ballots
from entekhab.service.election_day.provisional import reconcile_provisional
from entekhab.service.security.accounts import add_user
from entekhab.store.tables.counting import CertificationStep
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import person
from tests.closing_support import closing, enrol_head
from tests.election_day_support import NOW, add_citizens, enrol, load_election
from tests.provisional_support import provisional_ballot, provisional_item
from tests.results_support import setup_tiny_election

PASSWORD = "a long enough passphrase 1405"
NONCE = "5a" * 16


def _user(factory: UnitOfWorkFactory, name: str, role: Role, place: str, who: int) -> str | None:
    with factory() as uow:
        return add_user(
            uow,
            username=name,
            full_name=name,
            role=role,
            jurisdiction=place,
            national_code=person(who),
            password=PASSWORD,
            actor="operator:test",
        ).totp_secret


def _code(secret: str | None, steps_ahead: int = 0) -> list[str]:
    """TOTP option for the CLI; ``steps_ahead`` for a second sign-in in the same 30 s step."""
    if secret is None:
        return []
    return ["--totp", pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)]


def _cli(factory: UnitOfWorkFactory, *args: str) -> Any:
    url = factory.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(
        app, ["results", *args, "--password-stdin", "--database-url", url], input=PASSWORD + "\n"
    )


def _refused(result: Any, code: str) -> EntekhabError:
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, EntekhabError), result.output
    assert result.exception.code == code, result.exception.to_dict()
    assert result.exception.message_fa and result.exception.message_en
    return result.exception


def _count(factory: UnitOfWorkFactory, model: type, *where: object) -> int:
    with factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _denied(factory: UnitOfWorkFactory) -> int:
    return _count(factory, EventLogEntry, EventLogEntry.code == "PERMISSION_DENIED")


def _state(factory: UnitOfWorkFactory, election: str) -> str:
    with factory() as uow:
        return cert.status(uow.session, election, "CT1").state


def test_approve_confirm_publish_from_the_cli_each_by_its_own_role(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = setup_tiny_election(uow_factory)
    e = tiny.definition.id
    for branch, votes in (("B1", {"101": 60, "102": 50, "103": 40}), ("B2", {"104": 30})):
        signed = tiny.sign(tiny.bulletin(branch, "CT1", candidate_votes=votes))
        receive_bulletin(uow_factory, signed, actor="station", keys=tiny.keys.directory())
    exec_c1 = _user(uow_factory, "exec-c1", Role.EXECUTIVE_BOARD, "C1", 1)
    exec_far = _user(uow_factory, "exec-far", Role.EXECUTIVE_BOARD, "C9", 2)
    sup_c1 = _user(uow_factory, "sup-c1", Role.SUPERVISOR, "C1", 3)
    hq = _user(uow_factory, "hq", Role.HQ_ADMIN, "country", 4)
    contest = ["--election", e, "--contest", "CT1"]
    approve = ["approve", *contest, "--reason", "all counted", "--ceremony-nonce", NONCE]

    # Refusals: each coded, nothing written, each in the log.
    steps, denied = _count(uow_factory, CertificationStep), _denied(uow_factory)
    _refused(
        _cli(uow_factory, *approve, "--user", "exec-far", *_code(exec_far)), "OUT_OF_JURISDICTION"
    )
    _refused(_cli(uow_factory, *approve, "--user", "exec-c1"), "SECOND_FACTOR_REQUIRED")
    # sup-c1 signs in three times: codes of three successive steps (each is good once).
    _refused(
        _cli(uow_factory, *approve, "--user", "sup-c1", *_code(sup_c1, -1)), "ROLE_NOT_ALLOWED"
    )
    assert (_count(uow_factory, CertificationStep), _state(uow_factory, e)) == (steps, "unofficial")
    assert _denied(uow_factory) == denied + 2

    done = _cli(uow_factory, *approve, "--user", "exec-c1", *_code(exec_c1))
    assert done.exit_code == 0, done.output
    assert "approved" in done.output
    confirm = ["confirm", *contest, "--reason", "checked"]
    confirmed = _cli(uow_factory, *confirm, "--user", "sup-c1", *_code(sup_c1))
    assert confirmed.exit_code == 0, confirmed.output

    publish = ["publish", *contest, "--reason", "announce"]
    denied = _denied(uow_factory)
    _refused(_cli(uow_factory, *publish, "--user", "sup-c1", *_code(sup_c1, 1)), "ROLE_NOT_ALLOWED")
    assert _state(uow_factory, e) == "confirmed" and _denied(uow_factory) == denied + 1
    published = _cli(uow_factory, *publish, "--user", "hq", *_code(hq))
    assert published.exit_code == 0, published.output
    assert _state(uow_factory, e) == "published"
    with uow_factory() as uow:
        roles = uow.session.scalars(select(CertificationStep.role).order_by(CertificationStep.id))
        assert list(roles) == ["executive_board", "supervisor", "hq_admin"]
        actors = uow.session.scalars(
            select(EventLogEntry.actor).where(EventLogEntry.code == "RESULT_PUBLISHED")
        ).all()
    assert actors == ["user:hq"], "the step is taken in the signed-in user's name"


@pytest.fixture
def held(uow_factory: UnitOfWorkFactory) -> int:
    """A provisional ballot held at B1: its voter had already checked in at B2. The board
    decides once B1 has closed and its held ballot has reached headquarters
    (docs/ballot-secrecy.md)."""
    digest = load_election(uow_factory, "provisional")
    stations = {}
    keys = {}
    for seed, branch in enumerate(("B1", "B2"), start=1):
        kp, info = enrol(uow_factory, branch, seed)
        open_branch(uow_factory, info, opened_by="head", definition_hash=digest, now=NOW)
        stations[branch] = info
        keys[branch] = (kp, enrol_head(uow_factory, branch))
    [code] = add_citizens(uow_factory, 1, seed=21)
    check_in(uow_factory, stations["B2"], CheckInRequest(code, "S", "match"), now=NOW)
    item = provisional_item(code)
    [result] = reconcile_provisional(uow_factory, stations["B1"], [item], now=NOW)["results"]
    assert result["status"] == "held"
    incident = int(result["incident_id"])
    kp, head = keys["B1"]
    upload = closing(
        digest,
        "B1",
        [],
        station_key=kp,
        head=head,
        held=[(incident, provisional_ballot("B1"))],
        voters_checked_in=0,
        offline_policy="provisional",
    )
    close_branch(uow_factory, stations["B1"], upload, now=NOW)
    return incident


def test_the_executive_board_decides_a_held_ballot_from_the_cli(
    uow_factory: UnitOfWorkFactory, held: int
) -> None:
    board = _user(uow_factory, "exec", Role.EXECUTIVE_BOARD, "country", 1)
    auditor = _user(uow_factory, "aud", Role.AUDITOR, "country", 2)
    decide = [
        "decide-held",
        "--election",
        "E7",
        "--branch",
        "B1",
        "--incident",
        str(held),
        "--decision",
        "count",
        "--reason",
        "the board heard both branches",
    ]
    denied = _denied(uow_factory)
    _refused(_cli(uow_factory, *decide, "--user", "aud", *_code(auditor)), "ROLE_NOT_ALLOWED")
    assert [h["ballot"] for h in held_ballots(uow_factory, "E7")] == ["held"]
    assert _denied(uow_factory) == denied + 1

    listed = _cli(uow_factory, "held-ballots", "--election", "E7", "--user", "aud")
    assert listed.exit_code == 0 and '"held"' in listed.output

    done = _cli(uow_factory, *decide, "--user", "exec", *_code(board))
    assert done.exit_code == 0, done.output
    assert [h["ballot"] for h in held_ballots(uow_factory, "E7")] == ["counted"]
