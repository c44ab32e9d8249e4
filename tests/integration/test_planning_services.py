"""Branch planning services on both back ends: assessments with history and lessons, the
readiness roll-up, equipment custody, the roster, training, network and mobile boxes — and bad
input that is refused with a coded error and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from entekhab.domain.errors import EntekhabError
from entekhab.planning.readiness import Readiness, default_checklist
from entekhab.service.definitions.loading import load_definition, read_definition_file
from entekhab.service.planning.boxes import mobile_box_plan
from entekhab.service.planning.capacity import capacity_report
from entekhab.service.planning.equipment import (
    chain_of_custody,
    change_status,
    hand_over,
    register_device,
)
from entekhab.service.planning.network import network_report, set_link
from entekhab.service.planning.sites import (
    assessment_history,
    readiness_report,
    record_assessment,
    set_sensitivity,
)
from entekhab.service.planning.staffing import roster, roster_person, sign_impartiality
from entekhab.service.planning.training import (
    AttendanceEntry,
    add_course,
    record_attendance,
    training_report,
)
from entekhab.sim.sample_plan import sample_places
from entekhab.store.tables.operations import LessonRow
from entekhab.store.tables.planning import CustodyMoveRow, DeviceRow, RosterRow, SiteAssessmentRow
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory

SARI = Path(__file__).resolve().parents[2] / "examples" / "sari.yaml"
ELECTION = "sari-1405"
COUNTY = "C02-01"
B1, B2, B3 = "B02-00001", "B02-00002", "B02-00003"
ACTOR = "test"


@pytest.fixture
def sari(uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    definition = read_definition_file(SARI)
    assert definition.id == ELECTION
    load_definition(uow_factory, definition, actor=ACTOR)
    return uow_factory


def _count(factory: UnitOfWorkFactory, table: Any) -> int:
    with factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def _refused(
    factory: UnitOfWorkFactory, code: str, call: Callable[[], object], *tables: Any
) -> None:
    """``call`` fails with ``code`` and changes no row of ``tables`` nor the event log."""
    watched = (EventLogEntry, *tables)
    before = [_count(factory, t) for t in watched]
    with pytest.raises(EntekhabError) as caught:
        call()
    assert caught.value.code == code
    assert caught.value.message_fa and caught.value.message_en
    assert [_count(factory, t) for t in watched] == before


def _scores(**low: int) -> dict[str, int]:
    return {i.code: low.get(i.code, 4) for i in default_checklist().items}


def test_assessments_keep_history_feed_lessons_and_roll_up(sari: UnitOfWorkFactory) -> None:
    first = datetime(2026, 5, 1, 9, tzinfo=UTC)
    later = datetime(2026, 5, 20, 9, tzinfo=UTC)
    with sari() as uow:
        record_assessment(
            uow,
            election_id=ELECTION,
            branch=B1,
            scores=_scores(power=1),
            assessor="A",
            weaknesses="قطعی برق",
            assessed_at=first,
            actor=ACTOR,
        )
    with sari() as uow:
        record_assessment(
            uow,
            election_id=ELECTION,
            branch=B1,
            scores=_scores(),
            assessor="A",
            strengths="حیاط بزرگ",
            assessed_at=later,
            actor=ACTOR,
        )
    with sari() as uow:
        record_assessment(
            uow,
            election_id=ELECTION,
            branch=B2,
            scores=_scores(ramp=0),
            assessor="A",
            assessed_at=later,
            actor=ACTOR,
        )
    with sari() as uow:
        set_sensitivity(uow, election_id=ELECTION, code=B2, rating=5, actor=ACTOR)
    with sari() as uow:
        history = assessment_history(uow, ELECTION, B1)
        report = readiness_report(uow, ELECTION, COUNTY)
    assert [h.scores["power"] for h in history] == [1, 4]
    status = {b.branch: b.status for b in report.branches}
    assert status[B1] == Readiness.READY  # the latest assessment counts
    assert status[B2] == Readiness.AT_RISK
    assert status[B3] == Readiness.NOT_READY  # never assessed
    county = next(a for a in report.areas if a.code == COUNTY)
    assert county.status == Readiness.NOT_READY
    assert county.counts["ready"] == 1
    assert report.work[0].branch == B2  # most sensitive first
    assert _count(sari, LessonRow) == 2  # the weakness and the strength


def test_bad_assessments_write_nothing(sari: UnitOfWorkFactory) -> None:
    def assess(branch: str, scores: dict[str, int]) -> Callable[[], object]:
        def call() -> object:
            with sari() as uow:
                return record_assessment(
                    uow,
                    election_id=ELECTION,
                    branch=branch,
                    scores=scores,
                    assessor="A",
                    weaknesses="x",
                    actor=ACTOR,
                )

        return call

    _refused(
        sari, "PLANNING_BRANCH_UNKNOWN", assess("B99-NOPE", _scores()), SiteAssessmentRow, LessonRow
    )
    _refused(
        sari,
        "PLANNING_ASSESSMENT_INVALID",
        assess(B1, _scores(power=7)),
        SiteAssessmentRow,
        LessonRow,
    )


def test_chain_of_custody_with_both_parties(sari: UnitOfWorkFactory) -> None:
    with sari() as uow:
        register_device(
            uow,
            election_id=ELECTION,
            serial="ID-1",
            kind="identity_device",
            county=COUNTY,
            holder="store",
            actor=ACTOR,
        )
    with sari() as uow:
        change_status(
            uow,
            serial="ID-1",
            target="tested",
            actor=ACTOR,
            test_result={"fingerprint_reader": "pass"},
        )
    with sari() as uow:
        change_status(uow, serial="ID-1", target="sealed", seal="S-1", actor=ACTOR)

    def give(giver: str, receiver_sig: str, to_branch: str | None = None) -> Callable[[], object]:
        def call() -> object:
            with sari() as uow:
                return hand_over(
                    uow,
                    serial="ID-1",
                    giver=giver,
                    receiver="head B1",
                    giver_signature="sig-store",
                    receiver_signature=receiver_sig,
                    to_branch=to_branch,
                    actor=ACTOR,
                )

        return call

    _refused(sari, "PLANNING_CUSTODY_PARTY_MISSING", give("store", ""), CustodyMoveRow)
    _refused(sari, "PLANNING_CUSTODY_HOLDER_MISMATCH", give("someone", "sig-head"), CustodyMoveRow)
    _refused(
        sari, "PLANNING_DEVICE_STATUS_INVALID", give("store", "sig-head", B2), CustodyMoveRow
    )  # a transfer between branches is for deployed devices
    give("store", "sig-head")()
    with sari() as uow:
        change_status(uow, serial="ID-1", target="deployed", branch=B1, actor=ACTOR)
    with sari() as uow:
        hand_over(
            uow,
            serial="ID-1",
            giver="head B1",
            receiver="head B2",
            giver_signature="g",
            receiver_signature="r",
            to_branch=B2,
            actor=ACTOR,
            note="B2's device failed",
        )
    with sari() as uow:
        moves = chain_of_custody(uow, "ID-1")
        device = uow.session.get(DeviceRow, "ID-1")
        assert device is not None and device.branch == B2 and device.holder == "head B2"
    assert [m.kind for m in moves] == [
        "registered",
        "tested",
        "sealed",
        "handover",
        "deployed",
        "transfer",
    ]
    assert all(
        m.giver_signature and m.receiver_signature
        for m in moves
        if m.kind in ("handover", "transfer")
    )

    def unknown() -> object:
        with sari() as uow:
            return change_status(uow, serial="NOPE", target="tested", actor=ACTOR, test_result={})

    _refused(sari, "PLANNING_DEVICE_UNKNOWN", unknown, CustodyMoveRow, DeviceRow)


def test_nobody_is_rostered_twice(sari: UnitOfWorkFactory) -> None:
    person: dict[str, Any] = {
        "national_code": "0012345679",
        "full_name": "مریم احمدی",
        "birth_date": date(1980, 3, 1),
        "education": "bachelor",
    }
    with sari() as uow:
        roster_person(uow, election_id=ELECTION, branch=B1, role="head", actor=ACTOR, **person)

    def again() -> object:
        with sari() as uow:
            return roster_person(
                uow, election_id=ELECTION, branch=B2, role="agent", actor=ACTOR, **person
            )

    _refused(sari, "PLANNING_PERSON_DOUBLE_BOOKED", again, RosterRow)

    # The database itself refuses it, whatever a service does.
    with sari() as uow, pytest.raises(IntegrityError):
        uow.session.add(
            RosterRow(
                election_id=ELECTION,
                day=date(2026, 6, 18),
                national_code="0012345679",
                branch=B3,
                role="agent",
                full_name="x",
                conflict="",
                recorded_by="x",
                recorded_at=datetime.now(UTC),
            )
        )
        uow.session.flush()

    young = {**person, "national_code": "0000000019", "birth_date": date(2012, 1, 1)}

    def too_young() -> object:
        with sari() as uow:
            return roster_person(
                uow, election_id=ELECTION, branch=B2, role="agent", actor=ACTOR, **young
            )

    _refused(sari, "PLANNING_STAFF_INELIGIBLE", too_young, RosterRow)


def test_conflicts_impartiality_and_training_gaps(sari: UnitOfWorkFactory) -> None:
    people = [
        ("0012345679", "head", ""),
        ("0000000019", "agent", "برادر نامزد"),
        ("0000000027", "police", ""),
    ]
    for code, role, conflict in people:
        with sari() as uow:
            roster_person(
                uow,
                election_id=ELECTION,
                branch=B1,
                role=role,
                national_code=code,
                full_name="x y",
                birth_date=date(1980, 1, 1),
                education="bachelor",
                conflict=conflict,
                actor=ACTOR,
            )
    with sari() as uow:
        sign_impartiality(uow, election_id=ELECTION, national_codes=["0012345679"], actor=ACTOR)
    with sari() as uow:
        add_course(
            uow,
            election_id=ELECTION,
            code="AGT-1",
            title="عوامل",
            audience="branch_agents",
            mode="webinar",
            county=COUNTY,
            stage=1,
            trainer="T",
            trainer_experience="",
            starts_at=datetime(2026, 5, 1, tzinfo=UTC),
            actor=ACTOR,
        )
    with sari() as uow:
        record_attendance(
            uow,
            election_id=ELECTION,
            course="AGT-1",
            actor=ACTOR,
            entries=[
                AttendanceEntry("0012345679", True, 4),
                AttendanceEntry("0000000019", True, 2),
            ],
        )
    with sari() as uow:
        report = training_report(uow, ELECTION, COUNTY)
        listed = roster(uow, ELECTION)
    assert [g.national_code for g in report.gaps] == ["0000000019"]  # failed its evaluation
    assert report.completion[COUNTY] == (2, 1)  # police need no course of ours
    flags = {r.national_code: (r.conflict, r.impartiality_signed) for r in listed}
    assert flags["0000000019"] == ("برادر نامزد", False)
    assert flags["0012345679"] == ("", True)

    def unknown_course() -> object:
        with sari() as uow:
            return record_attendance(
                uow,
                election_id=ELECTION,
                course="NOPE",
                actor=ACTOR,
                entries=[AttendanceEntry("0012345679", True, 4)],
            )

    _refused(sari, "PLANNING_COURSE_UNKNOWN", unknown_course)


def test_capacity_shortfall_and_network(sari: UnitOfWorkFactory) -> None:
    with sari() as uow:
        register_device(
            uow,
            election_id=ELECTION,
            serial="VT-1",
            kind="voting_terminal",
            county=COUNTY,
            holder="store",
            actor=ACTOR,
        )
    with sari() as uow:
        set_link(
            uow,
            election_id=ELECTION,
            branch=B1,
            primary="fibre",
            backup="mobile_4g",
            provider="P",
            primary_commitment="delivered",
            backup_commitment="committed",
            due=None,
            actor=ACTOR,
        )
    with sari() as uow:
        caps = capacity_report(uow, ELECTION, COUNTY)
        net = network_report(uow, ELECTION, COUNTY, today=date(2026, 5, 1))
    terminals = next(s for s in caps.shortfall if s.device == "voting_terminal")
    assert terminals.inventory == 1
    assert terminals.needed == sum(b.devices["voting_terminal"] for b in caps.branches)
    risk = {a.branch: a for a in net.assessments}
    assert risk[B1].risk.value == "low" and risk[B1].offline_policy.value == "refuse"
    sizes = net.sizes[B1]
    assert 200 < sizes.check_in < 2_000 and sizes.ballot_record > 100 and sizes.bulletin > 500
    assert risk[B1].upload_bytes > 0


def test_mobile_boxes_only_for_villages_with_a_council(sari: UnitOfWorkFactory) -> None:
    with sari() as uow:
        definition_places = sample_places(_definition(uow), COUNTY, 1405)
        plans = mobile_box_plan(uow, ELECTION, COUNTY, definition_places)
    assert plans and all(d.plan.cost <= d.greedy.cost for d in plans)

    def excluded() -> object:
        with sari() as uow:
            return mobile_box_plan(
                uow, ELECTION, COUNTY, definition_places, villages=["V02-01-1-3-04"]
            )

    _refused(sari, "PLANNING_VILLAGE_NOT_ENTITLED", excluded)


def _definition(uow: Any) -> Any:
    from entekhab.service.planning.context import definition_of

    return definition_of(uow.session, ELECTION)
