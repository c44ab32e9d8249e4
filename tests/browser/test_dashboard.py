"""The headquarters dashboard in a real browser: signing in with the TOTP code, the whole day,
drilling down province → county → district → branch, the live refresh, resolving an incident
(a blank reason refused beside the field, then recorded), held ballots, a page outside the
user's jurisdiction (404) and a phone's screen — axe on every page, screenshots for the docs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from entekhab.api.app import create_app
from entekhab.domain.access import Role
from entekhab.service.election_day.clock import RunningClock
from entekhab.settings import Settings
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory
from tests.browser.axe_support import serious_violations
from tests.browser.conftest import LiveServer, screenshot, serve
from tests.dashboard_support import NOW, R1_OFFICER, DayIncidents, build_dashboard_world
from tests.web_support import PASSWORD, username

HQ = username(Role.HQ_ADMIN)


@pytest.fixture(scope="module")
def day_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, DayIncidents]]:
    """The dashboard's polling day (tests/dashboard_support.py) served by uvicorn, its clock at
    14:10 Tehran, the figures counted on every request."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dash') / 'dash.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = UnitOfWorkFactory(engine)
    world, incidents = build_dashboard_world(factory)
    settings = Settings(database_url=url, rate_per_address=0, day_figures_max_age=0)
    app = create_app(settings, uow_factory=factory, clock=RunningClock(NOW))
    base, server, thread = serve(app)
    yield LiveServer(base, world, factory), incidents
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _no_serious(page: Page) -> None:
    found = serious_violations(page)
    assert not found, f"{page.url}: {found}"


def _sign_in(page: Page, server: LiveServer, who: str, next_page: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server.url}/sign-in?next={next_page}")
    page.get_by_label("نام کاربری").fill(who)
    page.get_by_label("گذرواژه").fill(PASSWORD)
    page.get_by_role("button", name="ادامه").click()
    if who in server.world.totp_secrets:
        page.get_by_label("کد").fill(server.world.totp(who))
        page.get_by_role("button", name="ورود").click()
    expect(page.locator(".who")).to_contain_text(who)


def test_headquarters_follows_the_day_down_to_a_branch_and_resolves_an_incident(
    page: Page, day_server: tuple[LiveServer, DayIncidents]
) -> None:
    server, incidents = day_server
    e = server.world.election_id
    _sign_in(page, server, HQ, "/dashboard")
    expect(page.get_by_role("heading", name="داشبورد روز رای‌گیری")).to_be_visible()
    _no_serious(page)
    page.get_by_role("link", name="انتخابات کوچک").click()
    expect(page.locator("#live figure.chart svg").first).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("بیش از ۳۰ دقیقه بی‌خبر")
    _no_serious(page)
    screenshot(page, "dashboard-election")

    for name in ("بخش P1", "بخش C1", "بخش D1"):  # province → county → district
        page.locator("#live").get_by_role("link", name=name).click()
        expect(page.locator("nav.trail [aria-current=page]")).to_have_text(name)
        _no_serious(page)
    # The live part is fetched again and swapped in place, as htmx polling does.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.evaluate("htmx.ajax('GET', location.pathname, {target: '#live', swap: 'outerHTML'})")
    page.locator("#live").get_by_role("link", name="B2").wait_for()
    screenshot(page, "dashboard-district")
    page.keyboard.press("Tab")  # keyboard alone: the first stop skips to the content
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.locator("#live").get_by_role("link", name="B1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="شعبه B1")).to_be_visible()
    _no_serious(page)
    screenshot(page, "dashboard-branch")

    page.goto(f"{server.url}/dashboard/{e}/incidents")
    page.get_by_label("وضعیت").select_option("open")
    page.get_by_role("button", name="نمایش").click()
    row = page.locator(f"#incident-{incidents.override_b1}")
    row.get_by_role("button", name="بستن رخداد").click()
    reason = page.locator(f"#reason-{incidents.override_b1}")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#reason-{incidents.override_b1}-error")).to_contain_text(
        "INCIDENT_REASON_MISSING"
    )
    _no_serious(page)
    reason.fill("اثر انگشت فرسوده بود؛ رئیس شعبه با کارت ملی تأیید کرد")
    page.locator(f"#incident-{incidents.override_b1}").get_by_role(
        "button", name="بستن رخداد"
    ).click()
    expect(page.locator(f"#incident-{incidents.override_b1}")).to_have_count(0)  # no longer open
    page.get_by_label("وضعیت").select_option("resolved")
    page.get_by_role("button", name="نمایش").click()
    expect(page.locator(f"#incident-{incidents.override_b1}")).to_contain_text(f"user:{HQ}")
    _no_serious(page)
    screenshot(page, "dashboard-incidents")

    page.goto(f"{server.url}/dashboard/{e}/held-ballots")
    expect(page.get_by_text("در ستاد نگه داشته شده، در انتظار تصمیم هیئت")).to_be_visible()
    _no_serious(page)
    page.goto(f"{server.url}/dashboard/{e}/areas/D1?lang=en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", name="Turnout by hour")).to_be_visible()
    _no_serious(page)
    page.goto(f"{server.url}/dashboard/{e}?lang=fa")  # the language cookie back to Persian


def test_a_district_officer_sees_only_their_area_and_gets_404_elsewhere(
    page: Page, day_server: tuple[LiveServer, DayIncidents]
) -> None:
    server, _incidents = day_server
    e = server.world.election_id
    _sign_in(page, server, R1_OFFICER, f"/dashboard/{e}")
    expect(page.locator("#live").get_by_role("link", name="B3")).to_be_visible()
    expect(page.locator("#live").get_by_role("link", name="B1")).to_have_count(0)
    answer = page.goto(f"{server.url}/dashboard/{e}/branches/B1")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", name="یافت نشد")).to_be_visible()
    _no_serious(page)


def test_the_dashboard_fits_a_phone(
    page: Page, day_server: tuple[LiveServer, DayIncidents]
) -> None:
    server, _incidents = day_server
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, server, username(Role.COUNTY_OFFICER), f"/dashboard/{server.world.election_id}")
    expect(page.locator("#live figure.chart svg").first).to_be_visible()
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not wide, "the page scrolls sideways on a phone"
    _no_serious(page)
    screenshot(page, "dashboard-phone")


def test_the_executive_board_decides_a_held_ballot_beside_its_reason(
    page: Page, day_server: tuple[LiveServer, DayIncidents]
) -> None:
    server, incidents = day_server
    e = server.world.election_id
    _sign_in(page, server, username(Role.EXECUTIVE_BOARD), f"/dashboard/{e}/held-ballots")
    held = incidents.held_b3
    page.get_by_label("شمرده شود").check()
    page.get_by_role("button", name="ثبت تصمیم").click()
    expect(page.locator(f"#held-reason-{held}-error")).to_contain_text("FIELD_REQUIRED")
    expect(page.get_by_label("شمرده شود")).to_be_checked()
    _no_serious(page)
    screenshot(page, "dashboard-held")
    page.locator(f"#held-reason-{held}").fill("در دفتر ثبت‌احوال اشتباه نوشته شده بود")
    page.get_by_role("button", name="ثبت تصمیم").click()
    expect(page.get_by_text("در دفتر ثبت‌احوال اشتباه نوشته شده بود")).to_be_visible()
    _no_serious(page)
