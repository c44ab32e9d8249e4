"""Complaints and reported violations (شکایات و تخلفات) and where they go.

Candidates, observers and citizens file them. Each goes to the supervisory office of its
jurisdiction: the supervisory board of the councils (هیئت نظارت), or — for a contest that is not
a council, i.e. the Assembly of Experts by-election — the Experts election's own supervisory
office. The office must decide within ``DECISION_WINDOW`` of filing; a complaint moves
``filed`` → ``under_review`` → ``upheld`` or ``dismissed``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from entekhab.domain.access import Role
from entekhab.domain.definition import Contest
from entekhab.domain.error_codes.operations import OPS_STATUS_CHANGE
from entekhab.domain.errors import EntekhabError

__all__ = [
    "DECISION_WINDOW",
    "ComplainantKind",
    "ComplaintCategory",
    "ComplaintStatus",
    "SupervisoryOffice",
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


class SupervisoryOffice(StrEnum):
    SUPERVISORY_BOARD = "supervisory_board"  # هیئت نظارت بر انتخابات شوراها
    EXPERTS_OFFICE = "experts_office"  # دفتر نظارت بر انتخابات خبرگان


def office_role(office: SupervisoryOffice) -> Role:
    """Whose accounts act for an office (routing, not permission: the permission table's
    ``decide_complaint`` says who may decide complaints at all, this says whose complaint it is).
    Until the Experts office has accounts of its own, the supervisory board's members act for
    it."""
    experts = getattr(Role, "EXPERTS_SUPERVISOR", Role.SUPERVISOR)
    return Role.SUPERVISOR if office is SupervisoryOffice.SUPERVISORY_BOARD else experts


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


def office_for(contest: Contest | None) -> SupervisoryOffice:
    """The office a complaint about ``contest`` (or about no one contest) goes to."""
    if contest is not None and contest.council_of is None:
        return SupervisoryOffice.EXPERTS_OFFICE
    return SupervisoryOffice.SUPERVISORY_BOARD


def due_at(filed_at: datetime) -> datetime:
    return filed_at + DECISION_WINDOW


def check_complaint_change(current: str, wanted: str) -> ComplaintStatus:
    target = ComplaintStatus(wanted) if wanted in set(ComplaintStatus) else None
    if target is None or target not in _NEXT[ComplaintStatus(current)]:
        raise EntekhabError(
            OPS_STATUS_CHANGE, {"what": "complaint", "current": current, "wanted": wanted}
        )
    return target
