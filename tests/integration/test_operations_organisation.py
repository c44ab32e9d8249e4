"""Headquarters, committees and appointments with history, directives with district reports,
meetings with action items and the rules library they review (both back ends)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.operations import directives, meetings, organisation, rules_library
from entekhab.service.operations.directives import NewAttachment
from entekhab.service.operations.meetings import NewAction, NewDecision
from entekhab.service.operations.rules_library import Citation
from entekhab.store.tables import operations as tables
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.operations_support import as_role, load_two, set_up_county

ISSUED = datetime(2026, 5, 1, 6, tzinfo=UTC)


def _count(uow_factory: UnitOfWorkFactory, table: type) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def _state(uow_factory: UnitOfWorkFactory) -> tuple[int, ...]:
    return tuple(
        _count(uow_factory, t)
        for t in (
            EventLogEntry,
            tables.DirectiveReportRow,
            tables.DirectiveAddresseeRow,
            tables.MeetingRow,
            tables.ActionItemRow,
        )
    )


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    load_two(uow_factory)
    set_up_county(uow_factory)
    return uow_factory


def test_a_headquarters_has_five_committees_and_keeps_the_history_of_its_head(
    world: UnitOfWorkFactory,
) -> None:
    with world() as uow:
        organisation.appoint(
            uow,
            hq="C1",
            committee=None,
            post="head",
            person="New governor",
            username="head2",
            decree="1405/200",
            starts_on=date(2026, 3, 1),
            actor="a",
        )
    with world() as uow:
        before = organisation.organisation_on(uow, "C1", date(2026, 2, 1))
        after = organisation.organisation_on(uow, "C1", date(2026, 3, 2))
        history = organisation.appointment_history(uow, "C1")
    assert [c.kind for c in after.committees] == [
        "security",
        "police",
        "support",
        "infrastructure",
        "publicity",
    ]
    assert [p.person for p in before.posts] == ["Governor of C1"]
    assert [p.person for p in after.posts] == ["New governor"]
    heads = [a for a in history if a.post == "head"]
    assert [(a.decree, a.ended_on) for a in heads] == [
        ("1405/100", date(2026, 3, 1)),
        ("1405/200", None),
    ]
    with world() as uow, pytest.raises(EntekhabError) as refused:
        organisation.set_up_headquarters(uow, jurisdiction="D1", name_fa="x", actor="a")
    assert refused.value.code == "INVALID_INPUT"  # a district has no headquarters of its own


def _issue(world: UnitOfWorkFactory, offices: list[str]) -> int:
    with world() as uow:
        issued = directives.issue_directive(
            uow,
            hq="C1",
            number="C1/1405/7",
            title="Check the UPS of every branch",
            text="Each district checks the UPS batteries of its branches and reports.",
            deadline=ISSUED + timedelta(days=3),
            offices=offices,
            actor="user:c1",
            attachments=(NewAttachment("checklist.txt", "text/plain", b"1. battery\n"),),
            now=ISSUED,
        )
    return issued.id


def test_an_addressed_district_acknowledges_and_reports_and_stops_being_overdue(
    world: UnitOfWorkFactory,
) -> None:
    directive = _issue(world, ["D1"])
    late = ISSUED + timedelta(days=4)
    with world() as uow:
        [row] = directives.overdue(uow, "C1", now=late)
    assert (row.office, row.county, row.district, row.state) == ("D1", "C1", "D1", "pending")
    with world() as uow:
        listed = directives.due_reminders(uow, "C1", now=late)
    with world() as uow:
        reminded = directives.send_reminders(uow, "C1", actor="user:c1", now=late)
        again = directives.send_reminders(uow, "C1", actor="user:c1", now=late)
    assert listed == reminded
    assert [(r.office, r.reason) for r in reminded] == [("D1", "overdue")] and again == []
    with world() as uow:
        directives.acknowledge(uow, directive, office="D1", actor="user:d1", now=ISSUED)
    with world() as uow:
        directives.file_report(
            uow, directive, office="D1", text="All 2 UPS checked.", done=True, actor="user:d1"
        )
    with world() as uow:
        assert directives.overdue(uow, "C1", now=late) == []
        full = directives.read_directive(
            uow, as_role(Role.DISTRICT_OFFICER, "D1"), directive, jurisdiction="D1"
        )
    assert [o.state for o in full.summary.offices] == ["done"]
    assert full.attachments[0].sha256 == hashlib.sha256(b"1. battery\n").hexdigest()


def test_a_report_for_a_directive_not_addressed_to_the_office_writes_nothing(
    world: UnitOfWorkFactory,
) -> None:
    directive = _issue(world, ["D1"])
    before = _state(world)
    for call in (directives.file_report, directives.acknowledge):
        kwargs = {"text": "done", "done": True} if call is directives.file_report else {}
        with world() as uow, pytest.raises(EntekhabError) as refused:
            call(uow, directive, office="C1", actor="user:c1", **kwargs)  # type: ignore[operator]
        assert refused.value.code == "OPS_NOT_ADDRESSED"
        assert "not addressed" in refused.value.message_en and refused.value.message_fa
    assert _state(world) == before


def test_a_directive_may_only_address_offices_under_its_headquarters(
    world: UnitOfWorkFactory,
) -> None:
    before = _state(world)
    with pytest.raises(EntekhabError) as refused:
        _issue(world, ["D9"])
    assert refused.value.code == "OPS_OUTSIDE_HQ"
    assert _state(world) == before


def _rules(world: UnitOfWorkFactory) -> None:
    with world() as uow:
        rules_library.add_rule(
            uow,
            code="LAW-COUNCILS",
            kind="law",
            title="Law of the Islamic councils' elections",
            issuer="Parliament",
            text="Article 1 ...",
            effective_from=date(2020, 1, 1),
            actor="a",
        )
    with world() as uow:
        rules_library.add_version(
            uow,
            "LAW-COUNCILS",
            text="Article 1 ... (amended: electronic voting)",
            effective_from=date(2026, 4, 1),
            change_note="Electronic voting in every branch",
            actor="a",
        )


def test_the_rules_library_keeps_versions_and_the_weekly_review_cites_them(
    world: UnitOfWorkFactory,
) -> None:
    _rules(world)
    with world() as uow:
        old = rules_library.rule_history(uow, "LAW-COUNCILS", on=date(2026, 3, 1))
        new = rules_library.rule_history(uow, "LAW-COUNCILS", on=date(2026, 5, 1))
    assert old.current is not None and old.current.version == 1
    assert new.current is not None and new.current.version == 2
    assert [v.change_note for v in new.versions] == [
        "first version",
        "Electronic voting in every branch",
    ]
    with world() as uow, pytest.raises(EntekhabError) as refused:
        rules_library.add_version(
            uow,
            "LAW-COUNCILS",
            text="older",
            effective_from=date(2026, 3, 1),
            change_note="x",
            actor="a",
        )
    assert refused.value.code == "INVALID_INPUT"
    with world() as uow:
        meeting = meetings.record_meeting(
            uow,
            hq="C1",
            kind="weekly_review",
            title="Weekly review 1405-02-11",
            held_at=ISSUED,
            attendees=("Governor of C1", "Head of security committee"),
            agenda=("Amended councils law",),
            minutes="The amendment was read and its effect on branches discussed.",
            decisions=(
                NewDecision(
                    "Brief every district on the amendment",
                    (NewAction("Brief D1", "D1 district officer", date(2026, 5, 5)),),
                ),
            ),
            reviewed=(Citation("LAW-COUNCILS", 2),),
            actor="user:c1",
            now=ISSUED,
        )
    assert meeting.summary.reviewed[0]["version"] == 2
    with world() as uow:
        [item] = meetings.action_items(uow, "C1", today=date(2026, 5, 6))
    assert item.late and item.owner == "D1 district officer"
    with world() as uow:
        done = meetings.update_action(uow, item.id, jurisdiction="C1", status="done", actor="a")
    assert done.status == "done" and not done.late


def test_an_action_item_without_an_owner_writes_no_part_of_the_meeting(
    world: UnitOfWorkFactory,
) -> None:
    _rules(world)
    before = _state(world)
    with world() as uow, pytest.raises(EntekhabError) as refused:
        meetings.record_meeting(
            uow,
            hq="C1",
            kind="headquarters",
            title="HQ meeting",
            held_at=ISSUED,
            attendees=("Governor of C1",),
            agenda=("Branch sites",),
            minutes="Sites were discussed.",
            decisions=(
                NewDecision(
                    "Fix the ramps", (NewAction("Build a ramp at B1", " ", date(2026, 5, 9)),)
                ),
            ),
            actor="user:c1",
        )
    assert refused.value.code == "OPS_ACTION_OWNER_REQUIRED"
    assert _state(world) == before
    with world() as uow, pytest.raises(EntekhabError) as unknown:
        meetings.record_meeting(
            uow,
            hq="C1",
            kind="weekly_review",
            title="Review",
            held_at=ISSUED,
            attendees=("Governor of C1",),
            agenda=("Laws",),
            minutes="Reviewed.",
            decisions=(),
            reviewed=(Citation("LAW-COUNCILS", 9),),
            actor="user:c1",
        )
    assert unknown.value.code == "OPS_RULE_VERSION_UNKNOWN"
    assert _state(world) == before


def test_the_printable_chart_names_each_post_holder_and_decree(world: UnitOfWorkFactory) -> None:
    from entekhab.web.org_chart import render_org_chart
    from entekhab.web.sheets import html_to_pdf

    with world() as uow:
        chart = render_org_chart(organisation.organisation_on(uow, "C1", date(2026, 2, 1)))
    assert 'dir="rtl"' in chart and "Governor of C1" in chart and "1405/100" in chart
    assert "Press officer of C1" in chart and "کمیته تبلیغات و اطلاع‌رسانی" in chart
    assert "&#34;" not in chart.split("</style>")[0]  # the style sheet is not escaped
    assert html_to_pdf(chart).startswith(b"%PDF")
