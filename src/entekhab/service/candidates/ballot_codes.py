"""The ballot-code draw of a contest (قرعه‌کشی کد نامزدها), once every candidate is decided.

The procedure and its inputs (``domain.candidates.ballot_codes``) are stored and published with
the result, so anyone can repeat the draw; the ceremony nonce is drawn in public, as for the lot
that breaks ties.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from entekhab.domain.candidates.ballot_codes import draw_ballot_codes
from entekhab.domain.candidates.qualification import Status, is_decided
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.service.audit.events import record_event
from entekhab.service.candidates.common import (
    contest_of,
    definition_of,
    ensure_not_published,
    utc_now,
)
from entekhab.store.tables.candidates import BallotDrawRow, CandidateRow
from entekhab.store.uow import UnitOfWork

__all__ = ["contest_candidates", "draw_codes", "published_draw"]


def contest_candidates(uow: UnitOfWork, election_id: str, contest: str) -> list[CandidateRow]:
    return list(
        uow.session.scalars(
            select(CandidateRow)
            .where(CandidateRow.election_id == election_id, CandidateRow.contest == contest)
            .order_by(CandidateRow.registration)
        )
    )


def ensure_all_decided(rows: list[CandidateRow], contest: str, now: datetime) -> None:
    open_ = [r for r in rows if not is_decided(Status(r.status), r.appeal_deadline, now)]
    if open_:
        raise EntekhabError(
            codes.LIST_UNDECIDED,
            {"contest": contest, "count": len(open_), "candidate": open_[0].registration},
        )


def draw_codes(
    uow: UnitOfWork,
    *,
    election_id: str,
    contest: str,
    ceremony_nonce: str,
    actor: str,
    first_code: int = 101,
    clock: Callable[[], datetime] = utc_now,
) -> dict[str, Any]:
    """Draw the qualified candidates' ballot codes; refused while anyone is undecided."""
    session = uow.session
    now = clock()
    contest_of(definition_of(session, election_id), contest)
    ensure_not_published(session, election_id, contest)
    if not 8 <= len(ceremony_nonce.strip()) <= 128:
        raise EntekhabError(INVALID_INPUT, {"reason": "the ceremony nonce is 8-128 characters"})
    if session.get(BallotDrawRow, (election_id, contest)) is not None:
        raise EntekhabError(codes.BALLOT_CODES_ALREADY_DRAWN, {"contest": contest})
    rows = contest_candidates(uow, election_id, contest)
    ensure_all_decided(rows, contest, now)
    qualified = {r.registration: r for r in rows if r.status == Status.QUALIFIED.value}
    draw = draw_ballot_codes(
        election_id, contest, ceremony_nonce.strip(), qualified, first_code=first_code
    )
    for number, code in draw.codes:
        qualified[number].ballot_code = code
    document = draw.as_json()
    session.add(
        BallotDrawRow(
            election_id=election_id,
            contest=contest,
            ceremony_nonce=draw.ceremony_nonce,
            seed=draw.seed,
            document=document,
            drawn_by=actor,
            drawn_at=now,
        )
    )
    record_event(
        session,
        events.BALLOT_CODES_DRAWN,
        actor=actor,
        payload={
            "election_id": election_id,
            "contest": contest,
            "seed": draw.seed,
            "ceremony_nonce": draw.ceremony_nonce,
            "codes": len(draw.codes),
        },
    )
    uow.commit()
    return document


def published_draw(uow: UnitOfWork, election_id: str, contest: str) -> dict[str, Any]:
    row = uow.session.get(BallotDrawRow, (election_id, contest))
    if row is None:
        raise EntekhabError(codes.BALLOT_CODES_NOT_DRAWN, {"contest": contest})
    return dict(row.document)
