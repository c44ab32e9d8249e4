"""What the public results portal shows: published contests only, by election and by division,
and the digests of the bulletins they count (for checking a branch's wall sheet).

Nothing here decides on its own whether a result may be shown: a contest is listed when its
certification state is ``published`` (``certification.PUBLISHED``), the one rule the result
sheet, the CSV and the ERR export follow too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from entekhab.domain.error_codes import counting as codes
from entekhab.errors import EntekhabError
from entekhab.service.counting.aggregation import area_totals
from entekhab.service.counting.certification import PUBLISHED, label_of
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.counting import ContestResultRow, CurrentBulletin, ResultTotal
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "CountedBulletin",
    "DivisionResult",
    "PortalContest",
    "PortalElection",
    "counted_bulletins",
    "division_results",
    "portal_elections",
]


@dataclass(frozen=True)
class PortalContest:
    code: str
    name_fa: str
    name_en: str
    kind: str
    state: str

    @property
    def label(self) -> str:
        return label_of(self.state)


@dataclass(frozen=True)
class PortalElection:
    election_id: str
    name_fa: str
    name_en: str
    polling_day: date
    definition_hash: str
    contests: list[PortalContest]
    """The published contests only."""


def portal_elections(uow_factory: UnitOfWorkFactory) -> list[PortalElection]:
    """Every loaded election with the contests it has published (elections with none too, so
    that the public sees the election exists and nothing is published yet)."""
    out: list[PortalElection] = []
    with uow_factory() as uow:
        ids = uow.session.scalars(select(ElectionRow.id).order_by(ElectionRow.id)).all()
        published = uow.session.execute(
            select(ContestResultRow.election_id, ContestResultRow.contest).where(
                ContestResultRow.state == PUBLISHED
            )
        ).all()
        shown = {(str(e), str(c)) for e, c in published}
        for election_id in ids:
            definition, digest = get_definition(uow.session, election_id)
            contests = [
                PortalContest(c.code, c.name_fa, c.name_en, str(c.kind), PUBLISHED)
                for c in definition.contests
                if (election_id, c.code) in shown
            ]
            out.append(
                PortalElection(
                    election_id,
                    definition.name_fa,
                    definition.name_en,
                    definition.polling_day,
                    digest,
                    contests,
                )
            )
    return out


@dataclass(frozen=True)
class DivisionResult:
    """A published contest's totals in one division (or in one branch)."""

    level: str
    area: str
    name_fa: str
    name_en: str
    ballots: int
    voters_checked_in: int
    candidates: dict[str, int]
    lists: dict[str, int]


def _require_published(uow_factory: UnitOfWorkFactory, election_id: str, contest: str) -> None:
    with uow_factory() as uow:
        state = uow.session.scalar(
            select(ContestResultRow.state).where(
                ContestResultRow.election_id == election_id, ContestResultRow.contest == contest
            )
        )
    if state != PUBLISHED:
        raise EntekhabError(codes.RESULT_NOT_PUBLISHED, {"contest": contest})


def division_results(
    uow_factory: UnitOfWorkFactory, election_id: str, contest: str
) -> list[DivisionResult]:
    """The published ``contest``'s totals in every division it was counted in (not branches),
    from the widest to the narrowest (RESULT_NOT_PUBLISHED before publication)."""
    _require_published(uow_factory, election_id, contest)
    with uow_factory() as uow:
        definition, _digest = get_definition(uow.session, election_id)
        places = uow.session.execute(
            select(ResultTotal.level, ResultTotal.area)
            .where(
                ResultTotal.election_id == election_id,
                ResultTotal.contest == contest,
                ResultTotal.level.not_in(("branch", "contest")),
            )
            .distinct()
        ).all()
        found = [
            area_totals(uow.session, election_id, contest, str(level), str(area))
            for level, area in places
        ]
    depth = {code: len(definition.ancestors(code)) for _level, code in places}
    out = []
    for totals in found:
        division = definition.division_by_code.get(totals.area)
        out.append(
            DivisionResult(
                totals.level,
                totals.area,
                division.name_fa if division else totals.area,
                division.name_en if division else totals.area,
                totals.meta.get("ballots_cast", 0),
                totals.meta.get("voters_checked_in", 0),
                totals.candidates,
                totals.lists,
            )
        )
    out.sort(key=lambda d: (depth.get(d.area, 0), d.name_fa, d.area))
    return out


@dataclass(frozen=True)
class CountedBulletin:
    contest: str
    branch: str
    branch_name_fa: str
    digest: str


def counted_bulletins(uow_factory: UnitOfWorkFactory, election_id: str) -> list[CountedBulletin]:
    """The bulletin that counts for every branch of every published contest of the election:
    the SHA-256 digest printed on the branch's wall sheet (and in its QR code)."""
    with uow_factory() as uow:
        definition, _digest = get_definition(uow.session, election_id)
        rows = uow.session.execute(
            select(CurrentBulletin.contest, CurrentBulletin.branch, CurrentBulletin.digest)
            .join(
                ContestResultRow,
                (ContestResultRow.election_id == CurrentBulletin.election_id)
                & (ContestResultRow.contest == CurrentBulletin.contest),
            )
            .where(
                CurrentBulletin.election_id == election_id,
                ContestResultRow.state == PUBLISHED,
            )
            .order_by(CurrentBulletin.contest, CurrentBulletin.branch)
        ).all()
    return [
        CountedBulletin(
            str(contest),
            str(branch),
            definition.branch_by_code[str(branch)].name_fa
            if str(branch) in definition.branch_by_code
            else str(branch),
            str(digest),
        )
        for contest, branch, digest in rows
    ]
