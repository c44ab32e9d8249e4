"""Tables of the election-day area."""

from entekhab.store.base import Base

__all__ = ["Base"]
