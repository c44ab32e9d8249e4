"""Candidates and party lists of a sample election.

``CandidateMaker`` hands out unique valid national codes and unique ballot codes (numbers from
1001 upwards, unique across the whole definition, as on a printed candidate booklet), and draws
names, ages, education and isargar status from profiles that differ between Tehran, other cities,
villages and the Assembly of Experts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from entekhab.domain.definition import Candidate, EducationLevel, PartyList
from entekhab.domain.national_code import generate
from entekhab.sim.names import draw_person

__all__ = [
    "CITY_PROFILE",
    "EXPERTS_PROFILE",
    "METROPOLIS_PROFILE",
    "VILLAGE_PROFILE",
    "CandidateMaker",
    "CandidateProfile",
    "PartyListSpec",
    "make_party_lists",
]

E = EducationLevel


@dataclass(frozen=True)
class CandidateProfile:
    """Who stands in a kind of contest: ages on polling day, education weights, shares."""

    min_age: int
    max_age: int
    education: tuple[tuple[EducationLevel, int], ...]
    female_share: float
    isargar_share: float
    honorific_share: float = 0.0  # "Seyyed" before the given name (Experts candidates)


METROPOLIS_PROFILE = CandidateProfile(
    28, 72, ((E.BACHELOR, 25), (E.MASTER, 45), (E.DOCTORATE, 30)), 0.22, 0.12
)
CITY_PROFILE = CandidateProfile(
    25,
    70,
    (
        (E.DIPLOMA, 15),
        (E.ASSOCIATE, 10),
        (E.BACHELOR, 40),
        (E.MASTER, 28),
        (E.DOCTORATE, 7),
    ),
    0.15,
    0.10,
)
VILLAGE_PROFILE = CandidateProfile(
    25,
    68,
    ((E.DIPLOMA, 50), (E.ASSOCIATE, 15), (E.BACHELOR, 30), (E.MASTER, 5)),
    0.08,
    0.08,
)
EXPERTS_PROFILE = CandidateProfile(
    45, 82, ((E.MASTER, 30), (E.DOCTORATE, 70)), 0.0, 0.15, honorific_share=0.45
)


class CandidateMaker:
    """Makes candidates with codes unique across one definition."""

    def __init__(self, rng: random.Random, polling_day: date, first_ballot_code: int = 1001):
        self._rng = rng
        self._polling_day = polling_day
        self._next_code = first_ballot_code
        self._national_codes: set[str] = set()

    def _national_code(self) -> str:
        while True:
            code = generate(self._rng)
            if code not in self._national_codes:
                self._national_codes.add(code)
                return code

    def _birth_date(self, profile: CandidateProfile) -> date:
        age_days = self._rng.randint(profile.min_age * 366, profile.max_age * 365)
        return date.fromordinal(self._polling_day.toordinal() - age_days)

    def make(self, contest: str, profile: CandidateProfile) -> Candidate:
        rng = self._rng
        person = draw_person(rng, female_share=profile.female_share)
        given_fa, given_en = person.given_fa, person.given_en
        if rng.random() < profile.honorific_share:
            given_fa, given_en = f"سید {given_fa}", f"Seyyed {given_en}"
        levels, weights = zip(*profile.education, strict=True)
        ballot_code = str(self._next_code)
        self._next_code += 1
        return Candidate(
            national_code=self._national_code(),
            ballot_code=ballot_code,
            contest=contest,
            given_name_fa=given_fa,
            family_name_fa=person.family_fa,
            given_name_en=given_en,
            family_name_en=person.family_en,
            birth_date=self._birth_date(profile),
            education=rng.choices(levels, weights=weights)[0],
            isargar=rng.random() < profile.isargar_share,
        )

    def make_many(self, contest: str, profile: CandidateProfile, count: int) -> list[Candidate]:
        return [self.make(contest, profile) for _ in range(count)]


@dataclass(frozen=True)
class PartyListSpec:
    """A list's code, names and how many candidates it puts up."""

    code: str
    name_fa: str
    name_en: str
    size: int


def make_party_lists(
    maker: CandidateMaker,
    contest: str,
    profile: CandidateProfile,
    specs: tuple[PartyListSpec, ...],
) -> tuple[list[PartyList], list[Candidate]]:
    """The lists of a list-PR contest and their members (members in list order)."""
    lists: list[PartyList] = []
    members: list[Candidate] = []
    for spec in specs:
        people = maker.make_many(contest, profile, spec.size)
        members.extend(people)
        lists.append(
            PartyList(
                code=spec.code,
                contest=contest,
                name_fa=spec.name_fa,
                name_en=spec.name_en,
                members=tuple(p.ballot_code for p in people),
            )
        )
    return lists, members
