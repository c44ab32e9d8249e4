"""The definitions API over real HTTP, on SQLite and PostgreSQL: HQ admins load, the public
reads; refusals are coded and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.domain.definition_io import definition_hash, load_definition_text
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user
from tests.definition_support import valid_document, valid_yaml
from tests.http_support import running_server

YAML = {"Content-Type": "application/yaml"}
ROOT = Path(__file__).resolve().parents[2]


def _token(uow_factory: UnitOfWorkFactory, username: str, role: Role) -> str:
    return mint_user(uow_factory, username, role, "country")


def _bearer(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def _elections(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(ElectionRow)) or 0)


def test_hq_loads_a_definition_and_the_public_reads_it(uow_factory: UnitOfWorkFactory) -> None:
    admin = _token(uow_factory, "hq", Role.HQ_ADMIN)
    expected = definition_hash(load_definition_text(valid_yaml(), "yaml"))
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=30) as http:
        first = http.post(
            "/api/v1/definitions",
            content=valid_yaml().encode(),
            headers=_bearer(admin, **YAML),
        )
        assert first.status_code == 201, first.text
        assert first.json() == {
            "election_id": "test-1405",
            "definition_hash": expected,
            "created": True,
        }
        again = http.post(
            "/api/v1/definitions",
            content=json.dumps(valid_document()).encode(),
            headers=_bearer(admin, **{"Content-Type": "application/json"}),
        )
        assert again.status_code == 200 and again.json()["created"] is False
        public = http.get("/api/v1/definitions/test-1405")
    assert public.status_code == 200
    body = public.json()
    assert body["definition_hash"] == expected
    assert definition_hash(load_definition_text(json.dumps(body["document"]), "json")) == expected
    assert _elections(uow_factory) == 1


def test_only_hq_admins_may_load_and_refusals_write_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    auditor = _token(uow_factory, "aud", Role.AUDITOR)
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=30) as http:
        anonymous = http.post("/api/v1/definitions", content=valid_yaml().encode(), headers=YAML)
        forbidden = http.post(
            "/api/v1/definitions", content=valid_yaml().encode(), headers=_bearer(auditor, **YAML)
        )
    assert anonymous.status_code == 401
    assert forbidden.status_code == 403
    assert _elections(uow_factory) == 0


def test_a_broken_definition_gets_every_problem_with_its_location(
    uow_factory: UnitOfWorkFactory,
) -> None:
    admin = _token(uow_factory, "hq", Role.HQ_ADMIN)
    doc = valid_document()
    doc["contests"][1]["seats"] = 9
    doc["party_lists"][1]["members"].append("101")
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=30) as http:
        response = http.post("/api/v1/definitions", json=doc, headers=_bearer(admin))
        broken_yaml = http.post(
            "/api/v1/definitions", content=b"id: [\n", headers=_bearer(admin, **YAML)
        )
        not_utf8 = http.post("/api/v1/definitions", content=b"\xff\xfe{", headers=_bearer(admin))
        unknown = http.get("/api/v1/definitions/nope")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "DEFINITION_INVALID"
    assert [(p["code"], p["details"]["location"]) for p in error["details"]["problems"]] == [
        ("COUNCIL_SEATS_OFF_BAND", "contests[1].seats"),
        ("CANDIDATE_IN_TWO_LISTS", "party_lists[1].members[2]"),
    ]
    assert all(p["message_fa"] and p["message_en"] for p in error["details"]["problems"])
    for bad in (broken_yaml, not_utf8):
        assert bad.status_code == 422
        assert bad.json()["error"]["details"]["problems"][0]["code"] == "DEFINITION_SYNTAX"
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "ELECTION_UNKNOWN"
    assert _elections(uow_factory) == 0


def test_a_second_definition_under_a_loaded_id_is_a_conflict(
    uow_factory: UnitOfWorkFactory,
) -> None:
    admin = _token(uow_factory, "hq", Role.HQ_ADMIN)
    changed = valid_document()
    changed["name_en"] = "Another election"
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=30) as http:
        assert (
            http.post("/api/v1/definitions", json=valid_document(), headers=_bearer(admin))
        ).status_code == 201
        conflict = http.post("/api/v1/definitions", json=changed, headers=_bearer(admin))
        stored = http.get("/api/v1/definitions/test-1405").json()
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "DEFINITION_ID_TAKEN"
    assert stored["document"]["name_en"] == "Test council election"


def test_a_country_sized_definition_loads_over_http_and_the_limit_still_holds(
    uow_factory: UnitOfWorkFactory,
) -> None:
    admin = _token(uow_factory, "hq", Role.HQ_ADMIN)
    tehran = (ROOT / "examples/tehran.json").read_bytes()
    assert len(tehran) > 1_000_000  # above the limit of every other route
    expected = definition_hash(load_definition_text(tehran, "json"))
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        loaded = http.post("/api/v1/definitions", content=tehran, headers=_bearer(admin))
    assert loaded.status_code == 201, loaded.text
    assert loaded.json()["definition_hash"] == expected
    with (
        running_server(uow_factory, max_definition_bytes=10_000) as base,
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        too_large = http.post("/api/v1/definitions", content=tehran, headers=_bearer(admin))
    assert too_large.status_code == 413
    assert too_large.json()["error"]["code"] == "REQUEST_TOO_LARGE"
    assert _elections(uow_factory) == 1
