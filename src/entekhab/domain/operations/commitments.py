"""Agency commitments (تعهدات دستگاه‌ها) under memoranda with headquarters.

Telecom, power, police and education (for school sites) each commit to tasks with an owner and a
due date. A commitment not ``met`` by its due date is overdue; each escalation takes it one level
up the chain of headquarters (a county's goes to its province, then to the country), at most
one level a day.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from entekhab.domain.error_codes.operations import OPS_STATUS_CHANGE
from entekhab.domain.errors import EntekhabError

__all__ = [
    "Agency",
    "CommitmentStatus",
    "check_commitment_change",
    "escalation_due",
]


class Agency(StrEnum):
    TELECOM = "telecom"  # شرکت مخابرات استان
    POWER = "power"  # شرکت توزیع برق
    POLICE = "police"  # فرماندهی انتظامی
    EDUCATION = "education"  # آموزش و پرورش (مدارس)


class CommitmentStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    MET = "met"
    BROKEN = "broken"


def check_commitment_change(current: str, wanted: str) -> CommitmentStatus:
    allowed = {
        CommitmentStatus.PENDING: {
            CommitmentStatus.IN_PROGRESS,
            CommitmentStatus.MET,
            CommitmentStatus.BROKEN,
        },
        CommitmentStatus.IN_PROGRESS: {CommitmentStatus.MET, CommitmentStatus.BROKEN},
        CommitmentStatus.MET: set(),
        CommitmentStatus.BROKEN: {CommitmentStatus.IN_PROGRESS},
    }
    target = CommitmentStatus(wanted) if wanted in set(CommitmentStatus) else None
    if target is None or target not in allowed[CommitmentStatus(current)]:
        raise EntekhabError(
            OPS_STATUS_CHANGE, {"what": "commitment", "current": current, "wanted": wanted}
        )
    return target


def escalation_due(
    status: str, due_on: date, escalation: int, today: date, levels_above: int
) -> bool:
    """Whether an overdue commitment should go one level higher today (``levels_above``: how
    many headquarters there are above the one that holds it)."""
    if status == CommitmentStatus.MET or today <= due_on:
        return False
    days_late = (today - due_on).days
    return escalation < min(days_late, levels_above)
