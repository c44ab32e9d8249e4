"""Confidential records (اسناد محرمانه): vetting inquiries and answers about candidates, and
incident reports about people.

The subject and text are sealed with libsodium's secretbox (``crypto.confidential``) inside a
JSON envelope that repeats the record's id, kind and jurisdiction, so a sealed value copied onto
another row does not open as that row. Only metadata is stored in the clear and listed. Reading a
record needs a reason of at least ``MIN_REASON_LENGTH`` characters; the read is logged (reader,
record id, reason — never the content) and committed before the content is handed back, so no
read goes unrecorded. Who may create, list and read is the permission matrix's business
(vetting officers of the record's jurisdiction read; officers, boards and branch heads may file
incident reports they cannot read back).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.crypto.confidential import CryptoError, KeyProvider, UnknownKey, open_sealed, seal
from entekhab.crypto.hashing import canonical_json
from entekhab.domain.error_codes import security as errors
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.event_codes import security as events
from entekhab.errors import EntekhabError
from entekhab.service.audit.events import record_event
from entekhab.service.security.jurisdictions import Chains, code_chain, inside, known_jurisdiction
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.tables.security import ConfidentialRecordRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "INCIDENT_REPORT",
    "KINDS",
    "MIN_REASON_LENGTH",
    "VETTING_ANSWER",
    "VETTING_INQUIRY",
    "ConfidentialContent",
    "RecordMeta",
    "add_record",
    "create_record",
    "list_records",
    "read_record",
    "record_chains",
]

VETTING_INQUIRY = "vetting_inquiry"  # استعلام
VETTING_ANSWER = "vetting_answer"  # پاسخ استعلام
INCIDENT_REPORT = "incident_report"  # گزارش رخداد درباره اشخاص
KINDS = (VETTING_INQUIRY, VETTING_ANSWER, INCIDENT_REPORT)
MIN_REASON_LENGTH = 10
MAX_SUBJECT = 300
MAX_TEXT = 20_000
_ENVELOPE_VERSION = 1


@dataclass(frozen=True)
class RecordMeta:
    """What anyone allowed to list records sees: never the subject or the text."""

    record_id: str
    kind: str
    jurisdiction: str
    election_id: str | None
    reply_to: str | None
    created_by: str
    created_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "kind": self.kind,
            "jurisdiction": self.jurisdiction,
            "election_id": self.election_id,
            "reply_to": self.reply_to,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class ConfidentialContent:
    meta: RecordMeta
    subject: str
    text: str


def _meta(row: ConfidentialRecordRow) -> RecordMeta:
    return RecordMeta(
        row.id,
        row.kind,
        row.jurisdiction,
        row.election_id,
        row.reply_to,
        row.created_by,
        row.created_at,
    )


def _invalid(reason: str) -> EntekhabError:
    return EntekhabError(INVALID_INPUT, {"reason": reason})


def _check_new(
    session: Session,
    *,
    kind: str,
    jurisdiction: str,
    election_id: str | None,
    reply_to: str | None,
    subject: str,
    text: str,
) -> None:
    if kind not in KINDS:
        raise _invalid(f"kind must be one of {', '.join(KINDS)}")
    if not subject.strip() or len(subject) > MAX_SUBJECT:
        raise _invalid(f"subject must be 1-{MAX_SUBJECT} characters")
    if not text.strip() or len(text) > MAX_TEXT:
        raise _invalid(f"text must be 1-{MAX_TEXT} characters")
    if code_chain(session, jurisdiction) is None:
        raise _invalid(f"unknown jurisdiction {jurisdiction}")
    # Only the id: ``session.get`` would load (and parse) the whole definition document every
    # time, since the identity map does not keep rows nobody holds.
    known = select(ElectionRow.id).where(ElectionRow.id == election_id)
    if election_id is not None and session.scalar(known) is None:
        raise _invalid(f"unknown election {election_id}")
    if kind == VETTING_ANSWER:
        asked = session.get(ConfidentialRecordRow, reply_to) if reply_to else None
        if asked is None or asked.kind != VETTING_INQUIRY:
            raise _invalid("a vetting answer replies to an existing vetting inquiry")
        if asked.jurisdiction != jurisdiction:
            raise _invalid("an answer belongs to the jurisdiction of its inquiry")
    elif reply_to is not None:
        raise _invalid("only a vetting answer replies to another record")


def _envelope(row: ConfidentialRecordRow, subject: str, text: str) -> bytes:
    return canonical_json(
        {
            "v": _ENVELOPE_VERSION,
            "id": row.id,
            "kind": row.kind,
            "jurisdiction": row.jurisdiction,
            "subject": subject,
            "text": text,
        }
    )


def create_record(
    uow: UnitOfWork,
    keys: KeyProvider,
    *,
    kind: str,
    jurisdiction: str,
    subject: str,
    text: str,
    actor: str,
    election_id: str | None = None,
    reply_to: str | None = None,
    now: datetime | None = None,
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> RecordMeta:
    """Seal and store a record; bad input is refused before anything is written."""
    meta = add_record(
        uow,
        keys,
        kind=kind,
        jurisdiction=jurisdiction,
        subject=subject,
        text=text,
        actor=actor,
        election_id=election_id,
        reply_to=reply_to,
        now=now,
        random_bytes=random_bytes,
    )
    uow.commit()
    return meta


def add_record(
    uow: UnitOfWork,
    keys: KeyProvider,
    *,
    kind: str,
    jurisdiction: str,
    subject: str,
    text: str,
    actor: str,
    election_id: str | None = None,
    reply_to: str | None = None,
    now: datetime | None = None,
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> RecordMeta:
    """As ``create_record``, inside the caller's transaction (the caller commits): a use case
    that files records together with rows of its own (vetting inquiries) stays atomic."""
    _check_new(
        uow.session,
        kind=kind,
        jurisdiction=jurisdiction,
        election_id=election_id,
        reply_to=reply_to,
        subject=subject,
        text=text,
    )
    row = ConfidentialRecordRow(
        id=random_bytes(16).hex(),
        kind=kind,
        jurisdiction=jurisdiction,
        election_id=election_id,
        reply_to=reply_to,
        created_by=actor,
        created_at=now or datetime.now(UTC),
    )
    row.key_id, row.sealed = seal(keys, _envelope(row, subject, text), random_bytes(24))
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.CONFIDENTIAL_RECORD_CREATED,
        actor=actor,
        payload={"record_id": row.id, "kind": kind, "jurisdiction": jurisdiction},
    )
    return _meta(row)


def record_chains(session: Session, record_id: str) -> Chains:
    """Where a record lies (for the permission gate); CONFIDENTIAL_RECORD_UNKNOWN if none."""
    row = session.get(ConfidentialRecordRow, record_id)
    if row is None:
        raise EntekhabError(errors.CONFIDENTIAL_RECORD_UNKNOWN, {"record_id": record_id})
    return known_jurisdiction(session, row.jurisdiction)


def list_records(uow: UnitOfWork, jurisdiction: str) -> list[RecordMeta]:
    """Metadata of every record inside ``jurisdiction``, newest first."""
    rows = uow.session.scalars(
        select(ConfidentialRecordRow).order_by(
            ConfidentialRecordRow.created_at.desc(), ConfidentialRecordRow.id
        )
    ).all()
    is_inside = inside(uow.session, jurisdiction)
    return [_meta(row) for row in rows if is_inside(row.jurisdiction)]


def read_record(
    uow: UnitOfWork, keys: KeyProvider, record_id: str, *, reader: str, reason: str
) -> ConfidentialContent:
    """Open a record for ``reader``; the read (with its reason) is logged and committed first."""
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise EntekhabError(errors.CONFIDENTIAL_REASON_REQUIRED, {"min_length": MIN_REASON_LENGTH})
    row = uow.session.get(ConfidentialRecordRow, record_id)
    if row is None:
        raise EntekhabError(errors.CONFIDENTIAL_RECORD_UNKNOWN, {"record_id": record_id})
    try:
        envelope = json.loads(open_sealed(keys, row.key_id, row.sealed))
    except (CryptoError, UnknownKey, ValueError):
        envelope = None
    expected = (_ENVELOPE_VERSION, row.id, row.kind, row.jurisdiction)
    if not isinstance(envelope, dict) or expected != tuple(
        envelope.get(k) for k in ("v", "id", "kind", "jurisdiction")
    ):
        raise EntekhabError(errors.CONFIDENTIAL_RECORD_UNREADABLE, {"record_id": record_id})
    record_event(
        uow.session,
        events.CONFIDENTIAL_RECORD_READ,
        actor=reader,
        payload={"record_id": record_id, "reason": reason},
    )
    uow.commit()
    return ConfidentialContent(_meta(row), str(envelope["subject"]), str(envelope["text"]))
