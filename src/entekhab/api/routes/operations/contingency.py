"""Routes: contingency scenarios, and on election day incidents bound to them with steps ticked
off."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.operations._common import RecordId, many, one
from entekhab.api.schemas.operations import (
    ActivationIn,
    ActivationOut,
    ScenarioIn,
    ScenarioOut,
    StepIn,
)
from entekhab.service.operations import contingency

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.post("/operations/{jurisdiction}/scenarios", response_model=ScenarioOut, status_code=201)
def record(uow: Uow, user: CurrentUser, jurisdiction: str, body: ScenarioIn) -> ScenarioOut:
    with uow() as u:
        made = contingency.record_scenario(
            u,
            hq=jurisdiction,
            code=body.code,
            kind=body.kind,
            title=body.title,
            committee=body.committee,
            steps=tuple(body.steps),
            actor=user.actor,
        )
    return one(ScenarioOut, made)


@router.post(
    "/operations/{jurisdiction}/scenarios/standard",
    response_model=list[ScenarioOut],
    status_code=201,
)
def standard(uow: Uow, user: CurrentUser, jurisdiction: str) -> list[ScenarioOut]:
    """The six standard playbooks for this headquarters (those it has are kept)."""
    with uow() as u:
        made = contingency.install_standard_playbooks(u, jurisdiction, actor=user.actor)
    return many(ScenarioOut, made)


@router.get("/operations/{jurisdiction}/scenarios", response_model=list[ScenarioOut])
def listing(uow: Uow, jurisdiction: str) -> list[ScenarioOut]:
    with uow() as u:
        return many(ScenarioOut, contingency.list_scenarios(u, jurisdiction))


@router.post(
    "/operations/{jurisdiction}/activations", response_model=ActivationOut, status_code=201
)
def activate(uow: Uow, user: CurrentUser, jurisdiction: str, body: ActivationIn) -> ActivationOut:
    """Bind an incident the server recorded to a scenario of this headquarters."""
    with uow() as u:
        made = contingency.activate(
            u,
            jurisdiction=jurisdiction,
            scenario_id=body.scenario_id,
            election_id=body.election_id,
            incident_id=body.incident_id,
            actor=user.actor,
        )
    return one(ActivationOut, made)


@router.get("/operations/{jurisdiction}/activations/{activation_id}", response_model=ActivationOut)
def read(uow: Uow, jurisdiction: str, activation_id: RecordId) -> ActivationOut:
    with uow() as u:
        return one(
            ActivationOut, contingency.activation(u, activation_id, jurisdiction=jurisdiction)
        )


@router.post(
    "/operations/{jurisdiction}/activations/{activation_id}/steps", response_model=ActivationOut
)
def tick(
    uow: Uow, user: CurrentUser, jurisdiction: str, activation_id: RecordId, body: StepIn
) -> ActivationOut:
    """Tick off one playbook step; the time is the server's."""
    with uow() as u:
        done = contingency.tick_step(
            u,
            activation_id,
            jurisdiction=jurisdiction,
            step=body.step,
            note=body.note,
            actor=user.actor,
        )
    return one(ActivationOut, done)
