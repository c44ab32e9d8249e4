"""Directives: a headquarters issues one to the offices below it (text, attachments, deadline,
classification); each addressed office acknowledges it and files action reports; overdue views
per county and district; reminders.

An office may only acknowledge or report on a directive addressed to it (OPS_NOT_ADDRESSED,
nothing written). Attachments keep their bytes and SHA-256, so the copy an office downloads is
the one that was issued. Reading a classified directive needs the clearance and is logged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from entekhab.domain.access import Principal
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import (
    OPS_ALREADY_DONE,
    OPS_ATTACHMENT_TOO_LARGE,
    OPS_NOT_ADDRESSED,
    OPS_OUTSIDE_HQ,
    OPS_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.classification import Level
from entekhab.domain.operations.directives import (
    OfficePart,
    is_overdue,
    office_state,
    reminder_reason,
)
from entekhab.domain.operations.vocabulary import one_of, required_text
from entekhab.service.audit.events import record_event
from entekhab.service.operations.classification import open_classified
from entekhab.service.operations.organisation import headquarters
from entekhab.service.operations.places import chain_of, division_kind, lies_under
from entekhab.store.tables.operations import (
    AttachmentRow,
    DirectiveAddresseeRow,
    DirectiveReportRow,
    DirectiveRow,
    ReminderRow,
)
from entekhab.store.uow import UnitOfWork

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "Attachment",
    "Directive",
    "DirectiveSummary",
    "NewAttachment",
    "OfficeStanding",
    "Overdue",
    "Reminder",
    "Report",
    "acknowledge",
    "attachment_content",
    "due_reminders",
    "file_report",
    "issue_directive",
    "list_directives",
    "overdue",
    "read_directive",
    "send_reminders",
]

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Attachment:
    id: int
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Report:
    office: str
    text: str
    done: bool
    reported_by: str
    reported_at: datetime


@dataclass(frozen=True)
class OfficeStanding:
    office: str
    state: str
    overdue: bool
    acknowledged_at: datetime | None
    done_at: datetime | None


@dataclass(frozen=True)
class DirectiveSummary:
    """What a listing shows: never the text of the directive."""

    id: int
    hq: str
    number: str
    title: str
    classification: str
    deadline: datetime
    issued_at: datetime
    offices: tuple[OfficeStanding, ...]


@dataclass(frozen=True)
class Directive:
    summary: DirectiveSummary
    text: str
    attachments: tuple[Attachment, ...]
    reports: tuple[Report, ...]


@dataclass(frozen=True)
class Overdue:
    directive: int
    number: str
    title: str
    office: str
    county: str | None
    district: str | None
    state: str
    deadline: datetime


@dataclass(frozen=True)
class Reminder:
    directive: int
    office: str
    reason: str
    sent_at: datetime


def _directive_row(uow: UnitOfWork, directive_id: int) -> DirectiveRow:
    row = uow.session.get(DirectiveRow, directive_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"directive {directive_id}"})
    return row


def _addressees(uow: UnitOfWork, directive_id: int) -> list[DirectiveAddresseeRow]:
    return list(
        uow.session.scalars(
            select(DirectiveAddresseeRow)
            .where(DirectiveAddresseeRow.directive_id == directive_id)
            .order_by(DirectiveAddresseeRow.office)
        )
    )


def _reports(uow: UnitOfWork, directive_id: int) -> list[DirectiveReportRow]:
    return list(
        uow.session.scalars(
            select(DirectiveReportRow)
            .where(DirectiveReportRow.directive_id == directive_id)
            .order_by(DirectiveReportRow.id)
        )
    )


def _parts(uow: UnitOfWork, row: DirectiveRow) -> list[OfficePart]:
    done: dict[str, datetime] = {}
    for report in _reports(uow, row.id):
        if report.done and report.office not in done:
            done[report.office] = report.reported_at
    return [
        OfficePart(a.office, a.acknowledged_at, done.get(a.office))
        for a in _addressees(uow, row.id)
    ]


def _summary(uow: UnitOfWork, row: DirectiveRow, now: datetime) -> DirectiveSummary:
    return DirectiveSummary(
        row.id,
        row.hq,
        row.number,
        row.title,
        row.classification,
        row.deadline,
        row.issued_at,
        tuple(
            OfficeStanding(
                p.office,
                office_state(p).value,
                is_overdue(p, row.deadline, now),
                p.acknowledged_at,
                p.done_at,
            )
            for p in _parts(uow, row)
        ),
    )


def _check_attachment(item: NewAttachment) -> None:
    required_text("attachment filename", item.filename, 200)
    required_text("attachment media type", item.media_type, 100)
    if len(item.content) > MAX_ATTACHMENT_BYTES:
        raise EntekhabError(OPS_ATTACHMENT_TOO_LARGE, {"limit": MAX_ATTACHMENT_BYTES})
    if not item.content:
        raise EntekhabError(INVALID_INPUT, {"reason": "an attachment cannot be empty"})


def issue_directive(
    uow: UnitOfWork,
    *,
    hq: str,
    number: str,
    title: str,
    text: str,
    deadline: datetime,
    offices: list[str],
    actor: str,
    classification: str = Level.PUBLIC.value,
    attachments: tuple[NewAttachment, ...] = (),
    now: datetime | None = None,
) -> DirectiveSummary:
    """Issue a directive from headquarters ``hq`` to ``offices`` (each inside ``hq``)."""
    headquarters(uow, hq)
    moment = now or datetime.now(UTC)
    one_of("classification", classification, Level)
    if deadline <= moment:
        raise EntekhabError(INVALID_INPUT, {"reason": "the deadline must be in the future"})
    if not offices or len(set(offices)) != len(offices):
        raise EntekhabError(INVALID_INPUT, {"reason": "address one or more distinct offices"})
    for office in offices:
        if office == hq or not lies_under(uow.session, office, hq):
            raise EntekhabError(OPS_OUTSIDE_HQ, {"office": office, "hq": hq})
    for item in attachments:
        _check_attachment(item)
    row = DirectiveRow(
        hq=hq,
        number=required_text("number", number, 64),
        title=required_text("title", title, 300),
        text=required_text("text", text, 50_000),
        classification=classification,
        deadline=deadline,
        issued_by=actor,
        issued_at=moment,
    )
    uow.session.add(row)
    uow.session.flush()
    for office in offices:
        uow.session.add(DirectiveAddresseeRow(directive_id=row.id, office=office))
    digests = [
        _store_attachment(uow, "directive", row.id, item, actor, moment) for item in attachments
    ]
    record_event(
        uow.session,
        events.DIRECTIVE_ISSUED,
        actor=actor,
        payload={
            "directive": row.id,
            "hq": hq,
            "number": row.number,
            "offices": sorted(offices),
            "deadline": deadline.isoformat(),
            "classification": classification,
            "attachments": digests,
        },
    )
    uow.commit()
    return _summary(uow, row, moment)


def _store_attachment(
    uow: UnitOfWork, kind: str, owner: int, item: NewAttachment, actor: str, now: datetime
) -> str:
    digest = hashlib.sha256(item.content).hexdigest()
    uow.session.add(
        AttachmentRow(
            owner_kind=kind,
            owner_id=owner,
            filename=item.filename.strip(),
            media_type=item.media_type.strip(),
            size=len(item.content),
            sha256=digest,
            content=item.content,
            added_by=actor,
            added_at=now,
        )
    )
    return digest


def _addressed(uow: UnitOfWork, row: DirectiveRow, office: str) -> DirectiveAddresseeRow:
    found = uow.session.get(DirectiveAddresseeRow, (row.id, office))
    if found is None:
        raise EntekhabError(OPS_NOT_ADDRESSED, {"directive": row.number, "office": office})
    return found


def acknowledge(
    uow: UnitOfWork, directive_id: int, *, office: str, actor: str, now: datetime | None = None
) -> DirectiveSummary:
    """The office acknowledges receipt (once)."""
    row = _directive_row(uow, directive_id)
    addressee = _addressed(uow, row, office)
    if addressee.acknowledged_at is not None:
        raise EntekhabError(OPS_ALREADY_DONE, {"what": f"acknowledgement by {office}"})
    moment = now or datetime.now(UTC)
    addressee.acknowledged_at, addressee.acknowledged_by = moment, actor
    record_event(
        uow.session,
        events.DIRECTIVE_ACKNOWLEDGED,
        actor=actor,
        payload={"directive": row.id, "office": office},
    )
    uow.commit()
    return _summary(uow, row, moment)


def file_report(
    uow: UnitOfWork,
    directive_id: int,
    *,
    office: str,
    text: str,
    done: bool,
    actor: str,
    now: datetime | None = None,
) -> DirectiveSummary:
    """An action report by an addressed office (acknowledging receipt if it had not)."""
    row = _directive_row(uow, directive_id)
    addressee = _addressed(uow, row, office)
    body = required_text("text", text, 20_000)
    if any(r.done and r.office == office for r in _reports(uow, row.id)):
        raise EntekhabError(OPS_ALREADY_DONE, {"what": f"directive {row.number} at {office}"})
    moment = now or datetime.now(UTC)
    if addressee.acknowledged_at is None:
        addressee.acknowledged_at, addressee.acknowledged_by = moment, actor
    uow.session.add(
        DirectiveReportRow(
            directive_id=row.id,
            office=office,
            text=body,
            done=done,
            reported_by=actor,
            reported_at=moment,
        )
    )
    record_event(
        uow.session,
        events.DIRECTIVE_REPORTED,
        actor=actor,
        payload={"directive": row.id, "office": office, "done": done},
    )
    uow.commit()
    return _summary(uow, row, moment)


def _visible(uow: UnitOfWork, row: DirectiveRow, jurisdiction: str) -> bool:
    if lies_under(uow.session, row.hq, jurisdiction):
        return True
    return any(lies_under(uow.session, a.office, jurisdiction) for a in _addressees(uow, row.id))


def list_directives(
    uow: UnitOfWork, jurisdiction: str, now: datetime | None = None
) -> list[DirectiveSummary]:
    """Directives issued inside ``jurisdiction`` or addressed to an office inside it."""
    moment = now or datetime.now(UTC)
    rows = uow.session.scalars(select(DirectiveRow).order_by(DirectiveRow.id))
    return [_summary(uow, row, moment) for row in rows if _visible(uow, row, jurisdiction)]


def read_directive(
    uow: UnitOfWork,
    reader: Principal,
    directive_id: int,
    *,
    jurisdiction: str,
    now: datetime | None = None,
) -> Directive:
    """A directive in full, as seen from ``jurisdiction`` (issuer or addressed office)."""
    row = _directive_row(uow, directive_id)
    if not _visible(uow, row, jurisdiction):
        raise EntekhabError(OPS_UNKNOWN, {"what": f"directive {directive_id}"})
    open_classified(uow, reader, level=row.classification, what="directive", record_id=row.id)
    attachments = uow.session.scalars(
        select(AttachmentRow)
        .where(AttachmentRow.owner_kind == "directive", AttachmentRow.owner_id == row.id)
        .order_by(AttachmentRow.id)
    )
    return Directive(
        _summary(uow, row, now or datetime.now(UTC)),
        row.text,
        tuple(Attachment(a.id, a.filename, a.media_type, a.size, a.sha256) for a in attachments),
        tuple(
            Report(r.office, r.text, r.done, r.reported_by, r.reported_at)
            for r in _reports(uow, row.id)
        ),
    )


def attachment_content(
    uow: UnitOfWork,
    reader: Principal,
    directive_id: int,
    attachment_id: int,
    *,
    jurisdiction: str,
) -> tuple[Attachment, bytes]:
    """An attachment's bytes (the directive's classification applies)."""
    read_directive(uow, reader, directive_id, jurisdiction=jurisdiction)
    found = uow.session.get(AttachmentRow, attachment_id)
    if found is None or found.owner_kind != "directive" or found.owner_id != directive_id:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"attachment {attachment_id}"})
    meta = Attachment(found.id, found.filename, found.media_type, found.size, found.sha256)
    return meta, found.content


def _area(uow: UnitOfWork, office: str, kind: str) -> str | None:
    for code in chain_of(uow.session, office):
        if division_kind(uow.session, code) == kind:
            return code
    return None


def overdue(uow: UnitOfWork, jurisdiction: str, now: datetime | None = None) -> list[Overdue]:
    """Every office inside ``jurisdiction`` past a directive's deadline without finishing it,
    with the county and district it lies in (for the per-county and per-district views)."""
    moment = now or datetime.now(UTC)
    out: list[Overdue] = []
    for row in uow.session.scalars(select(DirectiveRow).order_by(DirectiveRow.deadline)):
        for part in _parts(uow, row):
            if not is_overdue(part, row.deadline, moment):
                continue
            if not lies_under(uow.session, part.office, jurisdiction):
                continue
            out.append(
                Overdue(
                    row.id,
                    row.number,
                    row.title,
                    part.office,
                    _area(uow, part.office, "county"),
                    _area(uow, part.office, "district"),
                    office_state(part).value,
                    row.deadline,
                )
            )
    return out


def due_reminders(
    uow: UnitOfWork, jurisdiction: str, now: datetime | None = None
) -> list[Reminder]:
    """The reminders due now for offices inside ``jurisdiction`` (overdue, or not acknowledged
    a day after issue) that were not sent for the same reason in the last day; writes nothing."""
    moment = now or datetime.now(UTC)
    due: list[Reminder] = []
    for row in uow.session.scalars(select(DirectiveRow).order_by(DirectiveRow.id)):
        for part in _parts(uow, row):
            reason = reminder_reason(
                part, issued_at=row.issued_at, deadline=row.deadline, now=moment
            )
            if reason is None or not lies_under(uow.session, part.office, jurisdiction):
                continue
            if not _reminded_today(uow, row.id, part.office, reason, moment):
                due.append(Reminder(row.id, part.office, reason, moment))
    return due


def send_reminders(
    uow: UnitOfWork, jurisdiction: str, *, actor: str, now: datetime | None = None
) -> list[Reminder]:
    """Record every reminder due now (``due_reminders``), each an event."""
    sent = due_reminders(uow, jurisdiction, now)
    for reminder in sent:
        uow.session.add(
            ReminderRow(
                directive_id=reminder.directive,
                office=reminder.office,
                reason=reminder.reason,
                sent_by=actor,
                sent_at=reminder.sent_at,
            )
        )
        record_event(
            uow.session,
            events.REMINDER_SENT,
            actor=actor,
            payload={
                "directive": reminder.directive,
                "office": reminder.office,
                "reason": reminder.reason,
            },
        )
    uow.commit()
    return sent


def _reminded_today(
    uow: UnitOfWork, directive_id: int, office: str, reason: str, now: datetime
) -> bool:
    last = uow.session.scalars(
        select(ReminderRow.sent_at)
        .where(
            ReminderRow.directive_id == directive_id,
            ReminderRow.office == office,
            ReminderRow.reason == reason,
        )
        .order_by(ReminderRow.sent_at.desc())
    ).first()
    return last is not None and (now - last).total_seconds() < 86_400
