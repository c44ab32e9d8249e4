"""What a QA pass on the web pages tripped on, kept as tests (SQLite and PostgreSQL): an
incident number beyond any row is a coded refusal, never a 500, on the pages and the JSON routes
alike; a malformed address on a page is shown as a page; a form sent once the session has lapsed
returns to sign-in keeping the page it was sent from (the pages let the browser send their own
address back to this site, and to no other); a live dashboard fragment whose session has lapsed
tells htmx to reload the page (so the official sees sign-in, not figures that stopped changing);
every page names its icon."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from entekhab.api.app import create_app
from entekhab.domain.access import Role
from entekhab.service.election_day.clock import RunningClock
from entekhab.settings import Settings
from entekhab.store.tables.election_day import IncidentResolution
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_session
from tests.dashboard_support import NOW, DayIncidents, build_dashboard_world
from tests.web_support import WebWorld, username

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_CODE = re.compile(r'<meta name="error-code" content="([A-Z_]+)">')
_NEXT = re.compile(r'name="next" value="([^"]*)"')
BEYOND = ("99999999999999999999", "9223372036854775808", "2147483648")
"""Incident numbers no row can have: past a 64-bit integer, just past it, past a 32-bit one."""


@dataclass
class Probe:
    world: WebWorld
    incidents: DayIncidents
    http: TestClient

    @property
    def election(self) -> str:
        return self.world.election_id

    def as_user(self, role: Role) -> str:
        token = mint_session(self.world.uow_factory, username(role))
        self.http.cookies.clear()
        self.http.cookies.set("entekhab_session", token)
        return token

    def csrf(self, path: str) -> str:
        found = _CSRF.search(self.http.get(path).text)
        assert found, path
        return found.group(1)

    def resolutions(self) -> int:
        with self.world.uow_factory() as uow:
            return int(
                uow.session.scalar(select(func.count()).select_from(IncidentResolution)) or 0
            )


@pytest.fixture
def probe(uow_factory: UnitOfWorkFactory) -> Iterator[Probe]:
    world, incidents = build_dashboard_world(uow_factory)
    settings = Settings(database_url="sqlite://", rate_per_address=0, day_figures_max_age=0)
    app = create_app(settings, uow_factory=uow_factory, clock=RunningClock(NOW))
    with TestClient(app, raise_server_exceptions=False) as http:
        yield Probe(world, incidents, http)


def test_an_incident_number_beyond_any_row_is_refused_never_a_500(probe: Probe) -> None:
    e = probe.election
    probe.as_user(Role.HQ_ADMIN)
    token = probe.csrf(f"/dashboard/{e}/incidents")
    for number in (*BEYOND, "abc", "0"):
        page = probe.http.post(
            f"/dashboard/{e}/branches/B1/incidents/{number}/resolve",
            data={"csrf_token": token, "reason": "x"},
        )
        assert page.status_code == 422, (number, page.status_code)
        assert page.headers["content-type"].startswith("text/html"), number  # a page, not JSON
        found = _CODE.search(page.text)
        assert found and found.group(1) == "INVALID_INPUT", number
        assert "Traceback" not in page.text
    auth = {
        "Authorization": f"Bearer {mint_session(probe.world.uow_factory, username(Role.HQ_ADMIN))}"
    }
    board = mint_session(probe.world.uow_factory, username(Role.EXECUTIVE_BOARD))
    for number in BEYOND:
        resolved = probe.http.post(
            f"/api/v1/elections/{e}/branches/B1/incidents/{number}/resolution",
            json={"reason": "x"},
            headers=auth,
        )
        assert resolved.status_code == 422, (number, resolved.status_code)
        assert resolved.json()["error"]["code"] == "INVALID_INPUT"
        decided = probe.http.post(
            f"/api/v1/elections/{e}/branches/B3/held-ballots/{number}/decision",
            json={"decision": "count", "reason": "x"},
            headers={"Authorization": f"Bearer {board}"},
        )
        assert decided.status_code == 422, (number, decided.status_code)
        assert decided.json()["error"]["code"] == "INVALID_INPUT"
    assert probe.resolutions() == 0


def test_a_form_sent_after_the_session_lapsed_returns_to_sign_in_keeping_its_page(
    probe: Probe,
) -> None:
    e = probe.election
    probe.as_user(Role.COUNTY_OFFICER)
    page = f"/dashboard/{e}/incidents?state=open"
    shown = probe.http.get(page)
    # Browsers send a page's own address back to this site only: the form's POST can say
    # where it came from, another site learns nothing.
    assert shown.headers["referrer-policy"] == "same-origin"
    token = _CSRF.search(shown.text)
    assert token
    probe.http.cookies.set("entekhab_session", "lapsed-" + "x" * 36)
    action = f"/dashboard/{e}/branches/B1/incidents/{probe.incidents.override_b1}/resolve"
    form = {"csrf_token": token.group(1), "reason": "x", "back": page}
    lapsed = probe.http.post(action, data=form, headers={"referer": f"http://testserver{page}"})
    assert lapsed.status_code == 401
    assert _NEXT.findall(lapsed.text) == [page]
    elsewhere = probe.http.post(
        action, data=form, headers={"referer": f"https://elsewhere.example{page}"}
    )
    assert elsewhere.status_code == 401
    assert _NEXT.findall(elsewhere.text) == ["/board"]  # another site's address is not followed
    assert probe.resolutions() == 0


def test_a_live_fragment_whose_session_lapsed_asks_htmx_to_reload_the_page(
    probe: Probe,
) -> None:
    e = probe.election
    probe.http.cookies.set("entekhab_session", "lapsed-" + "x" * 36)
    fragment = probe.http.get(f"/dashboard/{e}/areas/D1", headers={"HX-Request": "true"})
    assert fragment.status_code == 401
    assert fragment.headers.get("hx-refresh") == "true"
    whole = probe.http.get(f"/dashboard/{e}/areas/D1")  # the reload: sign-in, page kept
    assert whole.status_code == 401 and "hx-refresh" not in whole.headers
    assert _NEXT.findall(whole.text) == [f"/dashboard/{e}/areas/D1"]


def test_every_page_names_its_icon_and_the_icon_is_served(probe: Probe) -> None:
    for path in ("/", "/sign-in", "/practice", f"/dashboard/{probe.election}"):
        page = probe.http.get(path)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page.text)
        assert icon, path
        assert probe.http.get(icon.group(1)).status_code == 200
