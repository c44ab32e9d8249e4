"""A branch's polling-day state as headquarters sees it: silent only when over 30 minutes have
surely passed since it was last heard (check-in times are kept to the hour)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from entekhab.domain.branch_day import SILENT_AFTER, BranchDayState, day_state, last_heard

OPENED = datetime(2026, 6, 18, 4, 31, tzinfo=UTC)


def _at(hour: int, minute: int) -> datetime:
    return datetime(2026, 6, 18, hour, minute, tzinfo=UTC)


def test_a_branch_last_heard_in_the_09_hour_is_silent_from_10_30_not_before() -> None:
    def state(now: datetime) -> BranchDayState:
        return day_state(opened_at=OPENED, closed_at=None, last_hour="2026-06-18T09", now=now)

    assert state(_at(10, 30)) is BranchDayState.OPEN
    assert state(_at(10, 30) + timedelta(seconds=1)) is BranchDayState.SILENT
    assert state(_at(9, 59)) is BranchDayState.OPEN


def test_a_branch_that_checked_in_nobody_is_judged_from_its_opening() -> None:
    assert last_heard(OPENED, None) == OPENED
    quiet = OPENED + SILENT_AFTER
    assert day_state(opened_at=OPENED, closed_at=None, last_hour=None, now=quiet) == "open"
    later = quiet + timedelta(minutes=1)
    assert day_state(opened_at=OPENED, closed_at=None, last_hour=None, now=later) == "silent"


def test_closed_and_never_opened_branches_are_never_silent() -> None:
    late = _at(20, 0)
    assert day_state(opened_at=None, closed_at=None, last_hour=None, now=late) == "not_opened"
    closed = day_state(opened_at=OPENED, closed_at=_at(9, 0), last_hour="2026-06-18T08", now=late)
    assert closed is BranchDayState.CLOSED


def test_an_opening_later_than_the_last_check_in_hour_counts_as_last_heard() -> None:
    reopened = _at(9, 50)  # provisional check-ins of the 08 hour, reconciled after opening
    assert last_heard(reopened, "2026-06-18T08") == reopened
