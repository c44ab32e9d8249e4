"""The boards' certification in a real browser: approve with the ceremony nonce, confirm,
publish, each by the role the matrix names, each page offering only that role's step; the
published contest then appears on the public portal."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from entekhab.domain.access import Role
from tests.access_support import mint_session
from tests.browser.axe_support import serious_violations
from tests.browser.conftest import LiveServer, screenshot
from tests.web_support import NONCE, username


def _as(page: Page, server: LiveServer, role: Role) -> None:
    page.context.clear_cookies()
    token = mint_session(server.uow_factory, username(role))
    page.context.add_cookies([{"name": "entekhab_session", "value": token, "url": server.url}])


def test_pr1_goes_from_unofficial_to_published_through_the_three_roles(
    page: Page, live_server: LiveServer
) -> None:
    e = live_server.world.election_id
    url = f"{live_server.url}/board/{e}/PR1"

    _as(page, live_server, Role.SUPERVISOR)
    page.goto(url)
    expect(page.get_by_role("button", name="تأیید", exact=True)).to_have_count(0)
    expect(page.locator(".notice")).to_be_visible()  # nothing is the supervisor's yet

    _as(page, live_server, Role.EXECUTIVE_BOARD)
    page.goto(f"{live_server.url}/board")
    expect(page.get_by_text("در انتظار شما").first).to_be_visible()
    page.goto(url)
    expect(
        page.get_by_role("heading", name=re.compile("^شعبی که هنوز گزارش نداده‌اند"))
    ).to_be_visible()
    page.get_by_label("عدد تصادفی مراسم قرعه (شانزده‌شانزدهی)").fill("not hex")
    page.locator("#approve-reason").fill("همهٔ شعب گزارش داده‌اند")
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page.locator("#approve-nonce-error")).to_contain_text("CERTIFICATION_NONCE_INVALID")
    expect(page.locator("#approve-reason")).to_have_value("همهٔ شعب گزارش داده‌اند")
    assert not serious_violations(page)
    page.get_by_label("عدد تصادفی مراسم قرعه (شانزده‌شانزدهی)").fill(NONCE)
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page.get_by_role("heading", name="روش محاسبهٔ کرسی‌ها")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("تأیید هیئت اجرایی")
    screenshot(page, "board-approved")

    _as(page, live_server, Role.SUPERVISOR)
    page.goto(url)
    page.locator("#confirm-reason").fill("بررسی شد")
    page.get_by_role("button", name="تأیید نهایی", exact=True).click()
    expect(page.locator("h1 .label-official")).to_be_visible()

    _as(page, live_server, Role.HQ_ADMIN)
    page.goto(url)
    page.locator("#publish-reason").fill("انتشار")
    page.get_by_role("button", name="انتشار", exact=True).click()
    expect(page.locator("dl.facts")).to_contain_text("منتشرشده")
    assert not serious_violations(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/results/{e}/PR1")
    expect(page.get_by_role("heading", name="کرسی‌های هر فهرست")).to_be_visible()
    expect(page.locator("figure.chart svg")).to_be_visible()
    screenshot(page, "portal-list-contest")
