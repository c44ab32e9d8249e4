"""The permission matrix: for every route of the server, who may call it and where.

This is the one place that says who may do what. For each route (method + path template as the
app mounts it, ``/api/v1/...``) it names

* ``who``: ``PUBLIC`` (anyone, signed in or not), ``STATION`` (a request signed by an enrolled
  station key; roles do not apply, the signature is checked by the route's ``StationCaller``), or
  the ``Action`` the route performs (a signed-in user whose role may perform it: the roles of each
  action are in ``domain/permissions.py``, the one table services ask too);
* ``scope``: how the jurisdiction of the object the request touches is found
  (``api/scopes.py``): the user's jurisdiction must contain it.

``api/authorize.py`` enforces it on every request (an app-wide dependency, before the route's
own code runs): 401 UNAUTHENTICATED without a session, 403 ROLE_NOT_ALLOWED for another role, 404
for an unknown object, 403 OUT_OF_JURISDICTION outside the user's jurisdiction, and 403
NOT_IN_PERMISSION_MATRIX for a route that has no entry here (deny by default). Every refusal is
logged as an event. ``docs/permissions.md`` is rendered from it (``entekhab docs permissions``).

**Adding a route?** Add one ``Permission`` to ``MATRIX`` below, in your area's block, naming the
``Action`` it performs (a new duty: add the action and its roles to ``domain/permissions.py``),
then run ``entekhab docs permissions`` and commit ``docs/permissions.md``. A sensitive route also
gets a line in the hand-written policy of ``tests/integration/test_permission_policy.py``.
``tests/integration/test_permission_matrix.py`` walks every route of the app × every role (and the
anonymous public) with an object inside and one outside the user's jurisdiction; it fails for a
route without an entry, for an entry without a route, and when docs/permissions.md is stale. If
your route has a path parameter the test has no sample value for, add one to its ``SAMPLES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from entekhab.api.scopes import (
    NOWHERE,
    BranchScope,
    CandidateScope,
    ConfidentialRecordScope,
    ContestScope,
    ElectionScope,
    FilteredScope,
    JurisdictionScope,
    OwnAccountScope,
    Scope,
    StationBranchScope,
    UnscopedScope,
    body,
    path,
)
from entekhab.domain.access import Role
from entekhab.domain.permissions import ALL_ROLES, BOARDS, OFFICERS, OVERSIGHT, Action, may

__all__ = [
    "ALL_ROLES",
    "BOARDS",
    "MATRIX",
    "OFFICERS",
    "OVERSIGHT",
    "Audience",
    "Permission",
    "permission_index",
]


class Audience(StrEnum):
    PUBLIC = "public"
    """Anyone, including the anonymous public."""
    STATION = "station"
    """A request signed by an enrolled, unrevoked station key (docs/station-api.md)."""


Who = Audience | Action


@dataclass(frozen=True)
class Permission:
    method: str
    path: str
    who: Who
    scope: Scope = field(default=NOWHERE)
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    def allows(self, role: Role) -> bool:
        return isinstance(self.who, Action) and may(role, self.who)


_V1 = "/api/v1"
_CONTEST = ContestScope(path("election_id"), path("contest"))
_ELECTION = ElectionScope(path("election_id"))
_OWN_BRANCH = StationBranchScope(path("branch"))
_BODY_BRANCH = BranchScope(body("election_id"), body("branch"))
_OPS = JurisdictionScope(path("jurisdiction"))
_BODY_COUNTY = JurisdictionScope(body("county"))
_PATH_BRANCH = BranchScope(path("election_id"), path("branch"))


_META = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/health"})
"""Routes the app itself mounts outside ``/api/v1``."""


def _p(method: str, route: str, who: Who, scope: Scope = NOWHERE, note: str = "") -> Permission:
    return Permission(method, route if route in _META else _V1 + route, who, scope, note)


_CANDIDATE = CandidateScope(path("election_id"), path("registration"))
_CANDIDATE_ENTRIES: tuple[Permission, ...] = (
    _p(
        "POST",
        "/candidates/{election_id}/registrations",
        Action.REGISTER_CANDIDATES,
        ContestScope(path("election_id"), body("contest")),
        "register a candidate (by an officer or in person at the office)",
    ),
    _p("GET", "/candidates/{election_id}/contests/{contest}", Action.FOLLOW_CANDIDATES, _CONTEST),
    _p(
        "GET",
        "/candidates/{election_id}/registrations/{registration}/steps",
        Action.FOLLOW_CANDIDATES,
        _CANDIDATE,
        "who decided what, when",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/decision",
        Action.DECIDE_CANDIDACY,
        _CANDIDATE,
        "the executive board's decision, citing a legal ground when it disqualifies",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/review",
        Action.REVIEW_CANDIDACY,
        _CANDIDATE,
        "only the contest's own supervising body (WRONG_SUPERVISING_BODY otherwise)",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/appeal",
        Action.REGISTER_CANDIDATES,
        _CANDIDATE,
        "filed at the office within the appeal deadline",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/appeal-decision",
        Action.REVIEW_CANDIDACY,
        _CANDIDATE,
        "only the contest's own supervising body",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/withdrawal",
        Action.REGISTER_CANDIDATES,
        _CANDIDATE,
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/consent",
        Action.REGISTER_CANDIDATES,
        _CANDIDATE,
        "a list member's consent, given in person",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/inquiries",
        Action.FILE_VETTING_RECORD,
        _CANDIDATE,
        "sealed inquiries to the bodies the definition names",
    ),
    _p(
        "GET",
        "/candidates/{election_id}/registrations/{registration}/inquiries",
        Action.FOLLOW_CANDIDATES,
        _CANDIDATE,
        "status and deadlines only, never the content",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/registrations/{registration}/inquiries/{inquiry}/answer",
        Action.FILE_VETTING_RECORD,
        _CANDIDATE,
        "the answer is sealed as a confidential record",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/contests/{contest}/lists",
        Action.REGISTER_CANDIDATES,
        _CONTEST,
    ),
    _p(
        "POST",
        "/candidates/{election_id}/contests/{contest}/ballot-codes",
        Action.DRAW_BALLOT_CODES,
        _CONTEST,
        "the public draw of ballot codes",
    ),
    _p(
        "POST",
        "/candidates/{election_id}/contests/{contest}/publish",
        Action.PUBLISH_CANDIDATE_LIST,
        _CONTEST,
        "merged into the definition as a new version",
    ),
    _p("GET", "/public/candidates/{election_id}/{contest}", Audience.PUBLIC, note="final only"),
    _p(
        "GET",
        "/public/candidates/{election_id}/{contest}/sheet",
        Audience.PUBLIC,
        note="final only",
    ),
    _p(
        "GET",
        "/public/candidates/{election_id}/{contest}/sheet.pdf",
        Audience.PUBLIC,
        note="final only",
    ),
    _p("GET", "/public/candidates/{election_id}/{contest}/csv", Audience.PUBLIC, note="final only"),
    _p(
        "GET", "/public/candidates/{election_id}/{contest}/draw", Audience.PUBLIC, note="once drawn"
    ),
    _p(
        "GET",
        "/public/elections/{election_id}/information",
        Audience.PUBLIC,
        note="generated from the definition in force",
    ),
    _p(
        "GET",
        "/public/elections/{election_id}/information.html",
        Audience.PUBLIC,
        note="generated from the definition in force",
    ),
    _p(
        "GET",
        "/definitions/{election_id}/versions",
        Audience.PUBLIC,
        note="every version's hash, reason, author and time",
    ),
    _p(
        "POST",
        "/parties",
        Action.KEEP_PARTY_REGISTER,
        UnscopedScope("headquarters only, country-wide"),
        "the register of parties and political groups",
    ),
    _p("GET", "/parties", Action.FOLLOW_PARTIES, UnscopedScope("a country-wide register")),
    _p(
        "POST",
        "/parties/{party}/meetings",
        Action.KEEP_PARTY_REGISTER,
        UnscopedScope("headquarters only, country-wide"),
        "minutes of a meeting with headquarters",
    ),
    _p(
        "GET",
        "/parties/{party}/meetings",
        Action.FOLLOW_PARTIES,
        UnscopedScope("a country-wide register"),
    ),
    _p(
        "POST",
        "/representatives",
        Action.ACCREDIT_REPRESENTATIVE,
        _BODY_BRANCH,
        "a representative of a candidate or list, accredited to one branch",
    ),
    _p(
        "GET",
        "/observers/{election_id}/branches/{branch}",
        Action.OBSERVE_BRANCH,
        BranchScope(path("election_id"), path("branch")),
        "an accredited observer's view: opening, closing, bulletins",
    ),
)

MATRIX: tuple[Permission, ...] = (
    # --- meta: the API description and the health probe -----------------------------------
    _p("GET", "/openapi.json", Audience.PUBLIC, note="the API's OpenAPI description"),
    _p("GET", "/docs", Audience.PUBLIC, note="interactive API documentation"),
    _p("GET", "/docs/oauth2-redirect", Audience.PUBLIC, note="part of the API documentation"),
    _p("GET", "/redoc", Audience.PUBLIC, note="API documentation"),
    _p("GET", "/health", Audience.PUBLIC, note="liveness probe"),
    # --- election definitions -------------------------------------------------------------
    _p(
        "POST",
        "/definitions",
        Action.LOAD_DEFINITION,
        UnscopedScope("headquarters only, country-wide"),
        "load an election definition (JSON, or YAML with a YAML content type)",
    ),
    _p(
        "GET",
        "/definitions/{election_id}",
        Audience.PUBLIC,
        note="the loaded definition and its SHA-256",
    ),
    _p(
        "GET",
        "/definitions/{election_id}/signature",
        Audience.PUBLIC,
        note="headquarters' signature of the definition hash (stations verify it)",
    ),
    # --- accounts (security) --------------------------------------------------------------
    _p("POST", "/auth/sign-in", Audience.PUBLIC, note="throttled per address; TOTP for HQ, boards"),
    _p("POST", "/auth/sign-out", Action.OWN_SESSION, OwnAccountScope()),
    _p("GET", "/auth/me", Action.OWN_SESSION, OwnAccountScope()),
    _p(
        "POST",
        "/users",
        Action.CREATE_ACCOUNT,
        JurisdictionScope(body("jurisdiction")),
        "inside the creator's jurisdiction, a role the grant table lets the creator grant",
    ),
    _p("GET", "/users", Action.LIST_ACCOUNTS, FilteredScope("accounts")),
    _p(
        "POST",
        "/users/proposals",
        Action.PROPOSE_GRANT,
        JurisdictionScope(body("jurisdiction")),
        "a board, vetting or headquarters account: a second headquarters admin approves it",
    ),
    _p(
        "GET",
        "/users/proposals",
        Action.DECIDE_GRANT,
        UnscopedScope("headquarters only, country-wide"),
        "proposed accounts waiting for a second admin",
    ),
    _p(
        "POST",
        "/users/proposals/{proposal_id}/approve",
        Action.DECIDE_GRANT,
        UnscopedScope("headquarters only, country-wide"),
        "creates the account; never by its proposer",
    ),
    _p(
        "POST",
        "/users/proposals/{proposal_id}/reject",
        Action.DECIDE_GRANT,
        UnscopedScope("headquarters only, country-wide"),
    ),
    # --- confidential records (security) --------------------------------------------------
    _p(
        "POST",
        "/confidential/records",
        Action.FILE_VETTING_RECORD,
        JurisdictionScope(body("jurisdiction")),
        "vetting inquiries and answers, incident reports",
    ),
    _p(
        "POST",
        "/confidential/incident-reports",
        Action.FILE_INCIDENT_REPORT,
        JurisdictionScope(body("jurisdiction")),
        "write-only: the filer cannot read it back",
    ),
    _p(
        "GET",
        "/confidential/records",
        Action.READ_VETTING_RECORD,
        FilteredScope("records (metadata only)"),
    ),
    _p(
        "POST",
        "/confidential/records/{record_id}/read",
        Action.READ_VETTING_RECORD,
        ConfidentialRecordScope(path("record_id")),
        "a reason is required; the read is logged",
    ),
    # --- stations and election day (signed station requests) -------------------------------
    _p("POST", "/stations", Action.MANAGE_STATION_KEYS, _BODY_BRANCH, "enrol a station key"),
    _p(
        "POST",
        "/stations/{key_id}/revoke",
        Action.MANAGE_STATION_KEYS,
        UnscopedScope("headquarters only, country-wide"),
    ),
    _p(
        "POST",
        "/stations/{key_id}/rotate",
        Action.MANAGE_STATION_KEYS,
        UnscopedScope("headquarters only, country-wide"),
        "replace a station key (the old one is revoked)",
    ),
    _p("POST", "/incidents", Audience.STATION, StationBranchScope()),
    _p("POST", "/branches/{branch}/open", Audience.STATION, _OWN_BRANCH),
    _p("POST", "/branches/{branch}/close", Audience.STATION, _OWN_BRANCH),
    _p("GET", "/branches/{branch}/turnout", Audience.STATION, _OWN_BRANCH),
    _p("POST", "/checkins", Audience.STATION, StationBranchScope()),
    _p("GET", "/elections/{election_id}/turnout", Action.FOLLOW_ELECTION_DAY, _ELECTION),
    _p("GET", "/elections/{election_id}/incidents", Action.FOLLOW_ELECTION_DAY, _ELECTION),
    _p("POST", "/branches/{branch}/provisional", Audience.STATION, _OWN_BRANCH),
    _p("GET", "/elections/{election_id}/held-ballots", Action.FOLLOW_ELECTION_DAY, _ELECTION),
    _p(
        "POST",
        "/elections/{election_id}/branches/{branch}/held-ballots/{incident_id}/decision",
        Action.DECIDE_HELD_BALLOT,
        BranchScope(path("election_id"), path("branch")),
        "count or reject a held provisional ballot",
    ),
    # --- the headquarters dashboard (issue 12) ------------------------------------------------
    _p(
        "GET",
        "/elections/{election_id}/areas/{jurisdiction}/day",
        Action.FOLLOW_ELECTION_DAY,
        _OPS,
        "an area's branches by state, reporting and turnout by hour",
    ),
    _p(
        "POST",
        "/elections/{election_id}/branches/{branch}/incidents/{incident_id}/resolution",
        Action.RESOLVE_INCIDENT,
        _PATH_BRANCH,
        "resolve an incident with a reason (who, role, why and when are kept)",
    ),
    # --- the election calendar: polling hours (c-rules) ----------------------------------------
    _p(
        "GET",
        "/elections/{election_id}/polling-hours",
        Audience.PUBLIC,
        note="opening and closing, with every extension and its reason",
    ),
    _p(
        "POST",
        "/elections/{election_id}/polling-hours/extensions",
        Action.EXTEND_POLLING_HOURS,
        _ELECTION,
        "extend polling hours election-wide, with a reason (the Interior Ministry's decision)",
    ),
    # --- counting and results ---------------------------------------------------------------
    _p(
        "POST",
        "/bulletins",
        Audience.PUBLIC,
        note="a signed document: the station's and the branch head's signatures are checked",
    ),
    _p(
        "POST",
        "/bulletins/head-keys",
        Action.ENROL_HEAD_KEY,
        _BODY_BRANCH,
        "enrol a branch head's key",
    ),
    _p("GET", "/public/results/{election_id}", Audience.PUBLIC, note="published results only"),
    _p("GET", "/public/results/{election_id}/{contest}", Audience.PUBLIC, note="published only"),
    _p(
        "GET",
        "/results/{election_id}/{contest}/live",
        Action.FOLLOW_COUNT,
        _CONTEST,
        "unofficial count",
    ),
    _p(
        "GET",
        "/public/results/{election_id}/{contest}/sheet",
        Audience.PUBLIC,
        note="published only",
    ),
    _p(
        "GET",
        "/public/results/{election_id}/{contest}/sheet.pdf",
        Audience.PUBLIC,
        note="published only",
    ),
    _p(
        "GET", "/public/results/{election_id}/{contest}/csv", Audience.PUBLIC, note="published only"
    ),
    _p("GET", "/public/exports/{election_id}/err", Audience.PUBLIC, note="published contests only"),
    _p(
        "GET",
        "/results/{election_id}/{contest}/sheet",
        Action.FOLLOW_COUNT,
        _CONTEST,
        "labelled sheet",
    ),
    _p("GET", "/certification/{election_id}/{contest}", Action.FOLLOW_COUNT, _CONTEST),
    _p(
        "POST",
        "/certification/{election_id}/{contest}/approve",
        Action.APPROVE_RESULT,
        _CONTEST,
    ),
    _p(
        "POST",
        "/certification/{election_id}/{contest}/confirm",
        Action.CONFIRM_RESULT,
        _CONTEST,
    ),
    _p(
        "POST",
        "/certification/{election_id}/{contest}/publish",
        Action.PUBLISH_RESULT,
        _CONTEST,
        "only a result both boards have passed (approved, then confirmed)",
    ),
    _p("POST", "/certification/{election_id}/{contest}/recount", Action.ORDER_RECOUNT, _CONTEST),
    _p(
        "POST",
        "/results/{election_id}/recount-ballots",
        Action.RECOUNT_BALLOTS,
        _ELECTION,
        "recount every contest from the stored ballot records; differences from the bulletins",
    ),
    _p(
        "POST",
        "/results/{election_id}/{contest}/recount-ballots",
        Action.RECOUNT_BALLOTS,
        _CONTEST,
        "recount one contest from the stored ballot records; differences from the bulletins",
    ),
    # complete reporting before approval (c-rules)
    _p(
        "GET",
        "/certification/{election_id}/{contest}/reporting",
        Action.FOLLOW_COUNT,
        _CONTEST,
        "branches reported, recorded as not counted, and silent",
    ),
    _p(
        "POST",
        "/certification/{election_id}/{contest}/not-counted",
        Action.RECORD_BRANCH_NOT_COUNTED,
        _CONTEST,
        "record a silent branch as not counted, with a reason, before approval",
    ),
    # --- operations (issue 15): every object through the path of its jurisdiction ----------
    _p(
        "POST",
        "/operations/headquarters",
        Action.RUN_HEADQUARTERS,
        JurisdictionScope(body("jurisdiction")),
        "a province's or county's headquarters, inside the caller's jurisdiction",
    ),
    *(
        _p(method, "/operations/{jurisdiction}" + tail, action, _OPS, note)
        for method, tail, action, note in (
            ("POST", "/appointments", Action.RUN_HEADQUARTERS, "by decree; history is kept"),
            ("GET", "/appointments", Action.FOLLOW_OPERATIONS, ""),
            ("GET", "/organisation", Action.FOLLOW_OPERATIONS, ""),
            ("GET", "/organisation/chart", Action.FOLLOW_OPERATIONS, "printable"),
            ("GET", "/organisation/chart.pdf", Action.FOLLOW_OPERATIONS, "printable"),
            ("POST", "/directives", Action.RUN_HEADQUARTERS, "to offices under this HQ"),
            ("GET", "/directives", Action.FOLLOW_OPERATIONS, "issued or addressed here"),
            (
                "GET",
                "/directives/{directive_id}",
                Action.FOLLOW_OPERATIONS,
                "classified: the clearance actions decide, and the read is logged",
            ),
            (
                "GET",
                "/directives/{directive_id}/attachments/{attachment_id}",
                Action.FOLLOW_OPERATIONS,
                "the directive's classification applies",
            ),
            (
                "POST",
                "/directives/{directive_id}/acknowledge",
                Action.ANSWER_DIRECTIVE,
                "only an office the directive is addressed to",
            ),
            (
                "POST",
                "/directives/{directive_id}/reports",
                Action.ANSWER_DIRECTIVE,
                "only an office the directive is addressed to",
            ),
            ("GET", "/overdue-directives", Action.FOLLOW_OPERATIONS, "per county and district"),
            ("POST", "/reminders", Action.RUN_HEADQUARTERS, "records the reminders due"),
            ("POST", "/meetings", Action.RUN_HEADQUARTERS, "every action item has an owner"),
            ("GET", "/meetings", Action.FOLLOW_OPERATIONS, ""),
            ("GET", "/meetings/{meeting_id}", Action.FOLLOW_OPERATIONS, "classified: logged"),
            ("GET", "/action-items", Action.FOLLOW_OPERATIONS, ""),
            ("POST", "/action-items/{item_id}/status", Action.RUN_HEADQUARTERS, ""),
            ("POST", "/lessons", Action.RECORD_LESSON, ""),
            ("GET", "/lessons", Action.FOLLOW_OPERATIONS, "search; CSV or JSON export"),
            ("GET", "/lessons/{lesson_id}", Action.FOLLOW_OPERATIONS, "classified: logged"),
            ("POST", "/lessons/{lesson_id}", Action.RECORD_LESSON, "owner, status, decision"),
            ("POST", "/scenarios", Action.RUN_HEADQUARTERS, ""),
            ("POST", "/scenarios/standard", Action.RUN_HEADQUARTERS, "the six playbooks"),
            ("GET", "/scenarios", Action.FOLLOW_OPERATIONS, ""),
            ("POST", "/activations", Action.RESPOND_TO_INCIDENT, "bind an incident"),
            ("GET", "/activations/{activation_id}", Action.FOLLOW_OPERATIONS, ""),
            (
                "POST",
                "/activations/{activation_id}/steps",
                Action.RESPOND_TO_INCIDENT,
                "tick a step off, timed",
            ),
            ("GET", "/complaints", Action.FOLLOW_COMPLAINTS, "never who complained"),
            (
                "POST",
                "/complaints/{complaint_id}/decision",
                Action.DECIDE_COMPLAINT,
                "only the office the complaint is routed to",
            ),
            (
                "POST",
                "/complaints/{complaint_id}/complainant",
                Action.DECIDE_COMPLAINT,
                "its office only; a reason is required and the read is logged",
            ),
            ("POST", "/commitments", Action.RUN_HEADQUARTERS, ""),
            ("GET", "/commitments", Action.FOLLOW_OPERATIONS, "held or escalated here"),
            ("POST", "/commitments/{commitment_id}/status", Action.RUN_HEADQUARTERS, ""),
            ("POST", "/commitments/escalations", Action.RUN_HEADQUARTERS, "the overdue ones"),
            ("POST", "/media-meetings", Action.RUN_HEADQUARTERS, ""),
            ("GET", "/media-meetings", Action.FOLLOW_OPERATIONS, ""),
            ("POST", "/statements", Action.DRAFT_STATEMENT, "publicity committee members"),
            ("GET", "/statements", Action.FOLLOW_OPERATIONS, "drafts included"),
            (
                "POST",
                "/statements/{statement_id}/approve",
                Action.APPROVE_STATEMENT,
                "the head of this headquarters",
            ),
            (
                "POST",
                "/statements/{statement_id}/publish",
                Action.PUBLISH_STATEMENT,
                "approved statements only; signed with the server key",
            ),
        )
    ),
    _p(
        "POST",
        "/operations/rules",
        Action.KEEP_RULES_LIBRARY,
        UnscopedScope("the rules library is country-wide"),
    ),
    _p(
        "POST",
        "/operations/rules/{rule_code}/versions",
        Action.KEEP_RULES_LIBRARY,
        UnscopedScope("the rules library is country-wide"),
        "takes effect after the previous version",
    ),
    _p("GET", "/operations/rules", Action.FOLLOW_OPERATIONS, note="in force on a day"),
    _p("GET", "/operations/rules/{rule_code}", Action.FOLLOW_OPERATIONS, note="change log"),
    _p("POST", "/public/complaints", Audience.PUBLIC, note="the complainant is sealed"),
    _p("GET", "/public/statements", Audience.PUBLIC, note="published statements only"),
    _p("GET", "/public/statements/{statement_id}", Audience.PUBLIC, note="published only"),
    # --- branch planning (issue 13): reads through the path of an area, writes name their
    # branch or county in the body ------------------------------------------------------------
    _p(
        "POST",
        "/planning/site-assessments",
        Action.PLAN_BRANCHES,
        _BODY_BRANCH,
        "kept with history; strengths and weaknesses go to the lessons register",
    ),
    _p("POST", "/planning/network-links", Action.PLAN_BRANCHES, _BODY_BRANCH),
    _p("POST", "/planning/blockers", Action.PLAN_BRANCHES, _BODY_BRANCH, "owner and due date"),
    _p(
        "POST",
        "/planning/sensitivity",
        Action.PLAN_BRANCHES,
        JurisdictionScope(body("jurisdiction")),
        "an area or a branch, rated 0..5",
    ),
    _p(
        "POST",
        "/planning/network-security",
        Action.PLAN_BRANCHES,
        _BODY_COUNTY,
        "who secures the governorate's network",
    ),
    _p(
        "GET",
        "/planning/areas/{jurisdiction}/devices/{serial}/custody",
        Action.FOLLOW_PLANNING,
        _OPS,
        "every move, both signatures",
    ),
    _p(
        "POST",
        "/planning/roster",
        Action.PLAN_BRANCHES,
        _BODY_BRANCH,
        "nobody twice on polling day (a unique key)",
    ),
    _p("POST", "/planning/courses", Action.PLAN_BRANCHES, _BODY_COUNTY),
    _p(
        "POST",
        "/planning/attendance",
        Action.PLAN_BRANCHES,
        _BODY_COUNTY,
        "the course must be held in that county",
    ),
    _p("POST", "/planning/devices", Action.KEEP_EQUIPMENT, _BODY_COUNTY, "into its inventory"),
    _p(
        "POST",
        "/planning/devices/status",
        Action.KEEP_EQUIPMENT,
        _BODY_COUNTY,
        "only a device of that county",
    ),
    _p(
        "POST",
        "/planning/devices/handover",
        Action.KEEP_EQUIPMENT,
        _BODY_COUNTY,
        "both parties sign; a transfer between branches on the day",
    ),
    _p("GET", "/planning/areas/{jurisdiction}/devices", Action.FOLLOW_PLANNING, _OPS),
    _p(
        "POST",
        "/planning/{election_id}/areas/{jurisdiction}/mobile-boxes",
        Action.PLAN_BRANCHES,
        _OPS,
        "computed, not stored; a county's villages with a council",
    ),
    *(
        _p(
            "GET",
            "/planning/{election_id}/areas/{jurisdiction}/" + tail,
            Action.FOLLOW_PLANNING,
            _OPS,
            note,
        )
        for tail, note in (
            ("readiness", "district → county → province, with the work order"),
            ("capacity", "Erlang C per branch; the shortfall against the inventory"),
            ("network", "risk, offline policy and upload bytes per branch"),
            ("roster", ""),
            ("training", "completion and who still lacks their course"),
            ("plan", "a county's plan, printable HTML"),
            ("plan/{table}.csv", "one table of a county's plan"),
        )
    ),
    _p(
        "GET",
        "/planning/{election_id}/branches/{branch}/capacity",
        Action.FOLLOW_PLANNING,
        _PATH_BRANCH,
        "devices and the predicted queue hour by hour",
    ),
    _p(
        "GET",
        "/planning/{election_id}/branches/{branch}/queue.svg",
        Action.FOLLOW_PLANNING,
        _PATH_BRANCH,
        "the predicted queue per hour, drawn on the server",
    ),
    # --- candidates: registration, lists, vetting, qualification, the official list ----------
    *_CANDIDATE_ENTRIES,
)


# --- web pages (issue 12) ------------------------------------------------------------------
# Page routes are mounted at the root, not under /api/v1. A page that does what a JSON route
# does takes that route's ``who`` (``_like``), so the two can never disagree.


def _page(method: str, route: str, who: Who, scope: Scope = NOWHERE, note: str = "") -> Permission:
    return Permission(method, route, who, scope, note)


def _like(
    api_method: str, api_route: str, method: str, route: str, scope: Scope, note: str = ""
) -> Permission:
    api = next(e for e in MATRIX if e.key == (api_method, _V1 + api_route))
    return Permission(method, route, api.who, scope, note or f"as {api_method} {_V1}{api_route}")


PAGES: tuple[Permission, ...] = (
    _page("GET", "/sign-in", Audience.PUBLIC, note="page: password step"),
    _page("POST", "/sign-in", Audience.PUBLIC, note="page: throttled as the API's sign-in"),
    _page("POST", "/sign-in/code", Audience.PUBLIC, note="page: TOTP step (signed ticket)"),
    _like("POST", "/auth/sign-out", "POST", "/sign-out", OwnAccountScope()),
    _page("GET", "/", Audience.PUBLIC, note="page: the results portal's start"),
    _page("GET", "/results/{election_id}", Audience.PUBLIC, note="page: published contests"),
    _page("GET", "/results/{election_id}/{contest}", Audience.PUBLIC, note="page: published only"),
    _page("GET", "/verify", Audience.PUBLIC, note="page: elections to verify"),
    _page("GET", "/candidates/{election_id}", Audience.PUBLIC, note="page: published lists"),
    _page(
        "GET",
        "/candidates/{election_id}/{contest}",
        Audience.PUBLIC,
        note="page: the official candidate list, final only",
    ),
    _page("GET", "/verify/{election_id}", Audience.PUBLIC, note="page: counted bulletins' digests"),
    _page("GET", "/practice", Audience.PUBLIC, note="page: practice ballot (sample election)"),
    _page("GET", "/practice/ballot", Audience.PUBLIC, note="page: practice ballot"),
    _page("POST", "/practice/ballot", Audience.PUBLIC, note="page: practice ballot, changed"),
    _page("POST", "/practice/review", Audience.PUBLIC, note="page: practice ballot's review"),
    _page("POST", "/practice/cast", Audience.PUBLIC, note="page: kept apart, never counted"),
    _like(
        "GET",
        "/certification/{election_id}/{contest}",
        "GET",
        "/board",
        FilteredScope("contests"),
        "page: contests to certify",
    ),
    _like(
        "GET",
        "/certification/{election_id}/{contest}",
        "GET",
        "/board/{election_id}/{contest}",
        _CONTEST,
    ),
    *(
        _like(
            "POST",
            f"/certification/{{election_id}}/{{contest}}/{step}",
            "POST",
            f"/board/{{election_id}}/{{contest}}/{step}",
            _CONTEST,
        )
        for step in ("approve", "confirm", "publish", "recount")
    ),
)
_FOLLOW = "/elections/{election_id}/areas/{jurisdiction}/day"
DASHBOARD_PAGES: tuple[Permission, ...] = (
    _like("GET", _FOLLOW, "GET", "/dashboard", FilteredScope("elections"), "page: elections"),
    _like(
        "GET",
        _FOLLOW,
        "GET",
        "/dashboard/{election_id}",
        FilteredScope("the caller's own area of the election"),
        "page: the caller's own area",
    ),
    _like("GET", _FOLLOW, "GET", "/dashboard/{election_id}/areas/{jurisdiction}", _OPS),
    _like("GET", _FOLLOW, "GET", "/dashboard/{election_id}/branches/{branch}", _PATH_BRANCH),
    _like(
        "GET",
        "/elections/{election_id}/incidents",
        "GET",
        "/dashboard/{election_id}/incidents",
        FilteredScope("incidents of branches"),
        "page: incidents by area, kind and state",
    ),
    _like(
        "GET",
        "/elections/{election_id}/held-ballots",
        "GET",
        "/dashboard/{election_id}/held-ballots",
        FilteredScope("held ballots of branches"),
        "page: held provisional ballots and the board's decisions",
    ),
    _like(
        "POST",
        "/elections/{election_id}/branches/{branch}/incidents/{incident_id}/resolution",
        "POST",
        "/dashboard/{election_id}/branches/{branch}/incidents/{incident_id}/resolve",
        _PATH_BRANCH,
    ),
    _like(
        "POST",
        "/elections/{election_id}/branches/{branch}/held-ballots/{incident_id}/decision",
        "POST",
        "/dashboard/{election_id}/branches/{branch}/held-ballots/{incident_id}/decision",
        _PATH_BRANCH,
    ),
)
MATRIX = MATRIX + PAGES + DASHBOARD_PAGES


def permission_index() -> dict[tuple[str, str], Permission]:
    """The matrix by (method, path); a duplicate entry is a programming error."""
    index: dict[tuple[str, str], Permission] = {}
    for entry in MATRIX:
        if entry.key in index:
            raise ValueError(f"duplicate permission entry {entry.key}")
        index[entry.key] = entry
    return index
