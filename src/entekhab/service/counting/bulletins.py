"""Receiving branch bulletins: check, record, count.

``receive_bulletin`` runs every check of ``domain.bulletin_rules`` plus those needing storage or
cryptography: the station's signature by a key enrolled for that branch and not revoked, the
branch head's countersignature likewise, and one bulletin per branch and contest unless an
explicit correction names the current one (``supersedes`` = its digest) with a reason. An
accepted bulletin updates the running totals (``service.counting.aggregation``) in the same
transaction.

A refused bulletin raises its coded error after the refusal is recorded in a separate
transaction (a ``rejected_bulletins`` row and a ``BULLETIN_REJECTED`` event): nothing of the
refused bulletin reaches the totals. Sending the very same bulletin again (same digest) is a
retry and answers as the first time did, without counting twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entekhab.crypto.signing import key_id as key_id_of
from entekhab.crypto.signing import verify
from entekhab.domain.bulletin_rules import check_bulletin
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes import counting as codes
from entekhab.domain.errors import EntekhabError, ErrorSpec
from entekhab.domain.event_codes import counting as events
from entekhab.domain.results import Bulletin, SignedBulletin
from entekhab.domain.tally import bulletin_deltas
from entekhab.service.audit.events import record_event
from entekhab.service.counting.aggregation import apply_deltas
from entekhab.service.counting.certification import reopen_after_change
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.counting import (
    BranchHeadKey,
    BulletinRow,
    CurrentBulletin,
    RejectedBulletin,
)
from entekhab.store.tables.election_day import Station
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "BulletinReceipt",
    "EnrolledKey",
    "KeyDirectory",
    "SqlKeyDirectory",
    "accept_bulletin",
    "check_signatures",
    "current_digests",
    "enroll_head_key",
    "enrolled_station_key",
    "parse_signed_bulletin",
    "receive_bulletin",
    "revoke_head_key",
]


@dataclass(frozen=True)
class EnrolledKey:
    """A public key enrolled for one branch (a station's or a branch head's)."""

    key_id: str
    public_hex: str
    branch: str
    active: bool


class KeyDirectory(Protocol):
    """Where enrolled station and branch-head keys are looked up."""

    def station_key(self, session: Session, key_id: str) -> EnrolledKey | None: ...

    def head_key(self, session: Session, key_id: str) -> EnrolledKey | None: ...


StationKeyLookup = Callable[[Session, str], EnrolledKey | None]


def enrolled_station_key(session: Session, key_id: str) -> EnrolledKey | None:
    """A station key from the election-day ``stations`` table (enrolled at HQ)."""
    row = session.get(Station, key_id)
    if row is None:
        return None
    return EnrolledKey(row.key_id, row.public_key_hex, row.branch, row.revoked_at is None)


class SqlKeyDirectory:
    """Station keys from ``stations`` (election day), branch-head keys from ``branch_head_keys``.

    ``station_lookup`` replaces the station source (benchmarks, simulations)."""

    def __init__(self, station_lookup: StationKeyLookup | None = None) -> None:
        self._station_lookup = station_lookup or enrolled_station_key

    def station_key(self, session: Session, key_id: str) -> EnrolledKey | None:
        return self._station_lookup(session, key_id)

    def head_key(self, session: Session, key_id: str) -> EnrolledKey | None:
        row = session.get(BranchHeadKey, key_id)
        if row is None:
            return None
        return EnrolledKey(row.key_id, row.public_key, row.branch, row.revoked_at is None)


@dataclass(frozen=True)
class BulletinReceipt:
    """What the server answers to an accepted bulletin."""

    digest: str
    election_id: str
    contest: str
    branch: str
    status: str  # accepted | corrected | already_accepted
    label: str = "unofficial"

    def as_json(self) -> dict[str, Any]:
        return {
            "digest": self.digest,
            "election_id": self.election_id,
            "contest": self.contest,
            "branch": self.branch,
            "status": self.status,
            "label": self.label,
        }


def parse_signed_bulletin(payload: Mapping[str, Any] | SignedBulletin) -> SignedBulletin:
    """The signed bulletin in ``payload``, or BULLETIN_NEGATIVE_COUNT / BULLETIN_MALFORMED."""
    if isinstance(payload, SignedBulletin):
        return payload
    try:
        return SignedBulletin.model_validate(payload)
    except ValidationError as exc:
        problems = exc.errors()
        for problem in problems:
            if problem["type"] == "greater_than_equal":
                field = ".".join(str(p) for p in problem["loc"])
                raise EntekhabError(codes.BULLETIN_NEGATIVE_COUNT, {"field": field}) from None
        first = problems[0]
        reason = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        raise EntekhabError(codes.BULLETIN_MALFORMED, {"reason": reason}) from None
    except (TypeError, ValueError) as exc:
        raise EntekhabError(codes.BULLETIN_MALFORMED, {"reason": str(exc)[:200]}) from None


def _check_key(
    enrolled: EnrolledKey | None,
    key_id: str,
    signature: str,
    bulletin: Bulletin,
    message: bytes,
    *,
    unknown: ErrorSpec,
    invalid: ErrorSpec,
) -> None:
    if enrolled is None or not enrolled.active or key_id_of(enrolled.public_hex) != key_id:
        raise EntekhabError(unknown, {"key_id": key_id})
    if enrolled.branch != bulletin.branch:
        raise EntekhabError(
            codes.BULLETIN_KEY_WRONG_BRANCH,
            {"key_id": key_id, "key_branch": enrolled.branch, "branch": bulletin.branch},
        )
    if not verify(enrolled.public_hex, message, signature):
        raise EntekhabError(invalid, {})


def check_signatures(session: Session, signed: SignedBulletin, keys: KeyDirectory) -> None:
    """Both signatures over ``bulletin.canonical()``, by keys enrolled for the branch."""
    message = signed.bulletin.canonical()
    _check_key(
        keys.station_key(session, signed.station_key_id),
        signed.station_key_id,
        signed.station_signature,
        signed.bulletin,
        message,
        unknown=codes.BULLETIN_STATION_KEY_UNKNOWN,
        invalid=codes.BULLETIN_STATION_SIGNATURE_INVALID,
    )
    _check_key(
        keys.head_key(session, signed.head_key_id),
        signed.head_key_id,
        signed.head_signature,
        signed.bulletin,
        message,
        unknown=codes.BULLETIN_HEAD_KEY_UNKNOWN,
        invalid=codes.BULLETIN_HEAD_SIGNATURE_INVALID,
    )


def _superseded(session: Session, b: Bulletin, digest: str) -> Bulletin | None:
    """The bulletin ``b`` replaces (None for a first bulletin); swaps the current pointer."""
    key = {"election_id": b.election_id, "contest": b.contest, "branch": b.branch}
    if b.supersedes is None:
        try:
            with session.begin_nested():
                session.add(CurrentBulletin(**key, digest=digest))
        except IntegrityError:
            raise EntekhabError(
                codes.BULLETIN_DUPLICATE, {"branch": b.branch, "contest": b.contest}
            ) from None
        return None
    swapped = session.execute(
        update(CurrentBulletin)
        .where(
            CurrentBulletin.election_id == b.election_id,
            CurrentBulletin.contest == b.contest,
            CurrentBulletin.branch == b.branch,
            CurrentBulletin.digest == b.supersedes,
        )
        .values(digest=digest)
    )
    if swapped.rowcount != 1:  # type: ignore[attr-defined]
        current = session.get(CurrentBulletin, (b.election_id, b.contest, b.branch))
        raise EntekhabError(
            codes.BULLETIN_SUPERSEDES_UNKNOWN,
            {"supersedes": b.supersedes, "current": current.digest if current else None},
        )
    old = session.get(BulletinRow, b.supersedes)
    assert old is not None  # the current pointer only ever names stored bulletins
    old.superseded_by = digest
    return SignedBulletin.model_validate(old.document).bulletin


def accept_bulletin(
    session: Session,
    definition: ElectionDefinition,
    definition_hash: str,
    signed: SignedBulletin,
    keys: KeyDirectory,
    actor: str,
    now: datetime,
) -> BulletinReceipt:
    """Check and count ``signed`` in the caller's transaction (a branch's closing accepts its
    bulletins in the closing's own transaction); raises the coded refusal, writing nothing."""
    b = signed.bulletin
    digest = b.digest()
    existing = session.get(BulletinRow, digest)
    if existing is not None:
        return BulletinReceipt(digest, b.election_id, b.contest, b.branch, "already_accepted")
    check_bulletin(definition, definition_hash, b)
    check_signatures(session, signed, keys)
    superseded = _superseded(session, b, digest)
    session.add(
        BulletinRow(
            digest=digest,
            election_id=b.election_id,
            contest=b.contest,
            branch=b.branch,
            document=signed.model_dump(mode="json"),
            supersedes=b.supersedes,
            correction_reason=b.correction_reason,
            received_by=actor,
            received_at=now,
        )
    )
    apply_deltas(session, b.election_id, b.contest, bulletin_deltas(definition, b, superseded))
    payload: dict[str, Any] = {"digest": digest, "contest": b.contest, "branch": b.branch}
    # Totals changed: an approved (or later) result no longer matches them.
    reason = f"correction: {b.correction_reason}" if superseded else f"late bulletin {b.branch}"
    reopen_after_change(session, b.election_id, b.contest, actor=actor, reason=reason, now=now)
    if superseded is None:
        record_event(session, events.BULLETIN_ACCEPTED, actor=actor, payload=payload)
        return BulletinReceipt(digest, b.election_id, b.contest, b.branch, "accepted")
    payload |= {"supersedes": b.supersedes, "reason": b.correction_reason}
    record_event(session, events.BULLETIN_CORRECTED, actor=actor, payload=payload)
    return BulletinReceipt(digest, b.election_id, b.contest, b.branch, "corrected")


