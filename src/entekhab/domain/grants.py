"""Who may give which role to a new account, and which roles one person may not combine
(pure rules, no I/O).

**No one grants more than they hold.** ``GRANTS`` says, for each role, which roles its holder
may give to a new account inside their own jurisdiction. Officers grant the roles below them;
only headquarters grants auditors, boards and vetting officers.

**Two headquarters admins for board, vetting and headquarters accounts.** A role in
``TWO_ADMIN_ROLES`` is never granted by one person: one headquarters admin proposes the account,
another approves it, and the proposer cannot approve their own proposal.

**Separation of duties.** One person — one national code — may not hold two roles of a pair in
``SEPARATE_DUTIES`` in overlapping jurisdictions (one containing the other): the executive board
approves what the supervisory board must check, headquarters publishes what the supervisors
confirmed, and vetting records are read by no one who decides on the candidates or runs the
election (docs/security.md: headquarters never reads them).

**Where a role may sit.** Headquarters is country-wide; a vetting officer never is (vetting
inquiries go to the province or county that holds the candidate's file).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from entekhab.domain.access import COUNTRY, Role, within_jurisdiction

__all__ = [
    "GRANTS",
    "SEPARATE_DUTIES",
    "TWO_ADMIN_ROLES",
    "HeldRole",
    "Separation",
    "duty_conflict",
    "granters",
    "jurisdiction_problem",
    "may_grant",
]

TWO_ADMIN_ROLES: frozenset[Role] = frozenset(
    {
        Role.HQ_ADMIN,
        Role.EXECUTIVE_BOARD,
        Role.SUPERVISOR,
        Role.VETTING_OFFICER,
        Role.EXPERTS_SUPERVISOR,
    }
)
"""Roles granted only by two headquarters admins: one proposes, another approves."""

_BRANCH_STAFF = frozenset({Role.BRANCH_HEAD, Role.BRANCH_AGENT})

GRANTS: MappingProxyType[Role, frozenset[Role]] = MappingProxyType(
    {
        Role.HQ_ADMIN: frozenset(
            {
                Role.PROVINCE_OFFICER,
                Role.COUNTY_OFFICER,
                Role.DISTRICT_OFFICER,
                Role.AUDITOR,
                *_BRANCH_STAFF,
                *TWO_ADMIN_ROLES,
                Role.OBSERVER,
            }
        ),
        Role.PROVINCE_OFFICER: frozenset(
            {Role.COUNTY_OFFICER, Role.DISTRICT_OFFICER, *_BRANCH_STAFF, Role.OBSERVER}
        ),
        Role.COUNTY_OFFICER: frozenset({Role.DISTRICT_OFFICER, *_BRANCH_STAFF, Role.OBSERVER}),
        Role.DISTRICT_OFFICER: frozenset({*_BRANCH_STAFF, Role.OBSERVER}),
        Role.BRANCH_HEAD: frozenset(),
        Role.BRANCH_AGENT: frozenset(),
        Role.EXECUTIVE_BOARD: frozenset(),
        Role.SUPERVISOR: frozenset(),
        Role.VETTING_OFFICER: frozenset(),
        Role.AUDITOR: frozenset(),
        # candidates (issue 14): the Experts' supervision office is granted like a board; an
        # observer account is opened by an officer for an accredited representative.
        Role.EXPERTS_SUPERVISOR: frozenset(),
        Role.OBSERVER: frozenset(),
    }
)
"""Granter's role → the roles it may give a new account (inside the granter's jurisdiction)."""


@dataclass(frozen=True)
class Separation:
    """Two roles one person may not hold in overlapping jurisdictions, and why."""

    roles: frozenset[Role]
    why: str


SEPARATE_DUTIES: tuple[Separation, ...] = (
    Separation(
        frozenset({Role.EXECUTIVE_BOARD, Role.SUPERVISOR}),
        "the supervisory board checks and confirms what the executive board approved",
    ),
    Separation(
        frozenset({Role.HQ_ADMIN, Role.SUPERVISOR}),
        "headquarters publishes only what the supervisory board confirmed",
    ),
    Separation(
        frozenset({Role.VETTING_OFFICER, Role.EXECUTIVE_BOARD}),
        "the boards decide on candidates; vetting records must not be read by who decides",
    ),
    Separation(
        frozenset({Role.VETTING_OFFICER, Role.SUPERVISOR}),
        "the boards decide on candidates; vetting records must not be read by who decides",
    ),
    Separation(
        frozenset({Role.VETTING_OFFICER, Role.EXPERTS_SUPERVISOR}),
        "the boards decide on candidates; vetting records must not be read by who decides",
    ),
    Separation(
        frozenset({Role.VETTING_OFFICER, Role.HQ_ADMIN}),
        "headquarters never reads vetting records (docs/security.md)",
    ),
)


@dataclass(frozen=True)
class HeldRole:
    """A role a person already holds (or is proposed for), and where."""

    role: Role
    jurisdiction: str
    chain: Sequence[str]
    """The jurisdiction's own code first, then every code above it."""


def granters() -> frozenset[Role]:
    """Roles that may grant at least one role."""
    return frozenset(role for role, granted in GRANTS.items() if granted)


def may_grant(granter: Role, role: Role) -> bool:
    """Whether a holder of ``granter`` may give ``role`` to a new account (one person may, or
    with a second headquarters admin for ``TWO_ADMIN_ROLES``)."""
    return role in GRANTS[granter]


def jurisdiction_problem(role: Role, jurisdiction: str) -> str | None:
    """Why ``role`` may not sit at ``jurisdiction`` (None when it may)."""
    if role is Role.HQ_ADMIN and jurisdiction != COUNTRY:
        return "headquarters is country-wide"
    if role is Role.VETTING_OFFICER and jurisdiction == COUNTRY:
        return "a vetting officer serves a province or county, never the whole country"
    return None


def _overlap(a: HeldRole, b: HeldRole) -> bool:
    return within_jurisdiction(a.jurisdiction, b.chain) or within_jurisdiction(
        b.jurisdiction, a.chain
    )


def duty_conflict(new: HeldRole, held: Iterable[HeldRole]) -> tuple[HeldRole, Separation] | None:
    """The first role the person holds that ``new`` must stay separate from, with the rule."""
    for other in held:
        for rule in SEPARATE_DUTIES:
            if rule.roles == {new.role, other.role} and _overlap(new, other):
                return other, rule
    return None
