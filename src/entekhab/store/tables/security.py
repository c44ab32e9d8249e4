"""Tables of the security area."""

from entekhab.store.base import Base

__all__ = ["Base"]
