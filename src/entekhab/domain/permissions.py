"""Who may do what: the one authority on roles (pure rules, no I/O).

Every duty an official performs is an ``Action`` with the roles allowed to perform it. The HTTP
permission matrix (``api/permissions.py``) names, for each route, the action the route performs
and where its object lies; services ask ``require`` before they change anything; the CLI signs
the user in and goes through the same services; the web pages ask ``may`` which buttons to show.
No other module keeps a set of roles.

Where the action is performed is checked separately: the object must lie inside the user's
jurisdiction (``domain.access.within_jurisdiction``); ``permits`` answers both questions.

Who may grant which role to a new account is in ``domain/grants.py``, beside this table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from entekhab.domain.access import Principal, Role, within_jurisdiction
from entekhab.domain.error_codes.security import ROLE_NOT_ALLOWED
from entekhab.domain.errors import EntekhabError
from entekhab.domain.grants import GRANTS, TWO_ADMIN_ROLES, granters

__all__ = [
    "ACTIONS",
    "ALL_ROLES",
    "BOARDS",
    "OFFICERS",
    "OVERSIGHT",
    "Action",
    "Duty",
    "may",
    "permits",
    "require",
    "roles_for",
]

ALL_ROLES: frozenset[Role] = frozenset(Role)
OFFICERS: frozenset[Role] = frozenset(
    {Role.HQ_ADMIN, Role.PROVINCE_OFFICER, Role.COUNTY_OFFICER, Role.DISTRICT_OFFICER}
)
"""Headquarters and the officers of provinces, counties and districts."""
BOARDS: frozenset[Role] = frozenset({Role.EXECUTIVE_BOARD, Role.SUPERVISOR})
"""The executive board (هیئت اجرایی) and the supervisory board (هیئت نظارت)."""
OVERSIGHT: frozenset[Role] = OFFICERS | BOARDS | {Role.AUDITOR}
"""Officials who follow the count and the day: officers, both boards, auditors."""


class Action(StrEnum):
    """A duty of an official, in the election's words."""

    OWN_SESSION = "own_session"
    LOAD_DEFINITION = "load_definition"
    CREATE_ACCOUNT = "create_account"
    LIST_ACCOUNTS = "list_accounts"
    PROPOSE_GRANT = "propose_grant"
    DECIDE_GRANT = "decide_grant"
    FILE_VETTING_RECORD = "file_vetting_record"
    READ_VETTING_RECORD = "read_vetting_record"
    FILE_INCIDENT_REPORT = "file_incident_report"
    MANAGE_STATION_KEYS = "manage_station_keys"
    ENROL_HEAD_KEY = "enrol_head_key"
    FOLLOW_ELECTION_DAY = "follow_election_day"
    DECIDE_HELD_BALLOT = "decide_held_ballot"
    FOLLOW_COUNT = "follow_count"
    APPROVE_RESULT = "approve_result"
    CONFIRM_RESULT = "confirm_result"
    PUBLISH_RESULT = "publish_result"
    ORDER_RECOUNT = "order_recount"
    RECOUNT_BALLOTS = "recount_ballots"
    # --- operations (issue 15) ---
    RUN_HEADQUARTERS = "run_headquarters"
    FOLLOW_OPERATIONS = "follow_operations"
    ANSWER_DIRECTIVE = "answer_directive"
    KEEP_RULES_LIBRARY = "keep_rules_library"
    RECORD_LESSON = "record_lesson"
    RESPOND_TO_INCIDENT = "respond_to_incident"
    FOLLOW_COMPLAINTS = "follow_complaints"
    DECIDE_COMPLAINT = "decide_complaint"
    DRAFT_STATEMENT = "draft_statement"
    APPROVE_STATEMENT = "approve_statement"
    PUBLISH_STATEMENT = "publish_statement"
    READ_RESTRICTED = "read_restricted"
    READ_CONFIDENTIAL = "read_confidential"
    READ_SECRET = "read_secret"
    # --- branch planning (issue 13) ---
    PLAN_BRANCHES = "plan_branches"
    KEEP_EQUIPMENT = "keep_equipment"
    FOLLOW_PLANNING = "follow_planning"
    # --- candidates (issue 14) ---
    REGISTER_CANDIDATES = "register_candidates"
    FOLLOW_CANDIDATES = "follow_candidates"
    DECIDE_CANDIDACY = "decide_candidacy"
    REVIEW_CANDIDACY = "review_candidacy"
    DRAW_BALLOT_CODES = "draw_ballot_codes"
    PUBLISH_CANDIDATE_LIST = "publish_candidate_list"
    KEEP_PARTY_REGISTER = "keep_party_register"
    FOLLOW_PARTIES = "follow_parties"
    ACCREDIT_REPRESENTATIVE = "accredit_representative"
    OBSERVE_BRANCH = "observe_branch"
    # --- the calendar and complete reporting (c-rules) ---
    EXTEND_POLLING_HOURS = "extend_polling_hours"
    RECORD_BRANCH_NOT_COUNTED = "record_branch_not_counted"
    # --- the headquarters dashboard (issue 12) ----------------------------------------------
    RESOLVE_INCIDENT = "resolve_incident"


