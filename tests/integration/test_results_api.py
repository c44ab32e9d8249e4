"""The bulletin and public results routes, over HTTP (FastAPI test client)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from entekhab.api.app import create_app
from entekhab.domain.access import Role
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.settings import Settings
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import user_token
from tests.results_support import setup_tiny_election


def test_a_bulletin_is_received_over_http_and_refusals_are_coded(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = setup_tiny_election(uow_factory)
    client = TestClient(create_app(Settings(), uow_factory))
    signed = tiny.sign(tiny.bulletin("B1", "CT1", candidate_votes={"101": 5}))
    response = client.post("/api/v1/bulletins", json=signed.model_dump(mode="json"))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "accepted"
    again = tiny.sign(tiny.bulletin("B1", "CT1", candidate_votes={"101": 6}))
    duplicate = client.post("/api/v1/bulletins", json=again.model_dump(mode="json"))
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "BULLETIN_DUPLICATE"
    junk = client.post("/api/v1/bulletins", json=[1, 2])
    assert junk.status_code == 422 and junk.json()["error"]["code"] == "BULLETIN_MALFORMED"


def test_the_public_side_serves_only_published_results(uow_factory: UnitOfWorkFactory) -> None:
    tiny = setup_tiny_election(uow_factory)
    client = TestClient(create_app(Settings(), uow_factory))
    listing = client.get(f"/api/v1/public/results/{tiny.definition.id}")
    assert listing.json()["published"] == []
    response = client.get(f"/api/v1/public/results/{tiny.definition.id}/CT1")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESULT_NOT_PUBLISHED"


def _token(uow_factory: UnitOfWorkFactory, username: str, role: Role) -> str:
    return user_token(uow_factory, username, role)


def test_boards_certify_over_http_and_then_the_public_sees_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = setup_tiny_election(uow_factory)
    signed = tiny.sign(tiny.bulletin("B1", "AE", candidate_votes={"501": 70, "502": 20}))
    receive_bulletin(uow_factory, signed, actor="station", keys=tiny.keys.directory())
    client = TestClient(create_app(Settings(), uow_factory))
    e = tiny.definition.id
    auth = {
        role: {"Authorization": f"Bearer {_token(uow_factory, role.value, role)}"}
        for role in (Role.EXECUTIVE_BOARD, Role.SUPERVISOR, Role.HQ_ADMIN, Role.AUDITOR)
    }
    base = f"/api/v1/certification/{e}/AE"
    live = client.get(f"/api/v1/results/{e}/AE/live", headers=auth[Role.AUDITOR])
    assert live.json()["label"] == "unofficial"
    assert live.json()["totals"]["candidates"] == {"501": 70, "502": 20}
    assert client.get(f"/api/v1/results/{e}/AE/live").status_code == 401

    wrong = client.post(f"{base}/confirm", json={"reason": "x"}, headers=auth[Role.EXECUTIVE_BOARD])
    # The permission matrix refuses the wrong board before the service's own role check.
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "ROLE_NOT_ALLOWED"

    def approve_now() -> Any:
        return client.post(
            f"{base}/approve",
            json={"reason": "all in", "ceremony_nonce": "ab" * 16},
            headers=auth[Role.EXECUTIVE_BOARD],
        )

    silent = approve_now()  # B2 and B3 have not reported
    assert silent.status_code == 409 and silent.json()["error"]["code"] == "REPORTING_INCOMPLETE"
    for branch in ("B2", "B3"):
        recorded = client.post(
            f"{base}/not-counted",
            json={"branch": branch, "reason": "its records were lost"},
            headers=auth[Role.EXECUTIVE_BOARD],
        )
        assert recorded.status_code == 201, recorded.text
    approve = approve_now()
    assert approve.status_code == 200, approve.text
    assert approve.json()["outcome"]["elected"] == ["501"]
    for step, role in (("confirm", Role.SUPERVISOR), ("publish", Role.HQ_ADMIN)):
        response = client.post(f"{base}/{step}", json={"reason": "ok"}, headers=auth[role])
        assert response.status_code == 200, response.text
    public = client.get(f"/api/v1/public/results/{e}/AE")
    assert public.status_code == 200
    assert (public.json()["label"], public.json()["state"]) == ("official", "published")


def test_head_keys_are_enrolled_by_officials_only(uow_factory: UnitOfWorkFactory) -> None:
    tiny = setup_tiny_election(uow_factory)
    client = TestClient(create_app(Settings(), uow_factory))
    body = {"election_id": tiny.definition.id, "branch": "B1", "public_key": "ab" * 32}
    headers = {"Authorization": f"Bearer {_token(uow_factory, 'aud', Role.AUDITOR)}"}
    assert client.post("/api/v1/bulletins/head-keys", json=body, headers=headers).status_code == 403
    headers = {"Authorization": f"Bearer {_token(uow_factory, 'hq', Role.HQ_ADMIN)}"}
    response = client.post("/api/v1/bulletins/head-keys", json=body, headers=headers)
    assert response.status_code == 201 and len(response.json()["key_id"]) == 32
