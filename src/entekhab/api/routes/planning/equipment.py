"""Routes: devices by serial in a county's inventory, their status (tested with results,
sealed, deployed, returned) and handovers signed by both parties (transfers on the day)."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.planning import (
    DeviceIn,
    DeviceOut,
    DeviceStatusIn,
    HandoverIn,
    MoveOut,
)
from entekhab.service.planning import equipment

__all__ = ["router"]

router = APIRouter(tags=["planning"])


@router.post("/planning/devices", response_model=DeviceOut, status_code=201)
def register(uow: Uow, user: CurrentUser, body: DeviceIn) -> DeviceOut:
    with uow() as u:
        made = equipment.register_device(u, **body.model_dump(), actor=user.actor)
    return DeviceOut.model_validate(made)


@router.post("/planning/devices/status", response_model=DeviceOut)
def status(uow: Uow, user: CurrentUser, body: DeviceStatusIn) -> DeviceOut:
    """Move a device of the county to its next status."""
    with uow() as u:
        made = equipment.change_status(u, **body.model_dump(), actor=user.actor)
    return DeviceOut.model_validate(made)


@router.post("/planning/devices/handover", response_model=DeviceOut)
def handover(uow: Uow, user: CurrentUser, body: HandoverIn) -> DeviceOut:
    """Hand a device over, both parties signing; with ``to_branch``, a transfer on the day."""
    with uow() as u:
        made = equipment.hand_over(u, **body.model_dump(), actor=user.actor)
    return DeviceOut.model_validate(made)


@router.get("/planning/areas/{jurisdiction}/devices", response_model=list[DeviceOut])
def listing(uow: Uow, jurisdiction: str) -> list[DeviceOut]:
    """The devices of the counties inside the area."""
    with uow() as u:
        found = equipment.devices_inside(u, jurisdiction)
    return [DeviceOut.model_validate(d) for d in found]


@router.get("/planning/areas/{jurisdiction}/devices/{serial}/custody", response_model=list[MoveOut])
def custody(uow: Uow, jurisdiction: str, serial: str) -> list[MoveOut]:
    """Every move of a device of the area, oldest first (who gave, who received, both
    signatures)."""
    with uow() as u:
        moves = equipment.chain_of_custody(u, serial, jurisdiction)
    return [MoveOut.model_validate(m) for m in moves]
