"""Events of the security area."""

from entekhab.domain.event_codes import EventSpec

__all__ = ["EventSpec"]
