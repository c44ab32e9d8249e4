"""Routes: media meetings, statements from draft to signed publication, and the public side,
which shows published statements only."""

from __future__ import annotations

from fastapi import APIRouter, Request

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.operations._common import RecordId, many, one, server_key
from entekhab.api.schemas.operations import (
    MediaMeetingIn,
    MediaMeetingOut,
    PublicStatementOut,
    StatementIn,
    StatementOut,
)
from entekhab.service.operations import statements

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.post(
    "/operations/{jurisdiction}/media-meetings", response_model=MediaMeetingOut, status_code=201
)
def record_media(
    uow: Uow, user: CurrentUser, jurisdiction: str, body: MediaMeetingIn
) -> MediaMeetingOut:
    with uow() as u:
        made = statements.record_media_meeting(
            u,
            hq=jurisdiction,
            held_at=body.held_at,
            outlets=tuple(body.outlets),
            subject=body.subject,
            notes=body.notes,
            actor=user.actor,
        )
    return one(MediaMeetingOut, made)


@router.get("/operations/{jurisdiction}/media-meetings", response_model=list[MediaMeetingOut])
def media(uow: Uow, jurisdiction: str) -> list[MediaMeetingOut]:
    with uow() as u:
        return many(MediaMeetingOut, statements.list_media_meetings(u, jurisdiction))


@router.post("/operations/{jurisdiction}/statements", response_model=StatementOut, status_code=201)
def draft(uow: Uow, user: CurrentUser, jurisdiction: str, body: StatementIn) -> StatementOut:
    """Draft a statement (the caller must sit on the publicity committee)."""
    with uow() as u:
        made = statements.draft_statement(
            u, hq=jurisdiction, title=body.title, text=body.text, drafter=user
        )
    return one(StatementOut, made)


@router.get("/operations/{jurisdiction}/statements", response_model=list[StatementOut])
def listing(uow: Uow, jurisdiction: str) -> list[StatementOut]:
    """Every statement here, drafts included."""
    with uow() as u:
        return many(StatementOut, statements.list_statements(u, jurisdiction))


@router.post(
    "/operations/{jurisdiction}/statements/{statement_id}/approve", response_model=StatementOut
)
def approve(uow: Uow, user: CurrentUser, jurisdiction: str, statement_id: RecordId) -> StatementOut:
    """The head of the headquarters approves a draft."""
    with uow() as u:
        done = statements.approve_statement(
            u, statement_id, jurisdiction=jurisdiction, approver=user
        )
    return one(StatementOut, done)


@router.post(
    "/operations/{jurisdiction}/statements/{statement_id}/publish", response_model=StatementOut
)
def publish(
    request: Request, uow: Uow, user: CurrentUser, jurisdiction: str, statement_id: RecordId
) -> StatementOut:
    """Sign and publish an approved statement (a draft is refused)."""
    signer = server_key(request)
    with uow() as u:
        done = statements.publish_statement(
            u, statement_id, jurisdiction=jurisdiction, signer=signer, actor=user.actor
        )
    return one(StatementOut, done)


@router.get("/public/statements", response_model=list[PublicStatementOut])
def public_listing(uow: Uow) -> list[PublicStatementOut]:
    """Published statements, newest first, each with its signature."""
    with uow() as u:
        return many(PublicStatementOut, statements.public_statements(u))


@router.get("/public/statements/{statement_id}", response_model=PublicStatementOut)
def public_one(uow: Uow, statement_id: RecordId) -> PublicStatementOut:
    with uow() as u:
        return one(PublicStatementOut, statements.public_statement(u, statement_id))
