"""Meetings and decisions (جلسات و مصوبات): kinds of meeting and the life of an action item.

Every action item has an owner and a due date; its status moves ``open`` → ``in_progress`` →
``done``, or to ``dropped`` with the meeting's say-so. The weekly review of laws and
instructions (``weekly_review``) must cite at least one version from the rules library.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from entekhab.domain.error_codes.operations import OPS_STATUS_CHANGE
from entekhab.domain.errors import EntekhabError

__all__ = ["ActionStatus", "MeetingKind", "check_action_change", "is_late"]


class MeetingKind(StrEnum):
    WEEKLY_REVIEW = "weekly_review"  # بررسی هفتگی قوانین و دستورالعمل‌ها
    HEADQUARTERS = "headquarters"  # جلسه ستاد
    COMMITTEE = "committee"  # جلسه کمیته


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


_NEXT = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED},
    ActionStatus.IN_PROGRESS: {ActionStatus.DONE, ActionStatus.DROPPED},
    ActionStatus.DONE: set(),
    ActionStatus.DROPPED: set(),
}


def check_action_change(current: str, wanted: str) -> ActionStatus:
    target = ActionStatus(wanted) if wanted in set(ActionStatus) else None
    if target is None or target not in _NEXT[ActionStatus(current)]:
        raise EntekhabError(
            OPS_STATUS_CHANGE, {"what": "action item", "current": current, "wanted": wanted}
        )
    return target


def is_late(status: str, due_on: date, today: date) -> bool:
    return status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and today > due_on
