"""Seat allocation at approval, on both back ends: a list-PR contest certified from signed
bulletins, the lot's inputs stored and repeatable, and a tie the rules cannot settle refused
with nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from entekhab.domain.counting.ties import Lot
from entekhab.domain.definition import ElectionDefinition
from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.counting.seat_allocation import recheck_outcome
from entekhab.store.tables.counting import CertificationStep
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import TinyElection, setup_tiny_election, tiny_document

NONCE = "5a" * 16


def _send(tiny: TinyElection, *bulletins: tuple[str, str, dict[str, Any]]) -> None:
    for branch, contest, counts in bulletins:
        signed = tiny.sign(tiny.bulletin(branch, contest, **counts))
        receive_bulletin(tiny.uow_factory, signed, actor="station", keys=tiny.keys.directory())


def _approve(tiny: TinyElection, contest: str) -> cert.CertificationStatus:
    return cert.approve(
        tiny.uow_factory,
        tiny.definition.id,
        contest,
        actor="user:exec",
        role="executive_board",
        reason="all branches in",
        ceremony_nonce=NONCE,
    )


def test_list_pr_contest_is_allocated_at_approval_with_its_working(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = setup_tiny_election(uow_factory)
    _send(
        tiny,
        ("B1", "PR1", {"list_votes": {"L1": 50, "L2": 30}, "candidate_votes": {"305": 20}}),
        ("B2", "PR1", {"list_votes": {"L1": 10}, "candidate_votes": {"302": 5, "303": 9}}),
    )
    approved = _approve(tiny, "PR1")
    outcome = approved.outcome
    assert outcome is not None
    # L1 65, L2 39, independent 305 20: 124 votes, 3 seats, Hare quota 124/3
    assert outcome["list_seats"] == {"L1": 2, "L2": 1, "305": 0}
    assert outcome["elected"] == ["302", "301", "303"]
    assert outcome["alternates_ranked"] == ["304"]
    lot = outcome["lot"]
    assert lot["bulletins_root"] == approved.bulletins_root
    assert lot["ceremony_nonce"] == NONCE == approved.ceremony_nonce
    assert lot["seed"] == Lot.from_inputs("PR1", approved.bulletins_root or "", NONCE).seed
    assert outcome["explanation"]["proportional"]["rounds"][0]["quota"] == "124/3"


def test_a_tie_the_contest_rules_cannot_settle_is_refused_and_nothing_is_written(
    uow_factory: UnitOfWorkFactory,
) -> None:
    doc = tiny_document()
    for contest in doc["contests"]:
        if contest["code"] == "CT1":
            contest["tie_break"] = ["isargar", "education"]  # no lot
    tiny = setup_tiny_election(uow_factory, definition=ElectionDefinition.model_validate(doc))
    _send(
        tiny,
        ("B1", "CT1", {"candidate_votes": {"101": 9, "102": 9, "103": 5, "104": 5}}),
        ("B2", "CT1", {"candidate_votes": {}}),  # every branch reports (complete reporting)
    )

    def snapshot() -> tuple[str, int, int]:
        with uow_factory() as uow:
            state = cert.status(uow.session, tiny.definition.id, "CT1")
            steps = uow.session.scalar(select(func.count()).select_from(CertificationStep))
        return state.state, state.version, int(steps or 0)

    before = snapshot()
    with pytest.raises(EntekhabError) as err:
        _approve(tiny, "CT1")
    assert err.value.code == "ALLOCATION_TIE_UNRESOLVED"
    assert snapshot() == before


def test_a_stored_outcome_rechecks_clean_and_any_edit_is_found(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = setup_tiny_election(uow_factory)
    _send(
        tiny,
        ("B1", "CT1", {"candidate_votes": {"101": 9, "102": 9, "103": 5, "104": 5}}),
        ("B2", "CT1", {"candidate_votes": {}}),  # every branch reports (complete reporting)
    )
    _approve(tiny, "CT1")
    with uow_factory() as uow:  # as stored: read back from the database
        outcome = cert.status(uow.session, tiny.definition.id, "CT1").outcome
    assert outcome is not None and outcome["lot"]["draws"]  # 103 and 104 were drawn
    assert recheck_outcome(tiny.definition, "CT1", outcome) == []
    swapped = {**outcome, "elected": [*outcome["elected"][:2], *outcome["alternates_ranked"][:1]]}
    assert recheck_outcome(tiny.definition, "CT1", swapped) == ["elected"]
    other_nonce = {**outcome, "lot": {**outcome["lot"], "ceremony_nonce": "00" * 16}}
    assert recheck_outcome(tiny.definition, "CT1", other_nonce) == ["ALLOCATION_BAD_INPUT"]
