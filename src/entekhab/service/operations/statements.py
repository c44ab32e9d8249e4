"""Media and public statements: the log of media meetings, and statements drafted by the
publicity committee, approved by the head of headquarters, then published with the server's
Ed25519 signature and the time.

Who drafts and who approves is read from the organisation: the drafter must hold a post in the
headquarters' publicity committee on that day, the approver must be its head (the account named
on the head's appointment). Publishing an unapproved draft is refused
(OPS_STATEMENT_NOT_APPROVED) and changes nothing; the public side reads ``public_statements``,
which returns published statements only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from entekhab.crypto.hashing import canonical_json, sha256_hex
from entekhab.crypto.signing import KeyPair
from entekhab.domain.access import Principal
from entekhab.domain.error_codes.operations import (
    OPS_NOT_HEAD_OF_HQ,
    OPS_NOT_IN_COMMITTEE,
    OPS_STATEMENT_NOT_APPROVED,
    OPS_STATUS_CHANGE,
    OPS_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.organisation import CommitteeKind, Post
from entekhab.domain.operations.statements import StatementStatus, signed_document
from entekhab.domain.operations.vocabulary import required_text
from entekhab.domain.permissions import Action, require
from entekhab.service.audit.events import record_event
from entekhab.service.operations.organisation import headquarters, holders
from entekhab.service.operations.places import lies_under, require_inside
from entekhab.store.tables.operations import MediaMeetingRow, StatementRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "MediaMeeting",
    "Statement",
    "approve_statement",
    "draft_statement",
    "list_media_meetings",
    "list_statements",
    "public_statement",
    "public_statements",
    "publish_statement",
    "record_media_meeting",
]


@dataclass(frozen=True)
class MediaMeeting:
    id: int
    hq: str
    held_at: datetime
    outlets: tuple[str, ...]
    subject: str
    notes: str


@dataclass(frozen=True)
class Statement:
    id: int
    hq: str
    title: str
    text: str
    status: str
    drafted_by: str
    drafted_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    published_at: datetime | None
    sha256: str | None
    key_id: str | None
    public_key: str | None
    signature: str | None


def _statement(row: StatementRow) -> Statement:
    return Statement(
        row.id,
        row.hq,
        row.title,
        row.text,
        row.status,
        row.drafted_by,
        row.drafted_at,
        row.approved_by,
        row.approved_at,
        row.published_at,
        row.sha256,
        row.key_id,
        row.public_key,
        row.signature,
    )


def record_media_meeting(
    uow: UnitOfWork,
    *,
    hq: str,
    held_at: datetime,
    outlets: tuple[str, ...],
    subject: str,
    notes: str,
    actor: str,
    now: datetime | None = None,
) -> MediaMeeting:
    headquarters(uow, hq)
    names = [required_text("outlet", o, 200) for o in outlets]
    if not names:
        names = [required_text("outlet", "", 200)]
    row = MediaMeetingRow(
        hq=hq,
        held_at=held_at,
        outlets=names,
        subject=required_text("subject", subject, 300),
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=now or datetime.now(UTC),
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.MEDIA_MEETING_RECORDED,
        actor=actor,
        payload={"media_meeting": row.id, "hq": hq, "outlets": names, "subject": row.subject},
    )
    uow.commit()
    return _media(row)


def _media(row: MediaMeetingRow) -> MediaMeeting:
    return MediaMeeting(row.id, row.hq, row.held_at, tuple(row.outlets), row.subject, row.notes)


def list_media_meetings(uow: UnitOfWork, jurisdiction: str) -> list[MediaMeeting]:
    rows = uow.session.scalars(select(MediaMeetingRow).order_by(MediaMeetingRow.held_at))
    return [_media(r) for r in rows if lies_under(uow.session, r.hq, jurisdiction)]


def draft_statement(
    uow: UnitOfWork,
    *,
    hq: str,
    title: str,
    text: str,
    drafter: Principal,
    now: datetime | None = None,
) -> Statement:
    """A draft by a member of the headquarters' publicity committee."""
    require(drafter.role, Action.DRAFT_STATEMENT)
    headquarters(uow, hq)
    moment = now or datetime.now(UTC)
    members = holders(uow, hq, CommitteeKind.PUBLICITY.value, None, moment.date())
    if drafter.username not in {m.username for m in members}:
        raise EntekhabError(OPS_NOT_IN_COMMITTEE, {"committee": "publicity", "hq": hq})
    row = StatementRow(
        hq=hq,
        title=required_text("title", title, 300),
        text=required_text("text", text, 20_000),
        status=StatementStatus.DRAFT.value,
        drafted_by=drafter.actor,
        drafted_at=moment,
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.STATEMENT_DRAFTED,
        actor=drafter.actor,
        payload={"statement": row.id, "hq": hq, "title": row.title},
    )
    uow.commit()
    return _statement(row)


