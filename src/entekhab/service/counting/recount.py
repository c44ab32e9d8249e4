"""A recount from the stored ballot records, cross-checked against what headquarters counted.

This is not a board's recount order (``certification.return_to_unofficial``, which sends a
result back to unofficial): it counts every stored ballot record of an election — or of one
contest — again, through DuckDB (``recount_tally``), and compares, for every branch and contest:

* the recounted ballots cast, blank, invalid, list votes and candidate votes with the branch's
  current signed bulletin (the one that counts), the records found with the bulletin's
  ``ballot_records``, and — unless ``roots=False`` — the Merkle root of the stored records with
  the bulletin's ``merkle_root`` (a record edited without changing any count is still caught);
* each bulletin document with its stored digest and its two signatures (an edited bulletin);
* the recounted contest totals with the running totals the bulletins were aggregated into
  (``result_totals``, level ``contest``).

Every difference is reported (``RecountReport.differences``), none is corrected: what to do is
the boards' decision. The records and bulletins are read in one repeatable-read transaction on
PostgreSQL. The recount is logged (``BALLOTS_RECOUNTED``) with its figures and the number of
differences. Who may run it is the permission table's answer (``recount_ballots``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from entekhab.crypto.ballot_tree import ballot_records_root
from entekhab.domain.ballot import BallotRecord
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes import general
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.counting import BALLOTS_RECOUNTED
from entekhab.domain.permissions import Action
from entekhab.domain.results import SignedBulletin
from entekhab.domain.tally import CONTEST_AREA
from entekhab.service.audit.events import record_event
from entekhab.service.counting.aggregation import area_totals
from entekhab.service.counting.bulletins import SqlKeyDirectory, check_signatures
from entekhab.service.counting.recount_tally import (
    BranchCounts,
    Tally,
    export_file,
    export_records,
    tally_export,
)
from entekhab.service.definitions.loading import get_definition
from entekhab.service.security.authority import require_action
from entekhab.store.tables.counting import BulletinRow, CurrentBulletin
from entekhab.store.tables.election_day import BallotRecordRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["Difference", "RecountReport", "recount_ballots"]

TOTALS = "*"
"""The ``branch`` of a difference found in a contest's running totals."""


@dataclass(frozen=True)
class Difference:
    """One thing the recount found that differs from what headquarters holds."""

    contest: str
    branch: str
    """The branch, or ``*`` for the contest's running totals."""
    item: str
    """``ballots_cast``, ``blank``, ``invalid``, ``candidate:CODE``, ``list:CODE``,
    ``ballot_records``, ``merkle_root``, ``unreadable_records``, ``bulletin``,
    ``bulletin_digest`` or ``bulletin_signature``."""
    recounted: int | str | None
    reported: int | str | None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RecountReport:
    """The recount's figures and every difference found."""

    election_id: str
    contests: list[str]
    ballots: int
    marks: int
    branches: int
    totals: dict[str, BranchCounts]
    differences: list[Difference] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    label: str = "unofficial"
    """A recount is a check, never a result: its totals are not certified."""

    @property
    def matches(self) -> bool:
        return not self.differences

    def as_json(self) -> dict[str, Any]:
        return {
            "election_id": self.election_id,
            "label": self.label,
            "contests": self.contests,
            "ballots": self.ballots,
            "marks": self.marks,
            "branches": self.branches,
            "matches": self.matches,
            "totals": {c: t.__dict__ for c, t in sorted(self.totals.items())},
            "differences": [d.as_json() for d in self.differences],
            "seconds": self.seconds,
        }


def recount_ballots(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    *,
    actor: str,
    role: str,
    contest: str | None = None,
    roots: bool = True,
    threads: int | None = None,
) -> RecountReport:
    """Recount ``election_id`` (or one ``contest``) from its stored ballot records and report
    every difference from the bulletins and totals (see the module docstring)."""
    what = f"{election_id}/{contest or '*'}"
    require_action(uow_factory, Action.RECOUNT_BALLOTS, role=role, actor=actor, what=what)
    clock: dict[str, float] = {}
    with uow_factory() as uow:
        session = uow.session
        conn = _snapshot(session)
        definition, _hash = get_definition(session, election_id)
        if contest is not None and contest not in definition.contest_by_code:
            raise EntekhabError(general.NOT_FOUND, {"what": f"contest {contest}"})
        wanted = [contest] if contest else [c.code for c in definition.contests]
        with export_file() as path:
            start = time.perf_counter()
            export_records(conn, election_id, path)
            clock["export"] = time.perf_counter() - start
            start = time.perf_counter()
            tally = tally_export(definition, path, contests=wanted, threads=threads)
            clock["tally"] = time.perf_counter() - start
        start = time.perf_counter()
        report = _report(election_id, wanted, tally)
        report.differences = _against_bulletins(session, definition, wanted, tally, roots)
        report.differences += _against_totals(session, election_id, wanted, report.totals)
        clock["cross_check"] = time.perf_counter() - start
        report.seconds = {k: round(v, 3) for k, v in clock.items()}
    with uow_factory() as uow:
        record_event(
            uow.session,
            BALLOTS_RECOUNTED,
            actor=actor,
            payload={
                "election_id": election_id,
                "contest": contest,
                "ballots": report.ballots,
                "marks": report.marks,
                "differences": len(report.differences),
                "merkle_roots_checked": roots,
            },
        )
        uow.commit()
    return report


def _snapshot(session: Session) -> Connection:
    """The session's connection; on PostgreSQL in a repeatable-read transaction, so records,
    bulletins and totals are read as of one instant while branches may still be closing."""
    if session.get_bind().dialect.name == "postgresql":
        return session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return session.connection()


