"""Tables of the counting area."""

from entekhab.store.base import Base

__all__ = ["Base"]
