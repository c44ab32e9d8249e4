"""The organisation of headquarters: set one up with its committees, appoint people by decree,
end appointments, and read the organisation as it stood on a day (for the chart).

Appointments are never deleted: ending one sets the day it ended, so the history shows who held
which post from when to when, by which decree. A single post (a head, a secretary) passes to the
new appointee: the previous holder's appointment ends the day the new one starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import OPS_DUPLICATE, OPS_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.organisation import (
    HQ_LEVELS,
    SINGLE_POSTS,
    CommitteeKind,
    Post,
    committee_name_fa,
)
from entekhab.domain.operations.vocabulary import one_of, required_text
from entekhab.service.audit.events import record_event
from entekhab.service.operations.places import division_kind
from entekhab.store.tables.operations import AppointmentRow, CommitteeRow, HeadquartersRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "Appointment",
    "Headquarters",
    "Organisation",
    "appoint",
    "appointment_history",
    "end_appointment",
    "headquarters",
    "holders",
    "list_headquarters",
    "organisation_on",
    "set_up_headquarters",
]


@dataclass(frozen=True)
class Headquarters:
    jurisdiction: str
    level: str
    name_fa: str


@dataclass(frozen=True)
class Appointment:
    id: int
    hq: str
    committee: str | None
    post: str
    person: str
    username: str | None
    decree: str
    starts_on: date
    ended_on: date | None


@dataclass(frozen=True)
class CommitteeView:
    kind: str
    name_fa: str
    members: tuple[Appointment, ...]


@dataclass(frozen=True)
class Organisation:
    """A headquarters as it stood on ``on``: its own posts and each committee's members."""

    hq: Headquarters
    on: date
    posts: tuple[Appointment, ...]
    committees: tuple[CommitteeView, ...]


def _hq_view(row: HeadquartersRow) -> Headquarters:
    return Headquarters(row.jurisdiction, row.level, row.name_fa)


def _appointment(row: AppointmentRow) -> Appointment:
    return Appointment(
        row.id,
        row.hq,
        row.committee,
        row.post,
        row.person,
        row.username,
        row.decree,
        row.starts_on,
        row.ended_on,
    )


def set_up_headquarters(
    uow: UnitOfWork, *, jurisdiction: str, name_fa: str, actor: str, now: datetime | None = None
) -> Headquarters:
    """A headquarters for a province or county, with its five committees."""
    level = division_kind(uow.session, jurisdiction)
    if level not in HQ_LEVELS:
        raise EntekhabError(
            INVALID_INPUT, {"reason": f"{jurisdiction} is not a province or county"}
        )
    if uow.session.get(HeadquartersRow, jurisdiction) is not None:
        raise EntekhabError(OPS_DUPLICATE, {"what": f"headquarters {jurisdiction}"})
    row = HeadquartersRow(
        jurisdiction=jurisdiction,
        level=level,
        name_fa=required_text("name_fa", name_fa, 200),
        created_by=actor,
        created_at=now or datetime.now(UTC),
    )
    uow.session.add(row)
    uow.session.flush()
    for kind in CommitteeKind:
        uow.session.add(
            CommitteeRow(hq=jurisdiction, kind=kind.value, name_fa=committee_name_fa(kind))
        )
    record_event(
        uow.session,
        events.HQ_CREATED,
        actor=actor,
        payload={
            "hq": jurisdiction,
            "level": level,
            "committees": [k.value for k in CommitteeKind],
        },
    )
    uow.commit()
    return _hq_view(row)


def headquarters(uow: UnitOfWork, jurisdiction: str) -> Headquarters:
    row = uow.session.get(HeadquartersRow, jurisdiction)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"headquarters {jurisdiction}"})
    return _hq_view(row)


def list_headquarters(uow: UnitOfWork) -> list[Headquarters]:
    rows = uow.session.scalars(select(HeadquartersRow).order_by(HeadquartersRow.jurisdiction))
    return [_hq_view(row) for row in rows]


def _current(rows: list[AppointmentRow], on: date) -> list[AppointmentRow]:
    return [r for r in rows if r.starts_on <= on and (r.ended_on is None or r.ended_on > on)]


def _held(uow: UnitOfWork, hq: str, committee: str | None, post: str) -> list[AppointmentRow]:
    stmt = select(AppointmentRow).where(
        AppointmentRow.hq == hq,
        AppointmentRow.post == post,
        AppointmentRow.ended_on.is_(None),
    )
    stmt = stmt.where(
        AppointmentRow.committee.is_(None)
        if committee is None
        else AppointmentRow.committee == committee
    )
    return list(uow.session.scalars(stmt))


