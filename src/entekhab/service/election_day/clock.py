"""The election clock: the instant at which election-day rules (polling hours) are judged.

In production it is the machine's clock, kept by NTP. Rehearsals, the demo and the tests set it
(``ENTEKHAB_CLOCK_START``): it starts at that instant and runs at real speed from the moment it
is made. The polling-hours check is never switched off; a world that needs polling to be open
sets its clock to polling day.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "RunningClock", "clock_starting_at", "system_clock"]

Clock = Callable[[], datetime]
"""A source of aware UTC instants."""


def system_clock() -> datetime:
    return datetime.now(UTC)


class RunningClock:
    """A clock that reads ``start`` when made and then advances at real speed (monotonic)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock's start must be an aware instant")
        self.start = start.astimezone(UTC)
        self._began = time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self._began)


def clock_starting_at(start: datetime | None) -> Clock:
    """The machine's clock when ``start`` is None, else a clock running from ``start``."""
    return system_clock if start is None else RunningClock(start)
