"""Site assessments (kept with history), blocker owners, sensitivity ratings, and the readiness
report rolled up district → county → province.

An assessment's free-text strengths and weaknesses also go to the lessons register
(``service/operations/lessons.py``, the one home of lessons) with source ``site_assessment``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.planning import PLANNING_DIVISION_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import planning as events
from entekhab.domain.operations.lessons import LessonDraft, LessonKind, LessonSource, check_draft
from entekhab.planning.readiness import (
    AreaReadiness,
    Blocker,
    BranchReadiness,
    Checklist,
    SiteAssessment,
    assess_branch,
    default_checklist,
    roll_up,
    sensitivity_of,
    work_order,
)
from entekhab.service.audit.events import record_event
from entekhab.service.operations.lessons import record_lesson
from entekhab.service.planning.context import branch_of, branches_in, definition_of
from entekhab.store.tables.planning import BlockerOwnerRow, SensitivityRow, SiteAssessmentRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "ReadinessReport",
    "assessment_history",
    "assign_blocker",
    "has_assessments",
    "readiness_report",
    "record_assessment",
    "set_sensitivity",
]


def _view(row: SiteAssessmentRow) -> SiteAssessment:
    return SiteAssessment(
        row.branch,
        row.assessed_at,
        row.assessor,
        {k: int(v) for k, v in row.scores.items()},
        row.strengths,
        row.weaknesses,
    )


def record_assessment(
    uow: UnitOfWork,
    *,
    election_id: str,
    branch: str,
    scores: Mapping[str, int],
    assessor: str,
    strengths: str = "",
    weaknesses: str = "",
    assessed_at: datetime | None = None,
    actor: str,
    checklist: Checklist | None = None,
) -> int:
    """Store one assessment (history is kept) and its strengths/weaknesses as lessons; bad
    input writes nothing. Returns the assessment's id."""
    checklist = checklist or default_checklist()
    definition = definition_of(uow.session, election_id)
    branch_of(definition, branch)
    moment = assessed_at or datetime.now(UTC)
    assessment = SiteAssessment(branch, moment, assessor, dict(scores), strengths, weaknesses)
    assessment.check(checklist)
    if not assessor.strip():
        raise EntekhabError(INVALID_INPUT, {"reason": "an assessment needs its assessor"})
    drafts = [
        check_draft(
            LessonDraft(
                jurisdiction=branch,
                kind=kind.value,
                title=f"{branch}: {text.strip()[:120]}",
                description=text.strip(),
                source=LessonSource.SITE_ASSESSMENT.value,
                source_ref=f"{election_id}/{branch}",
                owner=assessor,
                election_id=election_id,
            )
        )
        for kind, text in ((LessonKind.STRENGTH, strengths), (LessonKind.WEAKNESS, weaknesses))
        if text.strip()
    ]
    row = SiteAssessmentRow(
        election_id=election_id,
        branch=branch,
        assessed_at=moment,
        assessor=assessor,
        checklist_version=checklist.version,
        scores=dict(scores),
        strengths=strengths,
        weaknesses=weaknesses,
        recorded_by=actor,
        recorded_at=datetime.now(UTC),
    )
    uow.session.add(row)
    uow.session.flush()
    failing = [i.code for i in checklist.items if scores[i.code] < i.pass_score]
    record_event(
        uow.session,
        events.SITE_ASSESSED,
        actor=actor,
        payload={
            "election_id": election_id,
            "branch": branch,
            "assessment": row.id,
            "failing": failing,
        },
    )
    if not drafts:
        uow.commit()
    for draft in drafts:
        record_lesson(uow, draft, actor=actor)  # commits the assessment with the lesson
    return row.id


def has_assessments(uow: UnitOfWork, election_id: str, area: str) -> bool:
    """Whether any branch inside ``area`` has been assessed (a plan has been started)."""
    codes = [b.code for b in branches_in(definition_of(uow.session, election_id), area)]
    found = uow.session.scalar(
        select(SiteAssessmentRow.id)
        .where(SiteAssessmentRow.election_id == election_id, SiteAssessmentRow.branch.in_(codes))
        .limit(1)
    )
    return found is not None


def assessment_history(uow: UnitOfWork, election_id: str, branch: str) -> list[SiteAssessment]:
    """Every assessment of ``branch``, oldest first."""
    branch_of(definition_of(uow.session, election_id), branch)
    rows = uow.session.scalars(
        select(SiteAssessmentRow)
        .where(SiteAssessmentRow.election_id == election_id, SiteAssessmentRow.branch == branch)
        .order_by(SiteAssessmentRow.assessed_at, SiteAssessmentRow.id)
    ).all()
    return [_view(r) for r in rows]


