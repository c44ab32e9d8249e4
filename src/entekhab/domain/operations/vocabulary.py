"""Shared checks for the operations area's closed vocabularies and free text."""

from __future__ import annotations

from collections.abc import Iterable

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError

__all__ = ["one_of", "required_text"]


def one_of(field: str, value: str, allowed: Iterable[str]) -> str:
    """``value`` if it is one of ``allowed``; INVALID_INPUT naming the choices otherwise."""
    choices = tuple(allowed)
    if value not in choices:
        raise EntekhabError(
            INVALID_INPUT, {"reason": f"{field} must be one of {', '.join(choices)}"}
        )
    return value


def required_text(field: str, value: str, limit: int) -> str:
    """``value`` stripped, refused when empty or longer than ``limit`` characters."""
    text = value.strip()
    if not text or len(text) > limit:
        raise EntekhabError(INVALID_INPUT, {"reason": f"{field} must be 1-{limit} characters"})
    return text
