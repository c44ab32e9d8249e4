"""A branch's closing as a station makes it, for service and HTTP tests: ballot records made
like the station makes them (random ids, the hour only), signed bulletins counted from them
(station key and an enrolled branch-head key), and the closing upload or its JSON body."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from entekhab.crypto.ballot_tree import ballot_records_root
from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.branch_count import contest_bulletin
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.results import SignedBulletin
from entekhab.service.counting.bulletins import enroll_head_key
from entekhab.service.election_day.closing import BranchClosing, HeldBallot
from entekhab.station.closing import sign_bulletin
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import ELECTION, definition_document

CLOSED_AT = "2026-06-18T15:00:00+00:00"
STYLE_OF = {"B1": "ST1", "B2": "ST1", "B3": "ST2"}


def closing_definition(offline_policy: str = "refuse") -> ElectionDefinition:
    return ElectionDefinition.model_validate(definition_document(offline_policy))


def head_key(branch: str) -> KeyPair:
    return keypair_from_seed(("head-" + branch).encode().ljust(32, b"\0"))


def enrol_head(uow_factory: UnitOfWorkFactory, branch: str) -> KeyPair:
    head = head_key(branch)
    enroll_head_key(
        uow_factory,
        election_id=ELECTION,
        branch=branch,
        public_hex=head.public_hex,
        enrolled_by="hq-test",
    )
    return head


def ballot(
    branch: str,
    selections: Sequence[dict[str, Any] | ContestSelection],
    *,
    hour: str = "2026-06-18T07",
    provisional: bool = False,
    ballot_id: str | None = None,
) -> BallotRecord:
    return BallotRecord(
        ballot_id=ballot_id or secrets.token_hex(16),
        election_id=ELECTION,
        branch=branch,
        ballot_style=STYLE_OF[branch],
        hour=hour,
        selections=tuple(
            s if isinstance(s, ContestSelection) else ContestSelection.model_validate(s)
            for s in selections
        ),
        provisional=provisional,
    )


def bulletins(
    definition: ElectionDefinition,
    definition_hash: str,
    branch: str,
    records: Sequence[BallotRecord],
    *,
    voters_checked_in: int,
    station_key: KeyPair,
    head: KeyPair,
) -> list[SignedBulletin]:
    """One signed bulletin per contest of the branch's style, counted from ``records``."""
    _count, root = ballot_records_root(records)
    style = definition.style_by_code[STYLE_OF[branch]]
    return [
        sign_bulletin(
            contest_bulletin(
                definition,
                definition_hash,
                branch=branch,
                contest=contest,
                records=records,
                voters_checked_in=voters_checked_in,
                merkle_root=root,
                closed_at=CLOSED_AT,
            ),
            station_key,
            head,
        )
        for contest in style.contests
    ]


def closing(
    definition_hash: str,
    branch: str,
    records: Sequence[BallotRecord],
    *,
    station_key: KeyPair,
    head: KeyPair,
    voters_checked_in: int | None = None,
    held: Sequence[tuple[int, BallotRecord]] = (),
    offline_policy: str = "refuse",
) -> BranchClosing:
    """The closing upload of ``branch`` with ``records`` (turnout = len(records) unless given)."""
    signed = bulletins(
        closing_definition(offline_policy),
        definition_hash,
        branch,
        records,
        voters_checked_in=len(records) if voters_checked_in is None else voters_checked_in,
        station_key=station_key,
        head=head,
    )
    return BranchClosing(
        closed_by="head",
        records=sorted(records, key=lambda r: r.ballot_id),
        bulletins=signed,
        held=[HeldBallot(i, r) for i, r in held],
    )


def closing_body(upload: BranchClosing) -> dict[str, Any]:
    """The JSON body of ``POST /api/v1/branches/{branch}/close`` for ``upload``."""
    return {
        "closed_by": upload.closed_by,
        "records": [r.as_json() for r in upload.records],
        "held": [{"incident_id": h.incident_id, "record": h.record.as_json()} for h in upload.held],
        "bulletins": [s.model_dump(mode="json") for s in upload.bulletins],
    }
