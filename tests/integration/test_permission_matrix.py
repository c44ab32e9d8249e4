"""Every route of the app × every role (and the anonymous public, and a station) against the
permission matrix, with an object inside and one outside the caller's jurisdiction.

The expected answer comes from the matrix and the test's own map of the geography
(``tests/access_support.CHAINS``): 401 without a session, 403 ROLE_NOT_ALLOWED for a role the
entry does not list, 403 OUT_OF_JURISDICTION outside, 404 for an unknown object, and otherwise
the route's own answer: 200 for a GET, 422 for a POST whose body holds only the fields that place
the object (the request reached the route's schema and nothing was written).

A route without a matrix entry, or an entry without a route, fails here. New path parameter?
Give it sample values in ``INSIDE``/``OUTSIDE``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from entekhab.api.app import create_app
from entekhab.api.authorize import app_routes
from entekhab.api.permissions import MATRIX, Audience, Permission
from entekhab.api.permissions_doc import render_permissions
from entekhab.api.scopes import (
    BranchScope,
    CandidateScope,
    ConfidentialRecordScope,
    ContestScope,
    ElectionScope,
    JurisdictionScope,
    Scope,
    StationBranchScope,
)
from entekhab.crypto.station_request import signed_headers
from entekhab.domain.access import Role, within_jurisdiction
from entekhab.service.operations.organisation import set_up_headquarters
from entekhab.settings import Settings
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import (
    CHAINS,
    CONFIDENTIAL_KEY,
    ROLE_JURISDICTIONS,
    TINY,
    TWO,
    AccessWorld,
    build_access_world,
)
from tests.candidates_support import add_candidate_rows
from tests.http_support import now_iso

ROOT = Path(__file__).resolve().parents[2]

INSIDE: dict[str, str] = {
    "election_id": TWO,
    "contest": "CT1",
    "branch": "B1",
    "jurisdiction": "C1",
    "county": "C1",
    "record_place": "C1",
    "registration": "R00001",
}
OUTSIDE: dict[str, str] = {
    **INSIDE,
    "contest": "CT9",
    "branch": "B9",
    "jurisdiction": "C9",
    "county": "C9",
    "record_place": "C9",
    "registration": "R00009",
}
UNKNOWN: dict[str, str] = {
    **INSIDE,
    "contest": "NOPE",
    "branch": "NOPE",
    "jurisdiction": "NOPE",
    "county": "NOPE",
    "record_place": "NOPE",
    "registration": "NOPE",
}
OTHER_PARAMS: dict[str, str] = {
    # operations (issue 15): ids of objects the world does not hold (the route's own 404)
    **dict.fromkeys(
        (
            "directive_id",
            "attachment_id",
            "meeting_id",
            "item_id",
            "lesson_id",
            "activation_id",
            "complaint_id",
            "commitment_id",
            "statement_id",
        ),
        "999999",
    ),
    "rule_code": "NO-SUCH-RULE",
    "key_id": "0" * 32,
    "incident_id": "1",
    "proposal_id": "1",
    "table": "roster",  # planning (issue 13): one CSV of a county's plan
    # candidates (issue 14): a party the world registers, an inquiry id it does not hold
    "party": "PT1",
    "inquiry": "1",
    "serial": "NO-SUCH-DEVICE",
}
"""Path parameters that do not place the object (the route answers for them itself)."""
RECORD_IDS: dict[str, str] = {}
"""Confidential record ids of the world by where they were filed (set by the fixture)."""

SUCCESS: dict[tuple[str, str], set[int]] = {
    # No body: the call runs. An unknown key is the route's own coded 401 (STATION_UNKNOWN).
    ("POST", "/api/v1/stations/{key_id}/revoke"): {401},
    # No body: the call runs. There is no proposal 1: the route's own coded 404.
    ("POST", "/api/v1/users/proposals/{proposal_id}/approve"): {404},
    # A signed document: the body is the proof, an empty one is a coded 422.
    ("POST", "/api/v1/bulletins"): {422},
    # Ends the session it is called with (the walk gives it a fresh one).
    ("POST", "/api/v1/auth/sign-out"): {204},
    # Nothing is published in this world: the route's own coded 404 (RESULT_NOT_PUBLISHED).
    ("GET", "/api/v1/public/results/{election_id}/{contest}"): {404},
    ("GET", "/api/v1/public/results/{election_id}/{contest}/sheet"): {404},
    ("GET", "/api/v1/public/results/{election_id}/{contest}/sheet.pdf"): {404},
    ("GET", "/api/v1/public/results/{election_id}/{contest}/csv"): {404},
    ("GET", "/api/v1/public/exports/{election_id}/err"): {404},
    # No candidate list is final in this world: the routes' own coded 409s.
    ("GET", "/api/v1/public/candidates/{election_id}/{contest}"): {409},
    ("GET", "/api/v1/public/candidates/{election_id}/{contest}/sheet"): {409},
    ("GET", "/api/v1/public/candidates/{election_id}/{contest}/sheet.pdf"): {409},
    ("GET", "/api/v1/public/candidates/{election_id}/{contest}/csv"): {409},
    ("GET", "/api/v1/public/candidates/{election_id}/{contest}/draw"): {409},
    # No body: the call runs, and today is outside the vetting phase (PHASE_NOT_OPEN).
    ("POST", "/api/v1/candidates/{election_id}/registrations/{registration}/inquiries"): {409},
    # The observer of the world is not accredited: the route's own OBSERVER_NOT_ACCREDITED.
    ("GET", "/api/v1/observers/{election_id}/branches/{branch}"): {403},
    # Planning: no device in this world (the route's own coded 404, PLANNING_DEVICE_UNKNOWN).
    ("GET", "/api/v1/planning/areas/{jurisdiction}/devices/{serial}/custody"): {404},
    # Pages: a form posted without the page's CSRF token is refused once past the gate.
    ("POST", "/sign-in"): {403},
    ("POST", "/sign-in/code"): {403},
    ("POST", "/sign-out"): {403},
    ("POST", "/board/{election_id}/{contest}/approve"): {403},
    ("POST", "/board/{election_id}/{contest}/confirm"): {403},
    ("POST", "/board/{election_id}/{contest}/publish"): {403},
    ("POST", "/board/{election_id}/{contest}/recount"): {403},
    ("POST", "/practice/ballot"): {403},
    ("POST", "/practice/review"): {403},
    ("POST", "/practice/cast"): {403},
    ("GET", "/results/{election_id}/{contest}"): {404},
    # No candidate list is final in this world: the page's coded 409 (CANDIDATE_LIST_NOT_FINAL).
    ("GET", "/candidates/{election_id}/{contest}"): {409},
    ("POST", "/dashboard/{election_id}/branches/{branch}/incidents/{incident_id}/resolve"): {403},
    ("POST", "/dashboard/{election_id}/branches/{branch}/held-ballots/{incident_id}/decision"): {
        403
    },
    # Every field of the body is optional: the recount runs (no ballots in this world).
    ("POST", "/api/v1/results/{election_id}/recount-ballots"): {200},
    ("POST", "/api/v1/results/{election_id}/{contest}/recount-ballots"): {200},
}
_OPS = "/api/v1/operations/{jurisdiction}"
SUCCESS.update(
    {
        # operations (issue 15): an object id the world does not hold is the route's own 404
        **{
            ("GET", _OPS + tail): {404}
            for tail in (
                "/directives/{directive_id}",
                "/directives/{directive_id}/attachments/{attachment_id}",
                "/meetings/{meeting_id}",
                "/lessons/{lesson_id}",
                "/activations/{activation_id}",
            )
        },
        ("GET", "/api/v1/operations/rules/{rule_code}"): {404},
        ("GET", "/api/v1/public/statements/{statement_id}"): {404},
        ("POST", _OPS + "/statements/{statement_id}/approve"): {404},
        # Every field of these bodies is optional: the empty body reaches the route.
        ("POST", _OPS + "/directives/{directive_id}/acknowledge"): {404},
        ("POST", _OPS + "/lessons/{lesson_id}"): {404},
        # No body: the call runs (nothing is due in this world; the playbooks install once).
        ("POST", _OPS + "/reminders"): {200},
        ("POST", _OPS + "/commitments/escalations"): {200},
        ("POST", _OPS + "/scenarios/standard"): {201},
        # No server key in this world: publishing is refused before anything is looked up.
        ("POST", _OPS + "/statements/{statement_id}/publish"): {503},
    }
)
"""The answer that shows a caller got past the gate, where it is not 200 (GET) or 422 (POST)."""

ENDS_SESSION = {("POST", "/api/v1/auth/sign-out")}


def _chains(scope: Scope, values: dict[str, str]) -> list[list[str]]:
    """Where the test world's sample object lies (independent of the server's lookup)."""
    if isinstance(scope, ContestScope):
        return [CHAINS[{"CT1": "T1", "CT9": "T9"}.get(values["contest"], "country")]]
    if isinstance(scope, ElectionScope):
        return [CHAINS["P1"]] if values["election_id"] == TINY else [CHAINS["P1"], CHAINS["P9"]]
    if isinstance(scope, BranchScope):
        return [CHAINS.get(values["branch"], CHAINS["country"])]
    if isinstance(scope, JurisdictionScope):
        return [CHAINS.get(values[scope.refs()[0].name], CHAINS["country"])]
    if isinstance(scope, CandidateScope):
        place = {"R00001": "T1", "R00009": "T9"}.get(values["registration"], "country")
        return [CHAINS[place]]
    if isinstance(scope, ConfidentialRecordScope):
        return [CHAINS.get(values["record_place"], CHAINS["country"])]
    return []


@dataclass(frozen=True)
class Call:
    url: str
    body: bytes | None
    chains: list[list[str]]


def _call(entry: Permission, values: dict[str, str]) -> Call:
    if isinstance(entry.scope, ElectionScope):
        values = {**values, "election_id": TINY if values is INSIDE else TWO}
    params = {**OTHER_PARAMS, **values}
    params["record_id"] = RECORD_IDS.get(values["record_place"], "0" * 32)
    url = entry.path.format(**params)
    body: bytes | None = None
    if entry.method == "POST":
        fields = {ref.name: params[ref.name] for ref in entry.scope.refs() if ref.where == "body"}
        body = json.dumps(fields).encode()
    return Call(url, body, _chains(entry.scope, values))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, AccessWorld]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'matrix.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = UnitOfWorkFactory(engine)
    built = build_access_world(factory)
    for county in ("C1", "C9"):  # operations routes answer for a headquarters that exists
        with factory() as uow:
            set_up_headquarters(uow, jurisdiction=county, name_fa=f"ستاد {county}", actor="t")
    add_candidate_rows(factory)
    RECORD_IDS.update(built.records)
    # The walk sends every route as every role from one address, faster than the per-address
    # limit allows on a quiet machine: the limiter has tests of its own.
    settings = Settings(database_url=url, confidential_key=CONFIDENTIAL_KEY, rate_per_address=0)
    yield create_app(settings, uow_factory=factory), built
    engine.dispose()


def _served(app: FastAPI) -> set[tuple[str, str]]:
    return {
        (method, full)
        for _route, full, methods in app_routes(app)
        for method in methods
        if method != "HEAD"
    }


def test_every_route_has_exactly_one_matrix_entry(world: tuple[FastAPI, AccessWorld]) -> None:
    app, _world = world
    served = _served(app)
    entries = [entry.key for entry in MATRIX]
    assert len(entries) == len(set(entries)), "duplicate matrix entries"
    missing = sorted(served - set(entries))
    assert not missing, f"routes without a permission entry (add them to MATRIX): {missing}"
    stale = sorted(set(entries) - served)
    assert not stale, f"permission entries for routes the app does not serve: {stale}"


def test_docs_permissions_md_is_up_to_date() -> None:
    on_disk = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert on_disk == render_permissions(), "run `entekhab docs permissions` and commit the file"


def _expected_for_user(entry: Permission, role: Role, call: Call) -> tuple[int, str | None]:
    success = SUCCESS.get(entry.key, {200 if entry.method == "GET" else 422})
    if entry.who is Audience.PUBLIC:
        return min(success), None
    if entry.who is Audience.STATION:
        return 401, "STATION_AUTH_MISSING"
    if not entry.allows(role):
        return 403, "ROLE_NOT_ALLOWED"
    place = ROLE_JURISDICTIONS[role]
    if not all(within_jurisdiction(place, chain) for chain in call.chains):
        if not entry.path.startswith("/api/"):
            return 404, "NOT_FOUND"  # a page does not tell "elsewhere" from "nowhere"
        return 403, "OUT_OF_JURISDICTION"
    return min(success), None


def _request(client: TestClient, entry: Permission, call: Call, headers: dict[str, str]) -> Any:
    if entry.method == "GET":
        return client.get(call.url, headers=headers)
    return client.post(
        call.url, content=call.body, headers={**headers, "content-type": "application/json"}
    )


_PAGE_CODE = re.compile(r'<meta name="error-code" content="([A-Z_]+)">')


def _code(response: Any) -> str | None:
    if response.headers.get("content-type", "").startswith("text/html"):
        found = _PAGE_CODE.search(response.text)
        return found.group(1) if found else None
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return None
    return error.get("code") if isinstance(error, dict) else None


def test_every_route_answers_every_role_as_the_matrix_says(
    world: tuple[FastAPI, AccessWorld],
) -> None:
    app, built = world
    client = TestClient(app)
    wrong: list[str] = []
    denials = 0
    for entry in MATRIX:
        for values in (INSIDE, OUTSIDE):
            call = _call(entry, values)
            # The anonymous public.
            anonymous = _request(client, entry, call, {})
            if entry.who is Audience.PUBLIC:
                want_anonymous = min(
                    SUCCESS.get(entry.key, {200 if entry.method == "GET" else 422})
                )
            else:
                want_anonymous = 401
            if anonymous.status_code != want_anonymous:
                wrong.append(f"{entry.key} anonymous {values['branch']}: {anonymous.status_code}")
            for role in Role:
                want, code = _expected_for_user(entry, role, call)
                fresh = entry.key in ENDS_SESSION
                headers = built.fresh_auth(role) if fresh else built.auth(role)
                got = _request(client, entry, call, headers)
                if got.status_code != want or (code and _code(got) != code):
                    wrong.append(
                        f"{entry.method} {call.url} as {role.value}: "
                        f"want {want} {code or ''}, got {got.status_code} {got.text[:120]}"
                    )
                if code in ("ROLE_NOT_ALLOWED", "OUT_OF_JURISDICTION"):
                    denials += 1
    assert not wrong, "\n".join(wrong)
    with built.uow_factory() as uow:
        logged = uow.session.scalar(
            select(func.count())
            .select_from(EventLogEntry)
            .where(EventLogEntry.code == "PERMISSION_DENIED")
        )
    assert logged is not None and logged >= denials > 0


def _signed(built: AccessWorld, station: str, entry: Permission, call: Call) -> dict[str, str]:
    headers = signed_headers(
        built.stations[station],
        entry.method,
        call.url,
        call.body or b"",
        timestamp=now_iso(),
        nonce=secrets.token_hex(16),
        idempotency_key=secrets.token_hex(16) if entry.method == "POST" else None,
    )
    return {**headers, "content-type": "application/json"}


def test_station_routes_need_a_station_signature_and_keep_to_its_branch(
    world: tuple[FastAPI, AccessWorld],
) -> None:
    app, built = world
    client = TestClient(app)
    station_entries = [entry for entry in MATRIX if entry.who is Audience.STATION]
    assert station_entries
    wrong: list[str] = []
    for entry in station_entries:
        inside = _call(entry, INSIDE)
        success = 200 if entry.method == "GET" else 422
        got = _request(client, entry, inside, _signed(built, "B1", entry, inside))
        if got.status_code != success:
            wrong.append(f"{entry.key} signed by B1's station: {got.status_code} {got.text[:120]}")
        if isinstance(entry.scope, StationBranchScope) and entry.scope.branch is not None:
            outside = _call(entry, OUTSIDE)
            got = _request(client, entry, outside, _signed(built, "B1", entry, outside))
            # A GET reaches the branch check; a POST's empty body is refused by its schema first.
            want = 403 if entry.method == "GET" else 422
            if got.status_code != want:
                wrong.append(f"{entry.key} B1's station on B9: {got.status_code} {got.text[:120]}")
    assert not wrong, "\n".join(wrong)


def test_unknown_objects_are_404_for_roles_that_may_ask(
    world: tuple[FastAPI, AccessWorld],
) -> None:
    app, built = world
    client = TestClient(app)
    scoped = [
        entry
        for entry in MATRIX
        if isinstance(entry.scope, (ContestScope, BranchScope, JurisdictionScope))
    ]
    assert scoped
    wrong: list[str] = []
    for entry in scoped:
        call = _call(entry, UNKNOWN)
        for role in Role:
            if not entry.allows(role):
                continue
            got = _request(client, entry, call, built.auth(role))
            if got.status_code != 404:
                wrong.append(f"{entry.key} as {role.value}: {got.status_code} {got.text[:120]}")
    assert not wrong, "\n".join(wrong)


def test_a_bad_session_token_is_401_everywhere_a_role_is_needed(
    world: tuple[FastAPI, AccessWorld],
) -> None:
    app, _built = world
    client = TestClient(app)
    headers = {"Authorization": "Bearer " + secrets.token_urlsafe(32)}
    for entry in MATRIX:
        if isinstance(entry.who, Audience):
            continue
        got = _request(client, entry, _call(entry, INSIDE), headers)
        assert (got.status_code, _code(got)) == (401, "SESSION_INVALID"), entry.key
