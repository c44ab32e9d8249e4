"""Branch staffing (عوامل شعبه): how many of each role a branch needs, and who may serve.

Sizing by expected voters: one head, one secretary, one inspector, one representative of the
governor and one police officer at every branch; agents: two, plus one per ``voters_per_agent``
expected voters beyond the first; a second police officer above ``second_police_above`` voters.

Eligibility conditions are rules held as data (``planning/data/staff_rules.yaml``): a minimum
age and education per role, and whether a candidate of the election may serve (never). A
declared relationship to a candidate does not bar a person; it is a conflict of interest that is
flagged for the headquarters to decide.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import resources

import yaml

from entekhab.domain.definition import EducationLevel
from entekhab.domain.error_codes.planning import PLANNING_STAFF_INELIGIBLE
from entekhab.domain.errors import EntekhabError

__all__ = [
    "EDUCATION_ORDER",
    "RoleRule",
    "StaffRole",
    "StaffRules",
    "Staffer",
    "check_eligible",
    "default_staff_rules",
    "roster_size",
]


class StaffRole(StrEnum):
    HEAD = "head"  # رئیس شعبه
    SECRETARY = "secretary"  # منشی
    AGENT = "agent"  # عضو / مامور شعبه
    INSPECTOR = "inspector"  # ناظر
    GOVERNOR_REP = "governor_rep"  # نماینده فرمانداری
    POLICE = "police"  # مامور انتظامی


EDUCATION_ORDER: tuple[str, ...] = tuple(e.value for e in EducationLevel)
"""Education levels from lowest to highest, as the definition lists them."""


@dataclass(frozen=True)
class RoleRule:
    min_age: int
    min_education: str | None


@dataclass(frozen=True)
class StaffRules:
    roles: Mapping[str, RoleRule]
    voters_per_agent: int
    second_police_above: int
    candidates_may_serve: bool = False


def default_staff_rules() -> StaffRules:
    text = (
        resources.files("entekhab.planning")
        .joinpath("data/staff_rules.yaml")
        .read_text(encoding="utf-8")
    )
    return load_staff_rules(text)


def load_staff_rules(text: str) -> StaffRules:
    doc = yaml.safe_load(text)
    roles = {
        str(code): RoleRule(int(r["min_age"]), r.get("min_education"))
        for code, r in doc["roles"].items()
    }
    return StaffRules(
        roles,
        int(doc["voters_per_agent"]),
        int(doc["second_police_above"]),
        bool(doc.get("candidates_may_serve", False)),
    )


def roster_size(voters: int, rules: StaffRules) -> dict[str, int]:
    """How many of each role a branch with ``voters`` expected voters needs."""
    extra = max(0, math.ceil((voters - rules.voters_per_agent) / rules.voters_per_agent))
    return {
        StaffRole.HEAD.value: 1,
        StaffRole.SECRETARY.value: 1,
        StaffRole.AGENT.value: 2 + extra,
        StaffRole.INSPECTOR.value: 1,
        StaffRole.GOVERNOR_REP.value: 1,
        StaffRole.POLICE.value: 2 if voters > rules.second_police_above else 1,
    }


@dataclass(frozen=True)
class Staffer:
    national_code: str
    birth_date: date
    education: str


def check_eligible(
    person: Staffer, role: str, on: date, rules: StaffRules, candidate_codes: frozenset[str]
) -> None:
    """Refuse with PLANNING_STAFF_INELIGIBLE when ``person`` may not serve as ``role``."""

    def refuse(reason: str) -> None:
        raise EntekhabError(
            PLANNING_STAFF_INELIGIBLE,
            {"national_code": person.national_code, "role": role, "reason": reason},
        )

    rule = rules.roles.get(role)
    if rule is None:
        refuse("unknown role")
        return
    if not rules.candidates_may_serve and person.national_code in candidate_codes:
        refuse("a candidate of this election")
    born = person.birth_date
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < rule.min_age:
        refuse(f"younger than {rule.min_age}")
    if rule.min_education is not None:
        if person.education not in EDUCATION_ORDER:
            refuse(f"unknown education {person.education}")
        if EDUCATION_ORDER.index(person.education) < EDUCATION_ORDER.index(rule.min_education):
            refuse(f"education below {rule.min_education}")
