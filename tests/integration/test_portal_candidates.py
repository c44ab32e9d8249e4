"""The published candidate lists on the public portal: the same service as the JSON, CSV and
PDF routes (service/candidates/official_list.py), final lists only."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from entekhab.api.app import create_app
from entekhab.service.candidates import official_list
from entekhab.settings import Settings
from entekhab.store.uow import UnitOfWorkFactory
from tests.candidates_support import tiny_world


def test_the_portal_shows_each_published_list_with_its_ballot_codes(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = tiny_world(uow_factory, "published")
    e = world.election
    settings = Settings(database_url="sqlite://", rate_per_address=0)
    with TestClient(create_app(settings, uow_factory=uow_factory)) as http:
        index = http.get(f"/candidates/{e}")
        assert index.status_code == 200
        with uow_factory() as uow:
            published = official_list.published_contests(uow, e)
            semnan = official_list.official_list(uow, e, "CC-SEMNAN")
        assert {p.contest for p in published} == set(world.outcome.published)
        for p in published:
            assert f'href="/candidates/{e}/{p.contest}"' in index.text
        page = http.get(f"/candidates/{e}/CC-SEMNAN")
        assert page.status_code == 200
        assert '<html lang="fa" dir="rtl">' in page.text
        shown = re.findall(r'<tr><td class="code">(\d+)</td>', page.text)
        assert shown == [line.ballot_code for line in semnan.lines]
        for line in semnan.lines:
            assert f"{line.given_name_fa} {line.family_name_fa}" in page.text
        for _code, name_fa, _en in semnan.lists:
            assert name_fa in page.text
        assert f"/api/v1/public/candidates/{e}/CC-SEMNAN/sheet.pdf" in page.text
        assert http.get(f"/results/{e}").text.count(f'href="/candidates/{e}"') == 1
        unknown = http.get(f"/candidates/{e}/NO-SUCH")
        assert unknown.status_code in (404, 409, 422) and "Traceback" not in unknown.text
