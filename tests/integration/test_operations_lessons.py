"""The lessons register on both back ends: record, update to a decision, search, export, and the
refusals that write nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.operations.lessons import (
    LessonDraft,
    LessonQuery,
    export_lessons,
    read_lesson,
    record_lesson,
    search_lessons,
    update_lesson,
)
from entekhab.store.tables.operations import LessonRow
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.operations_support import TWO, as_role, load_two

NOW = datetime(2026, 5, 1, 8, tzinfo=UTC)


def _draft(**changes: str) -> LessonDraft:
    fields = {
        "jurisdiction": "C1",
        "kind": "weakness",
        "title": "Branch B1 has no ramp",
        "description": "Wheelchair users cannot reach the classroom on the first floor.",
        "source": "site_assessment",
        "source_ref": "assessment B1 1405-02-10",
        "owner": "C1 support committee",
        "election_id": TWO,
    }
    fields.update(changes)
    return LessonDraft(**fields)  # type: ignore[arg-type]


def _counts(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    with uow_factory() as uow:
        lessons = uow.session.scalar(select(func.count()).select_from(LessonRow))
        events = uow.session.scalar(select(func.count()).select_from(EventLogEntry))
    return int(lessons or 0), int(events or 0)


def test_a_lesson_is_recorded_owned_and_tracked_to_its_decision(
    uow_factory: UnitOfWorkFactory,
) -> None:
    load_two(uow_factory)
    with uow_factory() as uow:
        lesson = record_lesson(uow, _draft(), actor="user:c1", now=NOW)
    assert lesson.status == "open" and lesson.owner == "C1 support committee"
    with uow_factory() as uow, pytest.raises(EntekhabError) as refused:
        update_lesson(uow, lesson.id, actor="user:c1", status="resolved")
    assert refused.value.code == "INVALID_INPUT"  # a resolved lesson needs its decision
    with uow_factory() as uow:
        done = update_lesson(
            uow,
            lesson.id,
            actor="user:c1",
            status="resolved",
            decision="Move the box to the ground-floor hall.",
            evidence="photo 12",
        )
    assert (done.status, done.evidence) == ("resolved", "photo 12")
    with uow_factory() as uow:
        codes = uow.session.scalars(
            select(EventLogEntry.code).where(EventLogEntry.code.like("OPS_LESSON%"))
        ).all()
    assert codes == ["OPS_LESSON_RECORDED", "OPS_LESSON_UPDATED"]


def test_search_narrows_by_text_source_and_jurisdiction_and_exports(
    uow_factory: UnitOfWorkFactory,
) -> None:
    load_two(uow_factory)
    with uow_factory() as uow:
        record_lesson(uow, _draft(), actor="a")
        record_lesson(
            uow,
            _draft(kind="strength", title="Fibre at every school", source="past_election"),
            actor="a",
        )
        record_lesson(uow, _draft(jurisdiction="C9", title="Ramp missing in C9"), actor="a")
    county = as_role(Role.COUNTY_OFFICER, "C1")
    with uow_factory() as uow:
        ramps = search_lessons(uow, county, LessonQuery(text="RAMP"))
        past = search_lessons(uow, county, LessonQuery(source="past_election"))
        everywhere = search_lessons(uow, as_role(Role.HQ_ADMIN), LessonQuery(text="ramp"))
    assert [lesson.title for lesson in ramps] == ["Branch B1 has no ramp"]
    assert [lesson.kind for lesson in past] == ["strength"]
    assert len(everywhere) == 2
    rows = list(csv.DictReader(io.StringIO(export_lessons(everywhere, "csv"))))
    assert [row["jurisdiction"] for row in rows] == ["C1", "C9"]
    assert json.loads(export_lessons(everywhere, "json"))[1]["title"] == "Ramp missing in C9"


def test_bad_lessons_are_refused_and_write_nothing(uow_factory: UnitOfWorkFactory) -> None:
    load_two(uow_factory)
    before = _counts(uow_factory)
    for bad in (
        _draft(owner="  "),
        _draft(kind="rumour"),
        _draft(source="gossip"),
        _draft(jurisdiction="NOWHERE"),
        _draft(title=""),
    ):
        with uow_factory() as uow, pytest.raises(EntekhabError) as refused:
            record_lesson(uow, bad, actor="a")
        assert refused.value.code == "INVALID_INPUT"
    assert _counts(uow_factory) == before


def test_a_classified_lesson_needs_the_clearance_and_its_read_is_logged(
    uow_factory: UnitOfWorkFactory,
) -> None:
    load_two(uow_factory)
    with uow_factory() as uow:
        secret = record_lesson(uow, _draft(classification="confidential"), actor="a")
    before = _counts(uow_factory)
    with uow_factory() as uow, pytest.raises(EntekhabError) as refused:
        read_lesson(uow, as_role(Role.DISTRICT_OFFICER, "D1"), secret.id)
    assert refused.value.code == "OPS_CLEARANCE_REQUIRED"
    assert _counts(uow_factory) == before
    with uow_factory() as uow:
        hidden = search_lessons(uow, as_role(Role.DISTRICT_OFFICER, "C1"), LessonQuery())
        assert hidden == []
        assert read_lesson(uow, as_role(Role.COUNTY_OFFICER, "C1"), secret.id).id == secret.id
    with uow_factory() as uow:
        logged = uow.session.scalars(
            select(EventLogEntry.payload).where(EventLogEntry.code == "OPS_CLASSIFIED_READ")
        ).all()
    assert len(logged) == 1 and json.loads(logged[0])["level"] == "confidential"
