"""The bulletin and public results routes, over HTTP (FastAPI test client)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from entekhab.api.app import create_app
from entekhab.settings import Settings
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import setup_tiny_election


def test_a_bulletin_from_an_unenrolled_station_is_refused_with_its_code(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = setup_tiny_election(uow_factory)
    client = TestClient(create_app(Settings(), uow_factory))
    signed = tiny.sign(tiny.bulletin("B1", "CT1", candidate_votes={"101": 5}))
    response = client.post("/api/v1/bulletins", json=signed.model_dump(mode="json"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "BULLETIN_STATION_KEY_UNKNOWN"
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
