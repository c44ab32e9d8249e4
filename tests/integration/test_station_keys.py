"""Station keys over real HTTP on both back ends: HQ rotates a branch's key (the old one is
refused with a coded error from then on), and every refused station request — unknown key,
revoked key, bad signature, time more than 5 minutes off either way, replayed nonce — writes
nothing and is itself logged."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from entekhab.crypto.signing import keypair_from_seed
from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.audit.chain import verify_chain
from entekhab.service.election_day.stations import revoke_station, rotate_station
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import events_with_code, user_token
from tests.election_day_support import add_citizens, enrol, load_election, table_counts
from tests.http_support import StationClient, running_server


@pytest.fixture
def env(uow_factory: UnitOfWorkFactory) -> Iterator[dict]:
    digest = load_election(uow_factory)
    kp1, info1 = enrol(uow_factory, "B1", 1)
    with running_server(uow_factory) as url:
        s1 = StationClient(url, kp1)
        r = s1.post("/api/v1/branches/B1/open", {"opened_by": "head", "definition_hash": digest})
        assert r.status_code == 200, r.text
        yield {"s1": s1, "url": url, "info1": info1}
        s1.close()


def code_of(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


def _check_in_body(uow_factory: UnitOfWorkFactory, seed: int) -> dict:
    [voter] = add_citizens(uow_factory, 1, seed=seed)
    return {"national_code": voter, "card_serial": "X1", "fingerprint": "match"}


def test_hq_rotates_a_station_key_and_the_old_key_is_refused(
    uow_factory: UnitOfWorkFactory, env: dict
) -> None:
    s1, url, old = env["s1"], env["url"], env["info1"]
    new_kp = keypair_from_seed(b"\x42" * 32)
    token = user_token(uow_factory, "hq", Role.HQ_ADMIN)
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as hq:
        rotated = hq.post(
            f"/api/v1/stations/{old.key_id}/rotate", json={"public_key_hex": new_kp.public_hex}
        )
    assert rotated.status_code == 201, rotated.text
    assert rotated.json()["branch"] == "B1" and rotated.json()["key_id"] != old.key_id
    body = _check_in_body(uow_factory, 21)
    before = table_counts(uow_factory)
    refused = s1.post("/api/v1/checkins", body)
    assert refused.status_code == 401 and code_of(refused) == "STATION_REVOKED"
    assert refused.json()["error"]["message_fa"] and refused.json()["error"]["message_en"]
    assert table_counts(uow_factory) == before
    replacement = StationClient(url, new_kp)
    assert replacement.post("/api/v1/checkins", body).status_code == 201
    replacement.close()
    [(actor, payload)] = events_with_code(uow_factory.engine, "STATION_KEY_ROTATED")
    assert actor == "user:hq" and json.loads(payload)["old_key_id"] == old.key_id
    assert verify_chain(uow_factory.engine).ok


def test_rotating_to_a_key_already_enrolled_changes_nothing(
    uow_factory: UnitOfWorkFactory, env: dict
) -> None:
    old = env["info1"]
    other_kp, _ = enrol(uow_factory, "B2", 2)
    with pytest.raises(EntekhabError) as refused:
        rotate_station(
            uow_factory,
            old.key_id,
            new_public_key_hex=other_kp.public_hex,
            rotated_by="hq",
            now=datetime.now(UTC),
        )
    assert refused.value.code == "STATION_KEY_EXISTS"
    # The old key was not revoked: the whole rotation rolled back.
    assert env["s1"].get("/api/v1/branches/B1/turnout").status_code == 200
    assert events_with_code(uow_factory.engine, "STATION_KEY_ROTATED") == []


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_every_refused_station_request_writes_nothing_and_is_logged(
    uow_factory: UnitOfWorkFactory, env: dict
) -> None:
    s1, url = env["s1"], env["url"]
    body = _check_in_body(uow_factory, 22)
    now = datetime.now(UTC)
    stranger = StationClient(url, keypair_from_seed(b"\x07" * 32))
    revoked_kp, revoked = enrol(uow_factory, "B1", 3)
    revoke_station(uow_factory, revoked.key_id, now=now)
    revoked_client = StationClient(url, revoked_kp)
    nonce = secrets.token_hex(16)
    assert s1.get("/api/v1/branches/B1/turnout", nonce=nonce).status_code == 200
    before = table_counts(uow_factory)
    logged_before = len(events_with_code(uow_factory.engine, "STATION_REQUEST_REFUSED"))
    cases = [
        (stranger.post("/api/v1/checkins", body), "STATION_UNKNOWN"),
        (revoked_client.post("/api/v1/checkins", body), "STATION_REVOKED"),
        (
            s1.post("/api/v1/checkins", body, tamper={"X-Entekhab-Signature": "ab" * 64}),
            "STATION_BAD_SIGNATURE",
        ),
        (
            s1.post(
                "/api/v1/checkins", body, timestamp=_stamp(now - timedelta(minutes=5, seconds=30))
            ),
            "STATION_STALE_TIMESTAMP",
        ),
        (
            s1.post(
                "/api/v1/checkins", body, timestamp=_stamp(now + timedelta(minutes=5, seconds=30))
            ),
            "STATION_STALE_TIMESTAMP",
        ),
        (s1.get("/api/v1/branches/B1/turnout", nonce=nonce), "STATION_NONCE_REPLAYED"),
    ]
    for response, expected in cases:
        assert response.status_code in (401, 409), response.text
        assert code_of(response) == expected, response.text
    assert table_counts(uow_factory) == before
    logged = events_with_code(uow_factory.engine, "STATION_REQUEST_REFUSED")[logged_before:]
    assert [json.loads(p)["code"] for _a, p in logged] == [code for _r, code in cases]
    assert all(actor == "address:127.0.0.1" for actor, _p in logged)
    assert verify_chain(uow_factory.engine).ok
    stranger.close()
    revoked_client.close()
