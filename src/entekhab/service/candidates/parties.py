"""Parties and political groups (احزاب و گروه‌های سیاسی), their meetings with headquarters, and
the lists (فهرست) they put up in list-PR contests.

A list registers its name, code and ordered members (registered candidates of the same contest),
and each member consents in person before the list can be published. A candidate stands alone or
on exactly one list — one column of the candidate's row holds the list, so two lists cannot both
claim them — and a list has at most as many members as the rules allow (the definition's
``max_list_members``, else the contest's seats).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from entekhab.domain.candidates.qualification import Status
from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition import ContestKind, Phase
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.service.audit.events import record_event
from entekhab.service.candidates.common import (
    candidate_row,
    contest_of,
    definition_of,
    ensure_not_published,
    in_phase,
    utc_now,
)
from entekhab.store.tables.candidates import (
    CandidateListRow,
    CandidateRow,
    PartyMeetingRow,
    PartyRow,
)
from entekhab.store.uow import UnitOfWork

__all__ = [
    "Contact",
    "consent_to_list",
    "list_members",
    "meetings_of",
    "parties",
    "record_meeting",
    "register_list",
    "register_party",
]

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


@dataclass(frozen=True)
class Contact:
    """Someone headquarters can reach at a party."""

    name: str
    role: str
    phone: str
    email: str = ""


def _invalid(reason: str) -> EntekhabError:
    return EntekhabError(INVALID_INPUT, {"reason": reason})


def register_party(
    uow: UnitOfWork,
    *,
    code: str,
    name_fa: str,
    name_en: str,
    contacts: list[Contact],
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> PartyRow:
    if not _CODE.match(code):
        raise _invalid("a party code is 1-16 letters, digits, '-' or '_'")
    if not name_fa.strip() or not contacts:
        raise _invalid("a party needs a Persian name and at least one contact")
    if any(not c.name.strip() or not c.phone.strip() for c in contacts):
        raise _invalid("every contact needs a name and a phone number")
    if uow.session.get(PartyRow, code) is not None:
        raise EntekhabError(codes.PARTY_CODE_TAKEN, {"party": code})
    row = PartyRow(
        code=code,
        name_fa=name_fa.strip(),
        name_en=name_en.strip(),
        contacts=[c.__dict__ for c in contacts],
        registered_by=actor,
        registered_at=clock(),
    )
    uow.session.add(row)
    record_event(uow.session, events.PARTY_REGISTERED, actor=actor, payload={"party": code})
    uow.commit()
    return row


def parties(uow: UnitOfWork) -> list[PartyRow]:
    return list(uow.session.scalars(select(PartyRow).order_by(PartyRow.code)))


def record_meeting(
    uow: UnitOfWork,
    *,
    party: str,
    held_at: datetime,
    subject: str,
    minutes: str,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> PartyMeetingRow:
    """Minute a meeting of a party with headquarters (the log the seeds ask for)."""
    if uow.session.get(PartyRow, party) is None:
        raise EntekhabError(codes.PARTY_UNKNOWN, {"party": party})
    if held_at.tzinfo is None or not subject.strip() or not minutes.strip():
        raise _invalid("a meeting needs an aware time, a subject and minutes")
    row = PartyMeetingRow(
        party_code=party,
        held_at=held_at,
        subject=subject.strip(),
        minutes=minutes.strip(),
        recorded_by=actor,
        recorded_at=clock(),
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.PARTY_MEETING_RECORDED,
        actor=actor,
        payload={"party": party, "meeting": row.id, "held_at": held_at.isoformat()},
    )
    uow.commit()
    return row


def meetings_of(uow: UnitOfWork, party: str) -> list[PartyMeetingRow]:
    if uow.session.get(PartyRow, party) is None:
        raise EntekhabError(codes.PARTY_UNKNOWN, {"party": party})
    return list(
        uow.session.scalars(
            select(PartyMeetingRow)
            .where(PartyMeetingRow.party_code == party)
            .order_by(PartyMeetingRow.held_at)
        )
    )


def list_limit(uow: UnitOfWork, election_id: str, contest: str) -> int:
    definition = definition_of(uow.session, election_id)
    found = contest_of(definition, contest)
    return definition.candidacy.max_list_members or seats_and_alternates(definition, found)[0]


def register_list(
    uow: UnitOfWork,
    *,
    election_id: str,
    contest: str,
    code: str,
    name_fa: str,
    name_en: str,
    members: list[str],
    party: str | None,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateListRow:
    """Register a list with its members (registration numbers) in list order."""
    session = uow.session
    now = clock()
    definition = definition_of(session, election_id)
    found = contest_of(definition, contest)
    in_phase(definition, Phase.REGISTRATION, now)
    ensure_not_published(session, election_id, contest)
    if found.kind != ContestKind.LIST_PR:
        raise EntekhabError(codes.LIST_NOT_ALLOWED, {"contest": contest})
    if not _CODE.match(code) or not name_fa.strip() or not members:
        raise _invalid("a list needs a code (1-16 letters or digits), a name and members")
    if party is not None and session.get(PartyRow, party) is None:
        raise EntekhabError(codes.PARTY_UNKNOWN, {"party": party})
    if session.get(CandidateListRow, (election_id, contest, code)) is not None:
        raise EntekhabError(codes.LIST_CODE_TAKEN, {"list": code, "contest": contest})
    limit = list_limit(uow, election_id, contest)
    if len(members) > limit:
        raise EntekhabError(
            codes.LIST_TOO_LONG, {"list": code, "members": len(members), "limit": limit}
        )
    rows = _members(uow, election_id, contest, code, members)
    session.add(
        CandidateListRow(
            election_id=election_id,
            contest=contest,
            code=code,
            name_fa=name_fa.strip(),
            name_en=name_en.strip(),
            party_code=party,
            registered_by=actor,
            registered_at=now,
        )
    )
    for position, row in enumerate(rows, start=1):
        row.list_code, row.list_position, row.consented_at = code, position, None
    record_event(
        session,
        events.PARTY_LIST_REGISTERED,
        actor=actor,
        payload={
            "election_id": election_id,
            "contest": contest,
            "list": code,
            "party": party,
            "members": members,
        },
    )
    uow.commit()
    return session.get(CandidateListRow, (election_id, contest, code))  # type: ignore[return-value]


def _members(
    uow: UnitOfWork, election_id: str, contest: str, code: str, members: list[str]
) -> list[CandidateRow]:
    if len(set(members)) != len(members):
        raise _invalid("a member appears twice on the list")
    rows: list[CandidateRow] = []
    for number in members:
        row = candidate_row(uow.session, election_id, number)
        ids = {"candidate": number, "list": code}
        if row.contest != contest:
            raise EntekhabError(
                codes.LIST_MEMBER_INVALID, {**ids, "reason": f"registered in {row.contest}"}
            )
        if row.status == Status.WITHDRAWN.value:
            raise EntekhabError(codes.LIST_MEMBER_INVALID, {**ids, "reason": "withdrawn"})
        if row.list_code is not None:
            raise EntekhabError(
                codes.CANDIDATE_ON_TWO_LISTS,
                {"candidate": number, "first": row.list_code, "second": code},
            )
        rows.append(row)
    return rows


def consent_to_list(
    uow: UnitOfWork,
    *,
    election_id: str,
    contest: str,
    list_code: str,
    candidate: str,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateRow:
    """A member's consent to stand on the list, given in person at the office."""
    session = uow.session
    now = clock()
    definition = definition_of(session, election_id)
    in_phase(definition, Phase.REGISTRATION, now)
    ensure_not_published(session, election_id, contest)
    if session.get(CandidateListRow, (election_id, contest, list_code)) is None:
        raise EntekhabError(codes.LIST_UNKNOWN, {"list": list_code, "contest": contest})
    row = candidate_row(session, election_id, candidate)
    if row.list_code != list_code or row.contest != contest:
        raise EntekhabError(
            codes.LIST_CONSENT_NOT_MEMBER, {"candidate": candidate, "list": list_code}
        )
    row.consented_at = now
    record_event(
        session,
        events.CANDIDATE_CONSENTED,
        actor=actor,
        payload={"election_id": election_id, "list": list_code, "candidate": candidate},
    )
    uow.commit()
    return row


def list_members(
    uow: UnitOfWork, election_id: str, contest: str, code: str
) -> list[dict[str, Any]]:
    rows = uow.session.scalars(
        select(CandidateRow)
        .where(
            CandidateRow.election_id == election_id,
            CandidateRow.contest == contest,
            CandidateRow.list_code == code,
        )
        .order_by(CandidateRow.list_position)
    )
    return [
        {
            "registration": r.registration,
            "position": r.list_position,
            "consented": r.consented_at is not None,
        }
        for r in rows
    ]
