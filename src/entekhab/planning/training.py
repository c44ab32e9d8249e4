"""Training (آموزش): which course each role needs, and who still lacks it.

Courses are for an audience — governorate staff, district staff or branch agents — held in
person or by webinar, in stages per county, by trainers with field experience. A person has
completed a course when they attended a session of it and their evaluation reached the pass
mark. ``REQUIRED`` says which audience's course each branch role needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "PASS_MARK",
    "REQUIRED",
    "Audience",
    "CourseMode",
    "Gap",
    "completion_by_county",
    "training_gaps",
]


class Audience(StrEnum):
    GOVERNORATE_STAFF = "governorate_staff"  # کارکنان فرمانداری
    DISTRICT_STAFF = "district_staff"  # کارکنان بخشداری
    BRANCH_AGENTS = "branch_agents"  # عوامل شعب


class CourseMode(StrEnum):
    IN_PERSON = "in_person"  # حضوری
    WEBINAR = "webinar"  # وبینار


PASS_MARK = 3
"""Evaluation after a session is 1..5; 3 or more completes the course."""

REQUIRED: Mapping[str, Audience] = {
    "head": Audience.BRANCH_AGENTS,
    "secretary": Audience.BRANCH_AGENTS,
    "agent": Audience.BRANCH_AGENTS,
    "inspector": Audience.BRANCH_AGENTS,
    "governor_rep": Audience.GOVERNORATE_STAFF,
}
"""The course audience each rostered role needs (police are trained by their own force)."""


@dataclass(frozen=True)
class Gap:
    national_code: str
    role: str
    branch: str
    county: str
    needs: str


def training_gaps(
    roster: Iterable[tuple[str, str, str, str]],
    completed: Mapping[str, set[str]],
) -> list[Gap]:
    """Rostered people (national code, role, branch, county) who have not completed the
    course their role needs; ``completed[national_code]`` holds the audiences completed."""
    out: list[Gap] = []
    for code, role, branch, county in roster:
        need = REQUIRED.get(role)
        if need is not None and need.value not in completed.get(code, set()):
            out.append(Gap(code, role, branch, county, need.value))
    return sorted(out, key=lambda g: (g.county, g.branch, g.role, g.national_code))


def completion_by_county(
    roster: Iterable[tuple[str, str, str, str]], gaps: Iterable[Gap]
) -> dict[str, tuple[int, int]]:
    """Per county: (people whose role needs a course, of whom have completed it)."""
    needing: dict[str, int] = {}
    for _code, role, _branch, county in roster:
        if role in REQUIRED:
            needing[county] = needing.get(county, 0) + 1
    missing: dict[str, int] = {}
    for g in gaps:
        missing[g.county] = missing.get(g.county, 0) + 1
    return {c: (n, n - missing.get(c, 0)) for c, n in sorted(needing.items())}
