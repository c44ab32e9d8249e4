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
    "aggregate",
    "bulletin_deltas",
    "rollup_areas",
    "rollup_areas_of_division",
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
    return [("branch", branch.code), *rollup_areas_of_division(definition, branch.division)]


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


def aggregate(
    definition: ElectionDefinition, bulletins: Iterable[Bulletin], *, branches: bool = False
) -> dict[str, dict[TotalKey, int]]:
    """Totals of every contest at every rollup level, from scratch (batch; verifier, benchmark).

    Sums each bulletin once into its branch's division, then rolls the division sums up the
    tree, so the cost is one pass over the bulletins plus one per (division, code). The branch
    level is the bulletins themselves; ``branches=True`` copies them in as well. Gives the same
    numbers as folding ``bulletin_deltas`` of each bulletin (a property test checks it).
    """
    # contest -> division -> kind -> code -> sum
    by_division: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
    out: dict[str, dict[TotalKey, int]] = {}
    division_of = {b.code: b.division for b in definition.branches}
    expected = {b.code: b.expected_voters for b in definition.branches}
    for b in bulletins:
        sums = by_division.setdefault(b.contest, {}).setdefault(division_of[b.branch], {})
        if not sums:
            sums.update(candidate={}, list={}, meta=dict.fromkeys(META_CODES, 0))
        cand, lists, meta = sums["candidate"], sums["list"], sums["meta"]
        for code, value in b.candidate_votes.items():
            cand[code] = cand.get(code, 0) + value
        for code, value in b.list_votes.items():
            lists[code] = lists.get(code, 0) + value
        meta["ballots_cast"] += b.ballots_cast
        meta["blank"] += b.blank
        meta["invalid"] += b.invalid
        meta["voters_checked_in"] += b.voters_checked_in
        meta["branches_reported"] += 1
        meta["expected_voters_reported"] += expected[b.branch]
        if branches:
            totals = out.setdefault(b.contest, {})
            for kind, code, value in _counts(definition, b, True):
                totals["branch", b.branch, kind, code] = value
    for contest, divisions in by_division.items():
        totals = out.setdefault(contest, {})
        for division_code, per_kind in divisions.items():
            for level, area in rollup_areas_of_division(definition, division_code):
                for kind, per_code in per_kind.items():
                    for code, value in per_code.items():
                        key = (level, area, kind, code)
                        totals[key] = totals.get(key, 0) + value
    return out


def rollup_areas_of_division(
    definition: ElectionDefinition, division_code: str
) -> list[tuple[str, str]]:
    """(level, area) pairs above and including a division, and the contest as a whole."""
    areas = []
    for code in definition.ancestors(division_code):
        division = definition.division_by_code.get(code)
        if division is not None:
            areas.append((str(division.kind), code))
    areas.append(("contest", CONTEST_AREA))
    return areas
