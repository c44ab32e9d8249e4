"""The public portal and signing in, in a real browser: every page loads with the network
blocked (nothing leaves 127.0.0.1), in Persian, right to left, with the bundled font, and axe
finds no serious or critical violation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from entekhab.domain.access import Role
from tests.access_support import mint_session
from tests.browser.axe_support import serious_violations
from tests.browser.conftest import LiveServer, screenshot
from tests.web_support import PASSWORD, username


def _block_the_network(page: Page) -> list[str]:
    """Abort every request that would leave the loopback address; return them as they come."""
    left: list[str] = []

    def handle(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return left


def _sign_in_by_cookie(page: Page, server: LiveServer, role: Role) -> None:
    token = mint_session(server.uow_factory, username(role))
    page.context.add_cookies([{"name": "entekhab_session", "value": token, "url": server.url}])


def _public_pages(server: LiveServer) -> list[str]:
    e = server.world.election_id
    return [
        "/",
        f"/results/{e}",
        f"/results/{e}/CT1",
        f"/results/{e}/AE",
        "/verify",
        f"/verify/{e}",
        f"/candidates/{e}",
        "/sign-in",
        "/no-such-page",
        # English last: the switch is remembered in a cookie
        f"/results/{e}/CT1?lang=en",
        "/?lang=en",
        "/sign-in?lang=en",
    ]


def _check_page(page: Page, url: str) -> list[str]:
    problems: list[str] = []
    page.goto(url)
    page.wait_for_load_state("networkidle")
    lang = page.evaluate("document.documentElement.lang")
    direction = page.evaluate("getComputedStyle(document.documentElement).direction")
    want = ("en", "ltr") if "lang=en" in url else ("fa", "rtl")
    english = "lang=en" in url
    if (lang, direction) != want:
        problems.append(f"{url}: lang/dir {lang}/{direction}, want {want}")
    if not english and not page.evaluate("document.fonts.check('16px Vazirmatn', 'انتخاب')"):
        problems.append(f"{url}: the Vazirmatn font is not loaded")
    problems += [f"{url}: {v}" for v in serious_violations(page)]
    return problems


def test_every_public_page_loads_offline_in_persian_with_no_serious_axe_violation(
    page: Page, live_server: LiveServer
) -> None:
    left = _block_the_network(page)
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    problems: list[str] = []
    for path in _public_pages(live_server):
        problems += _check_page(page, live_server.url + path)
    assert not left, f"requests left 127.0.0.1: {left}"
    assert all(urlparse(u).hostname == "127.0.0.1" for u in seen if not u.startswith("data:"))
    assert any(u.endswith(".woff2") for u in seen), "the font was never fetched"
    assert not problems, "\n".join(problems)


def test_api_documentation_loads_from_the_bundled_assets(
    page: Page, live_server: LiveServer
) -> None:
    left = _block_the_network(page)
    page.goto(live_server.url + "/docs", wait_until="domcontentloaded", timeout=90_000)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Entekhab", timeout=60_000)
    page.goto(live_server.url + "/redoc", wait_until="domcontentloaded", timeout=90_000)
    expect(page.locator("h1").first).to_contain_text("Entekhab", timeout=60_000)
    assert not left, f"requests left 127.0.0.1: {left}"


def test_the_contest_page_shows_the_official_result_with_its_working(
    page: Page, live_server: LiveServer
) -> None:
    e = live_server.world.election_id
    page.goto(f"{live_server.url}/results/{e}/CT1")
    expect(page.locator("h1")).to_contain_text("رسمی")
    expect(page.get_by_role("heading", name="منتخبان")).to_be_visible()
    expect(page.get_by_role("heading", name="روش محاسبهٔ کرسی‌ها")).to_be_visible()
    screenshot(page, "portal-contest")
    page.goto(f"{live_server.url}/results/{e}/PR1")  # counted, never certified
    expect(page.locator("h1")).to_contain_text("یافت نشد")


def test_sign_in_with_password_then_totp_and_sign_out(page: Page, live_server: LiveServer) -> None:
    who = username(Role.SUPERVISOR)
    page.goto(f"{live_server.url}/sign-in?next=/verify")
    page.get_by_label("نام کاربری").fill(who)
    page.get_by_label("گذرواژه").fill(PASSWORD)
    page.get_by_role("button", name="ادامه").click()
    expect(page.get_by_role("heading", name="کد تأیید")).to_be_visible()
    page.get_by_label("کد").fill("000000" if live_server.world.totp(who) != "000000" else "111111")
    page.get_by_role("button", name="ورود").click()
    expect(page.get_by_role("alert")).to_contain_text("BAD_CREDENTIALS")
    persian_digits = live_server.world.totp(who).translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    page.get_by_label("کد").fill(persian_digits)
    page.get_by_role("button", name="ورود").click()
    expect(page.locator(".who")).to_contain_text(who)
    expect(page).to_have_url(f"{live_server.url}/verify")  # the page asked for, kept
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["entekhab_session"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    screenshot(page, "signed-in")
    page.get_by_role("button", name="خروج").click()
    expect(page.get_by_role("link", name="ورود")).to_be_visible()
    assert "entekhab_session" not in {c["name"] for c in page.context.cookies()}


@pytest.mark.parametrize("role", [Role.COUNTY_OFFICER])
def test_a_wrong_password_is_shown_beside_the_field_and_the_name_is_kept(
    page: Page, live_server: LiveServer, role: Role
) -> None:
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_label("نام کاربری").fill(username(role))
    page.get_by_label("گذرواژه").fill("not the password at all")
    page.get_by_role("button", name="ادامه").click()
    error = page.locator("#password-error")
    expect(error).to_contain_text("نادرست")
    expect(error).to_contain_text("BAD_CREDENTIALS")
    expect(page.get_by_label("نام کاربری")).to_have_value(username(role))
    expect(page.get_by_label("گذرواژه")).to_have_attribute("aria-invalid", "true")
