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

__all__ = [
    "CitizenFacts",
    "EntitledCitizens",
    "age_on",
    "branch_contests",
    "check_entitled",
    "entitled_citizens",
]


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


@dataclass(frozen=True)
class EntitledCitizens:
    """Who ``check_entitled`` lets in at one branch, as three bounds a database can test in the
    statement that records the check-in (the fast path: one round trip). The same citizens pass
    both; a citizen outside the bounds goes through ``check_entitled`` for the coded refusal."""

    born_on_or_before: date
    divisions: frozenset[str]
    """Residence divisions (of the definition) inside every contest's constituency."""
    resident_since_on_or_before: date
    """``date.max`` when no contest of the branch asks for a year's residence."""

    def admits(self, citizen: CitizenFacts) -> bool:
        return (
            citizen.birth_date <= self.born_on_or_before
            and citizen.residence_division in self.divisions
            and citizen.residence_since <= self.resident_since_on_or_before
        )


def _last_birthday_of_age(day: date, age: int) -> date:
    """The latest birth date of someone ``age`` years old on ``day`` (see ``age_on``)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # polling on 29 February: born 29 February counts from 1 March
        return day.replace(year=day.year - age, day=28)


def entitled_citizens(definition: ElectionDefinition, branch: Branch) -> EntitledCitizens:
    """The bounds of ``check_entitled`` at ``branch`` (WRONG_CONTESTS for an unknown style)."""
    contests = [definition.contest_by_code[c] for c in branch_contests(definition, branch)]
    divisions = frozenset(
        division.code
        for division in definition.divisions
        if all(
            set(definition.ancestors(division.code)).intersection(contest.constituency)
            for contest in contests
        )
    )
    one_year = any(c.residence_rule is ResidenceRule.ONE_YEAR_RESIDENCE for c in contests)
    return EntitledCitizens(
        _last_birthday_of_age(definition.polling_day, definition.minimum_age),
        divisions,
        _one_year_before(definition.polling_day) if one_year else date.max,
    )
