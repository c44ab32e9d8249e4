"""A session that lapses while an official works, in a real browser: the live dashboard asks for
its figures again (as htmx polling does) and lands on sign-in at the same address, rather than
keep showing figures that no longer change; a resolve form sent after the lapse comes back to
the page it was sent from once the official has signed in again. Nothing is written meanwhile."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.store.tables.election_day import IncidentResolution
from tests.browser.conftest import LiveServer
from tests.browser.test_dashboard import _sign_in, day_server
from tests.dashboard_support import DayIncidents
from tests.web_support import PASSWORD, username

__all__ = ["day_server"]  # the dashboard's polling day, served (a module-scoped fixture)

pytestmark = pytest.mark.slow

OFFICER = username(Role.COUNTY_OFFICER)  # no TOTP: signing in twice needs no second code


def _lapse(page: Page, server: LiveServer) -> None:
    page.context.add_cookies(
        [{"name": "entekhab_session", "value": "lapsed-" + "x" * 36, "url": server.url}]
    )


def _sign_in_again(page: Page) -> None:
    page.get_by_label("نام کاربری").fill(OFFICER)
    page.get_by_label("گذرواژه").fill(PASSWORD)
    page.get_by_role("button", name="ادامه").click()


def test_a_lapsed_session_goes_to_sign_in_and_back_to_the_same_page(
    page: Page, day_server: tuple[LiveServer, DayIncidents]
) -> None:
    server, incidents = day_server
    e = server.world.election_id
    area = f"/dashboard/{e}/areas/D1"
    _sign_in(page, server, OFFICER, area)
    expect(page.locator("#live")).to_be_visible()

    _lapse(page, server)
    page.evaluate("htmx.ajax('GET', location.pathname, {target: '#live', swap: 'outerHTML'})")
    expect(page.get_by_label("نام کاربری")).to_be_visible(timeout=10_000)
    assert page.url == server.url + area
    _sign_in_again(page)
    expect(page.locator("#live")).to_be_visible()
    assert page.url == server.url + area

    listing = f"/dashboard/{e}/incidents?state=open"
    page.goto(server.url + listing)
    reason = page.locator(f"#reason-{incidents.override_b1}")
    reason.fill("اثر انگشت فرسوده")
    _lapse(page, server)
    page.locator(f"#incident-{incidents.override_b1}").get_by_role("button").click()
    expect(page.get_by_label("نام کاربری")).to_be_visible()
    with server.uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(IncidentResolution)) == 0
    _sign_in_again(page)
    expect(page.locator(f"#reason-{incidents.override_b1}")).to_be_visible()
    assert page.url == server.url + listing
