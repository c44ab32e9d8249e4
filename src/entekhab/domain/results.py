"""Branch results bulletins (برگ نتیجه شعبه): the one bulletin format of Entekhab.

The station builds one ``Bulletin`` per contest at closing; it is signed by the station's
Ed25519 key and countersigned by the branch head's key (``SignedBulletin``); the server checks
and aggregates it. Its canonical bytes (``canonical()``) are what both signatures cover.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from entekhab.domain.canonical import canonical_json, sha256_hex
from entekhab.domain.types import Code, Frozen

__all__ = ["Bulletin", "SignedBulletin"]


class Bulletin(Frozen):
    """The counts of one contest at one branch."""

    election_id: Code
    definition_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    contest: Code
    branch: Code
    voters_checked_in: int = Field(ge=0)
    """Voters checked in at this branch whose ballot style includes this contest."""
    ballots_cast: int = Field(ge=0)
    blank: int = Field(ge=0)
    invalid: int = Field(ge=0)
    candidate_votes: dict[Code, int] = Field(default_factory=dict)
    """Ballot code -> votes marked for the candidate individually (personal votes)."""
    list_votes: dict[Code, int] = Field(default_factory=dict)
    """List PR only: list code -> ballots that chose the list as a whole."""
    ballot_records: int = Field(ge=0)
    merkle_root: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Root of the Merkle tree over the branch's ballot records (sorted by ballot id)."""
    closed_at: str
    """ISO 8601 UTC time the branch closed."""
    supersedes: str | None = None
    """Digest of the bulletin this one corrects, if it is a correction."""
    correction_reason: str | None = None

    def canonical(self) -> bytes:
        return canonical_json(self.model_dump(mode="json"))

    def digest(self) -> str:
        return sha256_hex(self.canonical())

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class SignedBulletin(Frozen):
    """A bulletin with the station's signature and the branch head's countersignature."""

    bulletin: Bulletin
    station_key_id: str
    station_signature: str  # hex Ed25519 signature over bulletin.canonical()
    head_key_id: str
    head_signature: str  # hex Ed25519 signature over bulletin.canonical()
