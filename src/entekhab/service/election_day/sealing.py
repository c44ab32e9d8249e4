"""Keeping stored order free of cast order (docs/ballot-secrecy.md).

SQLite: the secret tables are ``WITHOUT ROWID``, so rows live in primary-key order (random ids,
national codes) from the start — nothing to do.

PostgreSQL: a heap keeps rows roughly in insertion order, and each row carries the id of the
transaction that wrote it (``xmin``). When a branch closes, its ballot records are rewritten in
one transaction (one ``xmin`` for all), and ``ballot_records``, ``ballot_tokens`` and
``participations`` are rewritten in primary-key order (``CLUSTER``), which also drops the old
row versions. Until then a database superuser could read cast order from the heap; that window
(and the WAL, which is a log by nature) is documented for operators.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text, update

from entekhab.store.db import is_sqlite
from entekhab.store.tables.election_day import BallotRecordRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["SEALED_TABLES", "rewrite_records", "seal_storage"]

SEALED_TABLES = (
    ("ballot_records", "pk_ballot_records"),
    ("ballot_tokens", "pk_ballot_tokens"),
    ("participations", "pk_participations"),
)


def seal_storage(uow_factory: UnitOfWorkFactory, election_id: str, branch: str) -> None:
    """Rewrite the branch's records (one transaction id) and, on PostgreSQL, the secret tables in
    primary-key order."""
    if is_sqlite(uow_factory.engine):
        return
    with uow_factory() as uow:
        uow.session.execute(
            update(BallotRecordRow)
            .where(BallotRecordRow.election_id == election_id, BallotRecordRow.branch == branch)
            .values(held=BallotRecordRow.held)
        )
        uow.commit()
    with uow_factory.engine.connect() as conn:
        for table, index in SEALED_TABLES:
            conn.execute(text(f"CLUSTER {table} USING {index}"))
        conn.commit()


def rewrite_records(uow_factory: UnitOfWorkFactory, ballot_ids: Sequence[str]) -> None:
    """PostgreSQL: rewrite these ballot rows in a transaction of their own, so their ``xmin`` is
    shared with no row of the voter side (e.g. the participations written with them by a
    provisional batch). SQLite keeps no transaction id per row: nothing to do."""
    if is_sqlite(uow_factory.engine) or not ballot_ids:
        return
    with uow_factory() as uow:
        uow.session.execute(
            update(BallotRecordRow)
            .where(BallotRecordRow.ballot_id.in_(list(ballot_ids)))
            .values(held=BallotRecordRow.held)
        )
        uow.commit()
