"""Closing a branch: the one moment its ballots reach headquarters (docs/ballot-secrecy.md).

During the day headquarters sees check-ins only; the ballots stay in the station. At closing
the station sends, in one request, every counted ballot record (online and accepted
provisional ones) in ballot-id order, the provisional ballots held for the board (each under
its incident), and its signed bulletins. In one transaction the server:

1. locks the branch session (a station's retry racing its first attempt waits, then replays);
2. checks each record (this election, branch and style; valid selections; no repeated id) and
   each held ballot (a provisional incident of this branch, undecided, whose voter did cast);
3. refuses more counted ballots than participations at the branch
   (CLOSING_BALLOTS_EXCEED_PARTICIPATIONS);
4. requires one bulletin per contest of the branch whose Merkle root and record count are those
   of the uploaded records (CLOSING_BULLETINS_INCOMPLETE, CLOSING_ROOT_MISMATCH), and accepts
   each with every check of ``service.counting.bulletins`` (signatures, arithmetic);
5. writes the records in ballot-id order, closes the session, forgets the branch's stored
   idempotent answers, logs ``BRANCH_CLOSED`` and stores this request's own answer.

Any refusal writes nothing. Since the records of a branch arrive together, they share one
writing transaction (``xmin``) and lie in the heap in random-id order: no system column says
anything about the order they were cast in, and there is nothing to rewrite afterwards — no
table-wide lock at closing, so other branches keep checking voters in meanwhile.

A bulletin's ``voters_checked_in`` must be the branch's participations (turnout counted once);
when it is not, the branch still closes and a ``TURNOUT_MISMATCH`` incident records both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entekhab.crypto.ballot_tree import ballot_records_leaves
from entekhab.crypto.merkle import merkle_root
from entekhab.domain.ballot import BallotRecord
from entekhab.domain.error_codes.election_day import (
    BALLOT_RECORD_INVALID,
    BRANCH_CLOSED,
    BRANCH_NOT_OPEN,
    CLOSING_BALLOTS_EXCEED_PARTICIPATIONS,
    CLOSING_BULLETINS_INCOMPLETE,
    CLOSING_HELD_BALLOT_INVALID,
    CLOSING_ROOT_MISMATCH,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.election_day import BRANCH_CLOSED as BRANCH_CLOSED_EVENT
from entekhab.domain.results import SignedBulletin
from entekhab.service.audit.events import record_event
from entekhab.service.counting.bulletins import KeyDirectory, SqlKeyDirectory, accept_bulletin
from entekhab.service.election_day.ballots import check_records, row_values
from entekhab.service.election_day.idempotency import (
    IdempotencySlot,
    IdempotentReplay,
    forget_station,
)
from entekhab.service.election_day.polling import (
    BranchContext,
    branch_context,
    hour_of,
    record_incident,
)
from entekhab.service.election_day.provisional import PROVISIONAL_INCIDENTS
from entekhab.service.election_day.stations import StationInfo, stations_of_branch
from entekhab.store.tables.election_day import (
    BallotRecordRow,
    BranchSession,
    IncidentRow,
    Participation,
)
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["BranchClosing", "Closing", "HeldBallot", "close_branch"]


@dataclass(frozen=True)
class HeldBallot:
    """A provisional ballot the board must decide, under the incident naming its voter."""

    incident_id: int
    record: BallotRecord


@dataclass(frozen=True)
class BranchClosing:
    """What a station sends at closing."""

    closed_by: str
    records: Sequence[BallotRecord]
    bulletins: Sequence[SignedBulletin]
    held: Sequence[HeldBallot] = ()


@dataclass(frozen=True)
class Closing:
    """The server's answer to a closing."""

    branch: str
    closed_at: str
    ballots: int
    merkle_root: str
    participations: int
    held: int
    bulletins: list[dict[str, Any]] = field(default_factory=list)
    incident_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _lock_session(session: Session, election_id: str, branch: str) -> BranchSession:
    """The branch session, locked for this transaction (a row lock on PostgreSQL, the writer
    lock on SQLite): a retry of the same close waits for the first attempt, then replays."""
    key = (BranchSession.election_id == election_id, BranchSession.branch == branch)
    session.execute(update(BranchSession).where(*key).values(branch=BranchSession.branch))
    row = session.get(BranchSession, (election_id, branch), populate_existing=True)
    if row is None:
        raise EntekhabError(BRANCH_NOT_OPEN, {"branch": branch})
    return row


def _check_held(session: Session, ctx: BranchContext, held: Sequence[HeldBallot]) -> None:
    """Each held ballot names a distinct, undecided provisional incident of this branch whose
    voter cast a ballot, and is itself marked provisional."""
    seen: set[int] = set()
    for item in held:
        incident = session.get(IncidentRow, item.incident_id)
        reason = None
        if (
            incident is None
            or incident.branch != ctx.branch.code
            or incident.kind not in PROVISIONAL_INCIDENTS
        ):
            reason = "not a provisional incident of this branch"
        elif item.incident_id in seen:
            reason = "incident named twice"
        elif incident.details.get("second", {}).get("ballot") != "held":
            reason = "no ballot was cast under this incident"
        elif incident.details.get("decision"):
            reason = "already decided"
        elif not item.record.provisional:
            reason = "ballot not marked provisional"
        if reason is not None:
            raise EntekhabError(
                CLOSING_HELD_BALLOT_INVALID, {"incident_id": item.incident_id, "reason": reason}
            )
        seen.add(item.incident_id)


