"""Schemathesis against the server's own OpenAPI description, over real HTTP (uvicorn on a free
port) on the embedded SQLite default: every operation gets generated requests — as an HQ
administrator with a session token and, on station routes, signed by an enrolled station — and
every answer must be free of 5xx, carry a documented status and content type, and match its
documented schema. Bounded (a few examples per operation) so the run takes a minute or two."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from entekhab.crypto.signing import KeyPair
from entekhab.crypto.station_request import signed_headers
from entekhab.domain.access import Role
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import user_token
from tests.election_day_support import ELECTION, add_citizens, enrol, load_election
from tests.http_support import StationClient, now_iso, running_server

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class StationAndUser(requests.auth.AuthBase):
    """Sign every request as the station does (over the exact bytes sent) and add the HQ
    administrator's session token: station routes read the one, the others the other."""

    def __init__(self, keypair: KeyPair, token: str) -> None:
        self.keypair = keypair
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        data = body.encode() if isinstance(body, str) else body
        assert request.method is not None and request.url is not None
        headers = signed_headers(
            self.keypair,
            request.method,
            unquote(urlsplit(request.url).path),
            data,
            timestamp=now_iso(),
            nonce=secrets.token_hex(16),
            idempotency_key=secrets.token_hex(16) if request.method == "POST" else None,
        )
        request.headers.update(headers)
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


@dataclass
class World:
    url: str
    session: requests.Session
    known: dict[str, list[str]]
    """Values that exist in the database, by field name: half the generated requests use them,
    so the run reaches the routes' own code and not only their 404s."""


def _use_known(case: schemathesis.Case, known: dict[str, list[str]], pick: int) -> None:
    for name in list(case.path_parameters or {}):
        if name in known:
            case.path_parameters[name] = known[name][pick % len(known[name])]
    if isinstance(case.body, dict):
        for name in list(case.body):
            if name in known:
                case.body[name] = known[name][pick % len(known[name])]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    engine = make_engine(f"sqlite:///{tmp_path / 'entekhab.db'}")
    upgrade(engine)
    factory = UnitOfWorkFactory(engine)
    digest = load_election(factory)
    voters = add_citizens(factory, 20, seed=5)
    keypair, _info = enrol(factory, "B1", 1)
    _other, spare = enrol(factory, "B2", 2)
    token = user_token(factory, "hq", Role.HQ_ADMIN)
    # A production-like server: confidential records (and sealed complainants) have their key.
    with running_server(factory, confidential_key="6d" * 32) as url:
        station = StationClient(url, keypair)
        opened = station.post(
            "/api/v1/branches/B1/open", {"opened_by": "head", "definition_hash": digest}
        )
        assert opened.status_code == 200, opened.text
        station.close()
        session = requests.Session()
        session.auth = StationAndUser(keypair, token)
        known = {
            "election_id": [ELECTION],
            "branch": ["B1", "B2"],
            "contest": ["TEH", "EXP"],
            "key_id": [spare.key_id],
            "national_code": voters,
            "definition_hash": [digest],
        }
        yield World(url, session, known)
        session.close()
    engine.dispose()


def _exercise(operation: Any, world: World, failures: list[str], seen: set[int]) -> None:
    """Run ``EXAMPLES`` generated requests against one operation; record every failure."""

    @given(case=operation.as_strategy(), pick=st.integers(min_value=-1, max_value=40))
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: schemathesis.Case, pick: int) -> None:
        if pick >= 0:
            _use_known(case, world.known, pick)
        response = case.call(base_url=world.url, session=world.session)
        seen.add(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS)
        except* AssertionError as group:  # schemathesis 4: a FailureGroup of Failures
            for failure in group.exceptions:
                failures.append(f"{operation.label}: {str(failure)[:600]}")
            raise

    try:
        run()
    except* AssertionError:  # recorded above; go on so that one run reports them all
        pass


@pytest.mark.slow
def test_every_operation_answers_as_documented(world: World) -> None:
    # The server builds its OpenAPI document once, on the first request; on a loaded machine
    # that takes longer than schemathesis' 10 s read timeout, so build it first.
    requests.get(f"{world.url}/openapi.json", timeout=300).raise_for_status()
    schema = schemathesis.openapi.from_url(f"{world.url}/openapi.json")
    failures: list[str] = []
    seen: set[int] = set()
    operations = [result.ok() for result in schema.get_all_operations()]
    # Signing out revokes the session every other operation uses: exercise it last.
    operations.sort(key=lambda operation: operation.label.endswith("/auth/sign-out"))
    for operation in operations:
        _exercise(operation, world, failures, seen)
    assert len(operations) >= 20
    assert failures == [], "\n\n".join(failures[:10])
    # The run reached the routes' own code: successes, and refusals of several kinds.
    assert {200, 201} <= seen and len(seen & {401, 403, 404, 409, 422}) >= 4, seen
