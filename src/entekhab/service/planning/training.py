"""Training courses, attendance and evaluation, completion per county, and who still lacks the
course their rostered role needs (``planning/training.py`` says which)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.planning import PLANNING_COURSE_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import planning as events
from entekhab.domain.national_code import is_valid as is_valid_national_code
from entekhab.planning.capacity import county_of
from entekhab.planning.training import (
    PASS_MARK,
    Audience,
    CourseMode,
    Gap,
    completion_by_county,
    training_gaps,
)
from entekhab.service.audit.events import record_event
from entekhab.service.planning.context import definition_of, division_of
from entekhab.store.tables.planning import AttendanceRow, CourseRow, RosterRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "AttendanceEntry",
    "Course",
    "TrainingReport",
    "add_course",
    "record_attendance",
    "training_report",
]


@dataclass(frozen=True)
class Course:
    code: str
    title: str
    audience: str
    mode: str
    county: str
    stage: int
    trainer: str
    starts_at: datetime
    attended: int
    mean_evaluation: float | None


def add_course(
    uow: UnitOfWork,
    *,
    election_id: str,
    code: str,
    title: str,
    audience: str,
    mode: str,
    county: str,
    stage: int,
    trainer: str,
    trainer_experience: str,
    starts_at: datetime,
    actor: str,
) -> None:
    division_of(definition_of(uow.session, election_id), county)
    if audience not in {a.value for a in Audience} or mode not in {m.value for m in CourseMode}:
        raise EntekhabError(
            INVALID_INPUT, {"reason": f"unknown audience {audience} or mode {mode}"}
        )
    if stage < 1 or not code.strip() or not title.strip() or not trainer.strip():
        raise EntekhabError(INVALID_INPUT, {"reason": "a course needs code, title, trainer, stage"})
    uow.session.add(
        CourseRow(
            election_id=election_id,
            code=code,
            title=title,
            audience=audience,
            mode=mode,
            county=county,
            stage=stage,
            trainer=trainer,
            trainer_experience=trainer_experience,
            starts_at=starts_at,
        )
    )
    try:
        uow.session.flush()
    except IntegrityError as error:
        uow.rollback()
        raise EntekhabError(INVALID_INPUT, {"reason": f"course {code} exists"}) from error
    record_event(
        uow.session,
        events.COURSE_ADDED,
        actor=actor,
        payload={
            "election_id": election_id,
            "course": code,
            "county": county,
            "audience": audience,
            "mode": mode,
            "stage": stage,
        },
    )
    uow.commit()


@dataclass(frozen=True)
class AttendanceEntry:
    national_code: str
    attended: bool
    evaluation: int | None
    comment: str = ""


def record_attendance(
    uow: UnitOfWork,
    *,
    election_id: str,
    course: str,
    entries: Sequence[AttendanceEntry],
    actor: str,
    county: str | None = None,
) -> int:
    """Attendance of people at a course and their evaluation after the session (1..5), in one
    transaction, replacing earlier records of the same person and course; any bad entry
    refuses all."""
    row = uow.session.scalar(
        select(CourseRow).where(CourseRow.election_id == election_id, CourseRow.code == course)
    )
    if row is None or (county is not None and row.county != county):
        raise EntekhabError(PLANNING_COURSE_UNKNOWN, {"course": course})
    for e in entries:
        if not is_valid_national_code(e.national_code):
            raise EntekhabError(
                INVALID_INPUT, {"reason": f"invalid national code {e.national_code}"}
            )
        if e.evaluation is not None and not 1 <= e.evaluation <= 5:
            raise EntekhabError(INVALID_INPUT, {"reason": "evaluation is 1..5"})
    existing = {
        a.national_code: a
        for a in uow.session.scalars(select(AttendanceRow).where(AttendanceRow.course_id == row.id))
    }
    for e in entries:
        found = existing.get(e.national_code)
        if found is None:
            found = existing[e.national_code] = AttendanceRow(
                course_id=row.id, national_code=e.national_code
            )
            uow.session.add(found)
        found.attended, found.evaluation, found.comment = e.attended, e.evaluation, e.comment
    record_event(uow.session, events.ATTENDANCE_RECORDED, actor=actor,
                 payload={"election_id": election_id, "course": course, "people": len(entries),
                          "attended": sum(1 for e in entries if e.attended)})  # fmt: skip
    uow.commit()
    return len(entries)


@dataclass(frozen=True)
class TrainingReport:
    courses: list[Course]
    completion: dict[str, tuple[int, int]]
    gaps: list[Gap]


def training_report(uow: UnitOfWork, election_id: str, area: str | None = None) -> TrainingReport:
    """Courses held in ``area`` and the people rostered there (a division code; None: all)."""
    definition = definition_of(uow.session, election_id)
    if area is not None:
        division_of(definition, area)

    def within(county: str) -> bool:
        return area is None or area in definition.ancestors(county)

    courses = uow.session.scalars(
        select(CourseRow)
        .where(CourseRow.election_id == election_id)
        .order_by(CourseRow.county, CourseRow.stage, CourseRow.code)
    ).all()
    attendance = uow.session.scalars(
        select(AttendanceRow).where(AttendanceRow.course_id.in_([c.id for c in courses]))
    ).all()
    by_course: dict[int, list[AttendanceRow]] = {}
    for a in attendance:
        by_course.setdefault(a.course_id, []).append(a)
    audience = {c.id: c.audience for c in courses}
    completed: dict[str, set[str]] = {}
    for a in attendance:
        if a.attended and (a.evaluation or 0) >= PASS_MARK:
            completed.setdefault(a.national_code, set()).add(audience[a.course_id])
    rostered = [
        (
            r.national_code,
            r.role,
            r.branch,
            county_of(definition, definition.branch_by_code[r.branch].division),
        )
        for r in uow.session.scalars(select(RosterRow).where(RosterRow.election_id == election_id))
        if r.branch in definition.branch_by_code
    ]
    rostered = [r for r in rostered if within(r[3])]
    gaps = training_gaps(rostered, completed)
    out = []
    for c in courses:
        if not within(c.county):
            continue
        rows = by_course.get(c.id, [])
        marks = [a.evaluation for a in rows if a.attended and a.evaluation is not None]
        out.append(
            Course(
                c.code,
                c.title,
                c.audience,
                c.mode,
                c.county,
                c.stage,
                c.trainer,
                c.starts_at,
                sum(1 for a in rows if a.attended),
                sum(marks) / len(marks) if marks else None,
            )
        )
    return TrainingReport(out, completion_by_county(rostered, gaps), gaps)
