"""Routes: confidential records (vetting inquiries and answers, incident reports about people).

Vetting officers file and list records and read them inside their jurisdiction; a read takes a
reason and is logged. Officers, boards and branch heads may file an incident report about a person
but not read it back. Listings carry metadata only. See docs/security.md.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from entekhab.api.deps import CurrentUser, Principal, Uow
from entekhab.api.schemas.security import (
    ConfidentialIn,
    ConfidentialMetaOut,
    ConfidentialOut,
    IncidentReportIn,
    ReadReasonIn,
)
from entekhab.crypto.confidential import StaticKeyProvider
from entekhab.domain.error_codes import security as errors
from entekhab.errors import EntekhabError
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.security import confidential as records

__all__ = ["router"]

router = APIRouter(tags=["confidential"])


def _keys(request: Request) -> StaticKeyProvider:
    settings = request.app.state.settings
    if not settings.confidential_key:
        raise EntekhabError(errors.CONFIDENTIAL_KEY_MISSING)
    return StaticKeyProvider.from_hex(settings.confidential_key, settings.confidential_old_keys)


def _meta_out(meta: records.RecordMeta) -> ConfidentialMetaOut:
    return ConfidentialMetaOut(**meta.as_json())


def _file(
    request: Request, uow: UnitOfWorkFactory, user: Principal, kind: str, body: IncidentReportIn
) -> ConfidentialMetaOut:
    keys = _keys(request)
    with uow() as u:
        meta = records.create_record(
            u,
            keys,
            kind=kind,
            jurisdiction=body.jurisdiction,
            election_id=body.election_id,
            reply_to=body.reply_to if isinstance(body, ConfidentialIn) else None,
            subject=body.subject,
            text=body.text,
            actor=user.actor,
        )
    return _meta_out(meta)


@router.post("/confidential/records", response_model=ConfidentialMetaOut, status_code=201)
def post_record(
    request: Request, uow: Uow, user: CurrentUser, body: ConfidentialIn
) -> ConfidentialMetaOut:
    """File a vetting inquiry, a vetting answer (``reply_to`` the inquiry) or an incident report."""
    return _file(request, uow, user, body.kind, body)


@router.post("/confidential/incident-reports", response_model=ConfidentialMetaOut, status_code=201)
def post_incident_report(
    request: Request, uow: Uow, user: CurrentUser, body: IncidentReportIn
) -> ConfidentialMetaOut:
    """File an incident report about a person; only vetting officers can read it."""
    return _file(request, uow, user, records.INCIDENT_REPORT, body)


@router.get("/confidential/records", response_model=list[ConfidentialMetaOut])
def get_records(uow: Uow, user: CurrentUser) -> list[ConfidentialMetaOut]:
    """Metadata of the records inside the caller's jurisdiction (never subject or text)."""
    with uow() as u:
        found = records.list_records(u, user.jurisdiction)
    return [_meta_out(meta) for meta in found]


@router.post("/confidential/records/{record_id}/read", response_model=ConfidentialOut)
def read_record(
    request: Request, uow: Uow, user: CurrentUser, record_id: str, body: ReadReasonIn
) -> ConfidentialOut:
    """Open one record; the reason and the reader are logged before the content is returned."""
    keys = _keys(request)
    with uow() as u:
        content = records.read_record(u, keys, record_id, reader=user.actor, reason=body.reason)
    return ConfidentialOut(**content.meta.as_json(), subject=content.subject, text=content.text)
