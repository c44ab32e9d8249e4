"""Who publishes: headquarters, and only what both boards have passed (both back ends).

The permission table is the one authority: the service asks it, so a supervisor (whom the old
service let publish) is refused with ROLE_NOT_ALLOWED, the result stays confirmed, nothing is
written and the refusal is in the log; a board decision on a held ballot by another role is
refused the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from entekhab.domain.access import Principal, Role
from entekhab.domain.permissions import Action, roles_for
from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.election_day.held_ballots import decide_held_ballot
from entekhab.service.security.authority import may_act_on
from entekhab.store.tables.counting import CertificationStep
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import TinyElection, setup_tiny_election

NONCE = "5a" * 16


@pytest.fixture
def confirmed(uow_factory: UnitOfWorkFactory) -> TinyElection:
    election = setup_tiny_election(uow_factory)
    # Every branch reports: approval needs complete reporting (issue 10 item 3).
    for branch, votes in (("B1", {"101": 60, "102": 5}), ("B2", {"104": 30})):
        signed = election.sign(election.bulletin(branch, "CT1", candidate_votes=votes))
        receive_bulletin(uow_factory, signed, actor="station", keys=election.keys.directory())
    e = election.definition.id
    cert.approve(
        uow_factory,
        e,
        "CT1",
        actor="user:exec",
        role="executive_board",
        reason="counted",
        ceremony_nonce=NONCE,
    )
    cert.confirm(uow_factory, e, "CT1", actor="user:sup", role="supervisor", reason="checked")
    return election


def _denied(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(EventLogEntry)
                .where(EventLogEntry.code == "PERMISSION_DENIED")
            )
            or 0
        )


def _steps(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(CertificationStep)) or 0)


@pytest.mark.parametrize("role", ["supervisor", "executive_board", "auditor", "nobody"])
def test_only_headquarters_publishes_a_confirmed_result(confirmed: TinyElection, role: str) -> None:
    f, e = confirmed.uow_factory, confirmed.definition.id
    steps, denied = _steps(f), _denied(f)
    with pytest.raises(EntekhabError) as refused:
        cert.publish(f, e, "CT1", actor=f"user:{role}", role=role, reason="announce")
    assert (refused.value.code, refused.value.status) == ("ROLE_NOT_ALLOWED", 403)
    assert refused.value.message_fa and refused.value.message_en
    with f() as uow:
        assert cert.status(uow.session, e, "CT1").state == "confirmed"
    assert _steps(f) == steps, "nothing written"
    assert _denied(f) == denied + 1, "the refusal is logged"

    done = cert.publish(f, e, "CT1", actor="user:hq", role="hq_admin", reason="announce")
    assert done.state == "published"


def test_the_table_says_headquarters_publishes() -> None:
    assert {r.value for r in roles_for(Action.PUBLISH_RESULT)} == {"hq_admin"}


def test_a_held_ballot_decision_by_another_role_is_refused_and_logged(
    uow_factory: UnitOfWorkFactory,
) -> None:
    setup_tiny_election(uow_factory)
    denied = _denied(uow_factory)
    with pytest.raises(EntekhabError) as refused:
        decide_held_ballot(
            uow_factory,
            "tiny-1405",
            "B1",
            1,
            decision="count",
            reason="the supervisor thinks so",
            actor="user:sup",
            role="supervisor",
            now=datetime.now(UTC),
        )
    assert refused.value.code == "ROLE_NOT_ALLOWED"
    assert _denied(uow_factory) == denied + 1


def test_a_page_asks_which_steps_to_offer(uow_factory: UnitOfWorkFactory) -> None:
    setup_tiny_election(uow_factory)
    sup_c1 = Principal(1, "sup-c1", Role.SUPERVISOR, "C1")
    sup_far = Principal(2, "sup-far", Role.SUPERVISOR, "C9")
    hq = Principal(3, "hq", Role.HQ_ADMIN, "country")
    where = {"election": "tiny-1405", "contest": "CT1"}
    with uow_factory() as uow:
        s = uow.session
        assert may_act_on(s, sup_c1, Action.CONFIRM_RESULT, **where)
        assert not may_act_on(s, sup_c1, Action.PUBLISH_RESULT, **where)
        assert not may_act_on(s, sup_far, Action.CONFIRM_RESULT, **where)
        assert may_act_on(s, hq, Action.PUBLISH_RESULT, **where)
        assert not may_act_on(s, hq, Action.PUBLISH_RESULT, election="tiny-1405", contest="NOPE")
        assert may_act_on(s, sup_c1, Action.FOLLOW_ELECTION_DAY, election="tiny-1405", branch="B1")
