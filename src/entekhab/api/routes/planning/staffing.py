"""Routes: the polling-day roster (nobody twice) and training (courses, attendance, gaps)."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.planning import (
    AttendanceIn,
    CourseIn,
    RosteredOut,
    RosterIn,
    TrainingOut,
)
from entekhab.service.planning.staffing import roster_in_area, roster_person
from entekhab.service.planning.training import (
    AttendanceEntry,
    add_course,
    record_attendance,
    training_report,
)

__all__ = ["router"]

router = APIRouter(tags=["planning"])


@router.post("/planning/roster", response_model=RosteredOut, status_code=201)
def post_roster(uow: Uow, user: CurrentUser, body: RosterIn) -> RosteredOut:
    """Roster one person at a branch for polling day (refused if rostered anywhere already)."""
    with uow() as u:
        made = roster_person(u, **body.model_dump(), actor=user.actor)
    return RosteredOut.model_validate(made)


@router.get("/planning/{election_id}/areas/{jurisdiction}/roster", response_model=list[RosteredOut])
def get_roster(uow: Uow, election_id: str, jurisdiction: str) -> list[RosteredOut]:
    with uow() as u:
        found = roster_in_area(u, election_id, jurisdiction)
    return [RosteredOut.model_validate(r) for r in found]


@router.post("/planning/courses", status_code=204)
def post_course(uow: Uow, user: CurrentUser, body: CourseIn) -> None:
    with uow() as u:
        add_course(u, **body.model_dump(), actor=user.actor)


@router.post("/planning/attendance", status_code=204)
def post_attendance(uow: Uow, user: CurrentUser, body: AttendanceIn) -> None:
    """Attendance and evaluation of a course's session (the course must be in the county)."""
    entries = [AttendanceEntry(**e.model_dump()) for e in body.entries]
    with uow() as u:
        record_attendance(
            u,
            election_id=body.election_id,
            course=body.course,
            county=body.county,
            entries=entries,
            actor=user.actor,
        )


@router.get("/planning/{election_id}/areas/{jurisdiction}/training", response_model=TrainingOut)
def get_training(uow: Uow, election_id: str, jurisdiction: str) -> TrainingOut:
    """Courses, completion per county and who still lacks the course their role needs."""
    with uow() as u:
        report = training_report(u, election_id, jurisdiction)
    return TrainingOut(
        courses=[vars(c) | {"starts_at": c.starts_at.isoformat()} for c in report.courses],
        completion={c: list(v) for c, v in report.completion.items()},
        gaps=[vars(g) for g in report.gaps],
    )
