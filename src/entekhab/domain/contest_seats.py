"""Seats, alternates and allowed marks of a contest, read from the definition.

Explicit values win (``seat_override``, then ``seats``/``alternates``); a council contest
without them takes the population band of the city or village whose council it is.
"""

from __future__ import annotations

from entekhab.domain.definition import Contest, ElectionDefinition, SeatBand
from entekhab.domain.geography import DivisionKind

__all__ = ["max_marks", "seats_and_alternates"]


def _band(bands: tuple[SeatBand, ...], population: int) -> SeatBand:
    for band in bands:
        if band.max_population is None or population <= band.max_population:
            return band
    return bands[-1]


def seats_and_alternates(definition: ElectionDefinition, contest: Contest) -> tuple[int, int]:
    """(seats, alternates) of ``contest``."""
    if contest.seat_override is not None:
        return contest.seat_override.seats, contest.seat_override.alternates
    if contest.seats is not None:
        return contest.seats, contest.alternates or 0
    if contest.council_of is not None:
        division = definition.division_by_code.get(contest.council_of)
        if division is not None:
            rule = definition.seat_bands
            bands = rule.villages if division.kind == DivisionKind.VILLAGE else rule.cities
            band = _band(bands, division.population)
            return band.seats, band.alternates
    return 1, 0


def max_marks(definition: ElectionDefinition, contest: Contest) -> int:
    """How many candidates one voter may mark in ``contest``."""
    if contest.max_selections is not None:
        return contest.max_selections
    return seats_and_alternates(definition, contest)[0]
