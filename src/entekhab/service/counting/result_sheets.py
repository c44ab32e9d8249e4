"""The data of a contest's result sheet (برگ نتیجه حوزه), gathered in one read.

A sheet shows the contest's totals, the reporting progress, the allocation with its working
(quotas, remainders or divisor rows, ties and the lot) and, always, its label: ``official`` only
once the supervisory board has confirmed. The public side asks with ``published_only=True`` and
gets RESULT_NOT_PUBLISHED for anything not yet published. Rendering (HTML/PDF, Persian) is
``entekhab.web.sheets``; this module only decides what is on the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition import ElectionDefinition
from entekhab.service.counting.aggregation import Progress, area_totals, reporting_progress
from entekhab.service.counting.certification import CertificationStatus, shown_status
from entekhab.service.definitions.loading import get_definition
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["CandidateLine", "ContestSheet", "ListLine", "contest_sheet"]


@dataclass(frozen=True)
class CandidateLine:
    """One candidate's row: votes and, once allocated, elected / alternate and rank."""

    code: str
    name_fa: str
    name_en: str
    list_code: str | None
    votes: int  # personal votes: marked for the candidate individually
    counted: int  # votes the allocation ranked by (list PR, open list: personal + via list)
    outcome: str  # "elected", "alternate" or "" (also "" before allocation)
    rank: int | None  # 1-based rank among the elected, or among the alternates


@dataclass(frozen=True)
class ListLine:
    code: str
    name_fa: str
    name_en: str
    votes: int  # ballots that chose the list as a whole
    seats: int | None  # None before allocation


@dataclass(frozen=True)
class ContestSheet:
    election_id: str
    election_name_fa: str
    election_name_en: str
    polling_day: date
    definition_hash: str
    contest: str
    contest_name_fa: str
    contest_name_en: str
    kind: str
    seats: int
    alternates: int
    certification: CertificationStatus
    counts: dict[str, int]
    progress: Progress
    candidates: list[CandidateLine]
    lists: list[ListLine]
    generated_at: datetime
    allocation: dict[str, Any] | None = field(default=None)
    """The allocation as approved (its working included); None while unofficial."""

    @property
    def label(self) -> str:
        return self.certification.label

    @property
    def not_counted(self) -> list[dict[str, Any]]:
        """Branches the executive board recorded as not counted (with reasons) at approval."""
        reporting = (self.allocation or {}).get("reporting") or {}
        return list(reporting.get("not_counted", []))


def _outcomes(allocation: dict[str, Any] | None) -> dict[str, tuple[str, int]]:
    if not allocation:
        return {}
    out: dict[str, tuple[str, int]] = {}
    for rank, code in enumerate(allocation.get("elected", []), start=1):
        out[str(code)] = ("elected", rank)
    for rank, code in enumerate(allocation.get("alternates_ranked", []), start=1):
        out.setdefault(str(code), ("alternate", rank))
    return out


def _counted_votes(allocation: dict[str, Any] | None) -> dict[str, int]:
    """Members' votes as the allocation counted them (list PR: personal + via the list)."""
    entries = ((allocation or {}).get("explanation") or {}).get("entries") or []
    return {str(m["candidate"]): int(m["votes"]) for e in entries for m in e.get("members", [])}


def _list_seats(allocation: dict[str, Any] | None) -> dict[str, int]:
    seats = (allocation or {}).get("list_seats") or {}
    return {str(k): int(v) for k, v in seats.items()}


def _lines(
    definition: ElectionDefinition,
    contest: str,
    votes: dict[str, int],
    list_votes: dict[str, int],
    allocation: dict[str, Any] | None,
) -> tuple[list[CandidateLine], list[ListLine]]:
    member_of = {
        member: plist.code
        for plist in definition.lists_by_contest.get(contest, {}).values()
        for member in plist.members
    }
    outcomes = _outcomes(allocation)
    counted = _counted_votes(allocation)
    candidates = [
        CandidateLine(
            code=code,
            name_fa=f"{c.given_name_fa} {c.family_name_fa}",
            name_en=f"{c.given_name_en} {c.family_name_en}".strip(),
            list_code=member_of.get(code),
            votes=votes.get(code, 0),
            counted=counted.get(code, votes.get(code, 0)),
            outcome=outcomes.get(code, ("", 0))[0],
            rank=outcomes[code][1] if code in outcomes else None,
        )
        for code, c in definition.candidates_by_contest.get(contest, {}).items()
    ]
    group = {"elected": 0, "alternate": 1}
    candidates.sort(key=lambda line: (group.get(line.outcome, 2), -line.counted, line.code))
    seats = _list_seats(allocation)
    lists = [
        ListLine(
            code=code,
            name_fa=p.name_fa,
            name_en=p.name_en,
            votes=list_votes.get(code, 0),
            seats=seats.get(code, 0) if allocation else None,
        )
        for code, p in definition.lists_by_contest.get(contest, {}).items()
    ]
    by_code = {line.code: line for line in candidates}
    lists += [  # independents stand as one-member lists: show the seats they won beside lists
        ListLine(code, f"{by_code[code].name_fa} (مستقل)", by_code[code].name_en, 0, won)
        for code, won in seats.items()
        if code not in definition.lists_by_contest.get(contest, {}) and code in by_code and won
    ]
    lists.sort(key=lambda line: (-(line.seats or 0), -line.votes, line.code))
    return candidates, lists


def contest_sheet(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    *,
    generated_at: datetime,
    published_only: bool = True,
) -> ContestSheet:
    """Everything the result sheet of ``contest`` shows, read in one unit of work."""
    with uow_factory() as uow:
        definition, definition_hash = get_definition(uow.session, election_id)
        found, state = shown_status(uow.session, definition, contest, published_only=published_only)
        totals = area_totals(uow.session, election_id, contest)
        progress = reporting_progress(uow.session, definition, contest)
    seats, alternates = seats_and_alternates(definition, found)
    allocation = state.outcome
    candidates, lists = _lines(definition, contest, totals.candidates, totals.lists, allocation)
    return ContestSheet(
        election_id=election_id,
        election_name_fa=definition.name_fa,
        election_name_en=definition.name_en,
        polling_day=definition.polling_day,
        definition_hash=definition_hash,
        contest=contest,
        contest_name_fa=found.name_fa,
        contest_name_en=found.name_en,
        kind=str(found.kind),
        seats=seats,
        alternates=alternates,
        certification=state,
        counts=dict(totals.meta),
        progress=progress,
        candidates=candidates,
        lists=lists,
        generated_at=generated_at,
        allocation=allocation,
    )
