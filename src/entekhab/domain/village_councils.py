"""Which villages get a council (شورای اسلامی روستا), and why the others do not.

A village gets a council when it is flagged as having qualified in the previous term
(``Division.qualified_last_term``), or, when the definition's ``VillageCouncilRule`` gives a
minimum population, when it reaches that population. With ``require_qualified_last_term`` off
and no minimum population, every village qualifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from entekhab.domain.definition import ElectionDefinition, VillageCouncilRule
from entekhab.domain.geography import Division, DivisionKind

__all__ = [
    "ExclusionReason",
    "VillageExclusion",
    "excluded_villages",
    "exclusion_reason",
]


class ExclusionReason(StrEnum):
    NOT_QUALIFIED_LAST_TERM = "not_qualified_last_term"
    QUALIFICATION_NOT_RECORDED = "qualification_not_recorded"
    BELOW_MIN_POPULATION = "below_min_population"

    @property
    def fa(self) -> str:
        return _TEXTS[self][0]

    @property
    def en(self) -> str:
        return _TEXTS[self][1]


_TEXTS: dict[ExclusionReason, tuple[str, str]] = {
    ExclusionReason.NOT_QUALIFIED_LAST_TERM: (
        "در دوره پیش شرایط تشکیل شورا را نداشت",
        "did not qualify for a council in the previous term",
    ),
    ExclusionReason.QUALIFICATION_NOT_RECORDED: (
        "وضعیت دوره پیش آن ثبت نشده است",
        "its previous-term qualification is not recorded",
    ),
    ExclusionReason.BELOW_MIN_POPULATION: (
        "جمعیت آن کمتر از حد لازم است",
        "its population is below the legal minimum",
    ),
}


@dataclass(frozen=True)
class VillageExclusion:
    """A village without a council, and why."""

    village: Division
    reason: ExclusionReason
    has_council_contest: bool
    """Whether the definition nonetheless holds a council contest for it (a problem)."""


def exclusion_reason(village: Division, rule: VillageCouncilRule) -> ExclusionReason | None:
    """Why ``village`` gets no council under ``rule``; None when it qualifies."""
    if village.qualified_last_term:
        return None
    if rule.min_population is not None:
        if village.population >= rule.min_population:
            return None
        return ExclusionReason.BELOW_MIN_POPULATION
    if not rule.require_qualified_last_term:
        return None
    if village.qualified_last_term is None:
        return ExclusionReason.QUALIFICATION_NOT_RECORDED
    return ExclusionReason.NOT_QUALIFIED_LAST_TERM


def excluded_villages(definition: ElectionDefinition) -> list[VillageExclusion]:
    """Every village of ``definition`` that gets no council, in definition order."""
    councils = {c.council_of for c in definition.contests if c.council_of is not None}
    out: list[VillageExclusion] = []
    for division in definition.divisions:
        if division.kind != DivisionKind.VILLAGE:
            continue
        reason = exclusion_reason(division, definition.village_councils)
        if reason is not None:
            out.append(VillageExclusion(division, reason, division.code in councils))
    return out
