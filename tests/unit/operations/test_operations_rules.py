"""The pure rules of operations: an office's standing on a directive and when it is reminded,
when an overdue commitment climbs, which rule version is in force, where a complaint goes, who
may read each classification level, and how lessons and action items may move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from entekhab.domain.access import Role
from entekhab.domain.candidates.rules import SupervisingBody
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.operations.classification import Level, may_read
from entekhab.domain.operations.commitments import escalation_due
from entekhab.domain.operations.complaints import office_for
from entekhab.domain.operations.directives import OfficePart, office_state, reminder_reason
from entekhab.domain.operations.lessons import check_status_change
from entekhab.domain.operations.meetings import check_action_change, is_late
from entekhab.domain.operations.rules_library import in_force
from entekhab.errors import EntekhabError
from tests.results_support import tiny_document

ISSUED = datetime(2026, 5, 1, 6, tzinfo=UTC)
DEADLINE = ISSUED + timedelta(days=3)


def _remind(part: OfficePart, now: datetime) -> str | None:
    return reminder_reason(part, issued_at=ISSUED, deadline=DEADLINE, now=now)


def test_an_office_is_reminded_to_acknowledge_after_a_day_and_when_overdue() -> None:
    silent = OfficePart("D1", None, None)
    assert _remind(silent, ISSUED + timedelta(hours=23)) is None
    assert _remind(silent, ISSUED + timedelta(hours=25)) == "unacknowledged"
    acknowledged = OfficePart("D1", ISSUED + timedelta(hours=1), None)
    assert _remind(acknowledged, ISSUED + timedelta(days=2)) is None
    assert _remind(acknowledged, DEADLINE + timedelta(minutes=1)) == "overdue"
    done = OfficePart("D1", ISSUED, DEADLINE + timedelta(days=1))
    assert _remind(done, DEADLINE + timedelta(days=2)) is None
    assert [office_state(p).value for p in (silent, acknowledged, done)] == [
        "pending",
        "acknowledged",
        "done",
    ]


def test_an_overdue_commitment_climbs_at_most_one_level_a_day_and_no_higher_than_the_top() -> None:
    due = date(2026, 6, 1)
    assert not escalation_due("pending", due, 0, due, 2)
    assert escalation_due("pending", due, 0, due + timedelta(days=1), 2)
    assert not escalation_due("pending", due, 1, due + timedelta(days=1), 2)
    assert escalation_due("in_progress", due, 1, due + timedelta(days=2), 2)
    assert not escalation_due("pending", due, 2, due + timedelta(days=30), 2)
    assert not escalation_due("met", due, 0, due + timedelta(days=30), 2)


@dataclass(frozen=True)
class _Version:
    version: int
    effective_from: date


def test_the_version_in_force_is_the_newest_that_has_taken_effect() -> None:
    versions = [_Version(1, date(2020, 1, 1)), _Version(2, date(2026, 4, 1))]
    assert in_force(versions, date(2019, 12, 31)) is None
    assert in_force(versions, date(2026, 3, 31)) == versions[0]
    assert in_force(versions, date(2026, 4, 1)) == versions[1]


def test_a_complaint_about_the_experts_by_election_goes_to_its_own_office() -> None:
    document = tiny_document()
    for contest in document["contests"]:
        if contest["code"] == "AE":
            contest["office"] = "assembly_of_experts"
        if contest["code"] == "CT1":
            contest["council_of"] = "T1"
    tiny = ElectionDefinition.model_validate(document)
    board, experts = SupervisingBody.SUPERVISORY_BOARD, SupervisingBody.EXPERTS_OFFICE
    assert office_for(tiny, None) is board
    assert office_for(tiny, tiny.contest_by_code["CT1"]) is board
    assert office_for(tiny, tiny.contest_by_code["AE"]) is experts
    assert experts.role is Role.EXPERTS_SUPERVISOR


def test_each_classification_level_is_read_only_by_the_roles_cleared_for_it() -> None:
    assert all(may_read(role, Level.PUBLIC) for role in Role)
    assert may_read(Role.DISTRICT_OFFICER, Level.RESTRICTED)
    assert not may_read(Role.BRANCH_AGENT, Level.RESTRICTED)
    assert not may_read(Role.DISTRICT_OFFICER, Level.CONFIDENTIAL)
    assert may_read(Role.COUNTY_OFFICER, Level.CONFIDENTIAL)
    assert not may_read(Role.COUNTY_OFFICER, Level.SECRET)
    assert may_read(Role.PROVINCE_OFFICER, Level.SECRET)


def test_lessons_and_action_items_move_only_forward() -> None:
    assert check_status_change("open", "in_progress", "").value == "in_progress"
    with pytest.raises(EntekhabError):
        check_status_change("closed", "open", "")
    with pytest.raises(EntekhabError):
        check_status_change("open", "resolved", " ")
    assert check_action_change("open", "done").value == "done"
    with pytest.raises(EntekhabError):
        check_action_change("done", "open")
    assert is_late("open", date(2026, 5, 1), date(2026, 5, 2))
    assert not is_late("done", date(2026, 5, 1), date(2026, 5, 2))
