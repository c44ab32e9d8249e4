"""The station protocol: the paths a branch station calls at headquarters and the check-in
body both sides agree on (docs/station-api.md). The station builds its requests from here and
the server's routes are declared with the same paths, so the two cannot drift apart. Headers
and signatures: ``crypto/station_request``.
"""

from __future__ import annotations

from typing import Any

from entekhab.domain.voter_identity import require_identity

__all__ = ["API_PREFIX", "CHECKINS", "api_path", "branch_route", "check_in_body"]

API_PREFIX = "/api/v1"
CHECKINS = "/checkins"
"""``POST``: check a voter in at the station's branch."""


def branch_route(action: str) -> str:
    """The route of a branch action (``open``, ``close``, ``provisional`` ...), as declared."""
    return "/branches/{branch}/" + action


def api_path(route: str, **values: str) -> str:
    """The full path a station calls for ``route`` (``branch_route("open")``, branch="B1")."""
    return API_PREFIX + route.format(**values)


def check_in_body(
    national_code: str, card_serial: str, fingerprint: str, override_reason: str | None
) -> dict[str, Any]:
    """The body of ``POST /api/v1/checkins``, after the identity rule: the override reason
    (stripped) travels only with a failed match."""
    return {
        "national_code": national_code,
        "card_serial": card_serial,
        "fingerprint": str(fingerprint),
        "override_reason": require_identity(fingerprint, override_reason),
    }
