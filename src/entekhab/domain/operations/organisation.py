"""The organisation of a headquarters: its level, its committees and the posts people hold.

A headquarters (ستاد انتخابات) sits at a province or a county. Its committees are the five the
headquarters' own instructions name; each has a head, a secretary and members, and the
headquarters has a head (رئیس ستاد — the governor) and a secretary. Heads and secretaries are
single posts: appointing a new one ends the previous holder's appointment the day before.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["HQ_LEVELS", "SINGLE_POSTS", "CommitteeKind", "Post", "committee_name_fa"]

HQ_LEVELS = ("province", "county")


class CommitteeKind(StrEnum):
    SECURITY = "security"  # کمیته امنیت
    POLICE = "police"  # کمیته انتظامی
    SUPPORT = "support"  # کمیته پشتیبانی
    INFRASTRUCTURE = "infrastructure"  # کمیته زیرساخت و فناوری
    PUBLICITY = "publicity"  # کمیته تبلیغات و اطلاع‌رسانی


_NAMES_FA = {
    CommitteeKind.SECURITY: "کمیته امنیت",
    CommitteeKind.POLICE: "کمیته انتظامی",
    CommitteeKind.SUPPORT: "کمیته پشتیبانی",
    CommitteeKind.INFRASTRUCTURE: "کمیته زیرساخت و فناوری اطلاعات",
    CommitteeKind.PUBLICITY: "کمیته تبلیغات و اطلاع‌رسانی",
}


def committee_name_fa(kind: CommitteeKind) -> str:
    return _NAMES_FA[kind]


class Post(StrEnum):
    HEAD = "head"  # رئیس
    SECRETARY = "secretary"  # دبیر
    MEMBER = "member"  # عضو


SINGLE_POSTS = frozenset({Post.HEAD, Post.SECRETARY})
"""Posts one person holds at a time (per committee, or of the headquarters itself)."""
