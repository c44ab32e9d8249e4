"""Casting: a ballot token is consumed atomically and the ballot record stored in the same
transaction; the receipt is the ballot id and the record's digest. At closing a station uploads
its records to be compared with the server's copies.

Secrecy: the record carries a random 128-bit id, the hour only, and nothing of the token or the
voter. Records are kept in primary-key (random) order; see ``service.election_day.sealing``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from entekhab.crypto.ballot_tree import ballot_records_root
from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.ballot_rules import validate_ballot
from entekhab.domain.error_codes.election_day import (
    BALLOT_RECORD_INVALID,
    TOKEN_UNKNOWN,
    TOKEN_USED,
)
from entekhab.domain.errors import EntekhabError
from entekhab.service.election_day.check_in import token_hash
from entekhab.service.election_day.idempotency import IdempotencySlot, IdempotentReplay
from entekhab.service.election_day.polling import branch_context, hour_of, require_open
from entekhab.service.election_day.stations import StationInfo
from entekhab.store.tables.election_day import BallotRecordRow, BallotToken
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["Receipt", "RecordsComparison", "branch_root", "cast_ballot", "compare_records"]

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Receipt:
    record: BallotRecord

    def as_json(self) -> dict[str, Any]:
        return {
            "ballot_id": self.record.ballot_id,
            "digest": self.record.digest(),
            "hour": self.record.hour,
            "record": self.record.as_json(),
        }


def row_of(record: BallotRecord, *, held_incident_id: int | None = None) -> BallotRecordRow:
    return BallotRecordRow(
        ballot_id=record.ballot_id,
        election_id=record.election_id,
        branch=record.branch,
        hour=record.hour,
        ballot_style=record.ballot_style,
        record=record.as_json(),
        digest=record.digest(),
        provisional=record.provisional,
        held=held_incident_id is not None,
        held_incident_id=held_incident_id,
    )


def cast_ballot(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    token: str,
    selections: Sequence[ContestSelection],
    *,
    now: datetime,
    idem: IdempotencySlot | None = None,
    ballot_id_source: Callable[[int], str] = secrets.token_hex,
) -> Receipt:
    """Consume ``token`` and store the ballot; TOKEN_UNKNOWN/TOKEN_USED or a selection error."""
    if not _TOKEN.match(token):
        raise EntekhabError(TOKEN_UNKNOWN)
    digest = token_hash(token)
    with uow_factory() as uow:
        session = uow.session
        ctx = branch_context(session, station.election_id, station.branch)
        require_open(session, station.election_id, station.branch)
        row = session.get(BallotToken, digest)
        if row is None or (row.election_id, row.branch) != (station.election_id, station.branch):
            raise EntekhabError(TOKEN_UNKNOWN)
        if row.used:
            session.rollback()
            raise _token_used(uow_factory, idem)
        style = ctx.definition.style_by_code[row.ballot_style]
        ordered = validate_ballot(ctx.definition, style.contests, selections)
        consumed = session.execute(
            update(BallotToken)
            .where(BallotToken.token_hash == digest, BallotToken.used.is_(False))
            .values(used=True)
        )
        if getattr(consumed, "rowcount", 0) != 1:  # a concurrent cast took it first
            session.rollback()
            raise _token_used(uow_factory, idem)
        record = BallotRecord(
            ballot_id=ballot_id_source(16),
            election_id=station.election_id,
            branch=station.branch,
            ballot_style=row.ballot_style,
            hour=hour_of(now),
            selections=ordered,
        )
        session.add(row_of(record))
        receipt = Receipt(record)
        if idem is not None:
            idem.store(session, 201, receipt.as_json())
        uow.commit()
    return receipt


def _token_used(uow_factory: UnitOfWorkFactory, idem: IdempotencySlot | None) -> Exception:
    """TOKEN_USED, unless the cast that used the token was a twin of this very request (same
    idempotency key: a station's retry sent while the first attempt was still running); then
    the twin's stored answer, as if the retry had arrived after it."""
    if idem is not None:
        stored = idem.replay_if_stored(uow_factory)
        if stored is not None:
            return IdempotentReplay(stored)
    return EntekhabError(TOKEN_USED)


def branch_root(uow_factory: UnitOfWorkFactory, election_id: str, branch: str) -> tuple[int, str]:
    """The count and Merkle root of the branch's counted (not held) records, by ballot id."""
    with uow_factory() as uow:
        rows = uow.session.execute(
            select(BallotRecordRow.ballot_id, BallotRecordRow.record).where(
                BallotRecordRow.election_id == election_id,
                BallotRecordRow.branch == branch,
                BallotRecordRow.held.is_(False),
            )
        ).all()
    return ballot_records_root(BallotRecord.model_validate(r.record) for r in rows)


@dataclass(frozen=True)
class RecordsComparison:
    matched: int
    unknown: list[str]
    conflicting: list[str]
    server_count: int
    server_merkle_root: str

    def as_json(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "unknown": self.unknown,
            "conflicting": self.conflicting,
            "server_count": self.server_count,
            "server_merkle_root": self.server_merkle_root,
        }


def compare_records(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    records: Sequence[BallotRecord],
) -> RecordsComparison:
    """Compare a station's records with the server's copies (read only, so idempotent)."""
    for record in records:
        if (record.election_id, record.branch) != (station.election_id, station.branch):
            raise EntekhabError(BALLOT_RECORD_INVALID, {"ballot_id": record.ballot_id})
    with uow_factory() as uow:
        ids = [r.ballot_id for r in records]
        stored = (
            dict(
                uow.session.execute(
                    select(BallotRecordRow.ballot_id, BallotRecordRow.digest).where(
                        BallotRecordRow.ballot_id.in_(ids)
                    )
                ).all()
            )
            if ids
            else {}
        )
    unknown = sorted(r.ballot_id for r in records if r.ballot_id not in stored)
    conflicting = sorted(
        r.ballot_id for r in records if r.ballot_id in stored and stored[r.ballot_id] != r.digest()
    )
    count, root = branch_root(uow_factory, station.election_id, station.branch)
    matched = len(records) - len(unknown) - len(conflicting)
    return RecordsComparison(matched, unknown, conflicting, count, root)
