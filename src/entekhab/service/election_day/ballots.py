"""Stored ballot records: the rows a branch's closing upload writes, and the branch's count and
Merkle root over them.

No ballot reaches headquarters while the branch votes: the station keeps them (journal plus a
second copy on removable media) and uploads them once, at closing, with its bulletins
(``service.election_day.closing``; docs/ballot-secrecy.md). A record carries a random 128-bit
id, the hour only, and nothing of the voter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from entekhab.crypto.ballot_tree import ballot_records_root
from entekhab.domain.ballot import BallotRecord
from entekhab.domain.ballot_rules import validate_ballot
from entekhab.domain.canonical import sha256_hex
from entekhab.domain.error_codes.election_day import BALLOT_RECORD_INVALID
from entekhab.domain.errors import EntekhabError
from entekhab.service.election_day.polling import BranchContext
from entekhab.store.tables.election_day import BallotRecordRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["branch_root", "check_records", "row_values"]


def row_values(
    record: BallotRecord, *, held_incident_id: int | None = None, leaf: bytes | None = None
) -> dict[str, Any]:
    """The ``ballot_records`` row of ``record`` (held apart under an incident, or counted);
    ``leaf``: its canonical bytes if the caller has them already."""
    return {
        "ballot_id": record.ballot_id,
        "election_id": record.election_id,
        "branch": record.branch,
        "hour": record.hour,
        "ballot_style": record.ballot_style,
        "record": record.as_json(),
        "digest": sha256_hex(leaf) if leaf is not None else record.digest(),
        "provisional": record.provisional,
        "held": held_incident_id is not None,
        "held_incident_id": held_incident_id,
    }


def check_records(ctx: BranchContext, election_id: str, records: Sequence[BallotRecord]) -> None:
    """Every record is of this election, branch and style, with valid selections in the style's
    order, and no ballot id repeats; BALLOT_RECORD_INVALID (or a selection error) otherwise."""
    seen: set[str] = set()
    for record in records:
        mine = (record.election_id, record.branch, record.ballot_style) == (
            election_id,
            ctx.branch.code,
            ctx.branch.ballot_style,
        )
        if not mine or record.ballot_id in seen:
            raise EntekhabError(BALLOT_RECORD_INVALID, {"ballot_id": record.ballot_id})
        seen.add(record.ballot_id)
        if validate_ballot(ctx.definition, ctx.contests, record.selections) != record.selections:
            raise EntekhabError(BALLOT_RECORD_INVALID, {"ballot_id": record.ballot_id})


def branch_root(uow_factory: UnitOfWorkFactory, election_id: str, branch: str) -> tuple[int, str]:
    """The count and Merkle root of the branch's counted (not held) records, by ballot id."""
    with uow_factory() as uow:
        rows = uow.session.execute(
            select(BallotRecordRow.record).where(
                BallotRecordRow.election_id == election_id,
                BallotRecordRow.branch == branch,
                BallotRecordRow.held.is_(False),
            )
        ).all()
    return ballot_records_root(BallotRecord.model_validate(r.record) for r in rows)
