"""Provisional check-ins: what a station recorded while it could not reach the server (offline
policy ``provisional``), reconciled when the link is back (docs/offline.md).

For each item the server decides, in one transaction for the whole batch:

* **accepted** — the person is eligible and has no other participation in this election: a
  (provisional) participation is recorded by the same unique key as an online check-in; the
  station counts the voter's ballot with its others;
* **held** — the person already took part (elsewhere, or twice offline) or is not eligible here:
  an incident holds both check-in records; the station keeps the voter's ballot apart and sends
  it at closing under that incident, to be stored *held apart* (not counted, not in the
  branch's Merkle root) for the executive board's decision
  (``service.election_day.held_ballots``).

The ballot itself never comes with the item: an item says only whether a ballot was cast
(``cast``). Ballots reach headquarters once, at closing (``service.election_day.closing``;
docs/ballot-secrecy.md), so a reconciliation writes nothing of a ballot beside the voter.

Bad input — a malformed item, an item re-sent with other content, the election's policy
``refuse`` — refuses the whole batch with a coded error and writes nothing. An item already
reconciled (same ``provisional_id``) returns its earlier result: the result is kept as an
idempotency response keyed by the provisional id, which only the station holds, so the stored
result links nothing for a reader of the database.

Secrecy: participations of a batch are written in national-code order (not in the order the
voters came), and the provisional id is never stored in clear.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from entekhab.domain.candidates.final_list import require_final_lists
from entekhab.domain.check_in_rules import CitizenFacts, check_entitled
from entekhab.domain.definition import OfflinePolicy
from entekhab.domain.error_codes.election_day import (
    ALREADY_VOTED,
    CITIZEN_UNKNOWN,
    PROVISIONAL_ITEM_INVALID,
    PROVISIONAL_NOT_ALLOWED,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.election_day import PROVISIONAL_RECONCILED
from entekhab.domain.national_code import require_valid
from entekhab.domain.voter_identity import require_identity
from entekhab.service.audit.events import record_event
from entekhab.service.election_day.idempotency import IdempotencySlot, StoredResponse
from entekhab.service.election_day.polling import (
    BranchContext,
    branch_context,
    hour_of,
    record_incident,
    require_open,
)
from entekhab.service.election_day.stations import StationInfo
from entekhab.store.tables.election_day import Participation, Station
from entekhab.store.tables.foundation import Citizen
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "PROVISIONAL_INCIDENTS",
    "ProvisionalItem",
    "ProvisionalOutcome",
    "reconcile_provisional",
]

PROVISIONAL_INCIDENTS = ("PROVISIONAL_DUPLICATE", "PROVISIONAL_NOT_ELIGIBLE")
"""Incident kinds that may hold a provisional ballot for the board."""


@dataclass(frozen=True)
class ProvisionalItem:
    """One check-in a station recorded offline, and whether a ballot was cast after it (the
    ballot stays in the station until closing)."""

    provisional_id: str
    national_code: str
    card_serial: str
    fingerprint: str
    override_reason: str | None
    hour: str
    cast: bool

    def identity(self) -> bytes:
        """What a re-sent item must repeat exactly (the per-item idempotency request)."""
        body = {
            "national_code": self.national_code,
            "card_serial": self.card_serial,
            "fingerprint": self.fingerprint,
            "override_reason": self.override_reason,
            "hour": self.hour,
            "cast": self.cast,
        }
        return b"provisional\n" + json.dumps(body, sort_keys=True).encode()


@dataclass(frozen=True)
class ProvisionalOutcome:
    provisional_id: str
    status: str  # "accepted" | "held"
    incident_id: int | None
    error: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "provisional_id": self.provisional_id,
            "status": self.status,
            "incident_id": self.incident_id,
            "error": self.error,
        }


def _invalid(item: ProvisionalItem, reason: str) -> EntekhabError:
    return EntekhabError(
        PROVISIONAL_ITEM_INVALID, {"provisional_id": item.provisional_id, "reason": reason}
    )


def _check_item(item: ProvisionalItem, station: StationInfo) -> str:
    """The item's national code in registry form, or a coded refusal (no database needed)."""
    try:
        code = require_valid(item.national_code)
        require_identity(item.fingerprint, item.override_reason)
    except EntekhabError as error:
        details = {**error.details, "provisional_id": item.provisional_id}
        raise EntekhabError(error.spec, details) from None
    return code


def _check_batch(items: Sequence[ProvisionalItem], station: StationInfo) -> dict[str, str]:
    """provisional id -> national code for a well-formed batch, or a coded refusal."""
    codes: dict[str, str] = {}
    for item in items:
        if item.provisional_id in codes:
            raise _invalid(item, "provisional id repeated in the batch")
        codes[item.provisional_id] = _check_item(item, station)
    return codes


def _lock_station(session: Session, key_id: str) -> None:
    """Serialize a station's reconciliations (a retry racing its first attempt)."""
    if session.get_bind().dialect.name == "sqlite":  # take the writer lock before reading
        session.execute(
            update(Station).where(Station.key_id == key_id).values(key_id=Station.key_id)
        )
    else:
        session.execute(select(Station.key_id).where(Station.key_id == key_id).with_for_update())


