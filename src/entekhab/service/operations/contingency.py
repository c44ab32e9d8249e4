"""Contingency scenarios and their playbooks, and binding election-day incidents to them.

A headquarters records its scenarios in advance (``install_standard_playbooks`` gives the six
standard ones of ``domain.operations.contingency``). On election day an incident the server
recorded (``service.election_day.polling`` incidents) is bound to one scenario of the
headquarters whose area holds the incident's branch — once — and the playbook's steps are ticked
off, each with its time, by whoever did it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import (
    OPS_ALREADY_DONE,
    OPS_DUPLICATE,
    OPS_INCIDENT_BOUND,
    OPS_OUTSIDE_HQ,
    OPS_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.contingency import STANDARD_PLAYBOOKS, ScenarioKind
from entekhab.domain.operations.organisation import CommitteeKind
from entekhab.domain.operations.vocabulary import one_of, required_text
from entekhab.service.audit.events import record_event
from entekhab.service.operations.organisation import headquarters
from entekhab.service.operations.places import lies_under, require_inside
from entekhab.service.security.jurisdictions import branch_chain
from entekhab.store.tables.election_day import IncidentRow
from entekhab.store.tables.operations import ActivationRow, ActivationStepRow, ScenarioRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "Activation",
    "Scenario",
    "StepDone",
    "activate",
    "activation",
    "install_standard_playbooks",
    "list_scenarios",
    "record_scenario",
    "tick_step",
]


@dataclass(frozen=True)
class Scenario:
    id: int
    hq: str
    code: str
    kind: str
    title: str
    committee: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class StepDone:
    step: int
    text: str
    done_at: datetime | None
    done_by: str | None
    note: str


@dataclass(frozen=True)
class Activation:
    id: int
    scenario: Scenario
    election_id: str
    incident_id: int
    incident_kind: str
    branch: str | None
    activated_at: datetime
    steps: tuple[StepDone, ...]

    @property
    def complete(self) -> bool:
        return all(step.done_at is not None for step in self.steps)


def _scenario(row: ScenarioRow) -> Scenario:
    return Scenario(row.id, row.hq, row.code, row.kind, row.title, row.committee, tuple(row.steps))


def record_scenario(
    uow: UnitOfWork,
    *,
    hq: str,
    code: str,
    kind: str,
    title: str,
    committee: str,
    steps: tuple[str, ...],
    actor: str,
    now: datetime | None = None,
    commit: bool = True,
) -> Scenario:
    headquarters(uow, hq)
    code = required_text("code", code, 64)
    one_of("kind", kind, ScenarioKind)
    one_of("committee", committee, CommitteeKind)
    cleaned = [required_text("step", step, 1_000) for step in steps]
    if not cleaned:
        raise EntekhabError(INVALID_INPUT, {"reason": "a playbook has at least one step"})
    exists = uow.session.scalars(
        select(ScenarioRow.id).where(ScenarioRow.hq == hq, ScenarioRow.code == code)
    ).first()
    if exists is not None:
        raise EntekhabError(OPS_DUPLICATE, {"what": f"scenario {code} of {hq}"})
    row = ScenarioRow(
        hq=hq,
        code=code,
        kind=kind,
        title=required_text("title", title, 300),
        committee=committee,
        steps=cleaned,
        recorded_by=actor,
        recorded_at=now or datetime.now(UTC),
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.SCENARIO_RECORDED,
        actor=actor,
        payload={"scenario": row.id, "hq": hq, "code": code, "kind": kind, "steps": len(cleaned)},
    )
    if commit:
        uow.commit()
    return _scenario(row)


def install_standard_playbooks(
    uow: UnitOfWork, hq: str, *, actor: str, now: datetime | None = None
) -> list[Scenario]:
    """The six standard scenarios for ``hq`` (those it already has are left as they are)."""
    headquarters(uow, hq)
    have = set(uow.session.scalars(select(ScenarioRow.code).where(ScenarioRow.hq == hq)))
    made = [
        record_scenario(
            uow,
            hq=hq,
            code=playbook.kind.value,
            kind=playbook.kind.value,
            title=playbook.title,
            committee=playbook.committee.value,
            steps=playbook.steps,
            actor=actor,
            now=now,
            commit=False,
        )
        for playbook in STANDARD_PLAYBOOKS
        if playbook.kind.value not in have
    ]
    uow.commit()
    return made


def list_scenarios(uow: UnitOfWork, jurisdiction: str) -> list[Scenario]:
    rows = uow.session.scalars(select(ScenarioRow).order_by(ScenarioRow.hq, ScenarioRow.id))
    return [_scenario(r) for r in rows if lies_under(uow.session, r.hq, jurisdiction)]


def _scenario_row(uow: UnitOfWork, scenario_id: int, jurisdiction: str) -> ScenarioRow:
    row = uow.session.get(ScenarioRow, scenario_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"scenario {scenario_id}"})
    require_inside(uow.session, jurisdiction, row.hq, f"scenario {scenario_id}")
    return row


def activate(
    uow: UnitOfWork,
    *,
    jurisdiction: str,
    scenario_id: int,
    election_id: str,
    incident_id: int,
    actor: str,
    now: datetime | None = None,
) -> Activation:
    """Bind a recorded incident to a scenario of the headquarters whose area holds it."""
    scenario = _scenario_row(uow, scenario_id, jurisdiction)
    incident = uow.session.get(IncidentRow, incident_id)
    if incident is None or incident.election_id != election_id:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"incident {incident_id} of {election_id}"})
    if incident.branch is not None:
        chain = branch_chain(uow.session, election_id, incident.branch)[0]
        if scenario.hq != "country" and scenario.hq not in chain:
            raise EntekhabError(OPS_OUTSIDE_HQ, {"office": incident.branch, "hq": scenario.hq})
    bound = uow.session.scalars(
        select(ActivationRow.id).where(ActivationRow.incident_id == incident_id)
    ).first()
    if bound is not None:
        raise EntekhabError(OPS_INCIDENT_BOUND, {"incident": incident_id})
    row = ActivationRow(
        scenario_id=scenario.id,
        election_id=election_id,
        incident_id=incident_id,
        activated_by=actor,
        activated_at=now or datetime.now(UTC),
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.SCENARIO_ACTIVATED,
        actor=actor,
        payload={
            "activation": row.id,
            "scenario": scenario.id,
            "incident": incident_id,
            "branch": incident.branch,
        },
    )
    uow.commit()
    return activation(uow, row.id, jurisdiction=jurisdiction)


def activation(uow: UnitOfWork, activation_id: int, *, jurisdiction: str) -> Activation:
    row = uow.session.get(ActivationRow, activation_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"activation {activation_id}"})
    scenario = _scenario_row(uow, row.scenario_id, jurisdiction)
    incident = uow.session.get(IncidentRow, row.incident_id)
    done = {
        s.step: s
        for s in uow.session.scalars(
            select(ActivationStepRow).where(ActivationStepRow.activation_id == row.id)
        )
    }
    steps = tuple(
        StepDone(
            number,
            text,
            done[number].done_at if number in done else None,
            done[number].done_by if number in done else None,
            done[number].note if number in done else "",
        )
        for number, text in enumerate(scenario.steps, 1)
    )
    return Activation(
        row.id,
        _scenario(scenario),
        row.election_id,
        row.incident_id,
        incident.kind if incident else "",
        incident.branch if incident else None,
        row.activated_at,
        steps,
    )


def tick_step(
    uow: UnitOfWork,
    activation_id: int,
    *,
    jurisdiction: str,
    step: int,
    actor: str,
    note: str = "",
    now: datetime | None = None,
) -> Activation:
    """Tick off step ``step`` (1-based) of an activation's playbook, with the time."""
    current = activation(uow, activation_id, jurisdiction=jurisdiction)
    if not 1 <= step <= len(current.steps):
        raise EntekhabError(INVALID_INPUT, {"reason": f"step must be 1-{len(current.steps)}"})
    if current.steps[step - 1].done_at is not None:
        raise EntekhabError(OPS_ALREADY_DONE, {"what": f"step {step}"})
    moment = now or datetime.now(UTC)
    uow.session.add(
        ActivationStepRow(
            activation_id=activation_id,
            step=step,
            note=note.strip()[:2_000],
            done_by=actor,
            done_at=moment,
        )
    )
    record_event(
        uow.session,
        events.PLAYBOOK_STEP_DONE,
        actor=actor,
        payload={"activation": activation_id, "step": step},
    )
    uow.commit()
    return activation(uow, activation_id, jurisdiction=jurisdiction)
