"""Routes: meetings with decisions and action items, and the rules library."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.operations._common import RecordId, many, one
from entekhab.api.schemas.operations import (
    ActionItemOut,
    ActionStatusIn,
    MeetingIn,
    MeetingOut,
    MeetingSummaryOut,
    RuleIn,
    RuleOut,
    RuleVersionIn,
)
from entekhab.service.operations import meetings, rules_library
from entekhab.service.operations.meetings import NewAction, NewDecision
from entekhab.service.operations.rules_library import Citation

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.post("/operations/{jurisdiction}/meetings", response_model=MeetingOut, status_code=201)
def record(uow: Uow, user: CurrentUser, jurisdiction: str, body: MeetingIn) -> MeetingOut:
    """Record a meeting: attendees, agenda, minutes, decisions with owned action items."""
    decisions = tuple(
        NewDecision(d.text, tuple(NewAction(a.text, a.owner, a.due_on) for a in d.actions))
        for d in body.decisions
    )
    with uow() as u:
        made = meetings.record_meeting(
            u,
            hq=jurisdiction,
            kind=body.kind,
            title=body.title,
            held_at=body.held_at,
            attendees=tuple(body.attendees),
            agenda=tuple(body.agenda),
            minutes=body.minutes,
            decisions=decisions,
            reviewed=tuple(Citation(c.rule, c.version) for c in body.reviewed),
            classification=body.classification,
            actor=user.actor,
        )
    return one(MeetingOut, made)


@router.get("/operations/{jurisdiction}/meetings", response_model=list[MeetingSummaryOut])
def listing(uow: Uow, jurisdiction: str) -> list[MeetingSummaryOut]:
    with uow() as u:
        return many(MeetingSummaryOut, meetings.list_meetings(u, jurisdiction))


@router.get("/operations/{jurisdiction}/meetings/{meeting_id}", response_model=MeetingOut)
def read(uow: Uow, user: CurrentUser, jurisdiction: str, meeting_id: RecordId) -> MeetingOut:
    """A meeting's minutes and decisions (classified minutes need the clearance; logged)."""
    with uow() as u:
        return one(
            MeetingOut, meetings.read_meeting(u, user, meeting_id, jurisdiction=jurisdiction)
        )


@router.get("/operations/{jurisdiction}/action-items", response_model=list[ActionItemOut])
def items(uow: Uow, jurisdiction: str, open_only: bool = True) -> list[ActionItemOut]:
    """Action items (open ones by default) with whether they are late."""
    with uow() as u:
        found = meetings.action_items(
            u, jurisdiction, today=datetime.now(UTC).date(), open_only=open_only
        )
    return many(ActionItemOut, found)


@router.post(
    "/operations/{jurisdiction}/action-items/{item_id}/status", response_model=ActionItemOut
)
def move(
    uow: Uow, user: CurrentUser, jurisdiction: str, item_id: RecordId, body: ActionStatusIn
) -> ActionItemOut:
    with uow() as u:
        moved = meetings.update_action(
            u, item_id, jurisdiction=jurisdiction, status=body.status, actor=user.actor
        )
    return one(ActionItemOut, moved)


@router.post("/operations/rules", response_model=RuleOut, status_code=201)
def add_rule(uow: Uow, user: CurrentUser, body: RuleIn) -> RuleOut:
    """A law, regulation or instruction with its first version."""
    with uow() as u:
        return one(RuleOut, rules_library.add_rule(u, actor=user.actor, **body.model_dump()))


@router.post("/operations/rules/{rule_code}/versions", response_model=RuleOut, status_code=201)
def add_version(uow: Uow, user: CurrentUser, rule_code: str, body: RuleVersionIn) -> RuleOut:
    """A new version, with its effective date and what changed."""
    with uow() as u:
        made = rules_library.add_version(u, rule_code, actor=user.actor, **body.model_dump())
    return one(RuleOut, made)


@router.get("/operations/rules", response_model=list[RuleOut])
def in_force(uow: Uow, on: date | None = None, kind: str | None = None) -> list[RuleOut]:
    """The rules in force on ``on`` (today by default)."""
    with uow() as u:
        found = rules_library.rules_in_force(u, on=on or datetime.now(UTC).date(), kind=kind)
    return many(RuleOut, found)


@router.get("/operations/rules/{rule_code}", response_model=RuleOut)
def history(uow: Uow, rule_code: str, on: date | None = None) -> RuleOut:
    """A rule's versions (its change log) and the one in force on ``on``."""
    with uow() as u:
        found = rules_library.rule_history(u, rule_code, on=on or datetime.now(UTC).date())
    return one(RuleOut, found)
