"""Events of the election-day area."""

from entekhab.domain.event_codes import EventSpec

__all__ = ["EventSpec"]
