"""Polling day and hours, enforced: check-ins and branch openings only while polling is open.

The check runs on every check-in, so it costs no database round trip while the instant lies
within the hours the (cached) definition sets: ``domain.calendar`` answers from the definition
alone. Only outside those hours are recorded extensions read, since an extension can only move
closing later. A refusal is coded (PHASE_NOT_OPEN, naming the window in Jalali), changes nothing,
and is logged (PHASE_REFUSED, in a transaction of its own).

An extension of hours (تمدید زمان رای‌گیری) is a decision recorded with a reason by a role the
permission matrix entitles (``POST /elections/{id}/polling-hours/extensions``), decided before
polling closes, moving closing later, and at most 24 hours after polling opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entekhab.domain.calendar import election_zone, is_open, phase_window, require_phase
from entekhab.domain.definition import ElectionDefinition, Phase
from entekhab.domain.error_codes import calendar as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import calendar as events
from entekhab.domain.jalali import jalali_datetime_fa
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event, record_event_apart
from entekhab.service.definitions.loading import get_definition
from entekhab.service.security.authority import require_action
from entekhab.store.tables.rules import PollingExtension
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "MAX_POLLING_SPAN",
    "PollingHours",
    "extend_polling_hours",
    "log_phase_refusal",
    "polling_closes",
    "polling_hours",
    "record_phase_refusal",
    "require_polling_open",
]

MAX_POLLING_SPAN = timedelta(hours=24)
"""No extension may close polling more than this long after it opened."""


def polling_closes(session: Session, election_id: str) -> datetime | None:
    """The closing instant set by the latest extension (None: no extension recorded)."""
    return session.scalar(
        select(func.max(PollingExtension.closes_at)).where(
            PollingExtension.election_id == election_id
        )
    )


def require_polling_open(
    session: Session, definition: ElectionDefinition, election_id: str, at: datetime
) -> None:
    """Nothing while polling is open at ``at``; PHASE_NOT_OPEN otherwise (see module doc)."""
    if is_open(definition, Phase.POLLING, at):
        return
    require_phase(
        definition, Phase.POLLING, at, polling_closes=polling_closes(session, election_id)
    )


def record_phase_refusal(
    session: Session,
    error: EntekhabError,
    *,
    actor: str,
    operation: str,
    election_id: str,
    branch: str | None = None,
) -> None:
    """Record a refusal outside a phase in ``session``'s transaction (the caller commits what
    the refusal keeps, e.g. a station request's nonce). Never who was refused."""
    record_event(
        session,
        events.PHASE_REFUSED,
        actor=actor,
        payload={
            "code": error.code,
            "operation": operation,
            "election_id": election_id,
            "branch": branch,
            "phase": error.details.get("phase"),
            "state": error.details.get("state"),
        },
    )


def log_phase_refusal(
    uow_factory: UnitOfWorkFactory,
    error: EntekhabError,
    *,
    actor: str,
    operation: str,
    election_id: str,
    branch: str | None = None,
) -> None:
    """Record a refusal outside a phase in a transaction of its own."""
    with uow_factory() as uow:
        record_phase_refusal(
            uow.session,
            error,
            actor=actor,
            operation=operation,
            election_id=election_id,
            branch=branch,
        )
        uow.commit()


@dataclass(frozen=True)
class PollingHours:
    """Polling hours of an election as they stand: the definition's, and any extension."""

    election_id: str
    opens: datetime
    closes_by_definition: datetime
    closes: datetime
    extensions: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "election_id": self.election_id,
            "opens": self.opens.isoformat(),
            "closes_by_definition": self.closes_by_definition.isoformat(),
            "closes": self.closes.isoformat(),
            "extensions": list(self.extensions),
        }


def _hours(session: Session, election_id: str) -> PollingHours:
    definition = get_definition(session, election_id).definition
    window = phase_window(definition, Phase.POLLING)
    rows = session.scalars(
        select(PollingExtension)
        .where(PollingExtension.election_id == election_id)
        .order_by(PollingExtension.id)
    ).all()
    closes = max([window.closes, *(r.closes_at for r in rows)])
    extensions = tuple(
        {
            "closes": r.closes_at.isoformat(),
            "reason": r.reason,
            "decided_by": r.decided_by,
            "decided_at": r.decided_at.isoformat(),
        }
        for r in rows
    )
    return PollingHours(election_id, window.opens, window.closes, closes, extensions)


def polling_hours(uow_factory: UnitOfWorkFactory, election_id: str) -> PollingHours:
    """The election's polling hours now (ELECTION_UNKNOWN if it is not loaded)."""
    with uow_factory() as uow:
        return _hours(uow.session, election_id)


def _check_extension(
    definition: ElectionDefinition,
    current: PollingHours,
    closes: datetime,
    reason: str,
    now: datetime,
) -> None:
    zone = election_zone(definition)

    def shown(moment: datetime) -> dict[str, str]:
        return {"closes": moment.astimezone(zone).isoformat(timespec="minutes")}

    if not reason.strip():
        raise EntekhabError(codes.EXTENSION_REASON_MISSING)
    if now >= current.closes:
        raise EntekhabError(
            codes.EXTENSION_AFTER_CLOSING,
            {**shown(current.closes), "closes_fa": jalali_datetime_fa(current.closes, zone)},
        )
    if closes <= current.closes:
        raise EntekhabError(
            codes.EXTENSION_NOT_LATER,
            {**shown(current.closes), "closes_fa": jalali_datetime_fa(current.closes, zone)},
        )
    latest = current.opens + MAX_POLLING_SPAN
    if closes > latest:
        raise EntekhabError(
            codes.EXTENSION_TOO_LONG,
            {
                "latest": latest.astimezone(zone).isoformat(timespec="minutes"),
                "latest_fa": jalali_datetime_fa(latest, zone),
            },
        )


def extend_polling_hours(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    *,
    closes: datetime,
    reason: str,
    actor: str,
    role: str,
    now: datetime,
) -> PollingHours:
    """Record an extension of polling hours (see the module docstring); a refusal is coded,
    writes nothing and is logged (POLLING_EXTENSION_REFUSED). The permission table decides who
    may (EXTEND_POLLING_HOURS)."""
    if closes.tzinfo is None:
        raise ValueError("closes must be an aware instant")
    require_action(
        uow_factory, Action.EXTEND_POLLING_HOURS, role=role, actor=actor, what=election_id
    )
    try:
        with uow_factory() as uow:
            session = uow.session
            definition = get_definition(session, election_id).definition
            _check_extension(definition, _hours(session, election_id), closes, reason, now)
            session.add(
                PollingExtension(
                    election_id=election_id,
                    closes_at=closes,
                    reason=reason.strip(),
                    decided_by=actor,
                    decided_at=now,
                )
            )
            record_event(
                session,
                events.POLLING_HOURS_EXTENDED,
                actor=actor,
                payload={
                    "election_id": election_id,
                    "closes": closes.isoformat(),
                    "reason": reason.strip(),
                },
            )
            session.flush()
            hours = _hours(session, election_id)
            uow.commit()
            return hours
    except EntekhabError as error:
        record_event_apart(
            uow_factory,
            events.POLLING_EXTENSION_REFUSED,
            actor=actor,
            payload={"code": error.code, "election_id": election_id, "closes": closes.isoformat()},
        )
        raise
