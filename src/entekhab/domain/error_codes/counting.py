"""Errors of the counting area."""

from entekhab.domain.errors import ErrorSpec

__all__ = ["ErrorSpec"]
