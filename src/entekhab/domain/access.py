"""Roles and jurisdictions: who may see and change what (pure rules, no I/O).

Every user has one role and one jurisdiction: ``country`` or the code of a province, county,
district or branch. An object (a division, a branch, a bulletin of a branch ...) lies inside a
jurisdiction when the jurisdiction's code is among the object's ancestors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "COUNTRY",
    "SECOND_FACTOR_ROLES",
    "Principal",
    "Role",
    "branch_ancestors",
    "within_jurisdiction",
]

COUNTRY = "country"
"""The jurisdiction of the whole country (headquarters, national auditors)."""


class Role(StrEnum):
    HQ_ADMIN = "hq_admin"  # ستاد انتخابات کشور
    PROVINCE_OFFICER = "province_officer"  # ستاد استان
    COUNTY_OFFICER = "county_officer"  # فرمانداری
    DISTRICT_OFFICER = "district_officer"  # بخشداری
    BRANCH_HEAD = "branch_head"  # رئیس شعبه
    BRANCH_AGENT = "branch_agent"  # عضو شعبه
    EXECUTIVE_BOARD = "executive_board"  # هیئت اجرایی
    SUPERVISOR = "supervisor"  # هیئت نظارت
    VETTING_OFFICER = "vetting_officer"  # مسئول استعلام
    AUDITOR = "auditor"  # حسابرس
    EXPERTS_SUPERVISOR = "experts_supervisor"  # دفتر نظارت و بازرسی انتخابات خبرگان
    OBSERVER = "observer"  # نماینده معتمد نامزد یا فهرست در شعبه (ناظر)


SECOND_FACTOR_ROLES: frozenset[Role] = frozenset(
    {Role.HQ_ADMIN, Role.EXECUTIVE_BOARD, Role.SUPERVISOR, Role.EXPERTS_SUPERVISOR}
)
"""Roles that must give a TOTP code at sign-in."""


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the server sees them on one request."""

    user_id: int
    username: str
    role: Role
    jurisdiction: str

    @property
    def actor(self) -> str:
        """How this user appears in the event log."""
        return f"user:{self.username}"


def branch_ancestors(branch_code: str, division_ancestors: Sequence[str]) -> list[str]:
    """A branch's own code followed by the ancestors of its division."""
    return [branch_code, *division_ancestors]


def within_jurisdiction(jurisdiction: str, ancestors: Sequence[str]) -> bool:
    """Whether an object with these ancestors (itself first) lies inside ``jurisdiction``."""
    return jurisdiction == COUNTRY or jurisdiction in ancestors
