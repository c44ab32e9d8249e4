"""The Merkle root of a branch's ballot records: one function for the server and the station.

Leaves are the records' canonical bytes, sorted by ballot id (random, so the order says nothing
about the order of casting). The server (``service.election_day.ballots.branch_root``) and the
station (at
closing, for its bulletins) both call ``ballot_records_root``; the two roots must match.
"""

from __future__ import annotations

from collections.abc import Iterable

from entekhab.crypto.merkle import merkle_root
from entekhab.domain.ballot import BallotRecord

__all__ = ["ballot_records_leaves", "ballot_records_root"]


def ballot_records_leaves(records: Iterable[BallotRecord]) -> list[tuple[BallotRecord, bytes]]:
    """Each record with its leaf (canonical bytes), in ballot-id order: for a caller that also
    needs the leaves (the closing stores each record's digest), so they are made once."""
    return [(r, r.canonical()) for r in sorted(records, key=lambda r: r.ballot_id)]


def ballot_records_root(records: Iterable[BallotRecord]) -> tuple[int, str]:
    """(count, hex Merkle root) of ``records``, leaves in ballot-id order."""
    leaves = ballot_records_leaves(records)
    return len(leaves), merkle_root([leaf for _record, leaf in leaves])
