"""Rate limit on failed sign-ins per client address.

The per-account lockout (``service.security.accounts``) stops guessing one account's password; this
stops one address guessing across many accounts. The count is read from the event log itself — every
failed sign-in is a ``SIGN_IN_FAILED`` event whose actor is ``address:<ip>`` — so it holds across
server processes and restarts with no table of its own. A refusal here is itself a failed sign-in
event, so an address that keeps trying while throttled stays throttled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from entekhab.crypto.chain import chain_time
from entekhab.domain.error_codes import security as errors
from entekhab.domain.event_codes import security as events
from entekhab.errors import EntekhabError
from entekhab.service.audit.events import record_event
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWork

__all__ = ["DEFAULT_THROTTLE", "AddressThrottle"]


def _parse(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class AddressThrottle:
    """At most ``max_failures`` failed sign-ins from one address within ``window``."""

    max_failures: int = 20
    window: timedelta = timedelta(minutes=15)

    def check(self, uow: UnitOfWork, *, address: str, username: str, now: datetime) -> None:
        """Refuse (429 RATE_LIMITED, logged and committed) when the address is over its limit."""
        actor = f"address:{address}"
        recent = uow.session.scalars(
            select(EventLogEntry.recorded_at)
            .where(
                EventLogEntry.code == events.SIGN_IN_FAILED.code,
                EventLogEntry.actor == actor,
                EventLogEntry.recorded_at >= chain_time(now - self.window),
            )
            .order_by(EventLogEntry.recorded_at.desc())
            .limit(self.max_failures)
        ).all()
        if len(recent) < self.max_failures:
            return
        # The oldest of the last ``max_failures`` leaves the window first.
        free_at = _parse(recent[-1]) + self.window
        retry_after = max(1, int((free_at - now).total_seconds()) + 1)
        payload = {"username": username, "address": address, "reason": "rate_limited"}
        record_event(uow.session, events.SIGN_IN_FAILED, actor=actor, payload=payload)
        uow.commit()
        raise EntekhabError(errors.RATE_LIMITED, {"retry_after": retry_after})


DEFAULT_THROTTLE = AddressThrottle()
