"""The check-in's fast path on PostgreSQL (api/checkin_fast.py, service/.../check_in_fast.py),
over real HTTP against the route it stands in for:

* a plain check-in is served by it, with the route's status and body, and writes what the route
  writes (participation, nonce, stored answer), which the route can replay on a retry;
* everything else falls through to the route having written nothing: a retry, a refusal, a
  replayed nonce, an override;
* two branches racing for one voter: the unique key decides, exactly one check-in each.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from random import Random
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from entekhab.api.app import create_app
from entekhab.api.rate_limit import TokenBucket
from entekhab.domain.national_code import generate
from entekhab.service.election_day.check_in_fast import FastCheckIn
from entekhab.settings import Settings
from entekhab.store.tables.election_day import IdempotencyRow, Participation, StationNonce
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import add_citizens, enrol, load_election, table_counts
from tests.http_support import StationClient, running_server

pytestmark = pytest.mark.postgres


class CountedFastCheckIn(FastCheckIn):
    """The real fast path, counting what it served and what it handed to the route."""

    def __init__(self, factory: UnitOfWorkFactory) -> None:
        super().__init__(factory, pool_size=4)
        self.served = 0
        self.passed_on = 0

    async def try_check_in(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().try_check_in(*args, **kwargs)
        if result is None:
            self.passed_on += 1
        else:
            self.served += 1
        return result


@pytest.fixture
def day(pg_engine: Engine) -> Iterator[dict[str, Any]]:
    factory = UnitOfWorkFactory(pg_engine)
    digest = load_election(factory)
    app = create_app(Settings(database_url=str(pg_engine.url)), uow_factory=factory)
    fast = CountedFastCheckIn(factory)
    app.state.fast_check_in = fast
    with running_server(factory, app=app) as url:
        stations = {}
        for seed, branch in enumerate(("B1", "B2"), start=1):
            kp, _info = enrol(factory, branch, seed)
            stations[branch] = StationClient(url, kp)
            opened = stations[branch].post(
                f"/api/v1/branches/{branch}/open", {"opened_by": "head", "definition_hash": digest}
            )
            assert opened.status_code == 200, opened.text
        yield {"factory": factory, "app": app, "fast": fast, **stations}
        for client in stations.values():
            client.close()


def _rows(factory: UnitOfWorkFactory) -> dict[str, Any]:
    with factory() as uow:
        s = uow.session
        return {
            "participations": s.execute(
                select(
                    Participation.national_code,
                    Participation.branch,
                    Participation.hour,
                    Participation.provisional,
                    Participation.provisional_ref,
                )
            ).all(),
            "nonces": s.scalar(select(func.count()).select_from(StationNonce)),
            "answers": s.scalar(select(func.count()).select_from(IdempotencyRow)),
        }


def test_a_plain_check_in_is_served_fast_and_answers_as_the_route_does(day) -> None:
    factory, app, fast, b1 = day["factory"], day["app"], day["fast"], day["B1"]
    one, two = add_citizens(factory, 2, seed=21)
    key_one, key_two = secrets.token_hex(16), secrets.token_hex(16)
    body = {"card_serial": "X1", "fingerprint": "match"}
    quick = b1.post("/api/v1/checkins", {**body, "national_code": one}, key=key_one)
    assert quick.status_code == 201, quick.text
    assert (fast.served, fast.passed_on) == (1, 0)
    app.state.fast_check_in = None  # the route alone
    routed = b1.post("/api/v1/checkins", {**body, "national_code": two}, key=key_two)
    assert routed.status_code == 201, routed.text
    assert quick.json() == routed.json()
    assert quick.headers["content-type"] == routed.headers["content-type"]
    assert quick.headers["content-security-policy"] == routed.headers["content-security-policy"]
    rows = _rows(factory)
    assert sorted(rows["participations"]) == sorted(
        [
            (one, "B1", quick.json()["hour"], False, None),
            (two, "B1", quick.json()["hour"], False, None),
        ]
    )
    # the route opens the answer the fast path stored (a retry), and the other way round
    retry = b1.post("/api/v1/checkins", {**body, "national_code": one}, key=key_one)
    assert retry.json() == quick.json() and retry.headers["x-entekhab-replayed"] == "true"
    app.state.fast_check_in = fast
    retry = b1.post("/api/v1/checkins", {**body, "national_code": two}, key=key_two)
    assert retry.json() == routed.json() and retry.headers["x-entekhab-replayed"] == "true"
    assert (fast.served, fast.passed_on) == (1, 1)
    assert _rows(factory)["answers"] == 2


def test_refusals_fall_through_to_the_route_having_written_nothing(day) -> None:
    factory, fast, b1, b2 = day["factory"], day["fast"], day["B1"], day["B2"]
    voter, stranger = add_citizens(factory, 2, seed=22)
    body = {"national_code": voter, "card_serial": "X1", "fingerprint": "match"}
    assert b1.post("/api/v1/checkins", body).status_code == 201
    before = _rows(factory)
    second = b2.post("/api/v1/checkins", body)
    assert second.status_code == 409 and second.json()["error"]["code"] == "ALREADY_VOTED"
    nonce = secrets.token_hex(16)
    other = {**body, "national_code": stranger}
    assert b1.post("/api/v1/checkins", other, nonce=nonce).status_code == 201
    replayed = b1.post("/api/v1/checkins", other, nonce=nonce)
    assert replayed.json()["error"]["code"] == "STATION_NONCE_REPLAYED"
    unknown = b1.post("/api/v1/checkins", {**body, "national_code": generate(Random(99))})
    assert unknown.json()["error"]["code"] == "CITIZEN_UNKNOWN"
    override = b1.post(
        "/api/v1/checkins", {**body, "fingerprint": "not_captured", "override_reason": "worn"}
    )
    assert override.json()["error"]["code"] == "ALREADY_VOTED"  # an override goes the long way
    assert (fast.served, fast.passed_on) == (2, 4)
    after = _rows(factory)
    # the route recorded what refusals record: each request's nonce (not the replayed one's
    # twice) and ALREADY_VOTED's stored refusals; no participation but the stranger's
    assert after["nonces"] - before["nonces"] == 4
    assert after["answers"] - before["answers"] == 3
    assert len(after["participations"]) == len(before["participations"]) + 1


def test_two_branches_racing_for_each_voter_check_each_in_once(day) -> None:
    factory, b1, b2 = day["factory"], day["B1"], day["B2"]
    voters = add_citizens(factory, 60, seed=23)
    before = table_counts(factory)

    def attempt(client: StationClient, voter: str) -> int:
        body = {"national_code": voter, "card_serial": "X", "fingerprint": "match"}
        return client.post("/api/v1/checkins", body).status_code

    with ThreadPoolExecutor(16) as pool:
        futures = [(v, pool.submit(attempt, c, v)) for v in voters for c in (b1, b2)]
        statuses: dict[str, list[int]] = {}
        for voter, future in futures:
            statuses.setdefault(voter, []).append(future.result(timeout=60))
    odd = {v: s for v, s in statuses.items() if sorted(s) != [201, 409]}
    assert not odd, odd
    after = table_counts(factory)
    assert after["participations"] - before["participations"] == len(voters)


def test_a_check_in_handed_on_to_the_route_is_charged_to_its_station_once(day) -> None:
    """The fast layer charges the station's bucket before it tries; a request it hands on (here
    ALREADY_VOTED, answered by the route) must not be charged a second time by the route."""
    factory, b1 = day["factory"], day["B1"]
    day["app"].state.station_bucket = TokenBucket(0.001, burst=4)  # four requests, no refill
    voter = add_citizens(factory, 1, seed=41)[0]
    body = {"national_code": voter, "card_serial": "X", "fingerprint": "match"}

    statuses = [b1.post("/api/v1/checkins", body).status_code for _ in range(5)]

    assert statuses == [201, 409, 409, 409, 429]
