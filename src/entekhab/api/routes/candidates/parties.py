"""Routes: the register of parties and political groups and their meetings with headquarters."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.candidates import Clock
from entekhab.api.schemas.candidates import MeetingIn, MeetingOut, PartyIn, PartyOut
from entekhab.service.candidates import parties

__all__ = ["router"]

router = APIRouter(tags=["parties"])


@router.post("/parties", status_code=201)
def register(body: PartyIn, uow: Uow, user: CurrentUser, clock: Clock) -> PartyOut:
    with uow() as u:
        row = parties.register_party(
            u,
            code=body.code,
            name_fa=body.name_fa,
            name_en=body.name_en,
            contacts=[parties.Contact(**c.model_dump()) for c in body.contacts],
            actor=user.actor,
            clock=clock,
        )
        return PartyOut(
            code=row.code,
            name_fa=row.name_fa,
            name_en=row.name_en,
            contacts=row.contacts,
            registered_at=row.registered_at,
        )


@router.get("/parties")
def register_of_parties(uow: Uow, user: CurrentUser) -> list[PartyOut]:
    with uow() as u:
        return [
            PartyOut(
                code=r.code,
                name_fa=r.name_fa,
                name_en=r.name_en,
                contacts=r.contacts,
                registered_at=r.registered_at,
            )
            for r in parties.parties(u)
        ]


def _meeting(row: object) -> MeetingOut:
    return MeetingOut(
        id=row.id,  # type: ignore[attr-defined]
        party=row.party_code,  # type: ignore[attr-defined]
        held_at=row.held_at,  # type: ignore[attr-defined]
        subject=row.subject,  # type: ignore[attr-defined]
        minutes=row.minutes,  # type: ignore[attr-defined]
        recorded_by=row.recorded_by,  # type: ignore[attr-defined]
    )


@router.post("/parties/{party}/meetings", status_code=201)
def record_meeting(
    party: str, body: MeetingIn, uow: Uow, user: CurrentUser, clock: Clock
) -> MeetingOut:
    """Minute a meeting of the party with headquarters."""
    with uow() as u:
        row = parties.record_meeting(
            u,
            party=party,
            held_at=body.held_at,
            subject=body.subject,
            minutes=body.minutes,
            actor=user.actor,
            clock=clock,
        )
        return _meeting(row)


@router.get("/parties/{party}/meetings")
def meetings(party: str, uow: Uow, user: CurrentUser) -> list[MeetingOut]:
    with uow() as u:
        return [_meeting(r) for r in parties.meetings_of(u, party)]
