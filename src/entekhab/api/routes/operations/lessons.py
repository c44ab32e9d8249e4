"""Routes: the lessons register (record, update, search, read, export as CSV or JSON)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.operations._common import RecordId, many, one
from entekhab.api.schemas.operations import LessonIn, LessonOut, LessonUpdateIn
from entekhab.service.operations import lessons
from entekhab.service.operations.lessons import LessonDraft, LessonQuery

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.post("/operations/{jurisdiction}/lessons", response_model=LessonOut, status_code=201)
def record(uow: Uow, user: CurrentUser, jurisdiction: str, body: LessonIn) -> LessonOut:
    """Record a problem, strength or weakness with its owner and source."""
    with uow() as u:
        made = lessons.record_lesson(
            u, LessonDraft(jurisdiction=jurisdiction, **body.model_dump()), actor=user.actor
        )
    return one(LessonOut, made)


@router.get(
    "/operations/{jurisdiction}/lessons",
    response_model=list[LessonOut],
    responses={200: {"content": {"text/csv": {}}}},
)
def search(
    uow: Uow,
    user: CurrentUser,
    jurisdiction: str,
    text: str = "",
    kind: str | None = None,
    source: str | None = None,
    status: str | None = None,
    election_id: str | None = None,
    format: Literal["json", "csv", "export-json"] = "json",
) -> list[LessonOut] | Response:
    """Search the register here (at the levels the caller may read); ``format=csv`` or
    ``export-json`` gives a file to keep after the election."""
    query = LessonQuery(text, kind, source, status, election_id)
    with uow() as u:
        found = lessons.search_lessons(u, user, query, within=jurisdiction)
    if format == "json":
        return many(LessonOut, found)
    kind_of = "csv" if format == "csv" else "json"
    return Response(
        lessons.export_lessons(found, kind_of),
        media_type="text/csv; charset=utf-8" if kind_of == "csv" else "application/json",
        headers={"Content-Disposition": f'attachment; filename="lessons-{jurisdiction}.{kind_of}"'},
    )


@router.get("/operations/{jurisdiction}/lessons/{lesson_id}", response_model=LessonOut)
def read(uow: Uow, user: CurrentUser, jurisdiction: str, lesson_id: RecordId) -> LessonOut:
    """One lesson (a classified one needs the clearance; the read is logged)."""
    with uow() as u:
        return one(LessonOut, lessons.read_lesson(u, user, lesson_id, jurisdiction=jurisdiction))


@router.post("/operations/{jurisdiction}/lessons/{lesson_id}", response_model=LessonOut)
def update(
    uow: Uow, user: CurrentUser, jurisdiction: str, lesson_id: RecordId, body: LessonUpdateIn
) -> LessonOut:
    """Change owner, evidence, decision or status."""
    with uow() as u:
        changed = lessons.update_lesson(
            u, lesson_id, jurisdiction=jurisdiction, actor=user.actor, **body.model_dump()
        )
    return one(LessonOut, changed)
