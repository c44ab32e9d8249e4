"""Running totals of the count: incremental upserts, and the reads built on them.

Accepting a bulletin changes one row per (rollup level, area, candidate | list | count), by one
``INSERT ... ON CONFLICT DO UPDATE SET value = value + excluded.value`` statement: the database
adds atomically, so concurrent acceptances on PostgreSQL never lose an update. Rows are written
in key order so that two transactions lock shared rows in the same order (no deadlock).

Turnout compares voters checked in with registered citizens (the civil-registry extract, of
voting age on polling day) by division; reporting progress compares the branches and expected
voters reported with those of the contest's branches in the definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.tally import CONTEST_AREA, TotalKey
from entekhab.store.tables.counting import ResultTotal
from entekhab.store.tables.foundation import Citizen

__all__ = [
    "AreaTotals",
    "Progress",
    "Turnout",
    "apply_deltas",
    "area_totals",
    "branches_reported",
    "contest_branch_counts",
    "contest_branches",
    "registered_by_division",
    "reporting_progress",
    "turnout",
]


def apply_deltas(
    session: Session, election_id: str, contest: str, deltas: Mapping[TotalKey, int]
) -> None:
    """Add ``deltas`` to the running totals of ``contest`` (inside the caller's transaction)."""
    if not deltas:
        return
    rows = [
        (election_id, contest, level, area, kind, code, value)
        for (level, area, kind, code), value in sorted(deltas.items())
    ]
    mark = "?" if session.get_bind().dialect.name == "sqlite" else "%s"
    # The driver's executemany of one plain statement: building SQLAlchemy parameters per row
    # cost more than the database's own work (a list-PR bulletin has ~2,000 rows).
    session.connection().exec_driver_sql(_UPSERT.format(m=mark), rows)


_UPSERT = (
    "INSERT INTO result_totals (election_id, contest, level, area, kind, code, value) "
    "VALUES ({m}, {m}, {m}, {m}, {m}, {m}, {m}) "
    "ON CONFLICT (election_id, contest, level, area, kind, code) "
    "DO UPDATE SET value = result_totals.value + excluded.value"
)


@dataclass(frozen=True)
class AreaTotals:
    """The totals of one contest at one area: candidate votes, list votes, and counts."""

    level: str
    area: str
    candidates: dict[str, int]
    lists: dict[str, int]
    meta: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "area": self.area,
            "candidates": self.candidates,
            "lists": self.lists,
            "counts": self.meta,
        }


def area_totals(
    session: Session,
    election_id: str,
    contest: str,
    level: str = "contest",
    area: str = CONTEST_AREA,
) -> AreaTotals:
    """Current totals of ``contest`` at one area (default: the whole contest)."""
    rows = session.execute(
        select(ResultTotal.kind, ResultTotal.code, ResultTotal.value).where(
            ResultTotal.election_id == election_id,
            ResultTotal.contest == contest,
            ResultTotal.level == level,
            ResultTotal.area == area,
        )
    ).all()
    out: dict[str, dict[str, int]] = {"candidate": {}, "list": {}, "meta": {}}
    for kind, code, value in rows:
        out.setdefault(str(kind), {})[str(code)] = int(value)
    return AreaTotals(level, area, out["candidate"], out["list"], out["meta"])


def contest_branches(definition: ElectionDefinition, contest: str) -> list[str]:
    """Codes of the branches whose ballot style offers ``contest``."""
    styles = {s.code for s in definition.ballot_styles if contest in s.contests}
    return [b.code for b in definition.branches if b.ballot_style in styles]


def contest_branch_counts(definition: ElectionDefinition) -> dict[str, int]:
    """How many branches offer each contest (``len(contest_branches(...))`` for every contest at
    once: branches are counted per ballot style, then per contest the styles offer)."""
    per_style: dict[str, int] = {}
    for branch in definition.branches:
        per_style[branch.ballot_style] = per_style.get(branch.ballot_style, 0) + 1
    counts = dict.fromkeys((c.code for c in definition.contests), 0)
    for style in definition.ballot_styles:
        for contest in style.contests:
            counts[contest] = counts.get(contest, 0) + per_style.get(style.code, 0)
    return counts