def _row(uow: UnitOfWork, statement_id: int, jurisdiction: str) -> StatementRow:
    row = uow.session.get(StatementRow, statement_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"statement {statement_id}"})
    require_inside(uow.session, jurisdiction, row.hq, f"statement {statement_id}")
    return row


def approve_statement(
    uow: UnitOfWork,
    statement_id: int,
    *,
    jurisdiction: str,
    approver: Principal,
    now: datetime | None = None,
) -> Statement:
    """The head of headquarters approves a draft (and only a draft)."""
    require(approver.role, Action.APPROVE_STATEMENT)
    row = _row(uow, statement_id, jurisdiction)
    moment = now or datetime.now(UTC)
    heads = holders(uow, row.hq, None, Post.HEAD.value, moment.date())
    if approver.username not in {h.username for h in heads}:
        raise EntekhabError(OPS_NOT_HEAD_OF_HQ, {"hq": row.hq})
    if row.status != StatementStatus.DRAFT:
        raise EntekhabError(
            OPS_STATUS_CHANGE,
            {"what": "statement", "current": row.status, "wanted": StatementStatus.APPROVED.value},
        )
    row.status, row.approved_by, row.approved_at = (
        StatementStatus.APPROVED.value,
        approver.actor,
        moment,
    )
    record_event(
        uow.session,
        events.STATEMENT_APPROVED,
        actor=approver.actor,
        payload={"statement": row.id, "hq": row.hq},
    )
    uow.commit()
    return _statement(row)


def publish_statement(
    uow: UnitOfWork,
    statement_id: int,
    *,
    jurisdiction: str,
    signer: KeyPair,
    actor: str,
    now: datetime | None = None,
) -> Statement:
    """Sign and publish an approved statement; a draft is refused and stays unpublished."""
    row = _row(uow, statement_id, jurisdiction)
    if row.status == StatementStatus.DRAFT:
        raise EntekhabError(OPS_STATEMENT_NOT_APPROVED, {"statement": row.id})
    if row.status != StatementStatus.APPROVED or row.approved_by is None:
        raise EntekhabError(
            OPS_STATUS_CHANGE,
            {"what": "statement", "current": row.status, "wanted": "published"},
        )
    moment = now or datetime.now(UTC)
    document = signed_document(
        statement_id=row.id,
        hq=row.hq,
        title=row.title,
        text=row.text,
        approved_by=row.approved_by,
        published_at=moment,
    )
    message = canonical_json(document)
    row.status = StatementStatus.PUBLISHED.value
    row.published_at = moment
    row.sha256 = sha256_hex(message)
    row.key_id, row.public_key = signer.key_id, signer.public_hex
    row.signature = signer.sign(message)
    record_event(
        uow.session,
        events.STATEMENT_PUBLISHED,
        actor=actor,
        payload={"statement": row.id, "hq": row.hq, "sha256": row.sha256, "key_id": row.key_id},
    )
    uow.commit()
    return _statement(row)


def list_statements(uow: UnitOfWork, jurisdiction: str) -> list[Statement]:
    """Every statement of headquarters inside ``jurisdiction``, drafts included (officials)."""
    rows = uow.session.scalars(select(StatementRow).order_by(StatementRow.id))
    return [_statement(r) for r in rows if lies_under(uow.session, r.hq, jurisdiction)]


def public_statements(uow: UnitOfWork) -> list[Statement]:
    """What the public side shows: published statements only, newest first."""
    rows = uow.session.scalars(
        select(StatementRow)
        .where(StatementRow.status == StatementStatus.PUBLISHED.value)
        .order_by(StatementRow.published_at.desc(), StatementRow.id.desc())
    )
    return [_statement(r) for r in rows]


def public_statement(uow: UnitOfWork, statement_id: int) -> Statement:
    """One published statement; anything else is, to the public, not there."""
    row = uow.session.get(StatementRow, statement_id)
    if row is None or row.status != StatementStatus.PUBLISHED:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"statement {statement_id}"})
    return _statement(row)
