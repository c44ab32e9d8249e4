"""Errors of the security area."""

from entekhab.domain.errors import ErrorSpec

__all__ = ["ErrorSpec"]