def branches_reported(session: Session, election_id: str) -> dict[str, int]:
    """Branches reported so far in each contest of the election (the running totals' count,
    as ``reporting_progress`` reads it for one contest), in one read."""
    rows = session.execute(
        select(ResultTotal.contest, ResultTotal.value).where(
            ResultTotal.election_id == election_id,
            ResultTotal.level == "contest",
            ResultTotal.area == CONTEST_AREA,
            ResultTotal.kind == "meta",
            ResultTotal.code == "branches_reported",
        )
    )
    return {str(contest): int(value) for contest, value in rows}


@dataclass(frozen=True)
class Progress:
    """Reporting progress of one contest at one area (shares as exact fractions)."""

    branches_reported: int
    branches_expected: int
    voters_reported: int
    voters_expected: int

    @property
    def branch_share(self) -> Fraction:
        return Fraction(self.branches_reported, self.branches_expected or 1)

    @property
    def voter_share(self) -> Fraction:
        return Fraction(self.voters_reported, self.voters_expected or 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "branches_reported": self.branches_reported,
            "branches_expected": self.branches_expected,
            "branch_share": str(self.branch_share),
            "expected_voters_reported": self.voters_reported,
            "expected_voters": self.voters_expected,
            "expected_voter_share": str(self.voter_share),
        }


def reporting_progress(
    session: Session,
    definition: ElectionDefinition,
    contest: str,
    level: str = "contest",
    area: str = CONTEST_AREA,
) -> Progress:
    """How much of ``contest`` (at one area) has reported: branches and expected voters."""
    totals = area_totals(session, definition.id, contest, level, area)
    branches = 0
    voters = 0
    for code in contest_branches(definition, contest):
        branch = definition.branch_by_code[code]
        if level == "branch":
            inside = code == area
        else:
            inside = area == CONTEST_AREA or area in definition.ancestors(branch.division)
        if inside:
            branches += 1
            voters += branch.expected_voters
    return Progress(
        totals.meta.get("branches_reported", 0),
        branches,
        totals.meta.get("expected_voters_reported", 0),
        voters,
    )


def registered_by_division(session: Session, definition: ElectionDefinition) -> dict[str, int]:
    """Citizens of voting age on polling day, by division, rolled up to every ancestor."""
    day = definition.polling_day
    try:
        cutoff = day.replace(year=day.year - definition.minimum_age)
    except ValueError:  # 29 February
        cutoff = date(day.year - definition.minimum_age, 3, 1)
    rows = session.execute(
        select(Citizen.residence_division, func.count())
        .where(Citizen.birth_date <= cutoff)
        .group_by(Citizen.residence_division)
    ).all()
    out: dict[str, int] = {}
    for division, count in rows:
        for code in definition.ancestors(str(division)):
            out[code] = out.get(code, 0) + int(count)
    return out


@dataclass(frozen=True)
class Turnout:
    """Voters checked in for a contest against registered citizens of an area."""

    area: str
    voters_checked_in: int
    registered: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.voters_checked_in, self.registered or 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "voters_checked_in": self.voters_checked_in,
            "registered": self.registered,
            "share": str(self.share),
        }


def turnout(session: Session, definition: ElectionDefinition, contest: str) -> list[Turnout]:
    """Turnout of ``contest`` in every division that has reported, and in the constituency."""
    registered = registered_by_division(session, definition)
    rows = session.execute(
        select(ResultTotal.level, ResultTotal.area, ResultTotal.value).where(
            ResultTotal.election_id == definition.id,
            ResultTotal.contest == contest,
            ResultTotal.kind == "meta",
            ResultTotal.code == "voters_checked_in",
            ResultTotal.level != "branch",
        )
    ).all()
    constituency = definition.contest_by_code[contest].constituency
    out: list[Turnout] = []
    for level, area, value in sorted(rows):
        if level == "contest":
            reg = sum(registered.get(code, 0) for code in constituency)
        else:
            reg = registered.get(str(area), 0)
        out.append(Turnout(str(area), int(value), reg))
    return out
