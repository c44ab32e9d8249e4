"""Site readiness: a branch site's assessment against the checklist, rolled up by area.

A branch is *not ready* when it has no assessment or its latest assessment scores a critical
checklist item (power, backup power, mobile signal, queue space, security) below its pass mark;
*at risk* when only other items fall short; *ready* otherwise. Each shortfall is a blocker with
an owner and a due date (the checklist's defaults, unless the headquarters assigned one).

Areas roll up district → county → province, each with the worst status among its branches and
the count of each status. Work is ordered by sensitivity (the higher of the branch's own rating
and its areas'), then critical first, then due date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from importlib import resources
from typing import Any

import yaml

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.planning import (
    PLANNING_ASSESSMENT_INVALID,
    PLANNING_CHECKLIST_INVALID,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import DivisionKind

__all__ = [
    "AreaReadiness",
    "Blocker",
    "BranchReadiness",
    "Checklist",
    "ChecklistItem",
    "Readiness",
    "SiteAssessment",
    "assess_branch",
    "default_checklist",
    "load_checklist",
    "roll_up",
    "sensitivity_of",
    "work_order",
]

ROLL_UP_KINDS = (DivisionKind.DISTRICT, DivisionKind.COUNTY, DivisionKind.PROVINCE)


class Readiness(StrEnum):
    READY = "ready"
    AT_RISK = "at_risk"
    NOT_READY = "not_ready"

    @property
    def fa(self) -> str:
        return {"ready": "آماده", "at_risk": "در معرض خطر", "not_ready": "آماده نیست"}[self.value]


_RANK = {Readiness.READY: 0, Readiness.AT_RISK: 1, Readiness.NOT_READY: 2}


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    name_fa: str
    name_en: str
    critical: bool
    pass_score: int
    owner: str
    due_days_before: int


@dataclass(frozen=True)
class Checklist:
    version: int
    max_score: int
    items: tuple[ChecklistItem, ...]

    @property
    def by_code(self) -> dict[str, ChecklistItem]:
        return {i.code: i for i in self.items}


def load_checklist(text: str) -> Checklist:
    """Parse a checklist YAML document (see ``planning/data/site_checklist.yaml``)."""
    try:
        doc = yaml.safe_load(text)
        max_score = int(doc["max_score"])
        items = tuple(
            ChecklistItem(
                code=str(i["code"]),
                name_fa=str(i["name_fa"]),
                name_en=str(i["name_en"]),
                critical=bool(i["critical"]),
                pass_score=int(i["pass_score"]),
                owner=str(i["owner"]),
                due_days_before=int(i["due_days_before"]),
            )
            for i in doc["items"]
        )
        checklist = Checklist(int(doc["version"]), max_score, items)
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise EntekhabError(PLANNING_CHECKLIST_INVALID, {"reason": repr(error)}) from error
    codes = [i.code for i in items]
    if not items or len(set(codes)) != len(codes):
        raise EntekhabError(PLANNING_CHECKLIST_INVALID, {"reason": "empty or repeated codes"})
    if any(not 0 < i.pass_score <= max_score for i in items):
        raise EntekhabError(PLANNING_CHECKLIST_INVALID, {"reason": "pass_score out of range"})
    return checklist


def default_checklist() -> Checklist:
    """The checklist shipped with Entekhab."""
    text = (
        resources.files("entekhab.planning")
        .joinpath("data/site_checklist.yaml")
        .read_text(encoding="utf-8")
    )
    return load_checklist(text)


@dataclass(frozen=True)
class SiteAssessment:
    """One visit's scores (0..max) per checklist item, with free-text strengths and weaknesses.
    Assessments are kept with history; the latest one counts."""

    branch: str
    assessed_at: datetime
    assessor: str
    scores: Mapping[str, int]
    strengths: str = ""
    weaknesses: str = ""

    def check(self, checklist: Checklist) -> None:
        """Refuse scores for unknown items, missing items or scores out of range."""
        known = checklist.by_code
        unknown = sorted(set(self.scores) - set(known))
        missing = sorted(set(known) - set(self.scores))
        if unknown or missing:
            reason = f"unknown items {unknown}, missing items {missing}"
            raise EntekhabError(
                PLANNING_ASSESSMENT_INVALID, {"branch": self.branch, "reason": reason}
            )
        for code, score in self.scores.items():
            if isinstance(score, bool) or not 0 <= score <= checklist.max_score:
                reason = f"score of {code} must be 0..{checklist.max_score}, not {score}"
                raise EntekhabError(
                    PLANNING_ASSESSMENT_INVALID, {"branch": self.branch, "reason": reason}
                )


@dataclass(frozen=True)
class Blocker:
    branch: str
    item: str
    critical: bool
    owner: str
    due: date
    sensitivity: int = 0


@dataclass(frozen=True)
class BranchReadiness:
    branch: str
    status: Readiness
    blockers: tuple[Blocker, ...]
    assessed_at: datetime | None


def assess_branch(
    branch: str,
    latest: SiteAssessment | None,
    checklist: Checklist,
    polling_day: date,
    assigned: Mapping[tuple[str, str], tuple[str, date]] | None = None,
    sensitivity: int = 0,
) -> BranchReadiness:
    """The branch's status from its latest assessment; ``assigned[(branch, item)]`` overrides
    the owner and due date of a blocker."""
    if latest is None:
        blocker = Blocker(
            branch,
            "assessment",
            True,
            "district_governorate",
            polling_day - timedelta(days=21),
            sensitivity,
        )
        return BranchReadiness(branch, Readiness.NOT_READY, (blocker,), None)
    found: list[Blocker] = []
    for item in checklist.items:
        if latest.scores.get(item.code, 0) >= item.pass_score:
            continue
        owner, due = item.owner, polling_day - timedelta(days=item.due_days_before)
        if assigned and (branch, item.code) in assigned:
            owner, due = assigned[(branch, item.code)]
        found.append(Blocker(branch, item.code, item.critical, owner, due, sensitivity))
    if any(b.critical for b in found):
        status = Readiness.NOT_READY
    elif found:
        status = Readiness.AT_RISK
    else:
        status = Readiness.READY
    return BranchReadiness(branch, status, tuple(found), latest.assessed_at)


@dataclass
class AreaReadiness:
    code: str
    kind: str
    status: Readiness = Readiness.READY
    counts: dict[str, int] = field(default_factory=lambda: {r.value: 0 for r in Readiness})
    blockers: int = 0

    def add(self, branch: BranchReadiness) -> None:
        self.counts[branch.status.value] += 1
        self.blockers += len(branch.blockers)
        if _RANK[branch.status] > _RANK[self.status]:
            self.status = branch.status

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "status": self.status.value,
            "counts": dict(self.counts),
            "blockers": self.blockers,
        }


def roll_up(
    definition: ElectionDefinition, branches: Iterable[BranchReadiness]
) -> list[AreaReadiness]:
    """Districts, counties and provinces with the worst status of their branches."""
    by_code = definition.branch_by_code
    divisions = definition.division_by_code
    areas: dict[str, AreaReadiness] = {}
    chains: dict[str, list[str]] = {}
    for result in branches:
        division = by_code[result.branch].division
        chain = chains.get(division)
        if chain is None:
            chain = chains[division] = [
                c
                for c in definition.ancestors(division)
                if c in divisions and divisions[c].kind in ROLL_UP_KINDS
            ]
        for code in chain:
            area = areas.get(code)
            if area is None:
                area = areas[code] = AreaReadiness(code, divisions[code].kind.value)
            area.add(result)
    order = {k.value: i for i, k in enumerate(reversed(ROLL_UP_KINDS))}
    return sorted(areas.values(), key=lambda a: (order[a.kind], a.code))


def sensitivity_of(
    definition: ElectionDefinition,
    branch: str,
    area_ratings: Mapping[str, int],
    branch_ratings: Mapping[str, int],
) -> int:
    """The higher of the branch's own rating and every rating of the areas above it."""
    own = branch_ratings.get(branch, 0)
    division = definition.branch_by_code[branch].division
    return max([own, *(area_ratings.get(c, 0) for c in definition.ancestors(division))])


def work_order(results: Sequence[BranchReadiness]) -> list[Blocker]:
    """Every blocker, most sensitive first, then critical, then the earliest due date."""
    blockers = [b for r in results for b in r.blockers]
    return sorted(blockers, key=lambda b: (-b.sensitivity, not b.critical, b.due, b.branch, b.item))
