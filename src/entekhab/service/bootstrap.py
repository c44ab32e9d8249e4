"""Wiring: the one door through which entrypoints (``api``, ``cli``) reach the database.

Entrypoints translate requests into service calls and never touch tables; they still need an
engine, a unit-of-work factory and the migrations to start. Those come from here, so the import
contract "api and cli reach the store only through services" (pyproject, import-linter) holds.
"""

from __future__ import annotations

from typing import Any

from entekhab.store.db import is_sqlite, make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "UnitOfWork",
    "UnitOfWorkFactory",
    "is_sqlite",
    "make_engine",
    "open_database",
    "upgrade",
]


def open_database(url: str, *, migrate: bool = False, **engine_options: Any) -> UnitOfWorkFactory:
    """A unit-of-work factory on ``url``; with ``migrate``, the schema is brought to head first."""
    engine = make_engine(url, **engine_options)
    if migrate:
        upgrade(engine)
    return UnitOfWorkFactory(engine)
