"""Classification levels (طبقه‌بندی) of operations records, and who may read each level.

Who may read each level is part of the permission table (``domain/permissions.py``): reading a
level above ``PUBLIC`` is an action there (``READ_RESTRICTED``, ``READ_CONFIDENTIAL``,
``READ_SECRET``), rendered in ``docs/permissions.md`` with every other duty.
Reading an item above ``PUBLIC`` needs a role cleared for its level, and the read is logged.
"""

from __future__ import annotations

from enum import StrEnum

from entekhab.domain.access import Role
from entekhab.domain.error_codes.operations import OPS_CLEARANCE_REQUIRED
from entekhab.domain.errors import EntekhabError
from entekhab.domain.permissions import Action, may

__all__ = ["CLEARANCE", "Level", "is_logged", "may_read", "require_clearance"]


class Level(StrEnum):
    PUBLIC = "public"  # عادی
    RESTRICTED = "restricted"  # محدود
    CONFIDENTIAL = "confidential"  # محرمانه
    SECRET = "secret"  # سری


CLEARANCE: dict[Level, Action | None] = {
    Level.PUBLIC: None,
    Level.RESTRICTED: Action.READ_RESTRICTED,
    Level.CONFIDENTIAL: Action.READ_CONFIDENTIAL,
    Level.SECRET: Action.READ_SECRET,
}
"""The action of the permission table that reading each level is (None: anyone who may see
the record at all)."""


def may_read(role: Role, level: Level) -> bool:
    action = CLEARANCE[level]
    return action is None or may(role, action)


def is_logged(level: Level) -> bool:
    """Reads of anything above ``PUBLIC`` go to the event log."""
    return level is not Level.PUBLIC


def require_clearance(role: Role, level: Level) -> None:
    """OPS_CLEARANCE_REQUIRED unless ``role`` is cleared for ``level``."""
    if not may_read(role, level):
        raise EntekhabError(OPS_CLEARANCE_REQUIRED, {"role": role.value, "level": level.value})
