"""Polling day as headquarters follows it: turnout by hour, branch states and reporting, rolled
up to every area (``areas.py``), for the dashboard and ``GET /api/v1/elections/{id}/day``.

The database does the counting: one grouped query over ``participations`` (per branch, hour and
whether provisional), one over branch sessions, one over reported branches, one over open
incidents. Python only adds the grouped rows up the tree (the Tehran sample: about 30,000 rows
for 2,515 branches, whatever the number of voters).

Those queries read every check-in of the election (about half a second for 1.5 million on the
benchmark machine), so the figures are a **snapshot** shared by every official who follows the
election: ``DayFigures`` keeps each election's snapshot for ``max_age`` seconds; after that,
requests are still answered from it while one background thread counts afresh (so figures are
never older than ``max_age`` plus one count, and only the very first request of a server process
waits for a count). The page says when its figures were taken.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from entekhab.domain.branch_day import BranchDayState, day_state
from entekhab.service.definitions.loading import get_definition
from entekhab.service.election_day.areas import Geography, geography
from entekhab.store.tables.counting import CurrentBulletin
from entekhab.store.tables.election_day import (
    BranchSession,
    IncidentResolution,
    IncidentRow,
    Participation,
)
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["AreaFigures", "BranchFigures", "DayFigures", "DaySnapshot", "take_snapshot"]


@dataclass(frozen=True)
class BranchFigures:
    code: str
    state: BranchDayState
    opened_at: datetime | None
    closed_at: datetime | None
    checked_in: int
    provisional: int
    """Check-ins recorded offline and reconciled later: the branch worked offline."""
    last_hour: str | None
    reported: bool
    """Its bulletins have reached headquarters (it closed)."""
    open_incidents: int


@dataclass
class AreaFigures:
    """An area's branches by state, reporting and turnout (one area: a division or the whole
    election)."""

    branches: int = 0
    expected_voters: int = 0
    not_opened: int = 0
    open: int = 0
    silent: int = 0
    closed: int = 0
    offline: int = 0
    """Branches that sent provisional records (worked offline for a while)."""
    reported: int = 0
    checked_in: int = 0
    provisional: int = 0
    open_incidents: int = 0
    by_hour: dict[str, int] = field(default_factory=dict)

    def add(self, branch: BranchFigures, expected: int, hours: Mapping[str, int]) -> None:
        self.branches += 1
        self.expected_voters += expected
        setattr(self, branch.state.value, getattr(self, branch.state.value) + 1)
        self.offline += branch.provisional > 0
        self.reported += branch.reported
        self.checked_in += branch.checked_in
        self.provisional += branch.provisional
        self.open_incidents += branch.open_incidents
        for hour, count in hours.items():
            self.by_hour[hour] = self.by_hour.get(hour, 0) + count


@dataclass(frozen=True)
class DaySnapshot:
    """Every figure of one election at one moment (``taken_at``, on the election clock)."""

    election_id: str
    geography: Geography
    taken_at: datetime
    branches: Mapping[str, BranchFigures]
    areas: Mapping[str | None, AreaFigures]
    """By division code; ``None``: the whole election."""
    branch_hours: Mapping[str, Mapping[str, int]]
    """Check-ins per hour of each branch that has any."""
    seconds: float
    """How long taking it took."""

    def area(self, code: str | None) -> AreaFigures:
        return self.areas.get(code) or AreaFigures()


def _participations(session: Session, election_id: str) -> list[tuple[str, str, int, int]]:
    """(branch, hour, check-ins, of which provisional), counted by the database."""
    rows = session.execute(
        select(
            Participation.branch,
            Participation.hour,
            func.count(),
            func.sum(case((Participation.provisional.is_(True), 1), else_=0)),
        )
        .where(Participation.election_id == election_id)
        .group_by(Participation.branch, Participation.hour)
    )
    return [(str(b), str(h), int(n), int(p or 0)) for b, h, n, p in rows]


def _open_incidents(session: Session, election_id: str) -> dict[str, int]:
    rows = session.execute(
        select(IncidentRow.branch, func.count())
        .outerjoin(IncidentResolution, IncidentResolution.incident_id == IncidentRow.id)
        .where(IncidentRow.election_id == election_id, IncidentResolution.incident_id.is_(None))
        .group_by(IncidentRow.branch)
    )
    return {str(b): int(n) for b, n in rows if b is not None}


def take_snapshot(uow_factory: UnitOfWorkFactory, election_id: str, now: datetime) -> DaySnapshot:
    """Count everything of ``election_id`` afresh (ELECTION_UNKNOWN for an unknown election)."""
    started = time.perf_counter()
    with uow_factory() as uow:
        session = uow.session
        definition = get_definition(session, election_id).definition
        counted = _participations(session, election_id)
        sessions = {
            str(b): (o, c)
            for b, o, c in session.execute(
                select(
                    BranchSession.branch, BranchSession.opened_at, BranchSession.closed_at
                ).where(BranchSession.election_id == election_id)
            )
        }
        reported = set(
            session.scalars(
                select(CurrentBulletin.branch)
                .where(CurrentBulletin.election_id == election_id)
                .distinct()
            )
        )
        incidents = _open_incidents(session, election_id)
    geo = geography(definition)
    hours: dict[str, dict[str, int]] = {}
    totals: dict[str, tuple[int, int, str | None]] = {}
    for code, hour, count, provisional in counted:
        hours.setdefault(code, {})[hour] = count
        n, p, last = totals.get(code, (0, 0, None))
        totals[code] = (n + count, p + provisional, hour if last is None else max(last, hour))
    branches: dict[str, BranchFigures] = {}
    areas: dict[str | None, AreaFigures] = {}
    for branch in definition.branches:
        opened_at, closed_at = sessions.get(branch.code, (None, None))
        n, p, last = totals.get(branch.code, (0, 0, None))
        figures = BranchFigures(
            code=branch.code,
            state=day_state(opened_at=opened_at, closed_at=closed_at, last_hour=last, now=now),
            opened_at=opened_at,
            closed_at=closed_at,
            checked_in=n,
            provisional=p,
            last_hour=last,
            reported=branch.code in reported,
            open_incidents=incidents.get(branch.code, 0),
        )
        branches[branch.code] = figures
        by_hour = hours.get(branch.code, {})
        for area in (None, *definition.ancestors(branch.division)):
            areas.setdefault(area, AreaFigures()).add(figures, branch.expected_voters, by_hour)
    return DaySnapshot(
        election_id, geo, now, branches, areas, hours, seconds=time.perf_counter() - started
    )


class DayFigures:
    """Snapshots of each election, shared by every request of this server process (see the
    module docstring). ``max_age`` 0: every call takes a fresh one (tests)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, *, max_age: float) -> None:
        self._uow_factory = uow_factory
        self.max_age = max_age
        self._kept: dict[str, tuple[float, DaySnapshot]] = {}
        self._lock = threading.Lock()
        self._refreshing: set[str] = set()

    def snapshot(self, election_id: str, now: Callable[[], datetime]) -> DaySnapshot:
        """The election's snapshot. While it is young enough, the kept one; once older than
        ``max_age``, still the kept one while a background thread counts afresh (one at a time
        per election), so no request waits for the count except the very first."""
        if self.max_age <= 0:
            return take_snapshot(self._uow_factory, election_id, now())
        with self._lock:
            kept = self._kept.get(election_id)
            stale = kept is None or time.monotonic() - kept[0] >= self.max_age
            start = stale and kept is not None and election_id not in self._refreshing
            if start:
                self._refreshing.add(election_id)
        if kept is None:
            return self._take(election_id, now)
        if start:
            threading.Thread(
                target=self._take, args=(election_id, now), name="day-figures", daemon=True
            ).start()
        return kept[1]

    def _take(self, election_id: str, now: Callable[[], datetime]) -> DaySnapshot:
        try:
            taken = take_snapshot(self._uow_factory, election_id, now())
            with self._lock:
                self._kept[election_id] = (time.monotonic(), taken)
            return taken
        finally:
            with self._lock:
                self._refreshing.discard(election_id)
