"""Reading results: the live (unofficial) count for officials, the published one for everyone.

Every answer carries its label: ``unofficial`` until the supervisory board confirms, then
``official``. Only a published result is served by ``published_result`` (the public side).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes import counting as codes
from entekhab.domain.error_codes import general
from entekhab.domain.errors import EntekhabError
from entekhab.domain.tally import CONTEST_AREA
from entekhab.service.counting.aggregation import area_totals, reporting_progress, turnout
from entekhab.service.counting.certification import PUBLISHED, status
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.counting import ContestResultRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["live_result", "published_contests", "published_result"]


def live_result(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    level: str = "contest",
    area: str = CONTEST_AREA,
) -> dict[str, Any]:
    """The running count of ``contest`` at one area, with progress, turnout and its label."""
    with uow_factory() as uow:
        definition, _hash = get_definition(uow.session, election_id)
        if contest not in definition.contest_by_code:
            raise EntekhabError(general.NOT_FOUND, {"what": f"contest {contest}"})
        state = status(uow.session, election_id, contest)
        totals = area_totals(uow.session, election_id, contest, level, area)
        progress = reporting_progress(uow.session, definition, contest, level, area)
        turnouts = turnout(uow.session, definition, contest)
    return {
        "election_id": election_id,
        "contest": contest,
        "label": "unofficial",
        "certification": state.state,
        "totals": totals.as_json(),
        "progress": progress.as_json(),
        "turnout": [t.as_json() for t in turnouts],
    }


def published_result(
    uow_factory: UnitOfWorkFactory, election_id: str, contest: str
) -> dict[str, Any]:
    """The published official result of ``contest``, as certified (RESULT_NOT_PUBLISHED if not)."""
    with uow_factory() as uow:
        state = status(uow.session, election_id, contest)
    if state.state != PUBLISHED or state.outcome is None:
        raise EntekhabError(codes.RESULT_NOT_PUBLISHED, {"contest": contest})
    return state.as_json()


def published_contests(uow_factory: UnitOfWorkFactory, election_id: str) -> list[str]:
    """Codes of the contests of ``election_id`` whose official result is published."""
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(ContestResultRow.contest).where(
                ContestResultRow.election_id == election_id,
                ContestResultRow.state == PUBLISHED,
            )
        ).all()
    return sorted(str(r) for r in rows)


def contest_constituency(
    uow_factory: UnitOfWorkFactory, election_id: str, contest: str
) -> tuple[ElectionDefinition, tuple[str, ...]]:
    """The definition and the constituency divisions of ``contest`` (for jurisdiction checks)."""
    with uow_factory() as uow:
        definition, _hash = get_definition(uow.session, election_id)
    found = definition.contest_by_code.get(contest)
    if found is None:
        raise EntekhabError(general.NOT_FOUND, {"what": f"contest {contest}"})
    return definition, found.constituency
