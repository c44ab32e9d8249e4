"""Directives (بخشنامه و دستورالعمل) and where each addressed office stands on one.

An office's part is ``done`` once it has filed a report marked done, ``acknowledged`` once it
has acknowledged receipt, and ``pending`` before that; it is ``overdue`` when the deadline has
passed and it is not done. A reminder is due for every overdue office, and for an office that
has not even acknowledged a directive a day after it was issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = [
    "ACK_GRACE",
    "OfficePart",
    "OfficeState",
    "is_overdue",
    "office_state",
    "reminder_reason",
]

ACK_GRACE = timedelta(days=1)
"""How long an office has to acknowledge a directive before it is reminded."""


class OfficeState(StrEnum):
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    DONE = "done"


@dataclass(frozen=True)
class OfficePart:
    """What an addressed office has done about one directive."""

    office: str
    acknowledged_at: datetime | None
    done_at: datetime | None


def office_state(part: OfficePart) -> OfficeState:
    if part.done_at is not None:
        return OfficeState.DONE
    if part.acknowledged_at is not None:
        return OfficeState.ACKNOWLEDGED
    return OfficeState.PENDING


def is_overdue(part: OfficePart, deadline: datetime, now: datetime) -> bool:
    return part.done_at is None and now > deadline


def reminder_reason(
    part: OfficePart, *, issued_at: datetime, deadline: datetime, now: datetime
) -> str | None:
    """Why the office should be reminded now (``overdue`` / ``unacknowledged``), or None."""
    if is_overdue(part, deadline, now):
        return "overdue"
    if part.acknowledged_at is None and part.done_at is None and now > issued_at + ACK_GRACE:
        return "unacknowledged"
    return None
