"""Equipment by serial and its chain of custody.

Every move of a device is a row of ``planning_custody_moves`` and an event: registration, the
pre-election test (its result kept), sealing, handovers between people (giver and receiver both
sign; the giver must be the current holder), deployment to a branch, transfers between branches
on polling day, and the return. A handover without both signatures, an unknown serial or a
status the device cannot take is a coded error and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.planning import (
    PLANNING_CUSTODY_HOLDER_MISMATCH,
    PLANNING_CUSTODY_PARTY_MISSING,
    PLANNING_DEVICE_EXISTS,
    PLANNING_DEVICE_STATUS_INVALID,
    PLANNING_DEVICE_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import planning as events
from entekhab.planning.custody import DeviceKind, DeviceStatus, may_become
from entekhab.service.audit.events import record_event
from entekhab.service.planning.context import branch_of, definition_of, division_of
from entekhab.service.security.jurisdictions import inside
from entekhab.store.tables.planning import CustodyMoveRow, DeviceRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "Device",
    "Move",
    "chain_of_custody",
    "change_status",
    "devices_in",
    "devices_inside",
    "hand_over",
    "register_device",
    "register_devices",
]


@dataclass(frozen=True)
class Device:
    serial: str
    kind: str
    county: str
    status: str
    holder: str
    branch: str | None
    seal: str | None
    test_result: dict[str, Any] | None


@dataclass(frozen=True)
class Move:
    kind: str
    at: datetime
    from_holder: str
    to_holder: str
    from_place: str | None
    to_place: str | None
    status: str
    giver_signature: str | None
    receiver_signature: str | None
    note: str


def _device(row: DeviceRow) -> Device:
    return Device(
        row.serial,
        row.kind,
        row.county,
        row.status,
        row.holder,
        row.branch,
        row.seal,
        row.test_result,
    )


def _row(uow: UnitOfWork, serial: str, county: str | None = None) -> DeviceRow:
    """The device; PLANNING_DEVICE_UNKNOWN if none, or if ``county`` is given and the device
    is not in that county's inventory (a caller sees only its own county's devices)."""
    row = uow.session.get(DeviceRow, serial)
    if row is None or (county is not None and row.county != county):
        raise EntekhabError(PLANNING_DEVICE_UNKNOWN, {"serial": serial})
    return row


def _move(
    uow: UnitOfWork,
    row: DeviceRow,
    *,
    kind: str,
    actor: str,
    now: datetime,
    to_holder: str | None = None,
    to_place: str | None = None,
    signatures: tuple[str | None, str | None] = (None, None),
    note: str = "",
) -> None:
    move = CustodyMoveRow(
        serial=row.serial,
        kind=kind,
        at=now,
        from_holder=row.holder,
        to_holder=to_holder or row.holder,
        from_place=row.branch or row.county,
        to_place=to_place or row.branch or row.county,
        status=row.status,
        giver_signature=signatures[0],
        receiver_signature=signatures[1],
        note=note,
        recorded_by=actor,
    )
    uow.session.add(move)


def register_device(
    uow: UnitOfWork,
    *,
    election_id: str,
    serial: str,
    kind: str,
    county: str,
    holder: str,
    actor: str,
) -> Device:
    """Add a device to a county's inventory, held by ``holder`` (status ``registered``)."""
    return register_devices(
        uow, election_id=election_id, devices=[(serial, kind, county, holder)], actor=actor
    )[0]


def register_devices(
    uow: UnitOfWork,
    *,
    election_id: str,
    devices: Sequence[tuple[str, str, str, str]],
    actor: str,
) -> list[Device]:
    """Register (serial, kind, county, holder) devices in one transaction: all or none."""
    definition = definition_of(uow.session, election_id)
    kinds = {k.value for k in DeviceKind}
    seen: set[str] = set()
    now = datetime.now(UTC)
    rows: list[DeviceRow] = []
    for serial, kind, county, holder in devices:
        if kind not in kinds:
            raise EntekhabError(INVALID_INPUT, {"reason": f"unknown device kind {kind}"})
        if not serial.strip() or not holder.strip():
            raise EntekhabError(INVALID_INPUT, {"reason": "a device needs a serial and a holder"})
        division_of(definition, county)
        if serial in seen or uow.session.get(DeviceRow, serial) is not None:
            raise EntekhabError(PLANNING_DEVICE_EXISTS, {"serial": serial})
        seen.add(serial)
        row = DeviceRow(
            serial=serial,
            kind=kind,
            county=county,
            status=DeviceStatus.REGISTERED.value,
            holder=holder,
            election_id=election_id,
            updated_at=now,
        )
        uow.session.add(row)
        rows.append(row)
    uow.session.flush()
    for row in rows:
        _move(uow, row, kind="registered", actor=actor, now=now)
    # One event for the batch: the log stays one entry per decision, with every serial in it.
    record_event(
        uow.session,
        events.DEVICE_REGISTERED,
        actor=actor,
        payload={
            "election_id": election_id,
            "devices": [[r.serial, r.kind, r.county] for r in rows],
        },
    )
    uow.commit()
    return [_device(r) for r in rows]


