"""Every refusal coded and logged (issue 10 item 7), over real HTTP on both back ends: a body
sent chunked past the size limit (no Content-Length), a JSON body nested 100,000 deep, a signed
station request for another branch, and a made-up ``X-Forwarded-For`` from a client that is not
a trusted proxy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from ipaddress import ip_network
from pathlib import Path

import httpx
from sqlalchemy import func, select

from entekhab.api.proxies import forwarded_client
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import enrol, load_election
from tests.http_support import StationClient, free_port, running_server

ENTEKHAB = str(Path(sys.executable).with_name("entekhab"))


def _events(uow_factory: UnitOfWorkFactory, code: str) -> list[str]:
    with uow_factory() as uow:
        return list(
            uow.session.scalars(
                select(EventLogEntry.payload).where(EventLogEntry.code == code)
            ).all()
        )


def _count(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(EventLogEntry)) or 0)


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b" " * piece


def test_a_chunked_body_over_the_limit_gets_a_coded_413_and_is_logged(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        got = http.post(
            "/api/v1/auth/sign-in",
            content=_chunks(5_000_000),
            headers={"content-type": "application/json"},
        )
        assert "content-length" not in got.request.headers, "sent chunked"
        assert (got.status_code, got.json()["error"]["code"]) == (413, "REQUEST_TOO_LARGE")
        assert got.json()["error"]["message_fa"]
    refused = _events(uow_factory, "REQUEST_REFUSED")
    assert any("REQUEST_TOO_LARGE" in payload for payload in refused)


def test_a_json_body_nested_100000_deep_gets_a_coded_422(uow_factory: UnitOfWorkFactory) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        for path in ("/api/v1/auth/sign-in", "/api/v1/users", "/api/v1/bulletins"):
            got = http.post(path, content=deep, headers={"content-type": "application/json"})
            assert got.status_code in (401, 422), (path, got.text[:200])
            assert got.json()["error"]["code"] in {"INVALID_INPUT", "UNAUTHENTICATED"}, path
            assert "error parsing" not in got.text
        got = http.post(
            "/api/v1/auth/sign-in", content=deep, headers={"content-type": "application/json"}
        )
        assert (got.status_code, got.json()["error"]["code"]) == (422, "INVALID_INPUT")
    refused = _events(uow_factory, "REQUEST_REFUSED")
    assert any("INVALID_INPUT" in payload for payload in refused)


def test_a_signed_station_request_for_another_branch_is_logged(
    uow_factory: UnitOfWorkFactory,
) -> None:
    load_election(uow_factory)
    pair, info = enrol(uow_factory, "B1", 1)
    with running_server(uow_factory) as url:
        station = StationClient(url, pair)
        try:
            before = len(_events(uow_factory, "PERMISSION_DENIED"))
            got = station.get("/api/v1/branches/B2/turnout")
            assert (got.status_code, got.json()["error"]["code"]) == (403, "WRONG_BRANCH")
            own = station.get("/api/v1/branches/B1/turnout")
            assert own.status_code == 200, own.text
        finally:
            station.close()
    denied = _events(uow_factory, "PERMISSION_DENIED")
    assert len(denied) == before + 1, "one event for the refusal, none for the good request"
    logged = json.loads(denied[-1])
    assert logged["code"] == "WRONG_BRANCH"
    assert (logged["branch"], logged["path"]) == ("B1", "/api/v1/branches/B2/turnout")
    with uow_factory() as uow:
        actor = uow.session.scalars(
            select(EventLogEntry.actor).where(EventLogEntry.code == "PERMISSION_DENIED")
        ).all()[-1]
    assert actor == f"station:{info.key_id}"


@contextmanager
def _serve(database_url: str, **env: str) -> Iterator[str]:
    """The real ``entekhab serve`` in a process of its own; yields its base URL."""
    port = free_port()
    environment = {**os.environ, **env, "ENTEKHAB_RATE_PER_ADDRESS": "0"}
    command = [ENTEKHAB, "serve", "--port", str(port), "--database-url", database_url]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, "entekhab serve exited"
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "entekhab serve did not start"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _sign_in(http: httpx.Client, forwarded: str) -> httpx.Response:
    return http.post(
        "/api/v1/auth/sign-in",
        json={"username": "nobody", "password": "not the password"},
        headers={"X-Forwarded-For": forwarded},
    )


def _logged_addresses(uow_factory: UnitOfWorkFactory) -> set[str]:
    return {json.loads(p)["address"] for p in _events(uow_factory, "SIGN_IN_FAILED")}


def test_a_local_client_cannot_escape_the_sign_in_throttle_with_a_made_up_address(
    uow_factory: UnitOfWorkFactory,
) -> None:
    url = uow_factory.engine.url.render_as_string(hide_password=False)
    limit = {"ENTEKHAB_SIGN_IN_FAILURES_PER_ADDRESS": "3"}
    with _serve(url, **limit) as base, httpx.Client(base_url=base, timeout=60) as http:
        for i in range(3):
            assert _sign_in(http, f"198.51.100.{i}").status_code == 401
        throttled = _sign_in(http, "198.51.100.99")
        assert (throttled.status_code, throttled.json()["error"]["code"]) == (429, "RATE_LIMITED")
    assert _logged_addresses(uow_factory) == {"127.0.0.1"}, "the log keeps the real peer"


def test_a_listed_proxy_names_the_client(uow_factory: UnitOfWorkFactory) -> None:
    url = uow_factory.engine.url.render_as_string(hide_password=False)
    env = {
        "ENTEKHAB_SIGN_IN_FAILURES_PER_ADDRESS": "3",
        "ENTEKHAB_TRUSTED_PROXIES": '["127.0.0.1"]',
    }
    with _serve(url, **env) as base, httpx.Client(base_url=base, timeout=60) as http:
        for _ in range(3):
            # A client's own made-up hop on the left is not believed: the proxy's is the last.
            assert _sign_in(http, "10.9.9.9, 203.0.113.7").status_code == 401
        throttled = _sign_in(http, "203.0.113.7")
        assert throttled.status_code == 429
        assert _sign_in(http, "203.0.113.8").status_code == 401, "another client is not throttled"
    assert _logged_addresses(uow_factory) == {"203.0.113.7", "203.0.113.8"}


def test_forwarded_client_believes_only_listed_proxies() -> None:
    proxies = [ip_network("10.0.0.0/24")]
    assert forwarded_client("127.0.0.1", "1.2.3.4", proxies) == "127.0.0.1"
    assert forwarded_client("10.0.0.5", "1.2.3.4", proxies) == "1.2.3.4"
    assert forwarded_client("10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.7", proxies) == "1.2.3.4"
    assert forwarded_client("10.0.0.5", "not-an-ip", proxies) == "10.0.0.5"
    assert forwarded_client("10.0.0.5", None, proxies) == "10.0.0.5"
