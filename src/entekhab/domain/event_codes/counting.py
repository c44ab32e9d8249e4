"""Events of the counting area."""

from entekhab.domain.event_codes import EventSpec

__all__ = ["EventSpec"]
