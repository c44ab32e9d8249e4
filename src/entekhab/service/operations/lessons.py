"""The lessons register: record, update, search, read and export lessons.

This is the one home of lessons: the planning area records the strengths and weaknesses found by
a site assessment here (``record_lesson`` with source ``site_assessment``), as election-day
incidents and meetings do. Searching returns what lies inside the reader's jurisdiction and what
their role is cleared to see; exports (CSV or JSON) are of such a search.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from entekhab.domain.access import Principal
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import OPS_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.classification import Level, may_read
from entekhab.domain.operations.lessons import (
    LessonDraft,
    LessonStatus,
    check_draft,
    check_status_change,
)
from entekhab.service.audit.events import record_event
from entekhab.service.operations.classification import open_classified
from entekhab.service.operations.places import chain_of, require_inside
from entekhab.service.security.jurisdictions import inside
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.tables.operations import LessonRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "EXPORT_FIELDS",
    "Lesson",
    "LessonDraft",
    "LessonQuery",
    "export_lessons",
    "lesson_place",
    "read_lesson",
    "record_lesson",
    "search_lessons",
    "update_lesson",
]


@dataclass(frozen=True)
class Lesson:
    id: int
    jurisdiction: str
    election_id: str | None
    kind: str
    title: str
    description: str
    source: str
    source_ref: str
    owner: str
    status: str
    evidence: str
    decision: str
    classification: str
    recorded_by: str
    recorded_at: datetime
    updated_at: datetime


EXPORT_FIELDS = tuple(Lesson.__dataclass_fields__)


@dataclass(frozen=True)
class LessonQuery:
    """A search of the register: every given field must match; ``text`` matches title,
    description, evidence, decision, owner or source reference (case-insensitive)."""

    text: str = ""
    kind: str | None = None
    source: str | None = None
    status: str | None = None
    election_id: str | None = None
    jurisdiction: str | None = None


def _view(row: LessonRow) -> Lesson:
    return Lesson(
        row.id,
        row.jurisdiction,
        row.election_id,
        row.kind,
        row.title,
        row.description,
        row.source,
        row.source_ref,
        row.owner,
        row.status,
        row.evidence,
        row.decision,
        row.classification,
        row.recorded_by,
        row.recorded_at,
        row.updated_at,
    )


def record_lesson(
    uow: UnitOfWork, draft: LessonDraft, *, actor: str, now: datetime | None = None
) -> Lesson:
    """Check and store a lesson (status ``open``); bad input writes nothing."""
    clean = check_draft(draft)
    chain_of(uow.session, clean.jurisdiction)
    if clean.election_id is not None and uow.session.get(ElectionRow, clean.election_id) is None:
        raise EntekhabError(INVALID_INPUT, {"reason": f"unknown election {clean.election_id}"})
    moment = now or datetime.now(UTC)
    row = LessonRow(
        **asdict(clean),
        status=LessonStatus.OPEN.value,
        recorded_by=actor,
        recorded_at=moment,
        updated_at=moment,
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.LESSON_RECORDED,
        actor=actor,
        payload={
            "lesson": row.id,
            "jurisdiction": row.jurisdiction,
            "kind": row.kind,
            "source": row.source,
            "source_ref": row.source_ref,
        },
    )
    uow.commit()
    return _view(row)


def _row(uow: UnitOfWork, lesson_id: int) -> LessonRow:
    row = uow.session.get(LessonRow, lesson_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"lesson {lesson_id}"})
    return row


def lesson_place(uow: UnitOfWork, lesson_id: int) -> str:
    """The jurisdiction a lesson was recorded under (OPS_UNKNOWN if none)."""
    return _row(uow, lesson_id).jurisdiction


def update_lesson(
    uow: UnitOfWork,
    lesson_id: int,
    *,
    actor: str,
    jurisdiction: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    evidence: str | None = None,
    decision: str | None = None,
    now: datetime | None = None,
) -> Lesson:
    """Change a lesson's owner, evidence, decision or status (the status rule is the domain's)."""
    row = _row(uow, lesson_id)
    if jurisdiction is not None:
        require_inside(uow.session, jurisdiction, row.jurisdiction, f"lesson {lesson_id}")
    changes: dict[str, Any] = {}
    if owner is not None:
        if not owner.strip():
            raise EntekhabError(INVALID_INPUT, {"reason": "a lesson needs an owner"})
        changes["owner"] = owner.strip()
    if evidence is not None:
        changes["evidence"] = evidence.strip()
    if decision is not None:
        changes["decision"] = decision.strip()
    if status is not None and status != row.status:
        changes["status"] = check_status_change(
            row.status, status, changes.get("decision", row.decision)
        ).value
    if not changes:
        raise EntekhabError(INVALID_INPUT, {"reason": "nothing to change"})
    for name, value in changes.items():
        setattr(row, name, value)
    row.updated_at = now or datetime.now(UTC)
    record_event(
        uow.session,
        events.LESSON_UPDATED,
        actor=actor,
        payload={"lesson": row.id, **changes},
    )
    uow.commit()
    return _view(row)


def search_lessons(
    uow: UnitOfWork, reader: Principal, query: LessonQuery, *, within: str | None = None
) -> list[Lesson]:
    """Lessons inside the reader's jurisdiction (and inside ``within``, when given), at levels
    their role may read, oldest first."""
    stmt = select(LessonRow).order_by(LessonRow.id)
    for name in ("kind", "source", "status", "election_id", "jurisdiction"):
        value = getattr(query, name)
        if value is not None:
            stmt = stmt.where(getattr(LessonRow, name) == value)
    is_inside = inside(uow.session, reader.jurisdiction)
    in_area = inside(uow.session, within) if within is not None else None
    needle = query.text.strip().casefold()
    found: list[Lesson] = []
    for row in uow.session.scalars(stmt):
        if not is_inside(row.jurisdiction) or not may_read(reader.role, Level(row.classification)):
            continue
        if in_area is not None and not in_area(row.jurisdiction):
            continue
        haystack = " ".join(
            (row.title, row.description, row.evidence, row.decision, row.owner, row.source_ref)
        ).casefold()
        if needle and needle not in haystack:
            continue
        found.append(_view(row))
    return found


def read_lesson(
    uow: UnitOfWork, reader: Principal, lesson_id: int, *, jurisdiction: str | None = None
) -> Lesson:
    """One lesson in full; a classified one needs the clearance and its read is logged."""
    row = _row(uow, lesson_id)
    if jurisdiction is not None:
        require_inside(uow.session, jurisdiction, row.jurisdiction, f"lesson {lesson_id}")
    open_classified(uow, reader, level=row.classification, what="lesson", record_id=row.id)
    return _view(row)


def _flat(lesson: Lesson) -> dict[str, str]:
    out = {}
    for name, value in asdict(lesson).items():
        out[name] = (
            value.isoformat()
            if isinstance(value, datetime)
            else ("" if value is None else str(value))
        )
    return out


def export_lessons(lessons: list[Lesson], fmt: str) -> str:
    """The lessons as CSV (a header row, one line each) or JSON (a list of objects)."""
    rows = [_flat(lesson) for lesson in lessons]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt != "csv":
        raise EntekhabError(INVALID_INPUT, {"reason": "format must be csv or json"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