def assign_blocker(
    uow: UnitOfWork,
    *,
    election_id: str,
    branch: str,
    item: str,
    owner: str,
    due: date,
    actor: str,
    checklist: Checklist | None = None,
) -> None:
    """Name who fixes ``item`` at ``branch`` and by when (replacing an earlier assignment)."""
    checklist = checklist or default_checklist()
    branch_of(definition_of(uow.session, election_id), branch)
    if item not in checklist.by_code or not owner.strip():
        raise EntekhabError(INVALID_INPUT, {"reason": f"unknown item {item} or empty owner"})
    row = uow.session.scalar(
        select(BlockerOwnerRow).where(
            BlockerOwnerRow.election_id == election_id,
            BlockerOwnerRow.branch == branch,
            BlockerOwnerRow.item == item,
        )
    )
    if row is None:
        row = BlockerOwnerRow(
            election_id=election_id, branch=branch, item=item, owner=owner, due=due
        )
        uow.session.add(row)
    else:
        row.owner, row.due = owner, due
    record_event(
        uow.session,
        events.BLOCKER_ASSIGNED,
        actor=actor,
        payload={
            "election_id": election_id,
            "branch": branch,
            "item": item,
            "owner": owner,
            "due": due.isoformat(),
        },
    )
    uow.commit()


def set_sensitivity(
    uow: UnitOfWork, *, election_id: str, code: str, rating: int, actor: str
) -> None:
    """Rate an area (division) or a branch 0..5; higher ratings are worked on first."""
    definition = definition_of(uow.session, election_id)
    if code not in definition.division_by_code and code not in definition.branch_by_code:
        raise EntekhabError(PLANNING_DIVISION_UNKNOWN, {"division": code})
    if isinstance(rating, bool) or not 0 <= rating <= 5:
        raise EntekhabError(INVALID_INPUT, {"reason": "sensitivity is rated 0..5"})
    row = uow.session.get(SensitivityRow, (election_id, code))
    if row is None:
        uow.session.add(SensitivityRow(election_id=election_id, code=code, rating=rating))
    else:
        row.rating = rating
    record_event(
        uow.session,
        events.SENSITIVITY_SET,
        actor=actor,
        payload={"election_id": election_id, "code": code, "rating": rating},
    )
    uow.commit()


@dataclass(frozen=True)
class ReadinessReport:
    area: str | None
    branches: list[BranchReadiness]
    areas: list[AreaReadiness]
    work: list[Blocker]
    latest: dict[str, SiteAssessment]
    sensitivity: dict[str, int]


def _latest(session: Session, election_id: str) -> dict[str, SiteAssessment]:
    rows = session.scalars(
        select(SiteAssessmentRow)
        .where(SiteAssessmentRow.election_id == election_id)
        .order_by(SiteAssessmentRow.assessed_at, SiteAssessmentRow.id)
    ).all()
    return {r.branch: _view(r) for r in rows}  # later rows overwrite earlier ones


def readiness_report(
    uow: UnitOfWork,
    election_id: str,
    area: str | None = None,
    checklist: Checklist | None = None,
) -> ReadinessReport:
    """Every branch inside ``area`` with its status and blockers, the roll-up and the work in
    the order to do it."""
    checklist = checklist or default_checklist()
    definition = definition_of(uow.session, election_id)
    branches = branches_in(definition, area)
    latest = _latest(uow.session, election_id)
    owners = {
        (r.branch, r.item): (r.owner, r.due)
        for r in uow.session.scalars(
            select(BlockerOwnerRow).where(BlockerOwnerRow.election_id == election_id)
        )
    }
    ratings = {
        r.code: r.rating
        for r in uow.session.scalars(
            select(SensitivityRow).where(SensitivityRow.election_id == election_id)
        )
    }
    results: list[BranchReadiness] = []
    sensitivity: dict[str, int] = {}
    for b in branches:
        rating = sensitivity_of(definition, b.code, ratings, ratings)
        sensitivity[b.code] = rating
        results.append(
            assess_branch(
                b.code, latest.get(b.code), checklist, definition.polling_day, owners, rating
            )
        )
    return ReadinessReport(
        area,
        results,
        roll_up(definition, results),
        work_order(results),
        {b.code: latest[b.code] for b in branches if b.code in latest},
        sensitivity,
    )
