"""Render the permission matrix to Markdown (``docs/permissions.md``)."""

from __future__ import annotations

from entekhab.api.permissions import MATRIX, Audience, Permission
from entekhab.domain.access import Role
from entekhab.domain.grants import GRANTS, SEPARATE_DUTIES, TWO_ADMIN_ROLES, jurisdiction_problem
from entekhab.domain.permissions import ACTIONS, ALL_ROLES

__all__ = ["render_permissions"]

_HEADER = """# Permission matrix

Generated from `src/entekhab/domain/permissions.py` (who may perform each action),
`src/entekhab/domain/grants.py` (who may grant which role) and `src/entekhab/api/permissions.py`
(which action each route performs, and where its object lies) by `entekhab docs permissions`; do
not edit by hand (a test fails when this file is stale). See docs/security.md for roles and
jurisdictions.

These tables are the only authority on who may do what: the HTTP gate reads them, the services
ask them before they change anything (so the CLI, signed in as the user, meets the same checks),
and no route or service keeps a role list of its own.

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
    Role.EXPERTS_SUPERVISOR: "xsup",
    Role.OBSERVER: "obs",
}


def _role_list(roles: frozenset[Role]) -> str:
    if roles == ALL_ROLES:
        return "every signed-in role"
    return ", ".join(role.value for role in Role if role in roles) or "—"


def _who(entry: Permission) -> str:
    if isinstance(entry.who, Audience):
        return entry.who.value
    return f"`{entry.who.value}`: {_role_list(ACTIONS[entry.who].roles)}"


def _actions() -> list[str]:
    lines = ["## Actions", "", "| action | roles | what |", "| --- | --- | --- |"]
    for action, duty in ACTIONS.items():
        lines.append(f"| `{action.value}` | {_role_list(duty.roles)} | {duty.what} |")
    return [*lines, ""]


def _grants() -> list[str]:
    lines = [
        "## Grants: who may give which role to a new account",
        "",
        "Always inside the granter's own jurisdiction. Roles marked ² need two headquarters "
        "admins: one proposes (`POST /api/v1/users/proposals`), another approves; the proposer "
        "cannot approve their own proposal. Every grant, proposal, decision and refusal is an "
        "event in the log (`USER_ADDED`, `GRANT_PROPOSED`, `GRANT_APPROVED`, `GRANT_REJECTED`, "
        "`GRANT_REFUSED`).",
        "",
        "| granter | may grant |",
        "| --- | --- |",
    ]
    for granter, granted in GRANTS.items():
        names = [f"{r.value}{'²' if r in TWO_ADMIN_ROLES else ''}" for r in Role if r in granted]
        lines.append(f"| {granter.value} | {', '.join(names) or '—'} |")
    lines += ["", "Where a role may sit:", ""]
    for role in Role:
        for place, said in (("country", "`country`"), ("P1", "a province or below")):
            why = jurisdiction_problem(role, place)
            if why:
                lines.append(f"- {role.value} never at {said}: {why}.")
    lines += [
        "",
        "## Separation of duties",
        "",
        "One person (one national code) may not hold both roles of a pair in overlapping "
        "jurisdictions (one inside the other). A grant that would break this is refused with "
        "`DUTIES_MUST_STAY_SEPARATE`.",
        "",
        "| roles | why |",
        "| --- | --- |",
    ]
    for rule in SEPARATE_DUTIES:
        pair = " and ".join(r.value for r in Role if r in rule.roles)
        lines.append(f"| {pair} | {rule.why} |")
    return [*lines, ""]


def _cell(entry: Permission, role: Role) -> str:
    return "✓" if entry.who is Audience.PUBLIC or entry.allows(role) else ""


def render_permissions() -> str:
    """The whole of docs/permissions.md."""
    lines = [_HEADER, *_actions(), *_grants(), "## Routes", ""]
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
