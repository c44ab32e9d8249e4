"""Coded errors: every refusal Entekhab gives has a stable code and a Persian and English text.

The error types live in ``domain`` because validation rules raise them and ``domain`` imports
nothing else of ours; ``entekhab.errors`` re-exports them for the outer layers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["EntekhabError", "ErrorSpec", "ProblemList"]


class _SafeFormat(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class ErrorSpec:
    """One entry of the error catalogue: a stable code, the HTTP status it maps to, and texts.

    Texts may hold ``{placeholders}`` filled from the error's details.
    """

    code: str
    status: int
    fa: str
    en: str


class EntekhabError(Exception):
    """A refusal with a stable machine code, a Persian and an English message and details."""

    def __init__(self, spec: ErrorSpec, details: Mapping[str, Any] | None = None) -> None:
        self.spec = spec
        self.details: dict[str, Any] = dict(details or {})
        fmt = _SafeFormat(self.details)
        self.message_fa = spec.fa.format_map(fmt)
        self.message_en = spec.en.format_map(fmt)
        super().__init__(f"{spec.code}: {self.message_en}")

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def status(self) -> int:
        return self.spec.status

    def to_dict(self) -> dict[str, Any]:
        """The JSON form sent to clients and printed by the CLI."""
        return {
            "code": self.code,
            "message_fa": self.message_fa,
            "message_en": self.message_en,
            "details": self.details,
        }


class ProblemList(EntekhabError):
    """Several problems found at once (e.g. every rule a definition file breaks).

    ``problems`` holds each one; ``details["problems"]`` their dict forms.
    """

    def __init__(self, spec: ErrorSpec, problems: list[EntekhabError]) -> None:
        self.problems = problems
        super().__init__(
            spec, {"count": len(problems), "problems": [p.to_dict() for p in problems]}
        )