def receive_bulletin(
    uow_factory: UnitOfWorkFactory,
    payload: Mapping[str, Any] | SignedBulletin,
    *,
    actor: str,
    keys: KeyDirectory | None = None,
    now: datetime | None = None,
) -> BulletinReceipt:
    """Check ``payload`` and count it, or record its refusal and raise the coded error."""
    now = now or datetime.now(UTC)
    keys = keys or SqlKeyDirectory()
    signed: SignedBulletin | None = None
    try:
        signed = parse_signed_bulletin(payload)
        with uow_factory() as uow:
            definition, definition_hash = get_definition(
                uow.session, signed.bulletin.election_id, unknown=codes.BULLETIN_UNKNOWN_ELECTION
            )
            receipt = accept_bulletin(
                uow.session, definition, definition_hash, signed, keys, actor, now
            )
            uow.commit()
            return receipt
    except EntekhabError as error:
        _record_rejection(uow_factory, payload, signed, error, actor, now)
        raise


def _record_rejection(
    uow_factory: UnitOfWorkFactory,
    payload: Mapping[str, Any] | SignedBulletin,
    signed: SignedBulletin | None,
    error: EntekhabError,
    actor: str,
    now: datetime,
) -> None:
    b = signed.bulletin if signed is not None else None
    if isinstance(payload, SignedBulletin):
        document: dict[str, Any] = payload.model_dump(mode="json")
    else:
        document = _jsonable(payload)
    row = RejectedBulletin(
        election_id=b.election_id[:64] if b else None,
        contest=b.contest[:32] if b else None,
        branch=b.branch[:32] if b else None,
        digest=b.digest() if b else None,
        code=error.code,
        details=_jsonable(error.details),
        document=document,
        received_by=actor,
        received_at=now,
    )
    with uow_factory() as uow:
        uow.session.add(row)
        record_event(
            uow.session,
            events.BULLETIN_REJECTED,
            actor=actor,
            payload={
                "code": error.code,
                "digest": row.digest,
                "contest": row.contest,
                "branch": row.branch,
            },
        )
        uow.commit()


