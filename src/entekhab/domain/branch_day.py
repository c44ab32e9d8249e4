"""How a branch stands on polling day, as headquarters sees it: not yet opened, open, silent,
or closed — and whether it worked offline (it sent provisional records).

**Silent** (خاموش): open, and headquarters has heard nothing from it for over 30 minutes.
Headquarters keeps check-in times only to the hour (docs/ballot-secrecy.md: nothing finer than
the hour is stored beside who voted), so "last heard" is the end of the last hour in which the
branch checked anyone in, or the moment it opened if it has checked in nobody. A branch is called
silent only when that is over 30 minutes ago: never wrongly, at worst up to an hour late (a
branch last heard at 09:05 is called silent from 10:30, not from 09:35).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

__all__ = ["SILENT_AFTER", "BranchDayState", "day_state", "hour_end", "last_heard"]

SILENT_AFTER = timedelta(minutes=30)
"""How long an open branch may go unheard before headquarters calls it silent."""


class BranchDayState(StrEnum):
    NOT_OPENED = "not_opened"  # هنوز باز نشده
    OPEN = "open"  # باز
    SILENT = "silent"  # خاموش: بیش از ۳۰ دقیقه بی‌خبر
    CLOSED = "closed"  # بسته


def hour_end(hour: str) -> datetime:
    """The end of an hour stamp (``2026-06-18T07``, UTC) as an aware instant."""
    return datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC) + timedelta(hours=1)


def last_heard(opened_at: datetime | None, last_hour: str | None) -> datetime | None:
    """The latest moment headquarters can be sure it heard from the branch: the end of its last
    check-in hour, or its opening, whichever is later (None: never opened)."""
    if opened_at is None:
        return None
    if last_hour is None:
        return opened_at
    return max(opened_at, hour_end(last_hour))


def day_state(
    *,
    opened_at: datetime | None,
    closed_at: datetime | None,
    last_hour: str | None,
    now: datetime,
) -> BranchDayState:
    """The branch's state at ``now`` (see the module docstring for "silent")."""
    if opened_at is None:
        return BranchDayState.NOT_OPENED
    if closed_at is not None:
        return BranchDayState.CLOSED
    heard = last_heard(opened_at, last_hour)
    assert heard is not None
    if now - heard > SILENT_AFTER:
        return BranchDayState.SILENT
    return BranchDayState.OPEN
