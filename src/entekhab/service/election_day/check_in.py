"""Voter check-in: identity, registry, age and residence, then one participation per election,
decided by the database's unique key — never by a read-then-write in Python.

On success the answer tells the station that the voter may vote, and with which ballot style.
There is no ballot token: the ballot stays in the station until the branch closes, and the
branch's records reach headquarters once, at closing (docs/ballot-secrecy.md). So nothing at
headquarters is ever written for a voter that could point at their ballot.

The path is built for polling day's rate (docs/operators.md, capacity): one transaction, two
statements (``check_in_facts``): the facts, with the station request's nonce recorded in the
same statement, then the writes; one commit. Refusals (rare) may take more round trips: they
record what they must (the nonce, an ALREADY_VOTED incident) and nothing else.

On PostgreSQL a check-in that will plainly succeed is first tried in one statement on the
server's event loop (``check_in_fast``); this is the general path, which gives every refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from entekhab.domain.candidates.final_list import require_final_lists
from entekhab.domain.check_in_rules import check_entitled
from entekhab.domain.error_codes.election_day import (
    ALREADY_VOTED,
    CITIZEN_UNKNOWN,
    STATION_NONCE_REPLAYED,
    STATION_REVOKED,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import require_valid
from entekhab.domain.voter_identity import require_identity
from entekhab.service.definitions.loading import definition_with_hash
from entekhab.service.election_day.check_in_facts import (
    CheckInFacts,
    FirstParticipation,
    read_check_in_facts,
    record_nonce,
    write_check_in,
)
from entekhab.service.election_day.idempotency import IdempotencySlot, IdempotentReplay
from entekhab.service.election_day.polling import BranchContext, context_of, hour_of
from entekhab.service.election_day.polling import record_incident as add_incident
from entekhab.service.election_day.polling_hours import record_phase_refusal, require_polling_open
from entekhab.service.election_day.stations import StationInfo, forget_enrolled, remember_nonce
from entekhab.store.uow import UnitOfWork, UnitOfWorkFactory

__all__ = ["CheckInRequest", "CheckInResult", "check_in"]


@dataclass(frozen=True)
class CheckInRequest:
    national_code: str
    card_serial: str
    fingerprint: str
    override_reason: str | None = None


@dataclass(frozen=True)
class CheckInResult:
    branch: str
    ballot_style: str
    contests: tuple[str, ...]
    hour: str
    may_vote: bool = True
    """Always true in an answer: a voter who may not vote gets a coded refusal instead."""

    def as_json(self) -> dict[str, Any]:
        return {
            "branch": self.branch,
            "ballot_style": self.ballot_style,
            "contests": list(self.contests),
            "hour": self.hour,
            "may_vote": self.may_vote,
        }


@dataclass(frozen=True)
class _Attempt:
    """One check-in as decided before the database is asked."""

    station: StationInfo
    code: str
    override_reason: str | None
    fingerprint: str
    hour: str
    now: datetime
    idem: IdempotencySlot | None
    nonce: str | None
    at: datetime
    """The instant on the election clock: polling hours are judged at it (the hour stamp stays
    on the machine's clock, like the station's ballots, so the two never drift apart)."""


def check_in(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    request: CheckInRequest,
    *,
    now: datetime,
    idem: IdempotencySlot | None = None,
    nonce: str | None = None,
    at: datetime | None = None,
) -> CheckInResult:
    """Check a voter in at the station's branch (see the module docstring).

    ``nonce``: the signed request's nonce, recorded in this transaction (STATION_NONCE_REPLAYED
    if seen before, STATION_REVOKED if the station was revoked since its key was cached). A
    retry of a request already answered raises ``IdempotentReplay`` with the stored response
    (the key is looked up in the same statement as every other fact).

    ``at``: the instant on the election clock (default ``now``). ``now`` is the machine's, kept
    with the nonce and in the hour stamp; a rehearsal's clock set to polling day moves ``at``
    only. Outside polling
    hours the check-in is refused (PHASE_NOT_OPEN), with no round trip inside the hours."""
    at = at or now
    try:
        code = require_valid(request.national_code)
        reason = require_identity(request.fingerprint, request.override_reason)
    except EntekhabError:
        if nonce is not None:  # refused on its face: the nonce alone is kept
            remember_nonce(uow_factory, station.key_id, nonce, now)
        raise
    attempt = _Attempt(
        station, code, reason, request.fingerprint, hour_of(now), now, idem, nonce, at
    )
    with uow_factory() as uow:
        conn = uow.session.connection()
        try:
            facts = read_check_in_facts(
                conn,
                election_id=station.election_id,
                branch=station.branch,
                national_code=code,
                idem=idem,
                nonce=(station.key_id, nonce, now) if nonce is not None else None,
            )
        except IntegrityError:  # the nonce's key: this signed request was seen before
            raise EntekhabError(STATION_NONCE_REPLAYED, {"nonce": nonce}) from None
        if facts.nonce_recorded is False:
            forget_enrolled(uow_factory, station.key_id)
            raise EntekhabError(STATION_REVOKED, {"key_id": station.key_id})
        try:  # from here a refusal keeps the nonce (so a replay is refused) and nothing else
            ctx = _decide(uow, facts, attempt)
        except BaseException:
            uow.commit()
            raise
        result = CheckInResult(station.branch, ctx.branch.ballot_style, ctx.contests, attempt.hour)
        params = {
            "election_id": station.election_id,
            "branch": station.branch,
            "code": code,
            "hour": attempt.hour,
        }
        try:
            if reason is not None:
                _record_override(uow, attempt)
            write_check_in(conn, params, idem.row(201, result.as_json()) if idem else None)
        except IntegrityError:  # the unique key on (election, person) decided a race here
            uow.rollback()
            _refuse_after_race(uow_factory, attempt)
        uow.commit()
    return result


def _decide(uow: UnitOfWork, facts: CheckInFacts, attempt: _Attempt) -> BranchContext:
    """Apply the election-day rules to the facts, in order; the branch's context if the voter
    may check in. Each rule is a pure function in ``domain`` (or a fact the database gave)."""
    if facts.stored is not None:
        raise IdempotentReplay(facts.stored)
    station = attempt.station
    loaded = definition_with_hash(uow.session, station.election_id, facts.definition_hash)
    ctx = context_of(loaded, station.branch)
    try:  # pure over the cached definition while inside its hours (polling_hours.py)
        require_polling_open(uow.session, ctx.definition, station.election_id, attempt.at)
    except EntekhabError as outside:  # logged in this transaction, which keeps the nonce only
        record_phase_refusal(
            uow.session,
            outside,
            actor=f"station:{station.key_id}",
            operation="check_in",
            election_id=station.election_id,
            branch=station.branch,
        )
        raise
    facts.require_open(station.branch)
    require_final_lists(ctx.definition, ctx.contests)
    if facts.citizen is None:
        raise EntekhabError(CITIZEN_UNKNOWN, {"code": attempt.code})
    check_entitled(ctx.definition, ctx.branch, facts.citizen)
    if facts.first is not None:
        _refuse_second_participation(uow, attempt, facts.first)
    return ctx


def _record_override(uow: UnitOfWork, attempt: _Attempt) -> None:
    add_incident(
        uow.session,
        election_id=attempt.station.election_id,
        branch=attempt.station.branch,
        kind="IDENTITY_OVERRIDE",
        hour=attempt.hour,
        details={
            "national_code": attempt.code,
            "fingerprint": attempt.fingerprint,
            "reason": attempt.override_reason,
        },
    )


def _refuse_after_race(uow_factory: UnitOfWorkFactory, attempt: _Attempt) -> None:
    """The writes lost a race (another branch, or a twin of this request, came first): read
    what won, in a transaction of its own, and answer as if it had been there before."""
    with uow_factory() as uow:
        conn: Connection = uow.session.connection()
        if attempt.nonce is not None:
            record_nonce(conn, attempt.station.key_id, attempt.nonce, attempt.now)
        facts = read_check_in_facts(
            conn,
            election_id=attempt.station.election_id,
            branch=attempt.station.branch,
            national_code=attempt.code,
            idem=attempt.idem,
        )
        if facts.stored is not None:  # a twin of this very request won the race
            uow.commit()
            raise IdempotentReplay(facts.stored)
        first = facts.first or FirstParticipation("?", attempt.hour, False)
        _refuse_second_participation(uow, attempt, first)


def _refuse_second_participation(
    uow: UnitOfWork, attempt: _Attempt, first: FirstParticipation
) -> None:
    """Someone already took part: record the incident (with both records) and the refusal as
    this request's stored response, commit, and refuse."""
    station = attempt.station
    incident_id = add_incident(
        uow.session,
        election_id=station.election_id,
        branch=station.branch,
        kind="ALREADY_VOTED",
        hour=attempt.hour,
        details={
            "national_code": attempt.code,
            "first": {"branch": first.branch, "hour": first.hour, "provisional": first.provisional},
            "second": {"branch": station.branch, "hour": attempt.hour, "station": station.key_id},
        },
    )
    error = EntekhabError(ALREADY_VOTED, {"first_branch": first.branch, "incident_id": incident_id})
    if attempt.idem is not None:
        attempt.idem.store(uow.session, error.status, {"error": error.to_dict()})
    uow.commit()
    raise error
