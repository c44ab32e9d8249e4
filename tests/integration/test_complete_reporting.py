"""Approval needs complete reporting (issue 10 item 3), on both back ends: the executive board
cannot approve a contest while one of its branches is silent, unless it records that branch as
not counted with a reason; the approved result, its sheet and its exports then say so."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.counting.exports import contest_csv, err_report
from entekhab.service.counting.reporting import record_branch_not_counted
from entekhab.service.counting.result_sheets import contest_sheet
from entekhab.store.tables.counting import CertificationStep, ContestResultRow
from entekhab.store.tables.rules import BranchNotCounted
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from entekhab.web.sheets import render_result_sheet
from tests.results_support import TinyElection, setup_tiny_election

NONCE = "5a" * 16
NOW = datetime(2026, 6, 18, 16, 0, tzinfo=UTC)


@pytest.fixture
def half_reported(uow_factory: UnitOfWorkFactory) -> TinyElection:
    """Contest CT1 is offered at B1 and B2; only B1 has reported."""
    election = setup_tiny_election(uow_factory)
    signed = election.sign(election.bulletin("B1", "CT1", candidate_votes={"101": 60, "102": 50}))
    receive_bulletin(uow_factory, signed, actor="station", keys=election.keys.directory())
    return election


def _approve(tiny: TinyElection) -> cert.CertificationStatus:
    return cert.approve(
        tiny.uow_factory,
        tiny.definition.id,
        "CT1",
        actor="user:exec",
        role="executive_board",
        reason="the count is complete",
        ceremony_nonce=NONCE,
    )


def _rows(uow_factory: UnitOfWorkFactory, table: Any) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def _events(uow_factory: UnitOfWorkFactory, code: str) -> list[dict[str, Any]]:
    with uow_factory() as uow:
        rows = uow.session.scalars(select(EventLogEntry).where(EventLogEntry.code == code))
        return [json.loads(r.payload) for r in rows]


def test_approval_with_a_silent_branch_is_refused_writes_nothing_and_is_logged(
    half_reported: TinyElection,
) -> None:
    uow = half_reported.uow_factory
    with pytest.raises(EntekhabError) as refused:
        _approve(half_reported)
    error = refused.value
    assert error.code == "REPORTING_INCOMPLETE" and error.status == 409
    assert error.details["silent"] == ["B2"] and error.details["expected"] == 2
    assert "B2" in error.message_fa and "B2" in error.message_en
    assert _rows(uow, ContestResultRow) == 0 and _rows(uow, CertificationStep) == 0
    [logged] = _events(uow, "RESULT_APPROVAL_REFUSED")
    assert logged == {"contest": "CT1", "code": "REPORTING_INCOMPLETE", "silent": ["B2"]}


def test_a_branch_recorded_as_not_counted_lets_the_board_approve_and_the_result_says_so(
    half_reported: TinyElection,
) -> None:
    uow, election_id = half_reported.uow_factory, half_reported.definition.id
    reason = "the journal and its copy were both lost in a fire"
    record_branch_not_counted(
        uow,
        election_id,
        "CT1",
        "B2",
        reason=reason,
        actor="user:exec",
        now=NOW,
        role="executive_board",
    )
    approved = _approve(half_reported)
    assert approved.outcome is not None
    reporting = approved.outcome["reporting"]
    assert reporting["not_counted"] == [
        {"branch": "B2", "reason": reason, "recorded_by": "user:exec"}
    ]
    assert (reporting["branches_expected"], reporting["branches_reported"]) == (2, 1)
    assert _events(uow, "BRANCH_RECORDED_NOT_COUNTED")[0]["branch"] == "B2"

    sheet = contest_sheet(uow, election_id, "CT1", generated_at=NOW, published_only=False)
    assert sheet.not_counted[0]["branch"] == "B2"
    html = render_result_sheet(sheet)
    assert "شعب شمرده‌نشده" in html and reason in html

    rows = list(csv.reader(io.StringIO(contest_csv(uow, election_id, "CT1", published_only=False))))
    assert ["B2", "not_counted", "B2", reason] == rows[-1][3:7]
    err = err_report(uow, election_id, generated=NOW, published_only=False)
    [contest] = [c for c in err["Election"][0]["Contest"] if c["@id"] == "contest-CT1"]
    assert contest["x-entekhab"]["branches_not_counted"][0]["reason"] == reason


@pytest.mark.parametrize(
    ("branch", "reason", "code"),
    [
        ("B1", "late", "BRANCH_HAS_REPORTED"),
        ("B3", "late", "BRANCH_NOT_IN_CONTEST"),
        ("B2", "   ", "CERTIFICATION_REASON_MISSING"),
    ],
)
def test_a_bad_not_counted_record_is_refused_and_writes_nothing(
    half_reported: TinyElection, branch: str, reason: str, code: str
) -> None:
    uow = half_reported.uow_factory
    with pytest.raises(EntekhabError) as refused:
        record_branch_not_counted(
            uow,
            half_reported.definition.id,
            "CT1",
            branch,
            reason=reason,
            actor="u",
            now=NOW,
            role="executive_board",
        )
    assert refused.value.code == code
    assert _rows(uow, BranchNotCounted) == 0


def test_a_branch_cannot_be_recorded_twice_nor_after_approval(
    half_reported: TinyElection,
) -> None:
    uow, election_id = half_reported.uow_factory, half_reported.definition.id
    record_branch_not_counted(
        uow, election_id, "CT1", "B2", reason="fire", actor="u", now=NOW, role="executive_board"
    )
    with pytest.raises(EntekhabError) as twice:
        record_branch_not_counted(
            uow,
            election_id,
            "CT1",
            "B2",
            reason="again",
            actor="u",
            now=NOW,
            role="executive_board",
        )
    assert twice.value.code == "BRANCH_ALREADY_NOT_COUNTED"
    _approve(half_reported)
    with pytest.raises(EntekhabError) as late:
        record_branch_not_counted(
            uow, election_id, "CT1", "B2", reason="x", actor="u", now=NOW, role="executive_board"
        )
    assert late.value.code == "CERTIFICATION_WRONG_STATE"
    assert _rows(uow, BranchNotCounted) == 1


def test_only_the_executive_board_records_a_branch_as_not_counted(
    half_reported: TinyElection,
) -> None:
    uow = half_reported.uow_factory
    with pytest.raises(EntekhabError) as refused:
        record_branch_not_counted(
            uow,
            half_reported.definition.id,
            "CT1",
            "B2",
            reason="lost",
            actor="user:sup",
            role="supervisor",
            now=NOW,
        )
    assert refused.value.code == "ROLE_NOT_ALLOWED"
    assert _rows(uow, BranchNotCounted) == 0
