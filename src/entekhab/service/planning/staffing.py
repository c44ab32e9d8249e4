"""The polling-day roster: who serves at which branch in which role.

Nobody is in two places at once: the roster's unique key (election, day, national code) is the
judge, so two officers rostering the same person at the same moment cannot both succeed; the
loser gets PLANNING_PERSON_DOUBLE_BOOKED and nothing is written. Eligibility follows the
configurable rules of ``planning/data/staff_rules.yaml``; a candidate of the election is refused,
a declared relationship to one is kept and flagged as a conflict of interest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.planning import PLANNING_PERSON_DOUBLE_BOOKED
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import planning as events
from entekhab.domain.national_code import is_valid as is_valid_national_code
from entekhab.planning.staffing import Staffer, StaffRules, check_eligible, default_staff_rules
from entekhab.service.audit.events import record_event
from entekhab.service.planning.context import branch_of, branches_in, definition_of
from entekhab.store.tables.planning import RosterRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "RosterEntry",
    "Rostered",
    "roster",
    "roster_in_area",
    "roster_people",
    "roster_person",
    "sign_impartiality",
]


@dataclass(frozen=True)
class Rostered:
    national_code: str
    full_name: str
    branch: str
    role: str
    conflict: str
    impartiality_signed: bool


def _view(row: RosterRow) -> Rostered:
    return Rostered(
        row.national_code,
        row.full_name,
        row.branch,
        row.role,
        row.conflict,
        row.impartiality_signed_at is not None,
    )


@dataclass(frozen=True)
class RosterEntry:
    branch: str
    role: str
    national_code: str
    full_name: str
    birth_date: date
    education: str
    conflict: str = ""


def roster_person(
    uow: UnitOfWork,
    *,
    election_id: str,
    branch: str,
    role: str,
    national_code: str,
    full_name: str,
    birth_date: date,
    education: str,
    conflict: str = "",
    actor: str,
    rules: StaffRules | None = None,
) -> Rostered:
    """Roster one person at ``branch`` for polling day; refused (nothing written) for an
    unknown branch, an ineligible person or one already rostered that day."""
    entry = RosterEntry(branch, role, national_code, full_name, birth_date, education, conflict)
    return roster_people(uow, election_id=election_id, entries=[entry], actor=actor, rules=rules)[0]


def roster_people(
    uow: UnitOfWork,
    *,
    election_id: str,
    entries: Sequence[RosterEntry],
    actor: str,
    rules: StaffRules | None = None,
) -> list[Rostered]:
    """Roster several people in one transaction (a roster file): all of them or, on the first
    refusal, none."""
    rules = rules or default_staff_rules()
    definition = definition_of(uow.session, election_id)
    candidates = frozenset(c.national_code for c in definition.candidates)
    day = definition.polling_day
    taken = {
        code: branch
        for code, branch in uow.session.execute(
            select(RosterRow.national_code, RosterRow.branch).where(
                RosterRow.election_id == election_id, RosterRow.day == day
            )
        )
    }
    rows: list[RosterRow] = []
    now = datetime.now(UTC)
    for e in entries:
        branch_of(definition, e.branch)
        if not is_valid_national_code(e.national_code) or not e.full_name.strip():
            raise EntekhabError(INVALID_INPUT, {"reason": "a valid national code and a name"})
        check_eligible(
            Staffer(e.national_code, e.birth_date, e.education), e.role, day, rules, candidates
        )
        if e.national_code in taken:
            raise EntekhabError(
                PLANNING_PERSON_DOUBLE_BOOKED,
                {"national_code": e.national_code, "branch": taken[e.national_code]},
            )
        taken[e.national_code] = e.branch
        row = RosterRow(
            election_id=election_id,
            day=day,
            national_code=e.national_code,
            branch=e.branch,
            role=e.role,
            full_name=e.full_name.strip(),
            conflict=e.conflict.strip(),
            recorded_by=actor,
            recorded_at=now,
        )
        uow.session.add(row)
        rows.append(row)
    try:
        uow.session.flush()
    except IntegrityError as error:  # rostered elsewhere between our read and our write
        uow.rollback()
        raise EntekhabError(
            PLANNING_PERSON_DOUBLE_BOOKED, {"national_code": "?", "branch": "?"}
        ) from error
    # One event for the roster file: where each person serves, and whether a conflict was
    # declared (who they are stays in the roster table).
    record_event(
        uow.session,
        events.STAFF_ROSTERED,
        actor=actor,
        payload={
            "election_id": election_id,
            "rostered": [[r.branch, r.role, bool(r.conflict)] for r in rows],
        },
    )
    uow.commit()
    return [_view(r) for r in rows]


def sign_impartiality(
    uow: UnitOfWork, *, election_id: str, national_codes: Sequence[str], actor: str
) -> int:
    """Record that the rostered people signed the declaration of impartiality (one transaction;
    a code not on the roster refuses all)."""
    rows = {
        r.national_code: r
        for r in uow.session.scalars(
            select(RosterRow).where(
                RosterRow.election_id == election_id, RosterRow.national_code.in_(national_codes)
            )
        )
    }
    missing = [c for c in national_codes if c not in rows]
    if missing:
        raise EntekhabError(INVALID_INPUT, {"reason": f"{missing[0]} is not rostered"})
    now = datetime.now(UTC)
    for code in national_codes:
        rows[code].impartiality_signed_at = now
    record_event(
        uow.session,
        events.IMPARTIALITY_SIGNED,
        actor=actor,
        payload={
            "election_id": election_id,
            "branches": sorted({rows[c].branch for c in rows}),
            "people": len(national_codes),
        },
    )
    uow.commit()
    return len(national_codes)


def roster(uow: UnitOfWork, election_id: str, branches: set[str] | None = None) -> list[Rostered]:
    """Everyone rostered for polling day (at ``branches`` only, if given)."""
    rows = uow.session.scalars(
        select(RosterRow)
        .where(RosterRow.election_id == election_id)
        .order_by(RosterRow.branch, RosterRow.role, RosterRow.national_code)
    ).all()
    return [_view(r) for r in rows if branches is None or r.branch in branches]


def roster_in_area(uow: UnitOfWork, election_id: str, area: str) -> list[Rostered]:
    """Everyone rostered at the branches of ``area`` (a division or branch code, or country)."""
    codes = {b.code for b in branches_in(definition_of(uow.session, election_id), area)}
    return roster(uow, election_id, codes)
