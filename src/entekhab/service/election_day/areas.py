"""The areas headquarters follows polling day by: province → county → district → branch.

An election's divisions, kept to those that hold a branch, with every branch under each one,
computed once per loaded definition (the Tehran sample: 240 divisions, 2,515 branches). A
district (or anything below it) lists its branches directly; above it, its divisions.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from entekhab.domain.access import within_jurisdiction
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.general import NOT_FOUND
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import Division, DivisionKind
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["FollowedElection", "Geography", "followed_elections", "geography", "start_area"]

_LISTS_BRANCHES = frozenset(
    {DivisionKind.DISTRICT, DivisionKind.CITY, DivisionKind.RURAL_DISTRICT, DivisionKind.VILLAGE}
)


@dataclass(frozen=True)
class Geography:
    """One election's areas. ``None`` stands for the whole election (its top divisions)."""

    definition: ElectionDefinition
    children: Mapping[str | None, tuple[str, ...]]
    """Divisions that hold at least one branch, by parent."""
    branches: Mapping[str | None, tuple[str, ...]]
    """Every branch under a division (``None``: every branch of the election)."""

    def division(self, code: str) -> Division:
        """The division ``code`` of this election that holds a branch (NOT_FOUND otherwise)."""
        found = self.definition.division_by_code.get(code)
        if found is None or code not in self.branches:
            raise EntekhabError(NOT_FOUND, {"what": f"area {code}"})
        return found

    def trail(self, code: str | None) -> list[Division]:
        """The divisions from the top down to ``code`` (empty for the whole election)."""
        if code is None:
            return []
        by_code = self.definition.division_by_code
        return [by_code[c] for c in reversed(self.definition.ancestors(code)) if c in by_code]

    def lists_branches(self, code: str | None) -> bool:
        """Whether the area's page lists its branches (a district or below, or an area with no
        divisions of its own that hold branches) rather than its divisions."""
        if code is not None and self.definition.division_by_code[code].kind in _LISTS_BRANCHES:
            return True
        return not self.children.get(code)


_lock = threading.Lock()
_cache: dict[int, tuple[ElectionDefinition, Geography]] = {}
_CACHE_SIZE = 32


def geography(definition: ElectionDefinition) -> Geography:
    """The areas of ``definition`` (computed once per loaded definition)."""
    with _lock:
        hit = _cache.get(id(definition))
    if hit is not None and hit[0] is definition:
        return hit[1]
    built = _build(definition)
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[id(definition)] = (definition, built)  # the definition is kept: ids stay unique
    return built


def _build(definition: ElectionDefinition) -> Geography:
    under: dict[str | None, list[str]] = {None: []}
    for branch in definition.branches:
        under[None].append(branch.code)
        for code in definition.ancestors(branch.division):
            under.setdefault(code, []).append(branch.code)
    children: dict[str | None, list[str]] = {}
    for division in definition.divisions:
        if division.code in under:
            children.setdefault(division.parent, []).append(division.code)
    return Geography(
        definition,
        {parent: tuple(codes) for parent, codes in children.items()},
        {code: tuple(codes) for code, codes in under.items()},
    )


@dataclass(frozen=True)
class FollowedElection:
    election_id: str
    name_fa: str
    name_en: str
    polling_day: str
    area: str | None
    """Where this user's view of it starts: ``None`` for the whole election, else the
    division of the user's jurisdiction."""


def followed_elections(uow_factory: UnitOfWorkFactory, jurisdiction: str) -> list[FollowedElection]:
    """The loaded elections that reach into ``jurisdiction``, each with the area the user's view
    starts at (an election elsewhere is left out)."""
    out: list[FollowedElection] = []
    with uow_factory() as uow:
        session = uow.session
        for election_id in session.scalars(select(ElectionRow.id).order_by(ElectionRow.id)):
            definition = get_definition(session, election_id).definition
            area = start_area(geography(definition), jurisdiction)
            if area is not False:
                out.append(
                    FollowedElection(
                        election_id,
                        definition.name_fa,
                        definition.name_en,
                        definition.polling_day.isoformat(),
                        area,
                    )
                )
    return out


def start_area(geo: Geography, jurisdiction: str) -> str | Literal[False] | None:
    """The area a user of ``jurisdiction`` starts from in this election: ``None`` (all of it)
    when every top division lies inside the jurisdiction, the jurisdiction's own division when
    the election holds branches there, ``False`` when the election does not reach it."""
    tops = geo.children.get(None, ())
    if tops and all(within_jurisdiction(jurisdiction, [code]) for code in tops):
        return None
    if jurisdiction in geo.branches:
        return jurisdiction
    return False
