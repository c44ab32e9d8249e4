"""A synthetic civil-registry extract (ثبت احوال) for an election definition.

``generate_registry(definition, count, seed)`` draws ``count`` citizens from
``random.Random(seed)`` alone:
- a valid national code, unique in the extract;
- a birth date from Iran's age pyramid for ages 15 to 89 on polling day, so that about one in
  twenty is under 18 (they must be refused at check-in);
- a gender (50.5% men);
- a residence division: a city or village of the definition, in proportion to its population;
- the date they took up that residence: about 6% moved there less than a year before polling
  day (the one-year residence rule refuses them in the councils that apply it), some have lived
  there since birth, the rest moved at a random earlier date.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import accumulate
from operator import mul
from pathlib import Path

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.geography import DivisionKind
from entekhab.service.registry.rows import REGISTRY_COLUMNS, CitizenRecord

__all__ = [
    "AGE_PYRAMID",
    "RECENT_MOVER_SHARE",
    "generate_registry",
    "residence_weights",
    "write_registry_csv",
]

AGE_PYRAMID: tuple[tuple[int, float], ...] = (
    (15, 7.3),
    (20, 6.6),
    (25, 6.5),
    (30, 7.6),
    (35, 9.3),
    (40, 9.2),
    (45, 7.8),
    (50, 6.5),
    (55, 5.4),
    (60, 4.6),
    (65, 3.5),
    (70, 2.4),
    (75, 1.5),
    (80, 0.9),
    (85, 0.5),
)
"""(first age of a five-year band, share of the population aged 15-89 in it, in percent)."""

RECENT_MOVER_SHARE = 0.06
SINCE_BIRTH_SHARE = 0.35
_DAYS_PER_YEAR = 365.2425


def residence_weights(definition: ElectionDefinition) -> list[tuple[str, int]]:
    """(division code, population) of every city and village with people, in definition order."""
    leaves = (DivisionKind.CITY, DivisionKind.VILLAGE)
    return [
        (d.code, d.population) for d in definition.divisions if d.kind in leaves and d.population
    ]


_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_ZERO_OFFSET = ord("0") * sum(_WEIGHTS)


def _unique_codes(rng: random.Random) -> Iterator[str]:
    """Valid national codes, never one twice (``check_digit``'s rule, on bytes for speed)."""
    seen: set[str] = set()
    randrange = rng.randrange
    while True:
        first = f"{randrange(10**9):09d}"
        rem = (sum(map(mul, first.encode(), _WEIGHTS)) - _ZERO_OFFSET) % 11
        code = first + str(rem if rem < 2 else 11 - rem)
        if code in seen or code == code[0] * 10:
            continue
        seen.add(code)
        yield code


def generate_registry(
    definition: ElectionDefinition, count: int, seed: int
) -> Iterator[CitizenRecord]:
    """``count`` synthetic citizens living in ``definition``'s cities and villages."""
    places = residence_weights(definition)
    if not places:
        raise ValueError("the definition has no city or village with a population")
    codes = [code for code, _ in places]
    place_cum = list(accumulate(pop for _, pop in places))
    age_cum = list(accumulate(share for _, share in AGE_PYRAMID))
    rng = random.Random(seed)
    random_ = rng.random
    polling = definition.polling_day.toordinal()
    year_before = polling - 365
    national_codes = _unique_codes(rng)
    for _ in range(count):
        band = bisect_right(age_cum, random_() * age_cum[-1])
        age_years = AGE_PYRAMID[min(band, len(AGE_PYRAMID) - 1)][0] + random_() * 5
        birth = polling - int(age_years * _DAYS_PER_YEAR) - 1
        division = codes[bisect_right(place_cum, random_() * place_cum[-1])]
        roll = random_()
        if roll < RECENT_MOVER_SHARE:
            since = max(birth, polling - 1 - int(random_() * 364))
        elif roll < RECENT_MOVER_SHARE + SINCE_BIRTH_SHARE or year_before <= birth:
            since = birth
        else:
            since = birth + int(random_() * (year_before - birth))
        yield CitizenRecord(
            next(national_codes),
            date.fromordinal(birth),
            "m" if random_() < 0.505 else "f",
            division,
            date.fromordinal(since),
        )


def write_registry_csv(
    rows: Iterable[CitizenRecord],
    path: Path,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` as CSV with a header line; returns the number of rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REGISTRY_COLUMNS)
        for row in rows:
            writer.writerow(
                (
                    row.national_code,
                    row.birth_date.isoformat(),
                    row.gender,
                    row.residence_division,
                    row.residence_since.isoformat(),
                )
            )
            written += 1
            if progress is not None and written % 10_000 == 0:
                progress(10_000)
    if progress is not None and written % 10_000:
        progress(written % 10_000)
    return written
