"""Unit of work: one transaction, committed explicitly, rolled back on any error.

Service functions receive a ``UnitOfWork`` and build the repositories they need from its
``session`` (repositories live beside the tables of their area in ``store/``).
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["SqlUnitOfWork", "UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork:
    """The interface services rely on; ``SqlUnitOfWork`` is the real one."""

    session: Session

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError


class SqlUnitOfWork(UnitOfWork):
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()  # no-op after commit; undoes everything on error
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class UnitOfWorkFactory:
    """Makes a fresh unit of work per use case: ``with uow_factory() as uow: ...``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    def autocommit(self) -> Connection:
        """A connection whose every statement commits on its own: for a use case that is one
        atomic statement, it saves the round trips of BEGIN and COMMIT
        (``with uow_factory.autocommit() as conn: ...``)."""
        return self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)
