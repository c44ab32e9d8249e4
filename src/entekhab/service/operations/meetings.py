"""Meetings and decisions: attendees, agenda, minutes, decisions and their action items, and —
for the weekly review of laws and instructions — the rule versions the meeting reviewed.

An action item without an owner is refused (OPS_ACTION_OWNER_REQUIRED) and nothing of the
meeting is written. Minutes of a classified meeting need the clearance to read; the read is
logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from entekhab.domain.access import Principal
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import OPS_ACTION_OWNER_REQUIRED, OPS_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.classification import Level
from entekhab.domain.operations.meetings import (
    ActionStatus,
    MeetingKind,
    check_action_change,
    is_late,
)
from entekhab.domain.operations.vocabulary import one_of, required_text
from entekhab.service.audit.events import record_event
from entekhab.service.operations.classification import open_classified
from entekhab.service.operations.organisation import headquarters
from entekhab.service.operations.places import lies_under, require_inside
from entekhab.service.operations.rules_library import Citation, check_citations
from entekhab.store.tables.operations import ActionItemRow, MeetingRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "ActionItem",
    "Meeting",
    "MeetingSummary",
    "NewAction",
    "NewDecision",
    "action_items",
    "list_meetings",
    "read_meeting",
    "record_meeting",
    "update_action",
]


@dataclass(frozen=True)
class NewAction:
    text: str
    owner: str
    due_on: date


@dataclass(frozen=True)
class NewDecision:
    text: str
    actions: tuple[NewAction, ...] = field(default=())


@dataclass(frozen=True)
class ActionItem:
    id: int
    meeting: int
    hq: str
    decision: int
    text: str
    owner: str
    due_on: date
    status: str
    late: bool


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    hq: str
    kind: str
    title: str
    held_at: datetime
    classification: str
    decisions: int
    reviewed: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Meeting:
    summary: MeetingSummary
    attendees: tuple[str, ...]
    agenda: tuple[str, ...]
    minutes: str
    decisions: tuple[dict[str, Any], ...]
    actions: tuple[ActionItem, ...]


def _summary(row: MeetingRow) -> MeetingSummary:
    return MeetingSummary(
        row.id,
        row.hq,
        row.kind,
        row.title,
        row.held_at,
        row.classification,
        len(row.decisions),
        tuple(row.reviewed),
    )


def _item(row: ActionItemRow, hq: str, today: date) -> ActionItem:
    return ActionItem(
        row.id,
        row.meeting_id,
        hq,
        row.decision,
        row.text,
        row.owner,
        row.due_on,
        row.status,
        is_late(row.status, row.due_on, today),
    )


def _check_decisions(decisions: tuple[NewDecision, ...]) -> None:
    number = 0
    for decision in decisions:
        required_text("decision", decision.text, 5_000)
        for action in decision.actions:
            number += 1
            if not action.owner.strip():
                raise EntekhabError(OPS_ACTION_OWNER_REQUIRED, {"item": number})
            required_text("action item", action.text, 2_000)


def record_meeting(
    uow: UnitOfWork,
    *,
    hq: str,
    kind: str,
    title: str,
    held_at: datetime,
    attendees: tuple[str, ...],
    agenda: tuple[str, ...],
    minutes: str,
    decisions: tuple[NewDecision, ...],
    actor: str,
    reviewed: tuple[Citation, ...] = (),
    classification: str = Level.PUBLIC.value,
    now: datetime | None = None,
) -> Meeting:
    """Record a held meeting with its decisions and action items, all or nothing."""
    headquarters(uow, hq)
    one_of("kind", kind, MeetingKind)
    one_of("classification", classification, Level)
    _check_decisions(decisions)
    people = tuple(required_text("attendee", a, 200) for a in attendees)
    items = tuple(required_text("agenda item", a, 500) for a in agenda)
    if not people or not items:
        raise EntekhabError(INVALID_INPUT, {"reason": "a meeting has attendees and an agenda"})
    if kind == MeetingKind.WEEKLY_REVIEW and not reviewed:
        raise EntekhabError(
            INVALID_INPUT, {"reason": "the weekly review cites the rule versions it reviewed"}
        )
    cited = check_citations(uow, list(reviewed))
    moment = now or datetime.now(UTC)
    row = MeetingRow(
        hq=hq,
        kind=kind,
        title=required_text("title", title, 300),
        held_at=held_at,
        classification=classification,
        attendees=list(people),
        agenda=list(items),
        minutes=required_text("minutes", minutes, 100_000),
        decisions=[{"number": n, "text": d.text.strip()} for n, d in enumerate(decisions, 1)],
        reviewed=cited,
        recorded_by=actor,
        recorded_at=moment,
    )
    uow.session.add(row)
    uow.session.flush()
    for number, decision in enumerate(decisions, 1):
        for action in decision.actions:
            uow.session.add(
                ActionItemRow(
                    meeting_id=row.id,
                    decision=number,
                    text=action.text.strip(),
                    owner=action.owner.strip(),
                    due_on=action.due_on,
                    status=ActionStatus.OPEN.value,
                    updated_by=actor,
                    updated_at=moment,
                )
            )
    record_event(
        uow.session,
        events.MEETING_RECORDED,
        actor=actor,
        payload={
            "meeting": row.id,
            "hq": hq,
            "kind": kind,
            "decisions": len(decisions),
            "actions": sum(len(d.actions) for d in decisions),
            "reviewed": cited,
        },
    )
    uow.commit()
    return _meeting(uow, row, moment.date())


def _items(uow: UnitOfWork, row: MeetingRow, today: date) -> tuple[ActionItem, ...]:
    rows = uow.session.scalars(
        select(ActionItemRow).where(ActionItemRow.meeting_id == row.id).order_by(ActionItemRow.id)
    )
    return tuple(_item(item, row.hq, today) for item in rows)


def _meeting(uow: UnitOfWork, row: MeetingRow, today: date) -> Meeting:
    return Meeting(
        _summary(row),
        tuple(row.attendees),
        tuple(row.agenda),
        row.minutes,
        tuple(row.decisions),
        _items(uow, row, today),
    )


def list_meetings(uow: UnitOfWork, jurisdiction: str) -> list[MeetingSummary]:
    rows = uow.session.scalars(select(MeetingRow).order_by(MeetingRow.held_at, MeetingRow.id))
    return [_summary(row) for row in rows if lies_under(uow.session, row.hq, jurisdiction)]


def read_meeting(
    uow: UnitOfWork,
    reader: Principal,
    meeting_id: int,
    *,
    jurisdiction: str,
    today: date | None = None,
) -> Meeting:
    row = uow.session.get(MeetingRow, meeting_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"meeting {meeting_id}"})
    require_inside(uow.session, jurisdiction, row.hq, f"meeting {meeting_id}")
    open_classified(uow, reader, level=row.classification, what="meeting", record_id=row.id)
    return _meeting(uow, row, today or datetime.now(UTC).date())


def update_action(
    uow: UnitOfWork,
    item_id: int,
    *,
    jurisdiction: str,
    status: str,
    actor: str,
    now: datetime | None = None,
) -> ActionItem:
    """Move an action item on (open → in progress → done, or dropped)."""
    row = uow.session.get(ActionItemRow, item_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"action item {item_id}"})
    meeting = uow.session.get(MeetingRow, row.meeting_id)
    assert meeting is not None
    require_inside(uow.session, jurisdiction, meeting.hq, f"action item {item_id}")
    target = check_action_change(row.status, status)
    moment = now or datetime.now(UTC)
    previous, row.status, row.updated_by, row.updated_at = row.status, target.value, actor, moment
    record_event(
        uow.session,
        events.ACTION_ITEM_UPDATED,
        actor=actor,
        payload={"item": row.id, "meeting": row.meeting_id, "from": previous, "to": row.status},
    )
    uow.commit()
    return _item(row, meeting.hq, moment.date())


def action_items(
    uow: UnitOfWork, jurisdiction: str, *, today: date, open_only: bool = True
) -> list[ActionItem]:
    """Action items of meetings inside ``jurisdiction`` (open ones by default), by due date."""
    found: list[ActionItem] = []
    meetings = {
        m.id: m
        for m in uow.session.scalars(select(MeetingRow))
        if lies_under(uow.session, m.hq, jurisdiction)
    }
    rows = uow.session.scalars(
        select(ActionItemRow).order_by(ActionItemRow.due_on, ActionItemRow.id)
    )
    for row in rows:
        meeting = meetings.get(row.meeting_id)
        if meeting is None:
            continue
        if open_only and row.status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
            continue
        found.append(_item(row, meeting.hq, today))
    return found
