"""Complaints and reported violations: filed by candidates, observers or citizens, routed to the
supervisory office of their jurisdiction, tracked to a decision within the deadline.

The complainant's identity (name, national code, contact) is sealed exactly as a confidential
record is (libsodium secretbox through ``crypto.confidential``, in an envelope naming the
complaint, so a sealed value moved to another row does not open). Listings carry the summary and
status, never the identity. Opening it needs a role of the complaint's office, a reason, and is
logged and committed before the identity is handed back.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from entekhab.crypto.confidential import CryptoError, KeyProvider, UnknownKey, open_sealed, seal
from entekhab.crypto.hashing import canonical_json
from entekhab.domain.access import Principal
from entekhab.domain.candidates.rules import SupervisingBody
from entekhab.domain.error_codes import security as security_errors
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import OPS_COMPLAINT_OTHER_OFFICE, OPS_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.complaints import (
    ComplainantKind,
    ComplaintCategory,
    ComplaintStatus,
    check_complaint_change,
    due_at,
    office_for,
    office_role,
)
from entekhab.domain.operations.vocabulary import one_of, required_text
from entekhab.domain.permissions import Action, require
from entekhab.service.audit.events import record_event
from entekhab.service.definitions.loading import get_definition
from entekhab.service.operations.places import lies_under, require_inside
from entekhab.service.security.confidential import MIN_REASON_LENGTH
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.tables.operations import ComplaintRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "Complainant",
    "Complaint",
    "decide_complaint",
    "file_complaint",
    "list_complaints",
    "read_complainant",
]

_ENVELOPE = "entekhab/complainant/v1"


@dataclass(frozen=True)
class Complainant:
    """Who complains: kept sealed."""

    name: str
    national_code: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Complaint:
    id: int
    tracking: str
    election_id: str
    jurisdiction: str
    contest: str | None
    office: str
    complainant_kind: str
    category: str
    summary: str
    status: str
    filed_at: datetime
    due_at: datetime
    overdue: bool
    decision: str | None
    decided_at: datetime | None


def _view(row: ComplaintRow, now: datetime) -> Complaint:
    open_ = row.status in (ComplaintStatus.FILED, ComplaintStatus.UNDER_REVIEW)
    return Complaint(
        row.id,
        row.tracking,
        row.election_id,
        row.jurisdiction,
        row.contest,
        row.office,
        row.complainant_kind,
        row.category,
        row.summary,
        row.status,
        row.filed_at,
        row.due_at,
        open_ and now > row.due_at,
        row.decision,
        row.decided_at,
    )


def _envelope(tracking: str, who: Complainant) -> bytes:
    return canonical_json(
        {
            "v": _ENVELOPE,
            "tracking": tracking,
            "name": who.name,
            "national_code": who.national_code,
            "contact": who.contact,
        }
    )


def _place_in_election(uow: UnitOfWork, election_id: str, jurisdiction: str) -> None:
    if uow.session.get(ElectionRow, election_id) is None:
        raise EntekhabError(INVALID_INPUT, {"reason": f"unknown election {election_id}"})
    definition, _hash = get_definition(uow.session, election_id)
    if jurisdiction not in definition.division_by_code and jurisdiction not in (
        definition.branch_by_code
    ):
        raise EntekhabError(
            INVALID_INPUT, {"reason": f"{jurisdiction} is not a place of {election_id}"}
        )


def file_complaint(
    uow: UnitOfWork,
    keys: KeyProvider,
    *,
    election_id: str,
    jurisdiction: str,
    complainant_kind: str,
    category: str,
    summary: str,
    complainant: Complainant,
    actor: str,
    contest: str | None = None,
    now: datetime | None = None,
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> Complaint:
    """File a complaint; it is routed to its office with a deadline. Returns its tracking."""
    one_of("complainant_kind", complainant_kind, ComplainantKind)
    one_of("category", category, ComplaintCategory)
    text = required_text("summary", summary, 10_000)
    who = Complainant(
        required_text("complainant name", complainant.name, 200),
        complainant.national_code.strip()[:10],
        complainant.contact.strip()[:200],
    )
    _place_in_election(uow, election_id, jurisdiction)
    definition, _hash = get_definition(uow.session, election_id)
    found = None
    if contest is not None:
        found = definition.contest_by_code.get(contest)
        if found is None:
            raise EntekhabError(INVALID_INPUT, {"reason": f"unknown contest {contest}"})
    office = office_for(definition, found)
    moment = now or datetime.now(UTC)
    tracking = random_bytes(8).hex()
    key_id, sealed = seal(keys, _envelope(tracking, who), random_bytes(24))
    row = ComplaintRow(
        tracking=tracking,
        jurisdiction=jurisdiction,
        election_id=election_id,
        contest=contest,
        office=office.value,
        complainant_kind=complainant_kind,
        category=category,
        summary=text,
        key_id=key_id,
        sealed=sealed,
        status=ComplaintStatus.FILED.value,
        filed_at=moment,
        due_at=due_at(moment),
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.COMPLAINT_FILED,
        actor=actor,
        payload={
            "complaint": row.id,
            "tracking": tracking,
            "jurisdiction": jurisdiction,
            "office": office.value,
            "category": category,
            "complainant_kind": complainant_kind,
        },
    )
    uow.commit()
    return _view(row, moment)


def list_complaints(
    uow: UnitOfWork, jurisdiction: str, *, office: str | None = None, now: datetime | None = None
) -> list[Complaint]:
    moment = now or datetime.now(UTC)
    stmt = select(ComplaintRow).order_by(ComplaintRow.due_at, ComplaintRow.id)
    if office is not None:
        stmt = stmt.where(ComplaintRow.office == office)
    return [
        _view(row, moment)
        for row in uow.session.scalars(stmt)
        if lies_under(uow.session, row.jurisdiction, jurisdiction)
    ]


def _own_complaint(
    uow: UnitOfWork, complaint_id: int, jurisdiction: str, who: Principal
) -> ComplaintRow:
    row = uow.session.get(ComplaintRow, complaint_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"complaint {complaint_id}"})
    require_inside(uow.session, jurisdiction, row.jurisdiction, f"complaint {complaint_id}")
    require(who.role, Action.DECIDE_COMPLAINT)
    if who.role is not office_role(SupervisingBody(row.office)):
        raise EntekhabError(
            OPS_COMPLAINT_OTHER_OFFICE, {"tracking": row.tracking, "office": row.office}
        )
    return row


def decide_complaint(
    uow: UnitOfWork,
    complaint_id: int,
    *,
    jurisdiction: str,
    decider: Principal,
    status: str,
    decision: str,
    now: datetime | None = None,
) -> Complaint:
    """The office takes it up (``under_review``) or decides it (``upheld``/``dismissed``)."""
    row = _own_complaint(uow, complaint_id, jurisdiction, decider)
    target = check_complaint_change(row.status, status)
    text = decision.strip()
    final = target in (ComplaintStatus.UPHELD, ComplaintStatus.DISMISSED)
    if final and not text:
        raise EntekhabError(INVALID_INPUT, {"reason": "a decision states its grounds"})
    moment = now or datetime.now(UTC)
    row.status = target.value
    if final:
        row.decision, row.decided_by, row.decided_at = text, decider.actor, moment
    record_event(
        uow.session,
        events.COMPLAINT_DECIDED,
        actor=decider.actor,
        payload={"complaint": row.id, "tracking": row.tracking, "status": row.status},
    )
    uow.commit()
    return _view(row, moment)


def read_complainant(
    uow: UnitOfWork,
    keys: KeyProvider,
    complaint_id: int,
    *,
    jurisdiction: str,
    reader: Principal,
    reason: str,
) -> Complainant:
    """Open the complainant's identity for the complaint's office; the read is logged first."""
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise EntekhabError(
            security_errors.CONFIDENTIAL_REASON_REQUIRED, {"min_length": MIN_REASON_LENGTH}
        )
    row = _own_complaint(uow, complaint_id, jurisdiction, reader)
    try:
        envelope = json.loads(open_sealed(keys, row.key_id, row.sealed))
    except (CryptoError, UnknownKey, ValueError):
        envelope = None
    if not isinstance(envelope, dict) or (envelope.get("v"), envelope.get("tracking")) != (
        _ENVELOPE,
        row.tracking,
    ):
        raise EntekhabError(
            security_errors.CONFIDENTIAL_RECORD_UNREADABLE, {"record_id": row.tracking}
        )
    record_event(
        uow.session,
        events.COMPLAINANT_READ,
        actor=reader.actor,
        payload={"complaint": row.id, "tracking": row.tracking, "reason": reason},
    )
    uow.commit()
    return Complainant(
        str(envelope["name"]), str(envelope["national_code"]), str(envelope["contact"])
    )
