"""Whether a branch is open: opened at headquarters and not yet closed. One home for the rule
that check-in, casting, provisional uploads and the station itself apply before anything else.
"""

from __future__ import annotations

from entekhab.domain.error_codes.election_day import BRANCH_CLOSED, BRANCH_NOT_OPEN
from entekhab.domain.errors import EntekhabError

__all__ = ["require_open"]


def require_open(branch: str, *, opened: bool, closed: bool) -> None:
    """BRANCH_NOT_OPEN unless the branch was opened; BRANCH_CLOSED once it is closed."""
    if not opened:
        raise EntekhabError(BRANCH_NOT_OPEN, {"branch": branch})
    if closed:
        raise EntekhabError(BRANCH_CLOSED, {"branch": branch})
