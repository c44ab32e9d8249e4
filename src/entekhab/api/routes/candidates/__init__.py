"""Routes of the candidate side (registration to the official list); see docs/candidates.md.

``Clock`` is the instant the candidate use cases judge phases by: the real time, unless the app
was built with ``app.state.clock`` (a rehearsal, or a test walking an election's calendar).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request

__all__ = ["Clock"]


def _now() -> datetime:
    return datetime.now(UTC)


def _clock(request: Request) -> Callable[[], datetime]:
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    return clock or _now


Clock = Annotated[Callable[[], datetime], Depends(_clock)]