def _participations(session: Session, election_id: str, branch: str) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                Participation.election_id == election_id, Participation.branch == branch
            )
        )
        or 0
    )


def _check_bulletins(
    ctx: BranchContext, election_id: str, bulletins: Sequence[SignedBulletin], count: int, root: str
) -> None:
    given = sorted(s.bulletin.contest for s in bulletins)
    mine = all(
        (s.bulletin.election_id, s.bulletin.branch) == (election_id, ctx.branch.code)
        for s in bulletins
    )
    if given != sorted(ctx.contests) or not mine:
        raise EntekhabError(
            CLOSING_BULLETINS_INCOMPLETE, {"expected": list(ctx.contests), "given": given}
        )
    for signed in bulletins:
        b = signed.bulletin
        if b.merkle_root != root or b.ballot_records != count:
            raise EntekhabError(
                CLOSING_ROOT_MISMATCH,
                {"contest": b.contest, "bulletin": b.merkle_root, "records": root},
            )


def close_branch(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    upload: BranchClosing,
    *,
    now: datetime,
    idem: IdempotencySlot | None = None,
    keys: KeyDirectory | None = None,
) -> Closing:
    """Close the station's branch with its ballots and bulletins (see the module docstring)."""
    election_id, branch = station.election_id, station.branch
    leaves = ballot_records_leaves(upload.records)  # canonical bytes made once per record
    records = [record for record, _leaf in leaves]
    held = sorted(upload.held, key=lambda h: h.record.ballot_id)
    count, root = len(leaves), merkle_root([leaf for _record, leaf in leaves])
    actor = f"station:{station.key_id}"
    with uow_factory() as uow:
        session = uow.session
        row = _lock_session(session, election_id, branch)
        if row.closed_at is not None:
            stored = idem.lookup(session) if idem is not None else None
            if stored is not None:  # a twin of this very request closed it (a retry)
                raise IdempotentReplay(stored)
            raise EntekhabError(BRANCH_CLOSED, {"branch": branch})
        ctx = branch_context(session, election_id, branch)
        check_records(ctx, election_id, [*records, *(h.record for h in held)])
        _check_held(session, ctx, held)
        participations = _participations(session, election_id, branch)
        if count > participations:
            raise EntekhabError(
                CLOSING_BALLOTS_EXCEED_PARTICIPATIONS,
                {"branch": branch, "ballots": count, "participations": participations},
            )
        _check_bulletins(ctx, election_id, upload.bulletins, count, root)
        keys = keys or SqlKeyDirectory()
        receipts = [
            accept_bulletin(session, ctx.definition, ctx.definition_hash, s, keys, actor, now)
            for s in upload.bulletins
        ]
        _store_records(session, leaves, held)
        incident_id = _turnout_incident(session, station, upload.bulletins, participations, now)
        row.closed_at, row.closed_by = now, upload.closed_by
        forget_station(session, stations_of_branch(session, election_id, branch))
        closing = Closing(
            branch,
            now.isoformat(),
            count,
            root,
            participations,
            len(held),
            [r.as_json() for r in receipts],
            incident_id,
        )
        record_event(
            session,
            BRANCH_CLOSED_EVENT,
            actor=actor,
            payload={
                "election_id": election_id,
                "branch": branch,
                "ballots": count,
                "held": len(held),
                "participations": participations,
                "merkle_root": root,
            },
        )
        if idem is not None:
            idem.store(session, 200, closing.as_json())
        uow.commit()
    return closing


def _store_records(
    session: Session, leaves: Sequence[tuple[BallotRecord, bytes]], held: Sequence[HeldBallot]
) -> None:
    """All of the branch's rows in one statement, in ballot-id order (on PostgreSQL one COPY:
    a closing writes thousands of rows, and the wave of closings shares the machine with the
    branches still checking voters in)."""
    rows = [row_values(r, leaf=leaf) for r, leaf in leaves]
    rows += [row_values(h.record, held_incident_id=h.incident_id) for h in held]
    rows.sort(key=lambda r: str(r["ballot_id"]))
    if not rows:
        return
    try:
        with session.begin_nested():
            if session.get_bind().dialect.name == "postgresql":
                _copy_rows(session, rows)
            else:
                session.execute(insert(BallotRecordRow), rows)
    except (IntegrityError, psycopg.errors.UniqueViolation):  # a ballot id already stored
        raise EntekhabError(BALLOT_RECORD_INVALID, {"ballot_id": "already stored"}) from None


_COLUMNS = tuple(c.name for c in BallotRecordRow.__table__.columns)


def _copy_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """COPY ``rows`` in the session's transaction (psycopg 3, text format, in this order)."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    statement = f"COPY {BallotRecordRow.__tablename__} ({', '.join(_COLUMNS)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c == "record" else row[c] for c in _COLUMNS])


def _turnout_incident(
    session: Session,
    station: StationInfo,
    bulletins: Sequence[SignedBulletin],
    participations: int,
    now: datetime,
) -> int | None:
    counted = sorted({s.bulletin.voters_checked_in for s in bulletins})
    if counted in ([], [participations]):
        return None
    return record_incident(
        session,
        election_id=station.election_id,
        branch=station.branch,
        kind="TURNOUT_MISMATCH",
        hour=hour_of(now),
        details={"bulletins_voters_checked_in": counted, "participations": participations},
    )
