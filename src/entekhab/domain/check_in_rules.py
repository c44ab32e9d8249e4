"""Who may check in at a branch: age on polling day and residence in each contest's constituency.

Pure rules over the definition and the registry facts of one citizen; the service fetches the
facts and records the participation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from entekhab.domain.definition import Branch, ElectionDefinition, ResidenceRule
from entekhab.domain.error_codes.election_day import NOT_ENTITLED, UNDER_AGE, WRONG_CONTESTS
from entekhab.domain.errors import EntekhabError

__all__ = ["CitizenFacts", "age_on", "branch_contests", "check_entitled"]


@dataclass(frozen=True)
class CitizenFacts:
    """What the civil registry says about one person (no name needed)."""

    birth_date: date
    residence_division: str
    residence_since: date


def age_on(birth: date, day: date) -> int:
    """Age in whole years on ``day`` (a 29 February birthday counts from 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def branch_contests(definition: ElectionDefinition, branch: Branch) -> tuple[str, ...]:
    """The contests of the branch's ballot style."""
    style = definition.style_by_code.get(branch.ballot_style)
    if style is None:
        raise EntekhabError(WRONG_CONTESTS, {"expected": [], "style": branch.ballot_style})
    return style.contests


def check_entitled(definition: ElectionDefinition, branch: Branch, citizen: CitizenFacts) -> None:
    """Raise UNDER_AGE or NOT_ENTITLED unless ``citizen`` may vote on this branch's ballot."""
    if age_on(citizen.birth_date, definition.polling_day) < definition.minimum_age:
        raise EntekhabError(UNDER_AGE, {"minimum_age": definition.minimum_age})
    ancestors = set(definition.ancestors(citizen.residence_division))
    for code in branch_contests(definition, branch):
        contest = definition.contest_by_code[code]
        if not ancestors.intersection(contest.constituency):
            raise EntekhabError(NOT_ENTITLED, {"contest": code, "rule": "constituency"})
        if contest.residence_rule is ResidenceRule.ONE_YEAR_RESIDENCE and (
            citizen.residence_since > _one_year_before(definition.polling_day)
        ):
            raise EntekhabError(NOT_ENTITLED, {"contest": code, "rule": "one_year_residence"})
