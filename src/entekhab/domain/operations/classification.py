"""Classification levels (طبقه‌بندی) of operations records, and who may read each level.

The clearance table is part of the permission matrix (``api/permissions.py`` re-exports it and
``docs/permissions.md`` renders it); it lives here, in ``domain``, so that services can ask it.
Reading an item above ``PUBLIC`` needs a role cleared for its level, and the read is logged.
"""

from __future__ import annotations

from enum import StrEnum

from entekhab.domain.access import Role
from entekhab.domain.error_codes.operations import OPS_CLEARANCE_REQUIRED
from entekhab.domain.errors import EntekhabError

__all__ = ["CLEARANCE", "Level", "is_logged", "may_read", "require_clearance"]


class Level(StrEnum):
    PUBLIC = "public"  # عادی
    RESTRICTED = "restricted"  # محدود
    CONFIDENTIAL = "confidential"  # محرمانه
    SECRET = "secret"  # سری


_HQ_CHAIN = frozenset({Role.HQ_ADMIN, Role.PROVINCE_OFFICER})
_OFFICERS = _HQ_CHAIN | {Role.COUNTY_OFFICER, Role.DISTRICT_OFFICER}

CLEARANCE: dict[Level, frozenset[Role]] = {
    Level.PUBLIC: frozenset(Role),
    Level.RESTRICTED: _OFFICERS | {Role.EXECUTIVE_BOARD, Role.SUPERVISOR, Role.AUDITOR},
    Level.CONFIDENTIAL: _HQ_CHAIN | {Role.COUNTY_OFFICER, Role.SUPERVISOR},
    Level.SECRET: _HQ_CHAIN,
}
"""Which roles may read each level (inside their jurisdiction, as for every object)."""


def may_read(role: Role, level: Level) -> bool:
    return role in CLEARANCE[level]


def is_logged(level: Level) -> bool:
    """Reads of anything above ``PUBLIC`` go to the event log."""
    return level is not Level.PUBLIC


def require_clearance(role: Role, level: Level) -> None:
    """OPS_CLEARANCE_REQUIRED unless ``role`` is cleared for ``level``."""
    if not may_read(role, level):
        raise EntekhabError(OPS_CLEARANCE_REQUIRED, {"role": role.value, "level": level.value})
