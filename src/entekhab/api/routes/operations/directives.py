"""Routes: directives, acknowledgements and action reports, attachments, overdue views and
reminders."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.operations._common import RecordId, many, one
from entekhab.api.schemas.operations import (
    DirectiveIn,
    DirectiveOut,
    DirectiveSummaryOut,
    OverdueOut,
    ReminderOut,
    ReportIn,
)
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.errors import EntekhabError
from entekhab.service.operations import directives
from entekhab.service.operations.directives import NewAttachment

__all__ = ["router"]

router = APIRouter(tags=["operations"])


def _attachments(body: DirectiveIn) -> tuple[NewAttachment, ...]:
    try:
        return tuple(
            NewAttachment(
                a.filename, a.media_type, base64.b64decode(a.content_base64, validate=True)
            )
            for a in body.attachments
        )
    except (binascii.Error, ValueError):
        raise EntekhabError(INVALID_INPUT, {"reason": "attachment is not base64"}) from None


@router.post(
    "/operations/{jurisdiction}/directives", response_model=DirectiveSummaryOut, status_code=201
)
def issue(uow: Uow, user: CurrentUser, jurisdiction: str, body: DirectiveIn) -> DirectiveSummaryOut:
    """Issue a directive from this headquarters to offices below it."""
    with uow() as u:
        made = directives.issue_directive(
            u,
            hq=jurisdiction,
            number=body.number,
            title=body.title,
            text=body.text,
            deadline=body.deadline,
            offices=body.offices,
            classification=body.classification,
            attachments=_attachments(body),
            actor=user.actor,
        )
    return one(DirectiveSummaryOut, made)


@router.get("/operations/{jurisdiction}/directives", response_model=list[DirectiveSummaryOut])
def listing(uow: Uow, jurisdiction: str) -> list[DirectiveSummaryOut]:
    """Directives issued here or addressed to an office here, each office's standing."""
    with uow() as u:
        return many(DirectiveSummaryOut, directives.list_directives(u, jurisdiction))


@router.get("/operations/{jurisdiction}/directives/{directive_id}", response_model=DirectiveOut)
def read(uow: Uow, user: CurrentUser, jurisdiction: str, directive_id: RecordId) -> DirectiveOut:
    """A directive in full; a classified one needs the clearance, and the read is logged."""
    with uow() as u:
        found = directives.read_directive(u, user, directive_id, jurisdiction=jurisdiction)
    return one(DirectiveOut, found)


@router.get(
    "/operations/{jurisdiction}/directives/{directive_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The file."}},
)
def attachment(
    uow: Uow, user: CurrentUser, jurisdiction: str, directive_id: RecordId, attachment_id: RecordId
) -> Response:
    """An attachment's bytes; its SHA-256 is in the ``Digest`` header."""
    with uow() as u:
        meta, content = directives.attachment_content(
            u, user, directive_id, attachment_id, jurisdiction=jurisdiction
        )
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(meta.filename)}",
        "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(meta.sha256)).decode()}:",
    }
    return Response(content, media_type=meta.media_type, headers=headers)


@router.post(
    "/operations/{jurisdiction}/directives/{directive_id}/acknowledge",
    response_model=DirectiveSummaryOut,
)
def acknowledge(
    uow: Uow, user: CurrentUser, jurisdiction: str, directive_id: RecordId
) -> DirectiveSummaryOut:
    """This office acknowledges receipt of a directive addressed to it."""
    with uow() as u:
        done = directives.acknowledge(u, directive_id, office=jurisdiction, actor=user.actor)
    return one(DirectiveSummaryOut, done)


@router.post(
    "/operations/{jurisdiction}/directives/{directive_id}/reports",
    response_model=DirectiveSummaryOut,
    status_code=201,
)
def report(
    uow: Uow, user: CurrentUser, jurisdiction: str, directive_id: RecordId, body: ReportIn
) -> DirectiveSummaryOut:
    """This office reports what it did (``done`` closes its part)."""
    with uow() as u:
        done = directives.file_report(
            u, directive_id, office=jurisdiction, text=body.text, done=body.done, actor=user.actor
        )
    return one(DirectiveSummaryOut, done)


@router.get("/operations/{jurisdiction}/overdue-directives", response_model=list[OverdueOut])
def overdue(uow: Uow, jurisdiction: str) -> list[OverdueOut]:
    """Offices here past a deadline, with their county and district."""
    with uow() as u:
        return many(OverdueOut, directives.overdue(u, jurisdiction))


@router.post("/operations/{jurisdiction}/reminders", response_model=list[ReminderOut])
def remind(uow: Uow, user: CurrentUser, jurisdiction: str) -> list[ReminderOut]:
    """Record the reminders due now (overdue, or not acknowledged a day after issue)."""
    with uow() as u:
        return many(ReminderOut, directives.send_reminders(u, jurisdiction, actor=user.actor))
