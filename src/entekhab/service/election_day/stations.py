"""Stations: enrolment of a station's Ed25519 public key at HQ, revocation, and the check of
every signed station request (docs/station-api.md, section 2)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import URL, DateTime, delete, exists, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entekhab.crypto.signing import key_id as key_id_of
from entekhab.crypto.signing import request_message, verify
from entekhab.domain.error_codes.election_day import (
    BRANCH_UNKNOWN,
    STATION_AUTH_MISSING,
    STATION_BAD_SIGNATURE,
    STATION_KEY_EXISTS,
    STATION_NONCE_REPLAYED,
    STATION_REVOKED,
    STATION_STALE_TIMESTAMP,
    STATION_UNKNOWN,
)
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import security as events
from entekhab.service.audit.events import record_event, record_event_apart
from entekhab.service.definitions.loading import get_definition
from entekhab.service.election_day.check_in_facts import nonce_hour
from entekhab.store.tables.election_day import Station, StationNonce
from entekhab.store.uow import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "MAX_SKEW",
    "SignedRequest",
    "StationInfo",
    "authenticate",
    "enrol_station",
    "forget_enrolled",
    "forget_old_nonces",
    "key_is_cached",
    "log_refusal",
    "refusals_logged",
    "remember_nonce",
    "revoke_station",
    "rotate_station",
    "verify_signed_request",
]

MAX_SKEW = timedelta(minutes=5)
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SIG = re.compile(r"^[0-9a-f]{128}$")


@dataclass(frozen=True)
class StationInfo:
    """An enrolled station as the server knows it."""

    key_id: str
    public_key_hex: str
    election_id: str
    branch: str
    enrolled_by: str
    enrolled_at: datetime
    revoked_at: datetime | None = None

    def as_json(self) -> dict[str, str | None]:
        return {
            "key_id": self.key_id,
            "election_id": self.election_id,
            "branch": self.branch,
            "public_key_hex": self.public_key_hex,
            "enrolled_by": self.enrolled_by,
            "enrolled_at": self.enrolled_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


def _info(row: Station) -> StationInfo:
    return StationInfo(
        row.key_id,
        row.public_key_hex,
        row.election_id,
        row.branch,
        row.enrolled_by,
        row.enrolled_at,
        row.revoked_at,
    )


def _add_station(
    uow: UnitOfWork,
    *,
    election_id: str,
    branch: str,
    public_key_hex: str,
    enrolled_by: str,
    now: datetime,
) -> StationInfo:
    public_key_hex = public_key_hex.strip().lower()
    if not _HEX64.match(public_key_hex):
        raise EntekhabError(INVALID_INPUT, {"reason": "public key must be 64 hex characters"})
    loaded = get_definition(uow.session, election_id)
    if branch not in loaded.definition.branch_by_code:
        raise EntekhabError(BRANCH_UNKNOWN, {"branch": branch})
    row = Station(
        key_id=key_id_of(public_key_hex),
        public_key_hex=public_key_hex,
        election_id=election_id,
        branch=branch,
        enrolled_by=enrolled_by,
        enrolled_at=now,
    )
    uow.session.add(row)
    try:
        uow.session.flush()
    except IntegrityError:
        raise EntekhabError(STATION_KEY_EXISTS, {"key_id": row.key_id}) from None
    return _info(row)


def enrol_station(
    uow_factory: UnitOfWorkFactory,
    *,
    election_id: str,
    branch: str,
    public_key_hex: str,
    enrolled_by: str,
    now: datetime,
) -> StationInfo:
    """Enrol a station's public key for one branch of one election (done at HQ)."""
    with uow_factory() as uow:
        info = _add_station(
            uow,
            election_id=election_id,
            branch=branch,
            public_key_hex=public_key_hex,
            enrolled_by=enrolled_by,
            now=now,
        )
        record_event(
            uow.session,
            events.STATION_ENROLLED,
            actor=enrolled_by,
            payload={"key_id": info.key_id, "election_id": election_id, "branch": branch},
        )
        uow.commit()
    return info


def _revoke(uow: UnitOfWork, key_id: str, now: datetime) -> Station:
    row = uow.session.get(Station, key_id)
    if row is None:
        raise EntekhabError(STATION_UNKNOWN, {"key_id": key_id})
    if row.revoked_at is None:
        row.revoked_at = now
    return row


def revoke_station(
    uow_factory: UnitOfWorkFactory, key_id: str, *, now: datetime, revoked_by: str = "hq"
) -> StationInfo:
    """Revoke a station key: every later request signed with it is refused."""
    with uow_factory() as uow:
        row = _revoke(uow, key_id, now)
        info = _info(row)
        record_event(
            uow.session,
            events.STATION_KEY_REVOKED,
            actor=revoked_by,
            payload={"key_id": key_id, "election_id": row.election_id, "branch": row.branch},
        )
        uow.commit()
    return info


