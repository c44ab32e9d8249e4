"""Errors of the election-day area."""

from entekhab.domain.errors import ErrorSpec

__all__ = ["ErrorSpec"]