def _take_participation(
    session: Session, election_id: str, code: str, branch: str, hour: str
) -> Participation | None:
    """Record the participation, or return the one that exists (the unique key decides)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values = {
        "election_id": election_id,
        "national_code": code,
        "branch": branch,
        "hour": hour,
        "provisional": True,
    }
    statement = (
        insert(Participation)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(Participation.national_code)
    )
    if session.execute(statement).first() is not None:  # inserted: nobody was there before
        return None
    return session.get(Participation, (election_id, code))


def _not_eligible(session: Session, ctx: BranchContext, code: str) -> EntekhabError | None:
    citizen = session.get(Citizen, code)
    if citizen is None:
        return EntekhabError(CITIZEN_UNKNOWN, {"code": code})
    facts = CitizenFacts(citizen.birth_date, citizen.residence_division, citizen.residence_since)
    try:
        require_final_lists(ctx.definition, ctx.contests)  # no ballot before the final list
        check_entitled(ctx.definition, ctx.branch, facts)
    except EntekhabError as error:
        return error
    return None


def _second_record(item: ProvisionalItem, station: StationInfo) -> dict[str, Any]:
    return {
        "branch": station.branch,
        "hour": item.hour,
        "station": station.key_id,
        "provisional": True,
        "fingerprint": item.fingerprint,
        "override_reason": item.override_reason,
        "ballot": "held" if item.cast else "none",
    }


def _reconcile_item(
    session: Session,
    ctx: BranchContext,
    station: StationInfo,
    item: ProvisionalItem,
    code: str,
    now: datetime,
) -> ProvisionalOutcome:
    election_id, branch = station.election_id, station.branch
    refusal = _not_eligible(session, ctx, code)
    first = None if refusal else _take_participation(session, election_id, code, branch, item.hour)
    details: dict[str, Any] = {"national_code": code, "second": _second_record(item, station)}
    if refusal is None and first is None:
        if item.fingerprint != "match":
            record_incident(
                session,
                election_id=election_id,
                branch=branch,
                kind="IDENTITY_OVERRIDE",
                hour=item.hour,
                details={
                    "national_code": code,
                    "fingerprint": item.fingerprint,
                    "reason": item.override_reason,
                    "provisional": True,
                },
            )
        return ProvisionalOutcome(item.provisional_id, "accepted", None)
    if first is not None:
        kind = "PROVISIONAL_DUPLICATE"
        details["first"] = {
            "branch": first.branch,
            "hour": first.hour,
            "provisional": first.provisional,
        }
    else:
        kind = "PROVISIONAL_NOT_ELIGIBLE"
        assert refusal is not None
        details["refusal"] = refusal.code
    incident_id = record_incident(
        session,
        election_id=election_id,
        branch=branch,
        kind=kind,
        hour=hour_of(now),
        details=details,
    )
    if first is not None:
        refusal = EntekhabError(
            ALREADY_VOTED, {"first_branch": first.branch, "incident_id": incident_id}
        )
    assert refusal is not None
    return ProvisionalOutcome(item.provisional_id, "held", incident_id, refusal.to_dict())


def _earlier_results(
    session: Session, station: StationInfo, items: Sequence[ProvisionalItem]
) -> tuple[dict[str, IdempotencySlot], dict[str, StoredResponse]]:
    slots = {
        item.provisional_id: IdempotencySlot(station.key_id, item.provisional_id, item.identity())
        for item in items
    }
    earlier = {}
    for provisional_id, slot in slots.items():
        stored = slot.lookup(session)  # IDEMPOTENCY_KEY_REUSED when re-sent with other content
        if stored is not None:
            earlier[provisional_id] = stored
    return slots, earlier


def reconcile_provisional(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    items: Sequence[ProvisionalItem],
    *,
    now: datetime,
    idem: IdempotencySlot | None = None,
) -> dict[str, Any]:
    """Reconcile a station's provisional items (see the module docstring); the response body
    ``{"results": [...]}`` in the items' order."""
    codes = _check_batch(items, station)
    with uow_factory() as uow:
        session = uow.session
        _lock_station(session, station.key_id)
        ctx = branch_context(session, station.election_id, station.branch)
        if ctx.definition.offline_policy is not OfflinePolicy.PROVISIONAL:
            raise EntekhabError(
                PROVISIONAL_NOT_ALLOWED, {"policy": ctx.definition.offline_policy.value}
            )
        require_open(session, station.election_id, station.branch)
        slots, earlier = _earlier_results(session, station, items)
        fresh = [item for item in items if item.provisional_id not in earlier]
        outcomes: dict[str, ProvisionalOutcome] = {}
        # National-code order, not arrival order (stable: a person twice keeps item order).
        for item in sorted(fresh, key=lambda i: codes[i.provisional_id]):
            outcomes[item.provisional_id] = _reconcile_item(
                session, ctx, station, item, codes[item.provisional_id], now
            )
        for provisional_id, outcome in outcomes.items():
            slots[provisional_id].store(session, 200, outcome.as_json())
        if fresh:
            held = sum(1 for o in outcomes.values() if o.status == "held")
            record_event(
                session,
                PROVISIONAL_RECONCILED,
                actor=f"station:{station.key_id}",
                payload={
                    "election_id": station.election_id,
                    "branch": station.branch,
                    "accepted": len(outcomes) - held,
                    "held": held,
                },
            )
        results = [
            earlier[i.provisional_id].body
            if i.provisional_id in earlier
            else outcomes[i.provisional_id].as_json()
            for i in items
        ]
        body = {"results": results}
        if idem is not None:
            idem.store(session, 200, body)
        uow.commit()
    return body
