"""Voter check-in: identity, registry, age and residence, then one participation per election,
decided by the database's unique key — never by a read-then-write in Python.

On success the voter's ballot style and a single-use ballot token are returned; the server keeps
only SHA-256 of the token, with its style and branch, never with the voter.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entekhab.domain.check_in_rules import check_entitled
from entekhab.domain.error_codes.definition import INVALID_NATIONAL_CODE
from entekhab.domain.error_codes.election_day import (
    ALREADY_VOTED,
    CITIZEN_UNKNOWN,
    IDENTITY_NOT_VERIFIED,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import is_valid, normalize
from entekhab.service.definitions.loading import definition_with_hash
from entekhab.service.election_day.check_in_facts import read_check_in_facts
from entekhab.service.election_day.idempotency import IdempotencySlot, IdempotentReplay
from entekhab.service.election_day.polling import context_of, hour_of, record_incident
from entekhab.service.election_day.stations import StationInfo
from entekhab.store.tables.election_day import BallotToken, Participation
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["CheckInRequest", "CheckInResult", "check_in", "normalized_code"]

FINGERPRINT_OUTCOMES = ("match", "no_match", "not_captured")


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
    token: str
    hour: str

    def as_json(self) -> dict[str, Any]:
        return {
            "branch": self.branch,
            "ballot_style": self.ballot_style,
            "contests": list(self.contests),
            "token": self.token,
            "hour": self.hour,
        }


def normalized_code(code: str) -> str:
    """The national code in registry form, or INVALID_NATIONAL_CODE."""
    if not is_valid(code):
        raise EntekhabError(INVALID_NATIONAL_CODE, {"code": code})
    return normalize(code)


def _check_identity(request: CheckInRequest) -> None:
    if request.fingerprint not in FINGERPRINT_OUTCOMES:
        raise EntekhabError(IDENTITY_NOT_VERIFIED, {"fingerprint": request.fingerprint})
    if request.fingerprint != "match" and not request.override_reason:
        raise EntekhabError(IDENTITY_NOT_VERIFIED, {"fingerprint": request.fingerprint})


def token_hash(token_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(token_hex)).hexdigest()


def check_in(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    request: CheckInRequest,
    *,
    now: datetime,
    idem: IdempotencySlot | None = None,
    token_source: Callable[[int], bytes] = secrets.token_bytes,
) -> CheckInResult:
    """Check a voter in at the station's branch (see the module docstring).

    A retry of a request already answered raises ``IdempotentReplay`` with the stored
    response (the key is looked up in the same transaction as everything else)."""
    code = normalized_code(request.national_code)
    _check_identity(request)
    hour = hour_of(now)
    election_id, branch_code = station.election_id, station.branch
    with uow_factory() as uow:
        session = uow.session
        facts = read_check_in_facts(session, election_id, branch_code, code, idem)
        if facts.stored is not None:
            raise IdempotentReplay(facts.stored)
        ctx = context_of(
            definition_with_hash(session, election_id, facts.definition_hash), branch_code
        )
        facts.require_open(branch_code)
        if facts.citizen is None:
            raise EntekhabError(CITIZEN_UNKNOWN, {"code": code})
        check_entitled(ctx.definition, ctx.branch, facts.citizen)
        token = token_source(16).hex()
        result = CheckInResult(branch_code, ctx.branch.ballot_style, ctx.contests, token, hour)
        session.add(
            Participation(
                election_id=election_id,
                national_code=code,
                branch=branch_code,
                hour=hour,
                provisional=False,
            )
        )
        session.add(
            BallotToken(
                token_hash=token_hash(token),
                election_id=election_id,
                branch=branch_code,
                ballot_style=ctx.branch.ballot_style,
                used=False,
            )
        )
        try:
            if request.fingerprint != "match":
                _record_override(session, station, code, hour, request)
            if idem is not None:
                idem.store(session, 201, result.as_json())
            else:
                session.flush()
        except IntegrityError:  # the unique key on (election, person) decides a race here
            session.rollback()
            _refuse_second_participation(uow_factory, station, code, hour, idem)
        uow.commit()
    return result


def _record_override(
    session: Session, station: StationInfo, code: str, hour: str, request: CheckInRequest
) -> None:
    record_incident(
        session,
        election_id=station.election_id,
        branch=station.branch,
        kind="IDENTITY_OVERRIDE",
        hour=hour,
        details={
            "national_code": code,
            "fingerprint": request.fingerprint,
            "reason": request.override_reason,
        },
    )


def _refuse_second_participation(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    code: str,
    hour: str,
    idem: IdempotencySlot | None,
) -> None:
    """Someone already took part: record the incident (with both records) and refuse."""
    with uow_factory() as uow:
        session = uow.session
        if idem is not None:
            stored = idem.lookup(session)
            if stored is not None:  # a twin of this very request won the race
                raise IdempotentReplay(stored)
        first = session.get(Participation, (station.election_id, code))
        first_branch = first.branch if first else "?"
        incident_id = record_incident(
            session,
            election_id=station.election_id,
            branch=station.branch,
            kind="ALREADY_VOTED",
            hour=hour,
            details={
                "national_code": code,
                "first": {
                    "branch": first_branch,
                    "hour": first.hour if first else None,
                    "provisional": bool(first.provisional) if first else None,
                },
                "second": {"branch": station.branch, "hour": hour, "station": station.key_id},
            },
        )
        error = EntekhabError(
            ALREADY_VOTED, {"first_branch": first_branch, "incident_id": incident_id}
        )
        if idem is not None:
            idem.store(session, error.status, {"error": error.to_dict()})
        uow.commit()
    raise error
