"""Ballot records: what a voter chose, with nothing that could name the voter.

A ``BallotRecord`` carries a random ballot id, the branch, the hour (never finer) and one
``ContestSelection`` per contest of the ballot style. Its canonical bytes are the leaf of the
branch's Merkle tree; the receipt shows the ballot id and the record's digest.

Selection rules (at most the allowed marks, codes of that contest, no repeats, blank allowed)
are checked by ``validate_selection`` before a record is made.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from entekhab.domain.canonical import canonical_json, sha256_hex
from entekhab.domain.types import Code, Frozen

__all__ = ["BallotRecord", "ContestSelection"]


class ContestSelection(Frozen):
    """The marks on one contest: for list PR an optional list and candidate codes; for
    plurality candidate codes only. No list and no candidates is a blank vote."""

    contest: Code
    list_code: Code | None = None
    candidates: tuple[Code, ...] = ()

    @property
    def is_blank(self) -> bool:
        return self.list_code is None and not self.candidates


class BallotRecord(Frozen):
    """One cast ballot (a cast vote record, NIST SP 1500-103 where it fits)."""

    ballot_id: str = Field(pattern=r"^[0-9a-f]{32}$")  # 128 random bits, hex
    election_id: Code
    branch: Code
    ballot_style: Code
    hour: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}$")  # UTC hour, e.g. 2026-06-18T07
    selections: tuple[ContestSelection, ...]
    provisional: bool = False

    def canonical(self) -> bytes:
        """The bytes hashed into the Merkle tree and printed as the receipt digest."""
        return canonical_json(self.model_dump(mode="json"))

    def digest(self) -> str:
        return sha256_hex(self.canonical())

    def selection_for(self, contest: str) -> ContestSelection | None:
        for sel in self.selections:
            if sel.contest == contest:
                return sel
        return None

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
