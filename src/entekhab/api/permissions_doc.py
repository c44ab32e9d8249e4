"""Render the permission matrix to Markdown (``docs/permissions.md``)."""

from __future__ import annotations

from entekhab.api.permissions import ALL_ROLES, MATRIX, Audience, Permission
from entekhab.domain.access import Role

__all__ = ["render_permissions"]

_HEADER = """# Permission matrix

Generated from `src/entekhab/api/permissions.py` by `entekhab docs permissions`; do not edit by
hand (a test fails when this file is stale). See docs/security.md for roles and jurisdictions.

Every request passes the gate (`api/authorize.py`) before its route runs:

| refusal | status | when |
| --- | --- | --- |
| `UNAUTHENTICATED` / `SESSION_INVALID` | 401 | a role is needed and there is no valid session |
| `ROLE_NOT_ALLOWED` | 403 | the caller's role is not listed for the route |
| `NOT_FOUND` (or the area's not-found code) | 404 | the object the route is about does not exist |
| `OUT_OF_JURISDICTION` | 403 | the object lies outside the caller's jurisdiction |
| `NOT_IN_PERMISSION_MATRIX` | 403 | the route has no entry below (deny by default) |

`public` means anyone, signed in or not. `station` means a request signed with an enrolled,
unrevoked station key (docs/station-api.md); roles do not apply to it. Each refusal is an event
in the log (`PERMISSION_DENIED` or `REQUEST_REFUSED`).
"""

_ABBREVIATIONS = {
    Role.HQ_ADMIN: "hq",
    Role.PROVINCE_OFFICER: "prov",
    Role.COUNTY_OFFICER: "cnty",
    Role.DISTRICT_OFFICER: "dist",
    Role.BRANCH_HEAD: "head",
    Role.BRANCH_AGENT: "agent",
    Role.EXECUTIVE_BOARD: "exec",
    Role.SUPERVISOR: "sup",
    Role.VETTING_OFFICER: "vet",
    Role.AUDITOR: "aud",
}


def _who(entry: Permission) -> str:
    if isinstance(entry.who, Audience):
        return entry.who.value
    if entry.who == ALL_ROLES:
        return "every signed-in role"
    return ", ".join(role.value for role in Role if role in entry.who)


def _cell(entry: Permission, role: Role) -> str:
    return "✓" if entry.who is Audience.PUBLIC or entry.allows(role) else ""


def render_permissions() -> str:
    """The whole of docs/permissions.md."""
    lines = [_HEADER, "## Routes", ""]
    lines.append("| method | path | who | jurisdiction of the object | note |")
    lines.append("| --- | --- | --- | --- | --- |")
    for entry in MATRIX:
        scope = entry.scope.describe()
        lines.append(
            f"| {entry.method} | `{entry.path}` | {_who(entry)} | {scope} | {entry.note} |"
        )
    lines += ["", "## At a glance", ""]
    roles = list(Role)
    lines.append(
        "| method | path | anon | station | " + " | ".join(_ABBREVIATIONS[r] for r in roles) + " |"
    )
    lines.append("| --- | --- | --- | --- | " + " | ".join("---" for _ in roles) + " |")
    for entry in MATRIX:
        anonymous = "✓" if entry.who is Audience.PUBLIC else ""
        station = "✓" if entry.who in (Audience.PUBLIC, Audience.STATION) else ""
        cells = " | ".join(_cell(entry, role) for role in roles)
        lines.append(f"| {entry.method} | `{entry.path}` | {anonymous} | {station} | {cells} |")
    lines += [
        "",
        "✓ allowed (inside the caller's jurisdiction where the route has one). A station is a "
        "request signed with a station key; user roles do not apply to station routes.",
        "Abbreviations: " + ", ".join(f"{_ABBREVIATIONS[r]} = {r.value}" for r in roles) + ".",
        "",
    ]
    return "\n".join(lines)
