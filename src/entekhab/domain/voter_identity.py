"""The voter's identity at the branch: the fingerprint outcomes and the override rule. One home
for what the station and the server both apply.

The fingerprint matcher at the branch says ``match``, ``no_match`` or ``not_captured`` (worn
fingers, a failed reader). Without a match the branch head may still admit the voter after
comparing the card's photo, but only with a written reason: a reason of blanks is no reason, so
it is stripped before it is judged, and stored stripped.
"""

from __future__ import annotations

from enum import StrEnum

from entekhab.domain.error_codes.election_day import IDENTITY_NOT_VERIFIED
from entekhab.domain.errors import EntekhabError

__all__ = ["FingerprintOutcome", "require_identity"]


class FingerprintOutcome(StrEnum):
    """What the fingerprint matcher concluded (the value sent to the server)."""

    MATCH = "match"
    NO_MATCH = "no_match"
    NOT_CAPTURED = "not_captured"


_OUTCOMES = frozenset(outcome.value for outcome in FingerprintOutcome)


def require_identity(fingerprint: str, override_reason: str | None) -> str | None:
    """The override reason to record (stripped; None after a match), or IDENTITY_NOT_VERIFIED
    for an unknown outcome, or a failed match without a non-blank reason."""
    if fingerprint not in _OUTCOMES:
        raise EntekhabError(IDENTITY_NOT_VERIFIED, {"fingerprint": fingerprint})
    if fingerprint == FingerprintOutcome.MATCH:
        return None
    reason = (override_reason or "").strip()
    if not reason:
        raise EntekhabError(IDENTITY_NOT_VERIFIED, {"fingerprint": fingerprint})
    return reason
