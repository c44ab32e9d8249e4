"""Seats, alternates and allowed marks of a contest, read from the definition.

Explicit values win (``seat_override``, then ``seats``/``alternates``); a council contest
without them takes the population band of the city or village whose council it is.
"""

from __future__ import annotations

from entekhab.domain.definition import Contest, ElectionDefinition, SeatBand, SeatBandRule
from entekhab.domain.geography import Division, DivisionKind

__all__ = ["council_band", "max_marks", "seats_and_alternates"]


def _band(bands: tuple[SeatBand, ...], population: int) -> SeatBand:
    for band in bands:
        if band.max_population is None or population <= band.max_population:
            return band
    return bands[-1]


def council_band(rule: SeatBandRule, division: Division) -> SeatBand:
    """The population band of the council of ``division`` (a city or a village)."""
    bands = rule.villages if division.kind == DivisionKind.VILLAGE else rule.cities
    return _band(bands, division.population)


def seats_and_alternates(definition: ElectionDefinition, contest: Contest) -> tuple[int, int]:
    """(seats, alternates) of ``contest``."""
    if contest.seat_override is not None:
        return contest.seat_override.seats, contest.seat_override.alternates
    if contest.seats is not None:
        return contest.seats, contest.alternates or 0
    if contest.council_of is not None:
        division = definition.division_by_code.get(contest.council_of)
        if division is not None:
            band = council_band(definition.seat_bands, division)
            return band.seats, band.alternates
    return 1, 0


def max_marks(definition: ElectionDefinition, contest: Contest) -> int:
    """How many candidates one voter may mark in ``contest``."""
    if contest.max_selections is not None:
        return contest.max_selections
    return seats_and_alternates(definition, contest)[0]
