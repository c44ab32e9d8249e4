"""API hardening over real HTTP: security headers on every answer, CORS locked to configured
origins, rate limits per address and per station key (coded 429, Persian and English), a coded
500 without any trace for an unexpected exception, strict request schemas."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from entekhab.api import authorize
from entekhab.api.app import create_app
from entekhab.api.permissions import Audience, Permission
from entekhab.settings import Settings
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import add_citizens, enrol, load_election, table_counts
from tests.http_support import StationClient, running_server

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def _app(uow_factory: UnitOfWorkFactory, **settings: Any) -> FastAPI:
    return create_app(
        Settings(database_url=str(uow_factory.engine.url), **settings), uow_factory=uow_factory
    )


def _has_security_headers(response: httpx.Response, referrer: str = "no-referrer") -> None:
    """``referrer``: the pages' addresses (anything outside /api/, /docs...) say ``same-origin``."""
    for name, value in {**SECURITY_HEADERS, "referrer-policy": referrer}.items():
        assert response.headers[name] == value, (name, response.status_code)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp


def test_every_answer_carries_the_security_headers(uow_factory: UnitOfWorkFactory) -> None:
    with running_server(uow_factory) as url, httpx.Client(base_url=url) as http:
        answers = [
            http.get("/health"),
            http.post("/api/v1/stations", json={}),  # 401: no session
            http.get("/api/v1/no-such-route"),  # 404
            http.delete("/health"),  # 405
        ]
        assert [a.status_code for a in answers] == [200, 401, 404, 405]
        for answer in answers:
            _has_security_headers(answer)
            assert "strict-transport-security" not in answer.headers
        assert answers[1].headers["cache-control"] == "no-store"
        assert answers[2].json()["error"]["code"] == "NOT_FOUND"
        assert answers[3].json()["error"]["code"] == "METHOD_NOT_ALLOWED"
        docs = http.get("/docs")
        # Swagger UI comes from the server's own /static: the policy names no other host.
        assert "http" not in docs.headers["content-security-policy"]
        assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
        page = http.get("/")
        assert page.headers["content-type"].startswith("text/html")
        assert "script-src 'self';" in page.headers["content-security-policy"]


def test_hsts_is_sent_behind_tls(uow_factory: UnitOfWorkFactory) -> None:
    app = _app(uow_factory, behind_tls=True)
    with running_server(uow_factory, app=app) as url:
        response = httpx.get(f"{url}/health")
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_cors_is_closed_by_default_and_open_only_to_configured_origins(
    uow_factory: UnitOfWorkFactory,
) -> None:
    preflight = {
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }
    with running_server(uow_factory) as url:
        plain = httpx.get(f"{url}/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in plain.headers
        closed = httpx.options(
            f"{url}/health", headers={"Origin": "https://evil.example", **preflight}
        )
        assert "access-control-allow-origin" not in closed.headers
    app = _app(uow_factory, cors_origins=["https://results.example"])
    with running_server(uow_factory, app=app) as url:
        good = httpx.get(f"{url}/health", headers={"Origin": "https://results.example"})
        assert good.headers["access-control-allow-origin"] == "https://results.example"
        bad = httpx.get(f"{url}/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in bad.headers
        refused = httpx.options(
            f"{url}/health", headers={"Origin": "https://evil.example", **preflight}
        )
        assert refused.status_code == 400
        allowed = httpx.options(
            f"{url}/health", headers={"Origin": "https://results.example", **preflight}
        )
        assert allowed.status_code == 200
        _has_security_headers(allowed)


def test_an_address_over_its_rate_gets_a_coded_429(uow_factory: UnitOfWorkFactory) -> None:
    app = _app(uow_factory, rate_per_address=1.0)  # burst of 5
    with running_server(uow_factory, app=app) as url, httpx.Client(base_url=url) as http:
        answers = [http.get("/health") for _ in range(8)]
    codes = [a.status_code for a in answers]
    assert codes[:5] == [200] * 5 and 429 in codes[5:]
    refused = next(a for a in answers if a.status_code == 429)
    error = refused.json()["error"]
    assert error["code"] == "RATE_LIMITED" and error["message_fa"] and error["message_en"]
    assert int(refused.headers["retry-after"]) >= 1
    _has_security_headers(refused)


def test_a_station_over_its_rate_gets_a_coded_429_and_writes_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    digest = load_election(uow_factory)
    keypair, _info = enrol(uow_factory, "B1", 1)
    voters = add_citizens(uow_factory, 12, seed=3)
    app = _app(uow_factory, rate_per_station=1.0)  # burst of 5
    with running_server(uow_factory, app=app) as url:
        station = StationClient(url, keypair)
        opened = station.post(
            "/api/v1/branches/B1/open", {"opened_by": "head", "definition_hash": digest}
        )
        assert opened.status_code == 200
        answers = []
        for voter in voters:
            before = table_counts(uow_factory)
            body = {"national_code": voter, "card_serial": "X1", "fingerprint": "match"}
            answer = station.post("/api/v1/checkins", body)
            answers.append(answer.status_code)
            if answer.status_code == 429:
                assert answer.json()["error"]["code"] == "RATE_LIMITED"
                assert answer.headers["retry-after"]
                assert table_counts(uow_factory) == before
        station.close()
    assert answers.count(201) >= 4 and 429 in answers


def test_an_unexpected_exception_is_a_coded_500_without_its_trace(
    uow_factory: UnitOfWorkFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = _app(uow_factory)

    def explode() -> None:
        raise RuntimeError("secret internal detail /etc/entekhab")

    app.add_api_route("/boom", explode, methods=["GET"])
    index = dict(authorize._INDEX)
    index[("GET", "/boom")] = Permission("GET", "/boom", Audience.PUBLIC)
    monkeypatch.setattr(authorize, "_INDEX", index)
    with (
        caplog.at_level(logging.ERROR, logger="entekhab.api"),
        running_server(uow_factory, app=app) as url,
    ):
        response = httpx.get(f"{url}/boom")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "INTERNAL_ERROR" and error["message_fa"] and error["message_en"]
    assert "secret" not in response.text and "Traceback" not in response.text
    _has_security_headers(response, referrer="same-origin")  # /boom is not under /api/
    incident = error["details"]["incident"]
    logged = [r for r in caplog.records if incident in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the trace stays on the server


def _object_schemas(node: Any, components: dict[str, Any], seen: set[str]) -> list[dict]:
    """Every object schema reachable from ``node``."""
    found: list[dict] = []
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                found += _object_schemas(components[name], components, seen)
            return found
        if node.get("type") == "object" and "properties" in node:
            found.append(node)
        for value in node.values():
            found += _object_schemas(value, components, seen)
    elif isinstance(node, list):
        for value in node:
            found += _object_schemas(value, components, seen)
    return found


def test_every_request_schema_forbids_unknown_fields(uow_factory: UnitOfWorkFactory) -> None:
    spec = _app(uow_factory).openapi()
    components = spec["components"]["schemas"]
    bodies = [
        op["requestBody"]
        for ops in spec["paths"].values()
        for op in ops.values()
        if "requestBody" in op
    ]
    schemas = _object_schemas(bodies, components, set())
    assert len(schemas) >= 10
    open_ones = [s.get("title") for s in schemas if s.get("additionalProperties") is not False]
    assert open_ones == []