def appoint(
    uow: UnitOfWork,
    *,
    hq: str,
    committee: str | None,
    post: str,
    person: str,
    decree: str,
    starts_on: date,
    actor: str,
    username: str | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Record an appointment by decree; a single post's previous holder steps down that day."""
    headquarters(uow, hq)
    if committee is not None:
        one_of("committee", committee, CommitteeKind)
    one_of("post", post, Post)
    person = required_text("person", person, 200)
    decree = required_text("decree", decree, 64)
    ended: list[int] = []
    if Post(post) in SINGLE_POSTS:
        for previous in _held(uow, hq, committee, post):
            if previous.starts_on >= starts_on:
                raise EntekhabError(
                    INVALID_INPUT,
                    {"reason": f"the current {post} was appointed on {previous.starts_on}"},
                )
            previous.ended_on = starts_on
            ended.append(previous.id)
    row = AppointmentRow(
        hq=hq,
        committee=committee,
        post=post,
        person=person,
        username=username or None,
        decree=decree,
        starts_on=starts_on,
        ended_on=None,
        recorded_by=actor,
        recorded_at=now or datetime.now(UTC),
    )
    uow.session.add(row)
    uow.session.flush()
    for previous_id in ended:
        record_event(
            uow.session,
            events.APPOINTMENT_ENDED,
            actor=actor,
            payload={"appointment": previous_id, "ended_on": starts_on.isoformat(), "by": row.id},
        )
    record_event(
        uow.session,
        events.APPOINTED,
        actor=actor,
        payload={
            "appointment": row.id,
            "hq": hq,
            "committee": committee,
            "post": post,
            "person": person,
            "decree": decree,
            "starts_on": starts_on.isoformat(),
        },
    )
    uow.commit()
    return _appointment(row)


def end_appointment(
    uow: UnitOfWork, appointment_id: int, *, ended_on: date, actor: str
) -> Appointment:
    row = uow.session.get(AppointmentRow, appointment_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"appointment {appointment_id}"})
    if row.ended_on is not None or ended_on < row.starts_on:
        raise EntekhabError(INVALID_INPUT, {"reason": "the appointment has ended or not begun"})
    row.ended_on = ended_on
    record_event(
        uow.session,
        events.APPOINTMENT_ENDED,
        actor=actor,
        payload={"appointment": row.id, "ended_on": ended_on.isoformat()},
    )
    uow.commit()
    return _appointment(row)


def appointment_history(uow: UnitOfWork, hq: str) -> list[Appointment]:
    """Every appointment of a headquarters, current and past, in order of starting."""
    headquarters(uow, hq)
    rows = uow.session.scalars(
        select(AppointmentRow)
        .where(AppointmentRow.hq == hq)
        .order_by(AppointmentRow.starts_on, AppointmentRow.id)
    )
    return [_appointment(row) for row in rows]


def holders(
    uow: UnitOfWork, hq: str, committee: str | None, post: str | None, on: date
) -> list[Appointment]:
    """Who holds a post (any post when ``post`` is None) of a committee (or of the headquarters
    itself when ``committee`` is None) on ``on``."""
    rows = [
        r
        for r in uow.session.scalars(select(AppointmentRow).where(AppointmentRow.hq == hq))
        if r.committee == committee and (post is None or r.post == post)
    ]
    return [_appointment(row) for row in _current(rows, on)]


def organisation_on(uow: UnitOfWork, hq: str, on: date) -> Organisation:
    """The headquarters as it stood on ``on`` (the organisation chart's content)."""
    head = headquarters(uow, hq)
    rows = list(uow.session.scalars(select(AppointmentRow).where(AppointmentRow.hq == hq)))
    current = sorted(_current(rows, on), key=lambda r: (list(Post).index(Post(r.post)), r.id))
    committees = uow.session.scalars(
        select(CommitteeRow).where(CommitteeRow.hq == hq).order_by(CommitteeRow.id)
    )
    return Organisation(
        head,
        on,
        tuple(_appointment(r) for r in current if r.committee is None),
        tuple(
            CommitteeView(
                c.kind,
                c.name_fa,
                tuple(_appointment(r) for r in current if r.committee == c.kind),
            )
            for c in committees
        ),
    )