def _report(election_id: str, wanted: list[str], tally: Tally) -> RecountReport:
    totals = {code: BranchCounts() for code in wanted}
    for (_branch, contest), counts in tally.counts.items():
        totals[contest].add(counts)
    return RecountReport(
        election_id=election_id,
        contests=wanted,
        ballots=sum(tally.records.values()),
        marks=tally.marks,
        branches=len(tally.records),
        totals=totals,
    )


def _current_bulletins(
    session: Session, election_id: str, wanted: Sequence[str]
) -> list[tuple[str, dict[str, Any]]]:
    rows = session.execute(
        select(BulletinRow.digest, BulletinRow.document)
        .join(CurrentBulletin, CurrentBulletin.digest == BulletinRow.digest)
        .where(CurrentBulletin.election_id == election_id, CurrentBulletin.contest.in_(wanted))
    ).all()
    return [(str(d), dict(doc)) for d, doc in rows]


def _against_bulletins(
    session: Session,
    definition: ElectionDefinition,
    wanted: list[str],
    tally: Tally,
    roots: bool,
) -> list[Difference]:
    out: list[Difference] = []
    keys = SqlKeyDirectory()
    seen: set[tuple[str, str]] = set()
    branch_roots = _branch_roots(session, definition.id) if roots else {}
    for digest, document in _current_bulletins(session, definition.id, wanted):
        try:
            signed = SignedBulletin.model_validate(document)
        except ValidationError:
            branch, contest = str(document.get("branch", "?")), str(document.get("contest", "?"))
            out.append(Difference(contest, branch, "bulletin", None, "unreadable"))
            continue
        b = signed.bulletin
        seen.add((b.branch, b.contest))
        if b.digest() != digest:
            out.append(Difference(b.contest, b.branch, "bulletin_digest", b.digest(), digest))
        try:
            check_signatures(session, signed, keys)
        except EntekhabError as error:
            out.append(Difference(b.contest, b.branch, "bulletin_signature", None, error.code))
        found = tally.counts.get((b.branch, b.contest), BranchCounts())
        out += _compare(b.contest, b.branch, found, _bulletin_counts(signed))
        records = tally.records.get(b.branch, 0)
        if records != b.ballot_records:
            out.append(Difference(b.contest, b.branch, "ballot_records", records, b.ballot_records))
        if roots and branch_roots.get(b.branch, _EMPTY_ROOT) != b.merkle_root:
            recounted_root = branch_roots.get(b.branch, _EMPTY_ROOT)
            out.append(
                Difference(b.contest, b.branch, "merkle_root", recounted_root, b.merkle_root)
            )
        if tally.unreadable.get(b.branch):
            out.append(
                Difference(b.contest, b.branch, "unreadable_records", tally.unreadable[b.branch], 0)
            )
    for (branch, contest), counts in sorted(tally.counts.items()):
        if (branch, contest) not in seen:  # ballots of a branch whose bulletin is missing
            out.append(Difference(contest, branch, "bulletin", counts.ballots_cast, None))
    return out


_EMPTY_ROOT = ballot_records_root([])[1]


def _branch_roots(session: Session, election_id: str) -> dict[str, str]:
    """The Merkle root of each branch's stored counted records (``ballots.branch_root``'s rule),
    one branch in memory at a time; a record that does not parse gives the root ``unreadable``."""
    out: dict[str, str] = {}
    rows = session.execute(
        select(BallotRecordRow.branch, BallotRecordRow.record)
        .where(BallotRecordRow.election_id == election_id, BallotRecordRow.held.is_(False))
        .order_by(BallotRecordRow.branch)
        .execution_options(yield_per=10_000)
    )
    current: str | None = None
    records: list[BallotRecord] = []
    broken = False
    for branch, record in rows:
        if branch != current:
            if current is not None:
                out[current] = "unreadable" if broken else ballot_records_root(records)[1]
            current, records, broken = branch, [], False
        try:
            records.append(BallotRecord.model_validate(record))
        except ValidationError:
            broken = True
    if current is not None:
        out[current] = "unreadable" if broken else ballot_records_root(records)[1]
    return out


def _bulletin_counts(signed: SignedBulletin) -> BranchCounts:
    b = signed.bulletin
    return BranchCounts(
        b.ballots_cast, b.blank, b.invalid, dict(b.candidate_votes), dict(b.list_votes)
    )


def _compare(
    contest: str, branch: str, found: BranchCounts, held: BranchCounts
) -> list[Difference]:
    """Every count where the recount ``found`` differs from what headquarters ``held``."""
    out = [
        Difference(contest, branch, name, getattr(found, name), getattr(held, name))
        for name in ("ballots_cast", "blank", "invalid")
        if getattr(found, name) != getattr(held, name)
    ]
    for kind, mine, theirs in (
        ("candidate", found.candidate_votes, held.candidate_votes),
        ("list", found.list_votes, held.list_votes),
    ):
        for code in sorted(set(mine) | set(theirs)):
            if mine.get(code, 0) != theirs.get(code, 0):
                out.append(
                    Difference(
                        contest, branch, f"{kind}:{code}", mine.get(code, 0), theirs.get(code, 0)
                    )
                )
    return out


def _against_totals(
    session: Session, election_id: str, wanted: list[str], totals: dict[str, BranchCounts]
) -> list[Difference]:
    """The recounted contest totals against the running totals of ``result_totals``."""
    out: list[Difference] = []
    for contest in wanted:
        held = area_totals(session, election_id, contest, "contest", CONTEST_AREA)
        counted = BranchCounts(
            held.meta.get("ballots_cast", 0),
            held.meta.get("blank", 0),
            held.meta.get("invalid", 0),
            {k: v for k, v in held.candidates.items() if v},
            {k: v for k, v in held.lists.items() if v},
        )
        out += _compare(contest, TOTALS, totals[contest], counted)
    return out
