"""Complaints and reported violations (شکایات و تخلفات) and where they go.

Candidates, observers and citizens file them. Each goes to the supervisory office of its
jurisdiction: the supervisory board of the councils (هیئت نظارت), or — for the Assembly of
Experts by-election — the Experts election's own supervision office (دفتر نظارت و بازرسی
انتخابات خبرگان), as the candidacy rules' ``supervised_by`` says for the contest's office.
The office must decide within ``DECISION_WINDOW`` of filing; a complaint moves ``filed`` →
``under_review`` → ``upheld`` or ``dismissed``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from entekhab.domain.access import Role
from entekhab.domain.candidates.rules import SupervisingBody
from entekhab.domain.definition import Contest, ElectionDefinition
from entekhab.domain.error_codes.operations import OPS_STATUS_CHANGE
from entekhab.domain.errors import EntekhabError

__all__ = [
    "DECISION_WINDOW",
    "ComplainantKind",
    "ComplaintCategory",
    "ComplaintStatus",
    "check_complaint_change",
    "due_at",
    "office_for",
    "office_role",
]

DECISION_WINDOW = timedelta(days=3)
"""How long the supervisory office has to decide (the councils law gives the boards days, not
weeks, around election day)."""


class ComplainantKind(StrEnum):
    CANDIDATE = "candidate"  # نامزد
    OBSERVER = "observer"  # ناظر
    CITIZEN = "citizen"  # شهروند


class ComplaintCategory(StrEnum):
    CAMPAIGN_VIOLATION = "campaign_violation"  # تخلف تبلیغاتی
    BRANCH_CONDUCT = "branch_conduct"  # رفتار عوامل شعبه
    VOTER_PRESSURE = "voter_pressure"  # فشار بر رای‌دهنده
    COUNTING = "counting"  # شمارش
    OTHER = "other"


class ComplaintStatus(StrEnum):
    FILED = "filed"
    UNDER_REVIEW = "under_review"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


_NEXT = {
    ComplaintStatus.FILED: {
        ComplaintStatus.UNDER_REVIEW,
        ComplaintStatus.UPHELD,
        ComplaintStatus.DISMISSED,
    },
    ComplaintStatus.UNDER_REVIEW: {ComplaintStatus.UPHELD, ComplaintStatus.DISMISSED},
    ComplaintStatus.UPHELD: set(),
    ComplaintStatus.DISMISSED: set(),
}


def office_for(definition: ElectionDefinition, contest: Contest | None) -> SupervisingBody:
    """The office a complaint about ``contest`` goes to: the body the candidacy rules name for
    the contest's office (the Experts' office for the Assembly of Experts); the supervisory
    board for a complaint about no one contest, or a contest whose office is not known."""
    office = definition.office_of(contest) if contest is not None else None
    rule = definition.candidacy.rule_for(office) if office is not None else None
    return rule.supervised_by if rule is not None else SupervisingBody.SUPERVISORY_BOARD


def office_role(office: SupervisingBody) -> Role:
    """Whose accounts act for an office (routing, not permission: the permission table's
    ``decide_complaint`` says who may decide complaints at all, this says whose complaint it is)."""
    return office.role


def due_at(filed_at: datetime) -> datetime:
    return filed_at + DECISION_WINDOW


def check_complaint_change(current: str, wanted: str) -> ComplaintStatus:
    target = ComplaintStatus(wanted) if wanted in set(ComplaintStatus) else None
    if target is None or target not in _NEXT[ComplaintStatus(current)]:
        raise EntekhabError(
            OPS_STATUS_CHANGE, {"what": "complaint", "current": current, "wanted": wanted}
        )
    return target