def rotate_station(
    uow_factory: UnitOfWorkFactory,
    old_key_id: str,
    *,
    new_public_key_hex: str,
    rotated_by: str,
    now: datetime,
) -> StationInfo:
    """Replace a station's key in one transaction: the old key is revoked and the new one
    enrolled for the same election and branch (a lost, stolen or replaced device)."""
    with uow_factory() as uow:
        old = _revoke(uow, old_key_id, now)
        info = _add_station(
            uow,
            election_id=old.election_id,
            branch=old.branch,
            public_key_hex=new_public_key_hex,
            enrolled_by=rotated_by,
            now=now,
        )
        record_event(
            uow.session,
            events.STATION_KEY_ROTATED,
            actor=rotated_by,
            payload={
                "old_key_id": old_key_id,
                "new_key_id": info.key_id,
                "election_id": info.election_id,
                "branch": info.branch,
            },
        )
        uow.commit()
    return info


@dataclass(frozen=True)
class SignedRequest:
    """What the server received: the four headers and the signed parts of the request."""

    key_id: str | None
    timestamp: str | None
    nonce: str | None
    signature: str | None
    method: str
    path: str
    body: bytes
    address: str = "unknown"
    """The client's network address (for the record of a refusal)."""


def _parse_time(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise EntekhabError(STATION_AUTH_MISSING, {"header": "X-Entekhab-Timestamp"}) from None
    if parsed.tzinfo is None:
        raise EntekhabError(STATION_AUTH_MISSING, {"header": "X-Entekhab-Timestamp"})
    return parsed.astimezone(UTC)


def _check_shape(req: SignedRequest) -> tuple[str, str, str, str]:
    checks = (
        ("X-Entekhab-Station", req.key_id, _HEX32),
        ("X-Entekhab-Timestamp", req.timestamp, None),
        ("X-Entekhab-Nonce", req.nonce, _NONCE),
        ("X-Entekhab-Signature", req.signature, _SIG),
    )
    for header, value, pattern in checks:
        if not value or (pattern is not None and not pattern.match(value)):
            raise EntekhabError(STATION_AUTH_MISSING, {"header": header})
    assert req.key_id and req.timestamp and req.nonce and req.signature
    return req.key_id, req.timestamp, req.nonce, req.signature


def authenticate(
    uow_factory: UnitOfWorkFactory, req: SignedRequest, *, now: datetime
) -> StationInfo:
    """The station that signed ``req``, or a coded refusal. A good request's nonce is recorded
    in a transaction of its own, so a replay is refused whatever became of the first. A refusal
    changes nothing but is itself logged (``STATION_REQUEST_REFUSED``).

    (The check-in records the nonce in its own transaction instead: ``verify_signed_request``
    then the use case with the nonce.)"""
    with refusals_logged(uow_factory, req):
        info = verify_signed_request(uow_factory, req, now=now)
        _remember_nonce(uow_factory, info.key_id, req.nonce or "", now)
        return info


def verify_signed_request(
    uow_factory: UnitOfWorkFactory, req: SignedRequest, *, now: datetime
) -> StationInfo:
    """The enrolled station whose signature ``req`` carries, with a fresh timestamp; its nonce
    is not yet recorded (the caller does, in its transaction). Costs no round trip once the
    station's key is cached. Refusals are coded but not logged (see ``refusals_logged``)."""
    key_id, timestamp, nonce, signature = _check_shape(req)
    sent_at = _parse_time(timestamp)
    info = _enrolled(uow_factory, key_id)
    message = request_message(req.method, req.path, req.body, timestamp, nonce)
    if not verify(info.public_key_hex, message, signature):
        raise EntekhabError(STATION_BAD_SIGNATURE, {"key_id": key_id})
    if abs(now - sent_at) > MAX_SKEW:
        raise EntekhabError(STATION_STALE_TIMESTAMP, {"timestamp": timestamp})
    return info


@contextmanager
def refusals_logged(uow_factory: UnitOfWorkFactory, req: SignedRequest) -> Iterator[None]:
    """Log a refused station request (``STATION_REQUEST_REFUSED``, in a transaction of its
    own) when the block raises one of the station-authentication errors."""
    try:
        yield
    except EntekhabError as error:
        log_refusal(uow_factory, req, error)
        raise


def log_refusal(uow_factory: UnitOfWorkFactory, req: SignedRequest, error: EntekhabError) -> None:
    """Log ``error`` as a refused station request if it is a station-authentication error."""
    if error.code not in _AUTH_CODES:
        return
    record_event_apart(
        uow_factory,
        events.STATION_REQUEST_REFUSED,
        actor=f"address:{req.address}",
        payload={
            "code": error.code,
            "key_id": req.key_id if req.key_id and _HEX32.match(req.key_id) else None,
            "method": req.method,
            "path": req.path[:200],
        },
    )


def key_is_cached(uow_factory: UnitOfWorkFactory, key_id: str | None) -> bool:
    """Whether ``verify_signed_request`` can check this key without the database."""
    return key_id is not None and _cache_key(uow_factory, key_id) in _enrolled_cache


def remember_nonce(uow_factory: UnitOfWorkFactory, key_id: str, nonce: str, now: datetime) -> None:
    """Record a verified request's nonce in a transaction of its own (for a request refused
    before its use case could record it): STATION_NONCE_REPLAYED / STATION_REVOKED."""
    _remember_nonce(uow_factory, key_id, nonce, now)


_AUTH_CODES = frozenset(
    spec.code
    for spec in (
        STATION_AUTH_MISSING,
        STATION_BAD_SIGNATURE,
        STATION_NONCE_REPLAYED,
        STATION_REVOKED,
        STATION_STALE_TIMESTAMP,
        STATION_UNKNOWN,
    )
)


_enrolled_cache: dict[tuple[URL, str], StationInfo] = {}
"""Unrevoked stations as first read, by (database, key id). What is cached never changes after
enrolment (the key id is the hash of the public key; election and branch are fixed), and
revocation is checked on every request by the statement that records the nonce."""


def _enrolled(uow_factory: UnitOfWorkFactory, key_id: str) -> StationInfo:
    info = _enrolled_cache.get(_cache_key(uow_factory, key_id))
    if info is not None:
        return info
    with uow_factory() as uow:
        row = uow.session.get(Station, key_id)
        if row is None:
            raise EntekhabError(STATION_UNKNOWN, {"key_id": key_id})
        if row.revoked_at is not None:
            raise EntekhabError(STATION_REVOKED, {"key_id": key_id})
        info = _info(row)
    if len(_enrolled_cache) > 100_000:
        _enrolled_cache.clear()
    _enrolled_cache[_cache_key(uow_factory, key_id)] = info
    return info


def forget_enrolled(uow_factory: UnitOfWorkFactory, key_id: str) -> None:
    """Drop a station from the cache (found revoked): its next request reads it again."""
    _enrolled_cache.pop(_cache_key(uow_factory, key_id), None)


def forget_old_nonces(uow_factory: UnitOfWorkFactory, nonce: str, now: datetime) -> None:
    """About one request in 64 (by its random nonce): forget nonces no timestamp can reuse,
    in an autocommit statement of its own (so concurrent cleaners never wait on each other's
    transactions)."""
    if nonce[-1:] != "0":
        return
    with uow_factory.autocommit() as conn:
        stale = nonce_hour(now) - max(2 * MAX_SKEW, timedelta(hours=1))  # seen_at is the hour
        conn.execute(delete(StationNonce).where(StationNonce.seen_at < stale))


def _cache_key(uow_factory: UnitOfWorkFactory, key_id: str) -> tuple[URL, str]:
    return (uow_factory.engine.url, key_id)  # the URL itself: rendering it cost every request


def _remember_nonce(uow_factory: UnitOfWorkFactory, key_id: str, nonce: str, now: datetime) -> None:
    """Record the nonce in one statement committed on its own, and only while the station is
    unrevoked (one round trip: this runs for every station request)."""
    unrevoked = exists().where(Station.key_id == key_id, Station.revoked_at.is_(None))
    row = select(literal(key_id), literal(nonce), literal(nonce_hour(now), DateTime(timezone=True)))
    statement = (
        insert(StationNonce)
        .from_select(["station_key_id", "nonce", "seen_at"], row.where(unrevoked))
        .returning(StationNonce.nonce)
    )
    with uow_factory.autocommit() as conn:
        try:
            inserted = conn.execute(statement).first()
        except IntegrityError:
            raise EntekhabError(STATION_NONCE_REPLAYED, {"nonce": nonce}) from None
        if inserted is None:
            forget_enrolled(uow_factory, key_id)
            raise EntekhabError(STATION_REVOKED, {"key_id": key_id})
    forget_old_nonces(uow_factory, nonce, now)


def stations_of_branch(session: Session, election_id: str, branch: str) -> list[str]:
    """The key ids of the branch's stations, read in the caller's transaction (a second
    connection here, while the caller holds SQLite's write lock, waited on a pool that the
    check-ins queued behind that lock had taken: each side waited out the other's timeout)."""
    return list(
        session.scalars(
            select(Station.key_id).where(
                Station.election_id == election_id, Station.branch == branch
            )
        )
    )
