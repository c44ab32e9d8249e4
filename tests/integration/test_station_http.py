"""The station API over real HTTP (uvicorn on a free port, httpx) on SQLite and PostgreSQL:
signed requests, idempotent retries, the closing upload (ballots and bulletins at once), every
refusal coded and writing nothing."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from entekhab.crypto.signing import keypair_from_seed
from entekhab.service.election_day.stations import revoke_station
from entekhab.store.tables.election_day import Participation, StationNonce
from entekhab.store.uow import UnitOfWorkFactory
from tests.closing_support import ballot, closing, closing_body, enrol_head
from tests.election_day_support import add_citizens, enrol, load_election, table_counts
from tests.http_support import StationClient, running_server

BLANK = [
    {"contest": "TEH", "list_code": None, "candidates": []},
    {"contest": "EXP", "candidates": []},
]


@pytest.fixture
def env(uow_factory: UnitOfWorkFactory) -> Iterator[dict]:
    digest = load_election(uow_factory)
    kp1, info1 = enrol(uow_factory, "B1", 1)
    kp2, _info2 = enrol(uow_factory, "B2", 2)
    with running_server(uow_factory, max_request_bytes=20_000) as url:
        s1, s2 = StationClient(url, kp1), StationClient(url, kp2)
        for client, branch in ((s1, "B1"), (s2, "B2")):
            r = client.post(
                f"/api/v1/branches/{branch}/open", {"opened_by": "head", "definition_hash": digest}
            )
            assert r.status_code == 200, r.text
        yield {"s1": s1, "s2": s2, "url": url, "digest": digest, "info1": info1, "kp1": kp1}
        s1.close()
        s2.close()


def code_of(response) -> str:
    return response.json()["error"]["code"]


def test_check_in_retry_and_close_with_the_ballots_over_http(uow_factory, env) -> None:
    s1 = env["s1"]
    voters = add_citizens(uow_factory, 80)
    body = {"national_code": voters[0], "card_serial": "X1", "fingerprint": "match"}
    key = secrets.token_hex(16)
    first = s1.post("/api/v1/checkins", body, key=key)
    assert first.status_code == 201, first.text
    assert first.json()["may_vote"] is True and "token" not in first.json()
    again = s1.post("/api/v1/checkins", body, key=key)  # a retry: same key, same body
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["x-entekhab-replayed"] == "true"
    assert s1.post("/api/v1/checkins", {**body, "card_serial": "X2"}, key=key).status_code == 409
    for voter in voters[1:]:
        checked = s1.post("/api/v1/checkins", {**body, "national_code": voter})
        assert checked.status_code == 201, checked.text
    assert s1.get("/api/v1/branches/B1/turnout").json()["total"] == len(voters)
    assert s1.post("/api/v1/ballots", {"selections": BLANK}).status_code == 404  # no casting here
    records = [ballot("B1", BLANK) for _ in voters]
    upload = closing(
        env["digest"], "B1", records, station_key=env["kp1"], head=enrol_head(uow_factory, "B1")
    )
    close_body = closing_body(upload)
    close_key = secrets.token_hex(16)
    close = s1.post("/api/v1/branches/B1/close", close_body, key=close_key)
    assert len(json.dumps(close_body)) > 20_000  # over the default limit: the closing's own
    assert close.status_code == 200, close.text
    answer = close.json()
    assert answer["ballots"] == answer["participations"] == len(voters)
    assert [b["status"] for b in answer["bulletins"]] == ["accepted", "accepted"]
    replay = s1.post("/api/v1/branches/B1/close", close_body, key=close_key)
    assert replay.json() == answer and replay.headers["x-entekhab-replayed"] == "true"
    assert code_of(s1.post("/api/v1/branches/B1/close", close_body)) == "BRANCH_CLOSED"
    assert code_of(s1.post("/api/v1/checkins", body)) == "BRANCH_CLOSED"


def test_two_stations_one_voter_over_http(uow_factory, env) -> None:
    [voter] = add_citizens(uow_factory, 1, seed=9)
    body = {"national_code": voter, "card_serial": "X1", "fingerprint": "match"}
    assert env["s1"].post("/api/v1/checkins", body).status_code == 201
    second = env["s2"].post("/api/v1/checkins", body)
    assert second.status_code == 409 and code_of(second) == "ALREADY_VOTED"
    assert second.json()["error"]["details"]["first_branch"] == "B1"


def nonces(uow_factory) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(StationNonce)))


def test_refused_station_requests_write_nothing(uow_factory, env) -> None:
    s1, url = env["s1"], env["url"]
    [voter] = add_citizens(uow_factory, 1, seed=10)
    body = {"national_code": voter, "card_serial": "X1", "fingerprint": "match"}
    stranger = StationClient(url, keypair_from_seed(b"\x07" * 32))
    stale = (datetime.now(UTC) - timedelta(minutes=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    before, before_nonces = table_counts(uow_factory), nonces(uow_factory)
    cases = [
        (stranger.post("/api/v1/checkins", body), "STATION_UNKNOWN"),
        (
            s1.post("/api/v1/checkins", body, tamper={"X-Entekhab-Signature": "ab" * 64}),
            "STATION_BAD_SIGNATURE",
        ),
        (s1.post("/api/v1/checkins", body, timestamp=stale), "STATION_STALE_TIMESTAMP"),
        (
            s1.post("/api/v1/checkins", body, tamper={"X-Entekhab-Nonce": "!"}),
            "STATION_AUTH_MISSING",
        ),
        (
            s1.post("/api/v1/checkins", body, tamper={"X-Entekhab-Idempotency-Key": "short"}),
            "IDEMPOTENCY_KEY_REQUIRED",
        ),
        (
            s1.post(
                "/api/v1/branches/B2/close", {"closed_by": "h", "records": [], "bulletins": [{}]}
            ),
            "WRONG_BRANCH",
        ),
        (s1.post("/api/v1/checkins", {**body, "extra": 1}), "INVALID_INPUT"),
        (
            s1.post("/api/v1/checkins", {**body, "national_code": "1111111111"}),
            "INVALID_NATIONAL_CODE",
        ),
        (s1.post("/api/v1/checkins", {**body, "fingerprint": "no_match"}), "IDENTITY_NOT_VERIFIED"),
        (s1.post("/api/v1/checkins", body, raw=b"x" * 30_000), "REQUEST_TOO_LARGE"),
        (
            s1.post(
                "/api/v1/branches/B1/close",
                {"closed_by": "h", "records": [], "bulletins": [{"bulletin": "junk"}]},
            ),
            "BULLETIN_MALFORMED",
        ),
    ]
    for response, expected in cases:
        assert response.status_code >= 400 and code_of(response) == expected, response.text
    assert table_counts(uow_factory) == before
    # Only requests with a good signature leave a nonce (replay protection), nothing else.
    assert nonces(uow_factory) - before_nonces == 6
    stranger.close()


def test_replayed_nonce_and_revoked_key_are_refused(uow_factory, env) -> None:
    s1 = env["s1"]
    [voter] = add_citizens(uow_factory, 1, seed=11)
    body = {"national_code": voter, "card_serial": "X1", "fingerprint": "match"}
    nonce = secrets.token_hex(16)
    assert s1.get("/api/v1/branches/B1/turnout", nonce=nonce).status_code == 200
    assert code_of(s1.get("/api/v1/branches/B1/turnout", nonce=nonce)) == "STATION_NONCE_REPLAYED"
    revoke_station(uow_factory, env["info1"].key_id, now=datetime.now(UTC))
    before = table_counts(uow_factory)
    assert code_of(s1.post("/api/v1/checkins", body)) == "STATION_REVOKED"
    assert table_counts(uow_factory) == before
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Participation)) == 0