@dataclass(frozen=True)
class Duty:
    """The roles that may perform an action, and why (shown in docs/permissions.md)."""

    roles: frozenset[Role]
    what: str


def _duty(roles: Iterable[Role], what: str) -> Duty:
    return Duty(frozenset(roles), what)


_HEADQUARTERS = frozenset({Role.HQ_ADMIN, Role.PROVINCE_OFFICER, Role.COUNTY_OFFICER})
"""Officers who run a headquarters (the country's, a province's or a county's)."""

_PROPOSERS = frozenset(role for role in granters() if GRANTS[role] & TWO_ADMIN_ROLES)
"""Roles that may grant a two-admin role: they propose, and decide each other's proposals."""

ACTIONS: MappingProxyType[Action, Duty] = MappingProxyType(
    {
        Action.OWN_SESSION: _duty(ALL_ROLES, "see and end one's own session"),
        Action.LOAD_DEFINITION: _duty({Role.HQ_ADMIN}, "load an election definition"),
        Action.CREATE_ACCOUNT: _duty(
            granters(), "create an account of a role the grant table lets the creator grant"
        ),
        Action.LIST_ACCOUNTS: _duty(OFFICERS, "list the accounts inside one's jurisdiction"),
        Action.PROPOSE_GRANT: _duty(_PROPOSERS, "propose a board, vetting or headquarters account"),
        Action.DECIDE_GRANT: _duty(
            _PROPOSERS,
            "approve or reject another headquarters admin's proposed account (never one's own)",
        ),
        Action.FILE_VETTING_RECORD: _duty(
            {Role.VETTING_OFFICER}, "file vetting inquiries and answers"
        ),
        Action.READ_VETTING_RECORD: _duty(
            {Role.VETTING_OFFICER}, "list and read confidential records (each read is logged)"
        ),
        Action.FILE_INCIDENT_REPORT: _duty(
            OFFICERS | BOARDS | {Role.BRANCH_HEAD}, "file a write-only incident report"
        ),
        Action.MANAGE_STATION_KEYS: _duty(
            {Role.HQ_ADMIN}, "enrol, rotate and revoke branch station keys"
        ),
        Action.ENROL_HEAD_KEY: _duty(OFFICERS, "enrol a branch head's countersigning key"),
        Action.FOLLOW_ELECTION_DAY: _duty(OVERSIGHT, "follow turnout, incidents and held ballots"),
        Action.DECIDE_HELD_BALLOT: _duty(
            {Role.EXECUTIVE_BOARD}, "count or reject a held provisional ballot"
        ),
        Action.FOLLOW_COUNT: _duty(
            OVERSIGHT, "follow the unofficial count, sheets and certification state"
        ),
        Action.APPROVE_RESULT: _duty(
            {Role.EXECUTIVE_BOARD}, "approve a contest's result (seats are allocated)"
        ),
        Action.CONFIRM_RESULT: _duty(
            {Role.SUPERVISOR}, "confirm an approved result (it becomes official)"
        ),
        Action.PUBLISH_RESULT: _duty(
            {Role.HQ_ADMIN},
            "publish a result both boards have passed: approved by the executive board and "
            "confirmed by the supervisory board",
        ),
        Action.ORDER_RECOUNT: _duty(BOARDS, "return a result to unofficial for a recount"),
        Action.RECOUNT_BALLOTS: _duty(
            BOARDS | {Role.HQ_ADMIN, Role.AUDITOR},
            "recount a contest from the stored ballot records and compare with the bulletins",
        ),
        # --- operations (issue 15) -------------------------------------------------------
        Action.RUN_HEADQUARTERS: _duty(
            _HEADQUARTERS,
            "set up a headquarters, appoint by decree, issue directives and reminders, record "
            "meetings, action items, scenarios, agency commitments and media meetings",
        ),
        Action.FOLLOW_OPERATIONS: _duty(
            OVERSIGHT, "follow the organisation, directives, meetings, scenarios and commitments"
        ),
        Action.ANSWER_DIRECTIVE: _duty(
            OFFICERS, "acknowledge a directive addressed to one's office and report on it"
        ),
        Action.KEEP_RULES_LIBRARY: _duty(
            {Role.HQ_ADMIN, Role.PROVINCE_OFFICER}, "add laws, regulations and their versions"
        ),
        Action.RECORD_LESSON: _duty(OFFICERS | BOARDS, "record and update lessons"),
        Action.RESPOND_TO_INCIDENT: _duty(
            OFFICERS | {Role.EXECUTIVE_BOARD},
            "bind an election-day incident to a scenario and tick off its steps",
        ),
        Action.FOLLOW_COMPLAINTS: _duty(
            OFFICERS | BOARDS | {Role.EXPERTS_SUPERVISOR},
            "list complaints and their deadlines (never who complained)",
        ),
        Action.DECIDE_COMPLAINT: _duty(
            {Role.SUPERVISOR, Role.EXPERTS_SUPERVISOR},
            "take up and decide a complaint, and read who filed it (with a reason, logged); "
            "only for complaints routed to one's own supervisory office",
        ),
        Action.DRAFT_STATEMENT: _duty(
            OFFICERS, "draft a public statement (a member of the publicity committee)"
        ),
        Action.APPROVE_STATEMENT: _duty(
            _HEADQUARTERS, "approve a drafted statement (the head of the headquarters)"
        ),
        Action.PUBLISH_STATEMENT: _duty(OFFICERS, "publish an approved statement, signed"),
        Action.READ_RESTRICTED: _duty(OVERSIGHT, "read operations records classified restricted"),
        Action.READ_CONFIDENTIAL: _duty(
            _HEADQUARTERS | {Role.SUPERVISOR}, "read operations records classified confidential"
        ),
        Action.READ_SECRET: _duty(
            {Role.HQ_ADMIN, Role.PROVINCE_OFFICER}, "read operations records classified secret"
        ),
        # --- branch planning (issue 13) ------------------------------------------------------
        Action.PLAN_BRANCHES: _duty(
            OFFICERS,
            "assess branch sites, record network links, roster branch staff, hold training "
            "and plan mobile boxes",
        ),
        Action.KEEP_EQUIPMENT: _duty(
            OFFICERS, "register devices, record their tests, seals, handovers and transfers"
        ),
        Action.FOLLOW_PLANNING: _duty(
            OVERSIGHT, "follow readiness, capacity, network, equipment, staffing and training"
        ),
        # --- candidates (issue 14) -------------------------------------------------------
        Action.REGISTER_CANDIDATES: _duty(
            OFFICERS,
            "register candidates and lists at the office, record consent, appeals and withdrawals",
        ),
        Action.FOLLOW_CANDIDATES: _duty(
            OFFICERS | BOARDS | {Role.EXPERTS_SUPERVISOR, Role.VETTING_OFFICER},
            "follow registrations, qualification steps and the status of vetting inquiries "
            "(never their content)",
        ),
        Action.DECIDE_CANDIDACY: _duty(
            {Role.EXECUTIVE_BOARD}, "decide on a candidate, citing a legal ground to disqualify"
        ),
        Action.REVIEW_CANDIDACY: _duty(
            {Role.SUPERVISOR, Role.EXPERTS_SUPERVISOR},
            "review the executive board's decisions and decide appeals — only the contest's "
            "own supervising body: the supervisory board for councils, the Experts' supervision "
            "office (دفتر نظارت و بازرسی انتخابات خبرگان) for the Assembly of Experts",
        ),
        Action.DRAW_BALLOT_CODES: _duty(
            {Role.EXECUTIVE_BOARD}, "draw the ballot codes at the public ceremony"
        ),
        Action.PUBLISH_CANDIDATE_LIST: _duty(
            {Role.HQ_ADMIN}, "publish a final candidate list (merged into the definition)"
        ),
        Action.KEEP_PARTY_REGISTER: _duty(
            {Role.HQ_ADMIN}, "register parties and minute their meetings with headquarters"
        ),
        Action.FOLLOW_PARTIES: _duty(OFFICERS, "read the register of parties and meetings"),
        Action.ACCREDIT_REPRESENTATIVE: _duty(
            OFFICERS, "accredit a candidate's or list's representative to a branch"
        ),
        Action.OBSERVE_BRANCH: _duty(
            {Role.OBSERVER},
            "see one's accredited branch: opening, closing, bulletins (the wall sheet)",
        ),
        # --- the calendar and complete reporting (c-rules) -------------------------------------
        Action.EXTEND_POLLING_HOURS: _duty(
            {Role.HQ_ADMIN},
            "extend polling hours election-wide, with a reason, before polling closes",
        ),
        Action.RECORD_BRANCH_NOT_COUNTED: _duty(
            {Role.EXECUTIVE_BOARD},
            "record a branch that did not report as not counted, with a reason, before approval",
        ),
        # --- the headquarters dashboard (issue 12) ---------------------------------------------
        Action.RESOLVE_INCIDENT: _duty(
            OFFICERS | {Role.EXECUTIVE_BOARD},
            "resolve an election-day incident inside one's jurisdiction, saying how (logged)",
        ),
    }
)


def roles_for(action: Action) -> frozenset[Role]:
    """The roles that may perform ``action``."""
    return ACTIONS[action].roles


def may(role: Role, action: Action) -> bool:
    """Whether ``role`` may perform ``action`` (anywhere inside its jurisdiction)."""
    return role in ACTIONS[action].roles


def permits(principal: Principal, action: Action, chains: Sequence[Sequence[str]] = ()) -> bool:
    """Whether this user may perform ``action`` on an object lying along ``chains`` (one chain
    of jurisdiction codes per part of the object, its own code first; none: not about a place).

    This is the question a page asks before it shows a button.
    """
    return may(principal.role, action) and all(
        within_jurisdiction(principal.jurisdiction, chain) for chain in chains
    )


def require(role: Role | str, action: Action) -> Role:
    """The role, if it may perform ``action``; else ROLE_NOT_ALLOWED (403)."""
    try:
        known = Role(role)
    except ValueError:
        known = None
    if known is None or not may(known, action):
        raise EntekhabError(ROLE_NOT_ALLOWED, {"role": str(role), "action": action.value})
    return known
