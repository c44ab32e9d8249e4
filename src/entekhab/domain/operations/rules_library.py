"""The rules library (کتابخانه قوانین و مقررات): laws, executive regulations and instructions.

Each rule keeps every version with the date it takes effect; the version in force on a day is
the newest one whose effective date has come. A new version must take effect after the previous
one, and its change note says what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

__all__ = ["RuleKind", "Versioned", "in_force"]


class RuleKind(StrEnum):
    LAW = "law"  # قانون
    REGULATION = "regulation"  # آیین‌نامه اجرایی
    INSTRUCTION = "instruction"  # دستورالعمل


class Versioned(Protocol):
    @property
    def version(self) -> int: ...

    @property
    def effective_from(self) -> date: ...


V = TypeVar("V", bound=Versioned)


def in_force(versions: Sequence[V], on: date) -> V | None:
    """The version in force on ``on`` (None before the first takes effect)."""
    current: V | None = None
    for version in sorted(versions, key=lambda v: v.version):
        if version.effective_from <= on:
            current = version
    return current