def _jsonable(value: Any) -> Any:
    """A JSON-safe copy of arbitrary received data (what was sent is kept as evidence)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return repr(value)


def enroll_head_key(
    uow_factory: UnitOfWorkFactory,
    *,
    election_id: str,
    branch: str,
    public_hex: str,
    enrolled_by: str,
    now: datetime | None = None,
) -> str:
    """Enroll a branch head's public key for ``branch``; returns its key id."""
    now = now or datetime.now(UTC)
    try:
        kid = key_id_of(public_hex)
        if len(bytes.fromhex(public_hex)) != 32:
            raise ValueError("an Ed25519 public key has 32 bytes")
    except ValueError as exc:
        raise EntekhabError(codes.BULLETIN_MALFORMED, {"reason": str(exc)}) from None
    with uow_factory() as uow:
        if uow.session.get(BranchHeadKey, kid) is not None:
            raise EntekhabError(codes.HEAD_KEY_EXISTS, {"key_id": kid})
        uow.session.add(
            BranchHeadKey(
                key_id=kid,
                public_key=public_hex.lower(),
                election_id=election_id,
                branch=branch,
                enrolled_by=enrolled_by,
                enrolled_at=now,
            )
        )
        record_event(
            uow.session,
            events.HEAD_KEY_ENROLLED,
            actor=enrolled_by,
            payload={"key_id": kid, "branch": branch, "election_id": election_id},
        )
        uow.commit()
    return kid


def revoke_head_key(
    uow_factory: UnitOfWorkFactory, key_id: str, *, actor: str, now: datetime | None = None
) -> None:
    """Revoke a branch head's key: bulletins countersigned by it are refused from now on."""
    now = now or datetime.now(UTC)
    with uow_factory() as uow:
        row = uow.session.get(BranchHeadKey, key_id)
        if row is None:
            raise EntekhabError(codes.BULLETIN_HEAD_KEY_UNKNOWN, {"key_id": key_id})
        row.revoked_at = now
        record_event(uow.session, events.HEAD_KEY_REVOKED, actor=actor, payload={"key_id": key_id})
        uow.commit()


def current_digests(session: Session, election_id: str, contest: str) -> list[str]:
    """Digests of the bulletins that count for ``contest``, sorted (the Merkle leaves)."""
    rows = session.scalars(
        select(CurrentBulletin.digest).where(
            CurrentBulletin.election_id == election_id, CurrentBulletin.contest == contest
        )
    ).all()
    return sorted(str(d) for d in rows)
