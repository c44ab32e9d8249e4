"""Counting a branch's ballot records into the bulletin of each contest (pure, no I/O).

At closing the station counts its own ballot records: for each contest of the branch's ballot
style, the ballots cast, blank ballots, ballots whose marks break the selection rules (invalid:
an electronic ballot is validated before it is recorded, so this stays 0 unless a record was
damaged), one vote per list chosen and one personal vote per candidate marked. Every candidate
and list of the contest appears in the bulletin, with 0 if nobody marked it, as on a paper
bulletin. The clock (``closed_at``) and the Merkle root are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence

from entekhab.domain.ballot import BallotRecord
from entekhab.domain.ballot_rules import validate_selection
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.errors import EntekhabError
from entekhab.domain.results import Bulletin

__all__ = ["contest_bulletin"]


def contest_bulletin(
    definition: ElectionDefinition,
    definition_hash: str,
    *,
    branch: str,
    contest: str,
    records: Sequence[BallotRecord],
    voters_checked_in: int,
    merkle_root: str,
    closed_at: str,
) -> Bulletin:
    """The bulletin of ``contest`` at ``branch`` from the branch's ``records``."""
    candidates = dict.fromkeys(definition.candidates_by_contest.get(contest, {}), 0)
    lists = dict.fromkeys(definition.lists_by_contest.get(contest, {}), 0)
    cast = blank = invalid = 0
    for record in records:
        selection = record.selection_for(contest)
        if selection is None:
            continue
        cast += 1
        if selection.is_blank:
            blank += 1
            continue
        try:
            validate_selection(definition, selection)
        except EntekhabError:
            invalid += 1
            continue
        if selection.list_code is not None:
            lists[selection.list_code] += 1
        for code in selection.candidates:
            candidates[code] += 1
    return Bulletin(
        election_id=definition.id,
        definition_hash=definition_hash,
        contest=contest,
        branch=branch,
        voters_checked_in=voters_checked_in,
        ballots_cast=cast,
        blank=blank,
        invalid=invalid,
        candidate_votes=candidates,
        list_votes=lists,
        ballot_records=len(records),
        merkle_root=merkle_root,
        closed_at=closed_at,
    )