def change_status(
    uow: UnitOfWork,
    *,
    serial: str,
    target: str,
    actor: str,
    test_result: Mapping[str, Any] | None = None,
    seal: str | None = None,
    branch: str | None = None,
    note: str = "",
    county: str | None = None,
) -> Device:
    """Test (with its result; a failed test makes it ``faulty``), seal (with the seal number),
    deploy (to a branch of its election) or return a device."""
    row = _row(uow, serial, county)
    current, wanted = (
        DeviceStatus(row.status),
        DeviceStatus(target) if target in {s.value for s in DeviceStatus} else None,
    )
    if wanted is None or not may_become(current, wanted):
        raise EntekhabError(
            PLANNING_DEVICE_STATUS_INVALID,
            {"serial": serial, "status": row.status, "target": target},
        )
    if wanted in (DeviceStatus.TESTED, DeviceStatus.FAULTY) and test_result is None:
        raise EntekhabError(INVALID_INPUT, {"reason": "a test needs its result"})
    if wanted == DeviceStatus.SEALED and not (seal or "").strip():
        raise EntekhabError(INVALID_INPUT, {"reason": "sealing needs the seal number"})
    if wanted == DeviceStatus.DEPLOYED:
        if branch is None or row.election_id is None:
            raise EntekhabError(INVALID_INPUT, {"reason": "deploying needs a branch"})
        branch_of(definition_of(uow.session, row.election_id), branch)
    now = datetime.now(UTC)
    row.status = wanted.value
    if test_result is not None:
        row.test_result = dict(test_result)
    if seal:
        row.seal = seal
    if wanted == DeviceStatus.DEPLOYED:
        row.branch = branch
    if wanted == DeviceStatus.RETURNED:
        row.branch = None
    row.updated_at = now
    _move(uow, row, kind=wanted.value, actor=actor, now=now, note=note)
    record_event(
        uow.session,
        events.DEVICE_STATUS_CHANGED,
        actor=actor,
        payload={"serial": serial, "from": current.value, "to": wanted.value, "branch": row.branch},
    )
    uow.commit()
    return _device(row)


def hand_over(
    uow: UnitOfWork,
    *,
    serial: str,
    giver: str,
    receiver: str,
    giver_signature: str,
    receiver_signature: str,
    to_branch: str | None = None,
    actor: str,
    note: str = "",
    county: str | None = None,
) -> Device:
    """Hand a device from its holder to another person, both signing; with ``to_branch`` a
    deployed device moves to another branch on the day (a transfer)."""
    row = _row(uow, serial, county)
    if not (
        giver.strip()
        and receiver.strip()
        and giver_signature.strip()
        and receiver_signature.strip()
    ):
        raise EntekhabError(PLANNING_CUSTODY_PARTY_MISSING, {"serial": serial})
    if giver != row.holder:
        raise EntekhabError(
            PLANNING_CUSTODY_HOLDER_MISMATCH,
            {"serial": serial, "holder": row.holder, "giver": giver},
        )
    kind = "handover"
    if to_branch is not None:
        if row.status != DeviceStatus.DEPLOYED.value or row.election_id is None:
            raise EntekhabError(
                PLANNING_DEVICE_STATUS_INVALID,
                {"serial": serial, "status": row.status, "target": "transfer"},
            )
        branch_of(definition_of(uow.session, row.election_id), to_branch)
        kind = "transfer"
    now = datetime.now(UTC)
    _move(
        uow,
        row,
        kind=kind,
        actor=actor,
        now=now,
        to_holder=receiver,
        to_place=to_branch,
        signatures=(giver_signature, receiver_signature),
        note=note,
    )
    row.holder = receiver
    if to_branch is not None:
        row.branch = to_branch
    row.updated_at = now
    record_event(
        uow.session,
        events.CUSTODY_HANDED_OVER,
        actor=actor,
        payload={
            "serial": serial,
            "kind": kind,
            "from": giver,
            "to": receiver,
            "branch": row.branch,
        },
    )
    uow.commit()
    return _device(row)


def chain_of_custody(uow: UnitOfWork, serial: str, area: str | None = None) -> list[Move]:
    """Every move of the device, oldest first; with ``area``, only a device of a county inside
    it (PLANNING_DEVICE_UNKNOWN otherwise)."""
    row = _row(uow, serial)
    if area is not None and not inside(uow.session, area)(row.county):
        raise EntekhabError(PLANNING_DEVICE_UNKNOWN, {"serial": serial})
    rows = uow.session.scalars(
        select(CustodyMoveRow).where(CustodyMoveRow.serial == serial).order_by(CustodyMoveRow.id)
    ).all()
    return [
        Move(
            r.kind,
            r.at,
            r.from_holder,
            r.to_holder,
            r.from_place,
            r.to_place,
            r.status,
            r.giver_signature,
            r.receiver_signature,
            r.note,
        )
        for r in rows
    ]


def devices_in(uow: UnitOfWork, county: str | None = None) -> list[Device]:
    stmt = select(DeviceRow).order_by(DeviceRow.serial)
    if county is not None:
        stmt = stmt.where(DeviceRow.county == county)
    return [_device(r) for r in uow.session.scalars(stmt)]


def devices_inside(uow: UnitOfWork, jurisdiction: str) -> list[Device]:
    """The devices of every county inside ``jurisdiction`` (a division code or ``country``)."""
    test = inside(uow.session, jurisdiction)
    rows = uow.session.scalars(select(DeviceRow).order_by(DeviceRow.serial))
    return [_device(r) for r in rows if test(r.county)]
