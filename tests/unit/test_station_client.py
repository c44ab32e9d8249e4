"""The station client's retry rules, with a scripted transport (the real server is exercised in
tests/integration/test_station_flow.py and the kill -9 test)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

import httpx
import pytest

from entekhab.crypto.signing import keypair_from_seed, request_message, verify
from entekhab.station.client import RetryPolicy, ServerRefusal, ServerUnreachable, StationClient

KEY = keypair_from_seed(b"\x01" * 32)
BODY = b'{"national_code":"0499370899"}'


def client_with(
    answers: list,
    seen: list[httpx.Request],
    sleeps: list[float],
    probe_interval: float | None = None,
) -> StationClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return StationClient(
        "http://hq.test",
        KEY,
        retry=RetryPolicy(attempts=4, base_delay=0.1, max_delay=0.25),
        rng=random.Random(5),
        sleep=sleeps.append,
        clock=lambda: datetime(2026, 6, 18, 7, 0, tzinfo=UTC),
        transport=httpx.MockTransport(handler),
        probe_interval=probe_interval,
    )


def test_retries_keep_key_and_body_and_sign_each_attempt_afresh() -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    answers = [
        httpx.ConnectError("refused"),
        httpx.Response(503, json={"error": {"code": "X"}}),
        httpx.Response(201, json={"token": "t"}, headers={"X-Entekhab-Replayed": "true"}),
    ]
    client = client_with(answers, seen, sleeps)
    answer = client.send("POST", "/api/v1/checkins", BODY, idempotency_key="ab" * 16)
    assert (answer.status, answer.body, answer.replayed) == (201, {"token": "t"}, True)
    assert len(seen) == 3 and {r.content for r in seen} == {BODY}
    assert {r.headers["x-entekhab-idempotency-key"] for r in seen} == {"ab" * 16}
    assert len({r.headers["x-entekhab-nonce"] for r in seen}) == 3
    for r in seen:
        message = request_message(
            "POST",
            "/api/v1/checkins",
            BODY,
            r.headers["x-entekhab-timestamp"],
            r.headers["x-entekhab-nonce"],
        )
        assert verify(KEY.public_hex, message, r.headers["x-entekhab-signature"])
    # Full jitter: each pause within [0, min(max, base * 2**n)].
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.1 and 0 <= sleeps[1] <= 0.2


def test_a_coded_refusal_is_final_and_passed_through() -> None:
    seen: list[httpx.Request] = []
    error = {
        "code": "ALREADY_VOTED",
        "message_fa": "پیش‌تر رای داده است",
        "message_en": "already voted at B2",
        "details": {"first_branch": "B2"},
    }
    client = client_with([httpx.Response(409, json={"error": error})], seen, [])
    with pytest.raises(ServerRefusal) as caught:
        client.send("POST", "/api/v1/checkins", BODY, idempotency_key="cd" * 16)
    refusal = caught.value
    assert (refusal.code, refusal.http_status, refusal.details) == (
        "ALREADY_VOTED",
        409,
        {"first_branch": "B2"},
    )
    assert refusal.message_en == "already voted at B2" and len(seen) == 1
    assert json.loads(json.dumps(refusal.to_dict()))["code"] == "ALREADY_VOTED"


def test_gives_up_after_the_last_attempt_with_a_coded_error() -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    client = client_with([httpx.ConnectError("refused")] * 4, seen, sleeps)
    with pytest.raises(ServerUnreachable) as caught:
        client.send("POST", "/api/v1/checkins", b"{}", idempotency_key="ef" * 16)
    assert caught.value.code == "STATION_SERVER_UNREACHABLE" and caught.value.status == 503
    assert len(seen) == 4 and len(sleeps) == 3 and max(sleeps) <= 0.25


def test_a_black_holed_link_stops_after_two_timeouts_and_is_then_known_down() -> None:
    """Timeouts end a request after ``RetryPolicy.timeouts`` attempts (not all of them), and the
    link is then down: the next request fails at once without the network, unless forced (an
    operator's explicit act); an answer marks the link up again. (The background probe, and all
    of this against a real link, in test_link_cut.py.)"""
    seen: list[httpx.Request] = []
    answers = [httpx.ReadTimeout("black hole")] * 2 + [httpx.Response(200, json={"ok": 1})]
    client = client_with(answers, seen, [], probe_interval=1000.0)
    with pytest.raises(ServerUnreachable):
        client.send("POST", "/api/v1/checkins", b"{}", idempotency_key="ef" * 16)
    assert len(seen) == 2 and not client.link_up
    with pytest.raises(ServerUnreachable):
        client.send("POST", "/api/v1/checkins", b"{}", idempotency_key="ab" * 16)
    assert len(seen) == 2, "the network was tried while the link was known down"
    answer = client.send("POST", "/api/v1/branches/B1/close", b"{}", force=True)
    assert answer.body == {"ok": 1} and client.link_up and len(seen) == 3
    client.close()
