"""The headquarters dashboard over HTTP, on SQLite and PostgreSQL: figures that match the day
written (counted independently here), drill-down, jurisdiction (404 outside), the incident
resolve action with its reason (coded error beside the field, nothing written), CSRF, and the
JSON routes that call the same services."""

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
from entekhab.service.election_day.held_ballots import held_ballots
from entekhab.settings import Settings
from entekhab.store.tables.election_day import IncidentResolution
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_session
from tests.dashboard_support import CHECK_INS, NOW, R1_OFFICER, DayIncidents, build_dashboard_world
from tests.web_support import WebWorld, username

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_CODE = re.compile(r'<meta name="error-code" content="([A-Z_]+)">')


@dataclass
class Dashboard:
    world: WebWorld
    incidents: DayIncidents
    http: TestClient

    @property
    def election(self) -> str:
        return self.world.election_id

    def as_user(self, name: str) -> None:
        self.http.cookies.clear()
        self.http.cookies.set("entekhab_session", mint_session(self.world.uow_factory, name))

    def csrf(self, path: str) -> str:
        found = _CSRF.search(self.http.get(path).text)
        assert found, path
        return found.group(1)

    def written(self) -> tuple[int, int]:
        with self.world.uow_factory() as uow:
            resolutions = uow.session.scalar(select(func.count()).select_from(IncidentResolution))
            events = uow.session.scalar(
                select(func.count())
                .select_from(EventLogEntry)
                .where(EventLogEntry.code == "INCIDENT_RESOLVED")
            )
        return int(resolutions or 0), int(events or 0)


@pytest.fixture
def dash(uow_factory: UnitOfWorkFactory) -> Iterator[Dashboard]:
    world, incidents = build_dashboard_world(uow_factory)
    settings = Settings(database_url="sqlite://", rate_per_address=0, day_figures_max_age=0)
    app = create_app(settings, uow_factory=uow_factory, clock=RunningClock(NOW))
    with TestClient(app) as http:
        yield Dashboard(world, incidents, http)


def _checked_in(branches: set[str] | None = None) -> int:
    return sum(
        n
        for b, hours in CHECK_INS.items()
        if branches is None or b in branches
        for n, _p in hours.values()
    )


def _code(text: str) -> str | None:
    found = _CODE.search(text)
    return found.group(1) if found else None


def test_headquarters_sees_the_whole_day_and_drills_down_to_a_branch(dash: Dashboard) -> None:
    dash.as_user(username(Role.HQ_ADMIN))
    e = dash.election
    top = dash.http.get(f"/dashboard/{e}")
    assert top.status_code == 200
    assert '<html lang="fa" dir="rtl">' in top.text
    assert f'href="/dashboard/{e}/areas/P1"' in top.text
    assert "<svg" in top.text and 'role="img"' in top.text  # the charts, drawn on the server
    day = dash.http.get(
        f"/api/v1/elections/{e}/areas/P1/day",
        headers={"Authorization": f"Bearer {mint_session(dash.world.uow_factory, 'hq_admin-web')}"},
    ).json()
    area = day["area"]
    assert area["checked_in"] == _checked_in()
    assert sum(h["count"] for h in day["by_hour"]) == _checked_in()
    assert (area["open"], area["silent"], area["closed"], area["not_opened"]) == (3, 1, 1, 1)
    assert (area["offline"], area["reported"], area["branches"]) == (2, 1, 6)
    assert area["open_incidents"] == 4
    assert [c["code"] for c in day["children"]] == ["C1"]

    district = dash.http.get(f"/dashboard/{e}/areas/D1")
    assert district.status_code == 200
    for branch in ("B1", "B2", "B3", "X0", "X1", "X2"):
        assert f'href="/dashboard/{e}/branches/{branch}"' in district.text
    assert "بیش از ۳۰ دقیقه بی‌خبر" in district.text  # B2 is silent
    live = dash.http.get(f"/dashboard/{e}/areas/D1", headers={"HX-Request": "true"})
    assert live.text.lstrip().startswith('<div id="live"')  # htmx gets the live part alone
    assert 'hx-trigger="every 15s"' in live.text
    paused = dash.http.get(f"/dashboard/{e}/areas/D1?live=0")
    assert "hx-trigger" not in paused.text  # the user can stop the updates (WCAG 2.2.2)

    branch = dash.http.get(f"/dashboard/{e}/branches/B1")
    assert branch.status_code == 200
    assert f'id="incident-{dash.incidents.override_b1}"' in branch.text
    english = dash.http.get(f"/dashboard/{e}/branches/B1?lang=en")
    assert '<html lang="en" dir="ltr">' in english.text
    assert "Voters checked in per hour" in english.text


