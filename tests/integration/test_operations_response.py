"""Contingency playbooks bound to landed incidents, complaints with a sealed complainant routed
to their office, agency commitments escalated when overdue, and public statements that reach
the public only once approved and signed (both back ends)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from entekhab.crypto.confidential import StaticKeyProvider
from entekhab.crypto.hashing import canonical_json
from entekhab.crypto.signing import keypair_from_seed, verify
from entekhab.domain.access import Role
from entekhab.domain.operations.statements import signed_document
from entekhab.errors import EntekhabError
from entekhab.service.election_day.polling import record_incident
from entekhab.service.operations import commitments, complaints, contingency, statements
from entekhab.service.operations.complaints import Complainant
from entekhab.store.tables import operations as tables
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.operations_support import TWO, as_role, load_two, set_up_county

DAY = datetime(2026, 6, 18, 5, tzinfo=UTC)
KEYS = StaticKeyProvider.from_hex("7a" * 32)
SERVER = keypair_from_seed(b"s" * 32)


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    load_two(uow_factory)
    set_up_county(uow_factory)
    set_up_county(uow_factory, "C9")
    return uow_factory


def _events(world: UnitOfWorkFactory) -> int:
    with world() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(EventLogEntry)) or 0)


def _incident(world: UnitOfWorkFactory, branch: str) -> int:
    with world() as uow:
        found = record_incident(
            uow.session,
            election_id=TWO,
            branch=branch,
            kind="power_cut",
            hour="2026-06-18T05",
            details={},
        )
        uow.commit()
    return found


def test_an_incident_is_bound_to_a_playbook_and_its_steps_ticked_with_times(
    world: UnitOfWorkFactory,
) -> None:
    with world() as uow:
        made = contingency.install_standard_playbooks(uow, "C1", actor="a")
    assert {s.kind for s in made} == {
        "power_cut",
        "link_loss",
        "identity_device_failure",
        "equipment_moved",
        "crowding",
        "security_incident",
    }
    power = next(s for s in made if s.kind == "power_cut")
    incident = _incident(world, "B1")
    with world() as uow:
        bound = contingency.activate(
            uow,
            jurisdiction="C1",
            scenario_id=power.id,
            election_id=TWO,
            incident_id=incident,
            actor="user:c1",
            now=DAY,
        )
    assert bound.branch == "B1" and not bound.complete
    for step in range(1, len(bound.steps) + 1):
        with world() as uow:
            done = contingency.tick_step(
                uow,
                bound.id,
                jurisdiction="C1",
                step=step,
                actor="user:infra",
                now=DAY + timedelta(minutes=10 * step),
            )
    assert done.complete
    assert [s.done_at for s in done.steps] == [
        DAY + timedelta(minutes=10 * n) for n in range(1, len(done.steps) + 1)
    ]
    before = _events(world)
    with world() as uow, pytest.raises(EntekhabError) as twice:
        contingency.activate(
            uow,
            jurisdiction="C1",
            scenario_id=power.id,
            election_id=TWO,
            incident_id=incident,
            actor="a",
        )
    assert twice.value.code == "OPS_INCIDENT_BOUND"
    with world() as uow, pytest.raises(EntekhabError) as elsewhere:
        contingency.activate(
            uow,
            jurisdiction="C1",
            scenario_id=power.id,
            election_id=TWO,
            incident_id=_incident(world, "B9"),
            actor="a",
        )
    assert elsewhere.value.code == "OPS_OUTSIDE_HQ"
    assert _events(world) == before


def test_a_complaint_is_routed_to_its_office_and_its_complainant_stays_sealed(
    world: UnitOfWorkFactory,
) -> None:
    who = Complainant("Maryam Karimi", "0012345679", "0912 000 0000")
    with world() as uow:
        council = complaints.file_complaint(
            uow,
            KEYS,
            election_id=TWO,
            jurisdiction="B1",
            contest=None,
            complainant_kind="candidate",
            category="campaign_violation",
            summary="Posters inside the school yard of branch B1.",
            complainant=who,
            actor="public",
            now=DAY,
        )
        experts = complaints.file_complaint(
            uow,
            KEYS,
            election_id=TWO,
            jurisdiction="C1",
            contest="AE",
            complainant_kind="observer",
            category="branch_conduct",
            summary="Agent suggested a candidate.",
            complainant=who,
            actor="public",
            now=DAY,
        )
    assert (council.office, experts.office) == ("supervisory_board", "experts_office")
    with world() as uow:
        about_ct1 = complaints.file_complaint(
            uow,
            KEYS,
            election_id=TWO,
            jurisdiction="T1",
            contest="CT1",
            complainant_kind="citizen",
            category="other",
            summary="About the city council.",
            complainant=who,
            actor="public",
            now=DAY - timedelta(days=10),
        )
    assert about_ct1.office == "supervisory_board"
    assert council.due_at == DAY + timedelta(days=3)
    with world() as uow:
        stored = uow.session.scalars(select(tables.ComplaintRow.sealed)).all()
        logged = " ".join(uow.session.scalars(select(EventLogEntry.payload)).all())
    assert all(b"Karimi" not in blob and b"0012345679" not in blob for blob in stored)
    assert "Karimi" not in logged and "0012345679" not in logged
    officer = as_role(Role.COUNTY_OFFICER, "C1")
    before = _events(world)
    with world() as uow, pytest.raises(EntekhabError) as refused:
        complaints.read_complainant(
            uow, KEYS, council.id, jurisdiction="C1", reader=officer, reason="to call them back"
        )
    assert refused.value.code == "ROLE_NOT_ALLOWED"
    with world() as uow, pytest.raises(EntekhabError) as other:
        complaints.read_complainant(
            uow,
            KEYS,
            experts.id,
            jurisdiction="C1",
            reader=as_role(Role.SUPERVISOR, "C1"),
            reason="not the councils' board's complaint",
        )
    assert other.value.code == "OPS_COMPLAINT_OTHER_OFFICE"
    assert _events(world) == before
    with world() as uow:
        experts_office = as_role(Role.EXPERTS_SUPERVISOR, "P1")
        assert (
            complaints.read_complainant(
                uow,
                KEYS,
                experts.id,
                jurisdiction="C1",
                reader=experts_office,
                reason="to hear them",
            )
            == who
        )
    board = as_role(Role.SUPERVISOR, "C1")
    with world() as uow:
        opened = complaints.read_complainant(
            uow, KEYS, council.id, jurisdiction="C1", reader=board, reason="to hear the candidate"
        )
    assert opened == who
    with world() as uow:
        decided = complaints.decide_complaint(
            uow,
            council.id,
            jurisdiction="C1",
            decider=board,
            status="upheld",
            decision="Posters removed; warning to the campaign.",
            now=DAY + timedelta(days=1),
        )
        late = complaints.list_complaints(uow, "C1", now=DAY + timedelta(days=4))
    assert decided.status == "upheld"
    assert [(c.tracking, c.overdue) for c in late] == [
        (about_ct1.tracking, True),
        (council.tracking, False),
        (experts.tracking, True),
    ]


def test_an_overdue_commitment_climbs_one_level_a_day(world: UnitOfWorkFactory) -> None:
    with world() as uow:
        fibre = commitments.record_commitment(
            uow,
            hq="C1",
            agency="telecom",
            memorandum="MOU-1405-TEL",
            text="Fibre to every school branch of C1",
            owner="Provincial telecom company, C1 office",
            due_on=date(2026, 6, 1),
            actor="a",
        )
    with world() as uow:
        assert commitments.escalate_overdue(uow, "C1", today=date(2026, 6, 1), actor="a") == []
    with world() as uow:
        [first] = commitments.escalate_overdue(uow, "C1", today=date(2026, 6, 2), actor="a")
        again = commitments.escalate_overdue(uow, "C1", today=date(2026, 6, 2), actor="a")
    assert first.escalated_to == "P1" and again == []
    with world() as uow:
        [second] = commitments.escalate_overdue(uow, "C1", today=date(2026, 6, 5), actor="a")
        assert commitments.escalate_overdue(uow, "C1", today=date(2026, 6, 9), actor="a") == []
        seen_by_province = commitments.list_commitments(uow, "P1", today=date(2026, 6, 5))
    assert second.escalated_to == "country"
    assert [c.id for c in seen_by_province] == [fibre.id]
    with world() as uow:
        met = commitments.update_commitment(
            uow, fibre.id, jurisdiction="C1", status="met", actor="a"
        )
    assert met.status == "met" and not met.overdue


def test_a_statement_reaches_the_public_only_approved_and_signed(
    world: UnitOfWorkFactory,
) -> None:
    press = as_role(Role.COUNTY_OFFICER, "C1", username="press-C1")
    head = as_role(Role.COUNTY_OFFICER, "C1", username="head-C1")
    with world() as uow, pytest.raises(EntekhabError) as outsider:
        statements.draft_statement(
            uow, hq="C1", title="t", text="x", drafter=as_role(Role.COUNTY_OFFICER, "C1")
        )
    assert outsider.value.code == "OPS_NOT_IN_COMMITTEE"
    with world() as uow:
        draft = statements.draft_statement(
            uow,
            hq="C1",
            title="Polling hours",
            text="Branches open at 08:00 and close at 20:00 Tehran time.",
            drafter=press,
        )
    before = _events(world)
    with world() as uow, pytest.raises(EntekhabError) as unapproved:
        statements.publish_statement(
            uow, draft.id, jurisdiction="C1", signer=SERVER, actor="user:press-C1"
        )
    assert unapproved.value.code == "OPS_STATEMENT_NOT_APPROVED"
    with world() as uow, pytest.raises(EntekhabError) as not_head:
        statements.approve_statement(uow, draft.id, jurisdiction="C1", approver=press)
    assert not_head.value.code == "OPS_NOT_HEAD_OF_HQ"
    assert _events(world) == before
    with world() as uow:
        assert statements.public_statements(uow) == []
        with pytest.raises(EntekhabError):
            statements.public_statement(uow, draft.id)
    with world() as uow:
        statements.approve_statement(uow, draft.id, jurisdiction="C1", approver=head)
    with world() as uow:
        assert statements.public_statements(uow) == []  # approved is not yet published
        published = statements.publish_statement(
            uow, draft.id, jurisdiction="C1", signer=SERVER, actor="user:press-C1", now=DAY
        )
    with world() as uow:
        [shown] = statements.public_statements(uow)
    assert shown.id == draft.id and shown.published_at == DAY
    document = signed_document(
        statement_id=shown.id,
        hq="C1",
        title=shown.title,
        text=shown.text,
        approved_by="user:head-C1",
        published_at=DAY,
    )
    assert published.signature is not None and published.public_key == SERVER.public_hex
    assert verify(SERVER.public_hex, canonical_json(document), published.signature)
    assert json.loads(canonical_json(document))["approved_by"] == "user:head-C1"
