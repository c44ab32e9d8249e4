"""Who may do what, written out by hand: an oracle the permission matrix is checked against.

``tests/integration/test_permission_matrix.py`` walks every route against the matrix itself, so
a wrong entry there (say, a supervisor allowed to publish) would pass it. This file states the
policy for the sensitive routes and grants independently, from the procedure (docs/operators.md,
docs/security.md), and checks both the matrix and the running app against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from entekhab.api.app import create_app
from entekhab.api.permissions import Audience, permission_index
from entekhab.domain.access import Role
from entekhab.domain.grants import GRANTS, SEPARATE_DUTIES, TWO_ADMIN_ROLES, may_grant
from entekhab.settings import Settings
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import CONFIDENTIAL_KEY, TWO, AccessWorld, build_access_world
from tests.candidates_support import add_candidate_rows

HQ, PROV, CNTY, DIST = (
    Role.HQ_ADMIN,
    Role.PROVINCE_OFFICER,
    Role.COUNTY_OFFICER,
    Role.DISTRICT_OFFICER,
)
EXEC, SUP, VET, AUD = Role.EXECUTIVE_BOARD, Role.SUPERVISOR, Role.VETTING_OFFICER, Role.AUDITOR
HEAD, AGENT = Role.BRANCH_HEAD, Role.BRANCH_AGENT
XSUP, OBS = Role.EXPERTS_SUPERVISOR, Role.OBSERVER

V1 = "/api/v1"
POLICY: dict[tuple[str, str], frozenset[Role]] = {
    # The election definition: headquarters alone.
    ("POST", "/definitions"): frozenset({HQ}),
    # Accounts: officers create (within the grant table); two HQ admins for the sensitive roles.
    ("POST", "/users"): frozenset({HQ, PROV, CNTY, DIST}),
    ("GET", "/users"): frozenset({HQ, PROV, CNTY, DIST}),
    ("POST", "/users/proposals"): frozenset({HQ}),
    ("GET", "/users/proposals"): frozenset({HQ}),
    ("POST", "/users/proposals/{proposal_id}/approve"): frozenset({HQ}),
    ("POST", "/users/proposals/{proposal_id}/reject"): frozenset({HQ}),
    # Vetting records: vetting officers only — headquarters never reads them.
    ("POST", "/confidential/records"): frozenset({VET}),
    ("GET", "/confidential/records"): frozenset({VET}),
    ("POST", "/confidential/records/{record_id}/read"): frozenset({VET}),
    # Station keys: headquarters.
    ("POST", "/stations"): frozenset({HQ}),
    ("POST", "/stations/{key_id}/revoke"): frozenset({HQ}),
    ("POST", "/stations/{key_id}/rotate"): frozenset({HQ}),
    # Held provisional ballots: the executive board decides.
    (
        "POST",
        "/elections/{election_id}/branches/{branch}/held-ballots/{incident_id}/decision",
    ): frozenset({EXEC}),
    # Certification: the executive board approves, the supervisory board confirms,
    # headquarters publishes (only what both boards passed); either board orders a recount.
    ("POST", "/certification/{election_id}/{contest}/approve"): frozenset({EXEC}),
    ("POST", "/certification/{election_id}/{contest}/confirm"): frozenset({SUP}),
    ("POST", "/certification/{election_id}/{contest}/publish"): frozenset({HQ}),
    ("POST", "/certification/{election_id}/{contest}/recount"): frozenset({EXEC, SUP}),
    # Operations (docs/operations.md): headquarters (country, province, county) issue directives
    # and approve statements; the province and the country keep the rules library; only the
    # supervisory office decides complaints and opens who filed them.
    ("POST", "/operations/{jurisdiction}/directives"): frozenset({HQ, PROV, CNTY}),
    ("POST", "/operations/{jurisdiction}/statements/{statement_id}/approve"): frozenset(
        {HQ, PROV, CNTY}
    ),
    ("POST", "/operations/{jurisdiction}/statements/{statement_id}/publish"): frozenset(
        {HQ, PROV, CNTY, DIST}
    ),
    ("POST", "/operations/rules"): frozenset({HQ, PROV}),
    ("POST", "/operations/rules/{rule_code}/versions"): frozenset({HQ, PROV}),
    ("POST", "/operations/{jurisdiction}/complaints/{complaint_id}/decision"): frozenset(
        {SUP, XSUP}
    ),
    ("POST", "/operations/{jurisdiction}/complaints/{complaint_id}/complainant"): frozenset(
        {SUP, XSUP}
    ),
    # Candidates (docs/candidates.md): vetting officers alone file the sealed inquiries and
    # answers; the executive board decides and draws the codes; the contest's own supervising
    # body reviews and decides appeals (the council board, or the Experts' office); headquarters
    # publishes the official list.
    ("POST", "/candidates/{election_id}/registrations/{registration}/inquiries"): frozenset({VET}),
    (
        "POST",
        "/candidates/{election_id}/registrations/{registration}/inquiries/{inquiry}/answer",
    ): frozenset({VET}),
    ("POST", "/candidates/{election_id}/registrations/{registration}/decision"): frozenset({EXEC}),
    ("POST", "/candidates/{election_id}/registrations/{registration}/review"): frozenset(
        {SUP, XSUP}
    ),
    ("POST", "/candidates/{election_id}/registrations/{registration}/appeal-decision"): frozenset(
        {SUP, XSUP}
    ),
    ("POST", "/candidates/{election_id}/contests/{contest}/ballot-codes"): frozenset({EXEC}),
    ("POST", "/candidates/{election_id}/contests/{contest}/publish"): frozenset({HQ}),
}

GRANT_POLICY: dict[Role, frozenset[Role]] = {
    HQ: frozenset({PROV, CNTY, DIST, HEAD, AGENT, AUD, HQ, EXEC, SUP, VET, XSUP, OBS}),
    PROV: frozenset({CNTY, DIST, HEAD, AGENT, OBS}),
    CNTY: frozenset({DIST, HEAD, AGENT, OBS}),
    DIST: frozenset({HEAD, AGENT, OBS}),
    HEAD: frozenset(),
    AGENT: frozenset(),
    EXEC: frozenset(),
    SUP: frozenset(),
    VET: frozenset(),
    AUD: frozenset(),
    XSUP: frozenset(),
    OBS: frozenset(),
}
"""Who may give which role (directly, or by proposal for the two-admin roles)."""
TWO_ADMIN_POLICY = frozenset({HQ, EXEC, SUP, VET, XSUP})
SEPARATE_POLICY = {
    frozenset({EXEC, SUP}),
    frozenset({HQ, SUP}),
    frozenset({VET, EXEC}),
    frozenset({VET, SUP}),
    frozenset({VET, HQ}),
    frozenset({VET, XSUP}),
}


@pytest.mark.parametrize("key", sorted(POLICY), ids=lambda k: f"{k[0]} {k[1]}")
def test_the_matrix_gives_each_sensitive_route_to_exactly_the_policy_roles(
    key: tuple[str, str],
) -> None:
    entry = permission_index()[(key[0], V1 + key[1])]
    assert not isinstance(entry.who, Audience), "a sensitive route is never public or station"
    assert {role for role in Role if entry.allows(role)} == set(POLICY[key])


def test_the_grant_table_is_the_policy() -> None:
    for granter in Role:
        assert {r for r in Role if may_grant(granter, r)} == set(GRANT_POLICY[granter]), granter
    assert set(GRANTS) == set(Role)
    assert TWO_ADMIN_ROLES == TWO_ADMIN_POLICY
    assert {rule.roles for rule in SEPARATE_DUTIES} == SEPARATE_POLICY


def test_no_role_grants_a_role_that_may_do_what_it_may_not() -> None:
    """Officers grant only roles whose sensitive powers they hold themselves (headquarters is
    the root: it grants the boards and vetting through two admins)."""
    for granter in (PROV, CNTY, DIST):
        for granted in GRANT_POLICY[granter]:
            for key, roles in POLICY.items():
                if granted in roles:
                    assert granter in roles, (granter, granted, key)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, AccessWorld]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('policy') / 'policy.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = UnitOfWorkFactory(engine)
    built = build_access_world(factory)
    add_candidate_rows(factory)
    app = create_app(Settings(database_url=url, confidential_key=CONFIDENTIAL_KEY), factory)
    with TestClient(app) as client:
        yield client, built
    engine.dispose()


@pytest.mark.parametrize("key", sorted(POLICY), ids=lambda k: f"{k[0]} {k[1]}")
def test_the_running_app_refuses_every_role_the_policy_does_not_name(
    world: tuple[TestClient, AccessWorld], key: tuple[str, str]
) -> None:
    client, built = world
    method, template = key
    url = V1 + template.format(
        election_id=TWO,
        contest="CT1",
        branch="B1",
        key_id="0" * 32,
        incident_id="1",
        proposal_id="1",
        record_id=built.records["C1"],
        # operations: the whole country's jurisdiction path; ids the world does not hold
        jurisdiction="country",
        statement_id="1",
        complaint_id="1",
        rule_code="NO-SUCH-RULE",
        # candidates: a registration the world holds (tests/candidates_support), any inquiry id
        registration="R00001",
        inquiry="1",
    )
    for role in Role:
        headers = built.auth(role)
        if method == "GET":
            got = client.get(url, headers=headers)
        else:
            got = client.post(url, content=json.dumps({}), headers=headers)
        code = got.json().get("error", {}).get("code") if got.status_code >= 400 else None
        if role in POLICY[key]:
            assert code != "ROLE_NOT_ALLOWED", (role, got.text)
        else:
            assert (got.status_code, code) == (403, "ROLE_NOT_ALLOWED"), (role, got.text)
