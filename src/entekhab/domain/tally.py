"""What one bulletin adds to the running totals, at every level of the rollup (pure).

A bulletin of branch B in contest C adds its counts to the totals of B itself (level
``branch``), of every division above B's division (level = the division's kind: city,
district, county, province ...), and of the contest as a whole (level ``contest``, area
``*``: the constituency total, which is also the contest's national total). Accepting a
correction adds the new bulletin's rows and subtracts the superseded one's, so the work per
bulletin is proportional to its own size times the depth of the division tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.results import Bulletin

__all__ = [
    "CONTEST_AREA",
    "META_CODES",
    "TotalKey",
    "add_bulletin",
    "bulletin_deltas",
    "rollup_areas",
]

TotalKey = tuple[str, str, str, str]
"""(level, area, kind, code): kind is ``candidate``, ``list`` or ``meta``."""

CONTEST_AREA = "*"
META_CODES = (
    "ballots_cast",
    "blank",
    "invalid",
    "voters_checked_in",
    "branches_reported",
    "expected_voters_reported",
)


def rollup_areas(definition: ElectionDefinition, branch_code: str) -> list[tuple[str, str]]:
    """(level, area) pairs a branch's bulletin counts towards, nearest first."""
    branch = definition.branch_by_code[branch_code]
    areas = [("branch", branch.code)]
    for code in definition.ancestors(branch.division):
        division = definition.division_by_code.get(code)
        if division is not None:
            areas.append((str(division.kind), code))
    areas.append(("contest", CONTEST_AREA))
    return areas


def _counts(definition: ElectionDefinition, b: Bulletin, first: bool) -> list[tuple[str, str, int]]:
    branch = definition.branch_by_code[b.branch]
    rows = [
        ("meta", "ballots_cast", b.ballots_cast),
        ("meta", "blank", b.blank),
        ("meta", "invalid", b.invalid),
        ("meta", "voters_checked_in", b.voters_checked_in),
        ("meta", "branches_reported", 1 if first else 0),
        ("meta", "expected_voters_reported", branch.expected_voters if first else 0),
    ]
    rows.extend(("candidate", code, v) for code, v in b.candidate_votes.items())
    rows.extend(("list", code, v) for code, v in b.list_votes.items())
    return rows


def bulletin_deltas(
    definition: ElectionDefinition, new: Bulletin, superseded: Bulletin | None = None
) -> dict[TotalKey, int]:
    """The change to every total when ``new`` is accepted (replacing ``superseded``, if any).

    A correction does not report the branch a second time: the reporting counters move only
    with a branch's first bulletin.
    """
    areas = rollup_areas(definition, new.branch)
    per_area: dict[tuple[str, str], int] = {}
    for kind, code, value in _counts(definition, new, superseded is None):
        per_area[(kind, code)] = per_area.get((kind, code), 0) + value
    if superseded is not None:
        for kind, code, value in _counts(definition, superseded, False):
            per_area[(kind, code)] = per_area.get((kind, code), 0) - value
    out: dict[TotalKey, int] = {}
    for level, area in areas:
        for (kind, code), value in per_area.items():
            out[(level, area, kind, code)] = value
    return out


def add_bulletin(
    totals: dict[TotalKey, int], deltas: Mapping[TotalKey, int] | Iterable[tuple[TotalKey, int]]
) -> None:
    """Fold ``deltas`` into an in-memory ``totals`` map (benchmarks, checks, the verifier)."""
    items = deltas.items() if isinstance(deltas, Mapping) else deltas
    for key, value in items:
        totals[key] = totals.get(key, 0) + value
