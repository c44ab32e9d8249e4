"""What a station operation produced, as shown to the operator (and printed as JSON events).

Each outcome is returned only after the journal transaction recording it has committed: an
outcome is an acknowledgement. ``as_event()`` is the JSON-lines form of ``entekhab station run``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from entekhab.domain.errors import EntekhabError

__all__ = ["CastReceipt", "CheckedIn", "Closed", "Opened", "Outcome", "Refused"]


@dataclass(frozen=True)
class Opened:
    session: dict[str, Any]
    recovered: bool = False

    def as_event(self) -> dict[str, Any]:
        return {"event": "opened", "recovered": self.recovered, "session": self.session}


@dataclass(frozen=True)
class CheckedIn:
    """A voter checked in: the ticket opens the ballot (the national code is not journalled).

    ``unshown``: found at recovery — committed, but a crash kept it from the operator's screen
    (the national code is then no longer known: only the ticket is shown)."""

    national_code: str | None
    ticket: str
    ballot_style: str
    contests: tuple[str, ...]
    hour: str
    recovered: bool = False
    unshown: bool = False

    def as_event(self) -> dict[str, Any]:
        return {
            "event": "checked_in",
            "recovered": self.recovered,
            "unshown": self.unshown,
            "national_code": self.national_code,
            "ticket": self.ticket,
            "ballot_style": self.ballot_style,
            "contests": list(self.contests),
            "hour": self.hour,
        }


@dataclass(frozen=True)
class CastReceipt:
    """The printed receipt: ballot id and the record's digest.

    ``reprint``: found at recovery — committed, but a crash kept it from the printer."""

    ticket: str | None
    ballot_id: str
    digest: str
    hour: str
    recovered: bool = False
    reprint: bool = False

    def as_event(self) -> dict[str, Any]:
        return {
            "event": "cast",
            "recovered": self.recovered,
            "reprint": self.reprint,
            "ticket": self.ticket,
            "ballot_id": self.ballot_id,
            "digest": self.digest,
            "hour": self.hour,
        }


@dataclass(frozen=True)
class Refused:
    """A journalled request the server refused for good (found while replaying the journal)."""

    kind: str
    error: EntekhabError
    national_code: str | None = None
    ticket: str | None = None

    def as_event(self) -> dict[str, Any]:
        return {
            "event": "refused",
            "recovered": True,
            "kind": self.kind,
            "national_code": self.national_code,
            "ticket": self.ticket,
            "error": self.error.to_dict(),
        }


@dataclass(frozen=True)
class Closed:
    """The branch is closed: the station's count and root, headquarters' answer, and the
    digest of each contest's signed bulletin (the wall sheet's digest)."""

    ballots_cast: int
    merkle_root: str
    closing: dict[str, Any]
    bulletins: dict[str, str] = field(default_factory=dict)
    held: int = 0
    """Provisional check-ins headquarters held for the board (beside the turnout, not in it)."""
    voters_checked_in: int = 0

    @property
    def matches(self) -> bool:
        """Headquarters stored the same count and Merkle root as the station's."""
        return (self.closing.get("ballots"), self.closing.get("merkle_root")) == (
            self.ballots_cast,
            self.merkle_root,
        )

    def as_event(self) -> dict[str, Any]:
        return {
            "event": "closed",
            "ballots_cast": self.ballots_cast,
            "merkle_root": self.merkle_root,
            "matches": self.matches,
            "voters_checked_in": self.voters_checked_in,
            "held": self.held,
            "closing": self.closing,
            "bulletins": self.bulletins,
        }


Outcome = Opened | CheckedIn | CastReceipt | Refused | Closed