def test_resolving_needs_a_reason_beside_the_field_and_then_records_who_and_why(
    dash: Dashboard,
) -> None:
    dash.as_user(username(Role.COUNTY_OFFICER))
    e, incident = dash.election, dash.incidents.override_b1
    page = f"/dashboard/{e}/incidents?state=open"
    token = dash.csrf(page)
    action = f"/dashboard/{e}/branches/B1/incidents/{incident}/resolve"
    blank = dash.http.post(action, data={"csrf_token": token, "reason": "   ", "back": page})
    assert blank.status_code == 422
    assert f'id="reason-{incident}-error"' in blank.text
    assert "INCIDENT_REASON_MISSING" in blank.text
    assert "برای بستن رخداد باید بنویسید" in blank.text  # Persian beside the field
    assert f'name="back" value="{page}"' in blank.text  # the form still returns to its page
    assert dash.written() == (0, 0)

    done = dash.http.post(
        action,
        data={"csrf_token": token, "reason": "اثر انگشت فرسوده؛ رئیس شعبه تأیید کرد", "back": page},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == page
    assert dash.written() == (1, 1)
    with dash.world.uow_factory() as uow:
        kept = uow.session.get(IncidentResolution, incident)
        assert kept is not None
        assert (kept.resolved_by, kept.role) == ("user:county_officer-web", "county_officer")
        assert kept.reason == "اثر انگشت فرسوده؛ رئیس شعبه تأیید کرد"
    resolved = dash.http.get(f"/dashboard/{e}/incidents?state=resolved")
    assert f'id="incident-{incident}"' in resolved.text
    assert "user:county_officer-web" in resolved.text

    again = dash.http.post(action, data={"csrf_token": token, "reason": "دوباره", "back": page})
    assert again.status_code == 409 and "INCIDENT_ALREADY_RESOLVED" in again.text
    no_csrf = dash.http.post(action, data={"reason": "x", "back": page})
    assert no_csrf.status_code == 403 and _code(no_csrf.text) == "CSRF_INVALID"
    assert dash.written() == (1, 1)


def test_outside_the_jurisdiction_is_not_found_and_writes_nothing(dash: Dashboard) -> None:
    e = dash.election
    dash.as_user(R1_OFFICER)
    own = dash.http.get(f"/dashboard/{e}")
    assert own.status_code == 200
    assert f'href="/dashboard/{e}/branches/B3"' in own.text
    assert f'href="/dashboard/{e}/branches/B1"' not in own.text
    for path in (
        f"/dashboard/{e}/branches/B1",
        f"/dashboard/{e}/areas/T1",
        f"/dashboard/{e}/areas/C1",
        f"/dashboard/{e}/incidents?area=D1",
        f"/dashboard/{e}/branches/NOPE",
    ):
        answer = dash.http.get(path)
        assert answer.status_code == 404, path
        assert _code(answer.text) == "NOT_FOUND", path
        assert "Traceback" not in answer.text
    token = dash.csrf(f"/dashboard/{e}")
    refused = dash.http.post(
        f"/dashboard/{e}/branches/B1/incidents/{dash.incidents.override_b1}/resolve",
        data={"csrf_token": token, "reason": "not mine"},
    )
    assert refused.status_code == 404
    assert dash.written() == (0, 0)

    dash.as_user(username(Role.BRANCH_HEAD))
    assert dash.http.get(f"/dashboard/{e}").status_code == 403  # not a role that follows the day


def test_an_expired_session_returns_to_sign_in_and_keeps_the_page(dash: Dashboard) -> None:
    dash.http.cookies.set("entekhab_session", "forged-" + "x" * 36)
    answer = dash.http.get(f"/dashboard/{dash.election}/areas/D1")
    assert answer.status_code == 401
    assert f'name="next" value="/dashboard/{dash.election}/areas/D1"' in answer.text


def test_the_json_route_resolves_with_the_same_service_and_refuses_a_blank_reason(
    dash: Dashboard,
) -> None:
    token = mint_session(dash.world.uow_factory, username(Role.HQ_ADMIN))
    auth = {"Authorization": f"Bearer {token}"}
    e, incident = dash.election, dash.incidents.already_voted_b2
    url = f"/api/v1/elections/{e}/branches/B2/incidents/{incident}/resolution"
    blank = dash.http.post(url, json={"reason": " "}, headers=auth)
    assert blank.status_code == 422
    assert blank.json()["error"]["code"] == "INCIDENT_REASON_MISSING"
    assert dash.written() == (0, 0)
    wrong_branch = dash.http.post(
        f"/api/v1/elections/{e}/branches/B1/incidents/{incident}/resolution",
        json={"reason": "x"},
        headers=auth,
    )
    assert wrong_branch.status_code == 404
    assert wrong_branch.json()["error"]["code"] == "INCIDENT_UNKNOWN"
    done = dash.http.post(url, json={"reason": "voter told of the rule"}, headers=auth)
    assert done.status_code == 201
    assert done.json()["resolved_by"] == "user:hq_admin-web"
    assert dash.written() == (1, 1)
    board = mint_session(dash.world.uow_factory, username(Role.AUDITOR))
    denied = dash.http.post(url, json={"reason": "x"}, headers={"Authorization": f"Bearer {board}"})
    assert denied.status_code == 403  # auditors follow the day but do not resolve


def test_held_ballots_show_the_boards_decision(dash: Dashboard) -> None:
    dash.as_user(username(Role.SUPERVISOR))
    page = dash.http.get(f"/dashboard/{dash.election}/held-ballots")
    assert page.status_code == 200
    assert "در ستاد نگه داشته شده" in page.text  # B3's ballot waits for the board
    assert "registry error" in page.text  # X1's was counted, with the board's reason
    assert "0000000003" not in page.text  # national codes stay with the board's own routes
    everything = held_ballots(dash.world.uow_factory, dash.election)
    for branch in ("B3", "X1", "B1"):
        mine = held_ballots(dash.world.uow_factory, dash.election, branch)
        assert mine == [h for h in everything if h["branch"] == branch]


def test_a_districts_branch_list_can_show_one_state_and_puts_silent_ones_first(
    dash: Dashboard,
) -> None:
    dash.as_user(username(Role.DISTRICT_OFFICER))
    e = dash.election
    everything = dash.http.get(f"/dashboard/{e}/areas/D1").text
    assert everything.index("/branches/B2") < everything.index("/branches/B1")  # silent first
    silent = dash.http.get(f"/dashboard/{e}/areas/D1?state=silent").text
    assert f'href="/dashboard/{e}/branches/B2"' in silent
    assert f'href="/dashboard/{e}/branches/B1"' not in silent
    offline = dash.http.get(f"/dashboard/{e}/areas/D1?state=offline&live=0").text
    listed = set(re.findall(rf'href="/dashboard/{e}/branches/(\w+)"', offline))
    assert listed == {b for b, hours in CHECK_INS.items() if any(p for _n, p in hours.values())}
    assert "hx-trigger" not in offline


def test_the_executive_board_decides_a_held_ballot_with_a_reason(dash: Dashboard) -> None:
    e, held = dash.election, dash.incidents.held_b3
    dash.as_user(username(Role.SUPERVISOR))
    assert (
        f"/held-ballots/{held}/decision" not in dash.http.get(f"/dashboard/{e}/held-ballots").text
    )
    dash.as_user(username(Role.EXECUTIVE_BOARD))
    page = f"/dashboard/{e}/held-ballots"
    token = dash.csrf(page)
    action = f"/dashboard/{e}/branches/B3/held-ballots/{held}/decision"

    def decided() -> tuple[list[str], int]:
        states = [h["ballot"] for h in held_ballots(dash.world.uow_factory, e, "B3")]
        with dash.world.uow_factory() as uow:
            events = uow.session.scalar(
                select(func.count())
                .select_from(EventLogEntry)
                .where(EventLogEntry.code == "HELD_BALLOT_COUNTED")
            )
        return states, int(events or 0)

    blank = dash.http.post(action, data={"csrf_token": token, "decision": "count", "reason": " "})
    assert blank.status_code == 422
    assert f'id="held-reason-{held}-error"' in blank.text and "FIELD_REQUIRED" in blank.text
    assert 'value="count" checked' in blank.text  # the choice made is kept
    assert decided() == (["held"], 0)
    done = dash.http.post(
        action,
        data={"csrf_token": token, "decision": "count", "reason": "registry error at B1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert decided() == (["counted"], 1)
    again = dash.http.post(action, data={"csrf_token": token, "decision": "reject", "reason": "x"})
    assert again.status_code == 409 and "HELD_BALLOT_DECIDED" in again.text
