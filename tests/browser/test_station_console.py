"""The branch console in a real browser, through both of its screens: the agent opens the branch
(the definition check shown), pairs the booth, checks voters in (Persian digits, a refusal in
Persian beside the field, the branch head's override), the voter marks, reviews and confirms at
the booth and gets the receipt, the agent's screen never shows a choice, and closing prints the
wall sheet with its QR code. axe on every page: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from entekhab.store.tables.election_day import BallotRecordRow
from tests.browser.axe_support import serious_violations
from tests.browser.conftest import screenshot
from tests.console_support import ConsoleWorld, console_world

pytestmark = pytest.mark.slow

_FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def no_violations(page: Page) -> None:
    assert serious_violations(page) == []
    assert page.locator("html").get_attribute("lang") in ("fa", "en")
    assert page.locator("html").get_attribute("dir") in ("rtl", "ltr")


def pair_booth(agent: Page, booth: Page, world: ConsoleWorld) -> None:
    booth.goto(f"{world.url}/voter")
    no_violations(booth)
    code = agent.locator("#booth-code").inner_text()
    booth.get_by_label("کد جایگاه").fill("12345678" if code != "12345678" else "87654321")
    booth.get_by_role("button", name="جفت کن").click()
    expect(booth.locator("#code-error")).to_contain_text("STATION_BOOTH_CODE_WRONG")
    no_violations(booth)
    booth.get_by_label("کد جایگاه").fill(code.translate(_FA))
    booth.get_by_role("button", name="جفت کن").click()
    expect(booth.locator("#waiting")).to_be_visible()
    no_violations(booth)


def check_in(agent: Page, code: str, serial: str, override: str = "") -> None:
    agent.get_by_label("کد ملی").fill(code)
    agent.get_by_label("شمارهٔ سریال کارت (کارت‌خوان)").fill(serial)
    agent.get_by_label("دلیل تأیید رئیس شعبه").fill(override)
    agent.get_by_role("button", name="کارت را بخوان، اثر انگشت را بسنج، پذیرش کن").click()


def test_check_in_vote_and_close_through_both_screens(browser: Browser, tmp_path: Path) -> None:
    with console_world(tmp_path) as world:
        agent_context = browser.new_context(viewport={"width": 1366, "height": 768})
        booth_context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
        agent, booth = agent_context.new_page(), booth_context.new_page()

        # A page without the console token is refused (no trace, the code shown).
        agent.goto(world.url + "/")
        expect(agent.locator("meta[name=error-code]")).to_have_attribute(
            "content", "STATION_CONSOLE_LOCKED"
        )
        no_violations(agent)

        agent.goto(world.agent_address)
        expect(agent.locator("#station-hash")).to_have_text(world.console.station.definition_hash)
        no_violations(agent)
        screenshot(agent, "station-opening")
        agent.get_by_role("button", name="تعریف را بسنج و شعبه را باز کن").click()
        expect(agent.locator("#definition-check")).to_contain_text("همان چکیدهٔ ستاد")
        expect(agent.locator("#hq-hash")).to_have_text(world.console.station.definition_hash)
        no_violations(agent)

        pair_booth(agent, booth, world)

        # A mistyped national code: refused in Persian beside the field, what was typed kept.
        check_in(agent, "۱۲۳۴۵۶۷۸۹۰", "SER-1")
        error = agent.locator("#national_code-error")
        expect(error).to_contain_text("کد ملی")
        expect(error).to_contain_text("INVALID_NATIONAL_CODE")
        expect(agent.get_by_label("کد ملی")).to_have_value("۱۲۳۴۵۶۷۸۹۰")
        expect(agent.get_by_label("کد ملی")).to_have_attribute("aria-invalid", "true")
        no_violations(agent)
        screenshot(agent, "station-checkin-refused")

        # The first voter, national code in Persian digits.
        first = world.voters[0]
        check_in(agent, first.translate(_FA), "SER-1")
        expect(agent.locator("#last-checkin")).to_contain_text("SER-1")
        expect(agent.locator("#booth-state")).to_contain_text("رای‌دهنده در حال رای دادن")
        screenshot(agent, "station-checked-in")

        # The booth finds the ballot by itself (htmx polling) and shows only the ballot.
        expect(booth.get_by_role("heading", name="برگهٔ رای شما")).to_be_visible(timeout=10_000)
        assert first not in booth.content()
        no_violations(booth)
        booth.get_by_role("checkbox", name="301").check()
        booth.get_by_role("checkbox", name="302").check()  # one too many for the Experts
        booth.get_by_role("radio", name="فهرست ۱").check()
        booth.get_by_role("checkbox", name="101").check()
        booth.get_by_role("button", name="بازبینی برگهٔ رای").click()
        expect(booth.locator("#err-EXP")).to_contain_text("TOO_MANY_SELECTIONS")
        expect(booth.get_by_role("checkbox", name="101")).to_be_checked()  # kept as marked
        no_violations(booth)
        booth.get_by_role("checkbox", name="302").uncheck()
        screenshot(booth, "station-booth-ballot")
        booth.get_by_role("button", name="بازبینی برگهٔ رای").click()
        expect(booth.get_by_role("heading", name="بازبینی برگهٔ رای")).to_be_visible()
        expect(booth.locator("main")).to_contain_text("فهرست ۱")
        no_violations(booth)
        screenshot(booth, "station-booth-review")
        booth.get_by_role("button", name="تأیید و ثبت رای").click()
        expect(booth.locator("#ballot-id")).to_have_count(1)
        no_violations(booth)
        screenshot(booth, "station-booth-receipt")

        # The agent learns "voted", never a choice.
        expect(agent.locator("#booth-state")).to_contain_text("رای داده شد", timeout=10_000)
        agent_html = agent.content()
        assert "فهرست ۱" not in agent_html and "301" not in agent_html
        assert booth.locator("#ballot-id").inner_text() not in agent_html

        # The second voter's fingerprint does not match: refused, then the head's override.
        world.console.cards.false_reject_rate = 1.0
        second = world.voters[1]
        check_in(agent, second, "SER-2")
        expect(agent.locator("#override_reason-error")).to_contain_text("IDENTITY_NOT_VERIFIED")
        expect(agent.locator("#override_reason-error")).to_contain_text("هویت رای‌دهنده")
        no_violations(agent)
        check_in(agent, second, "SER-2", override="اثر انگشت فرسوده؛ چهره با کارت تطبیق شد")
        expect(agent.locator("#last-checkin")).to_contain_text("رئیس شعبه")
        booth.get_by_role("link", name="پایان").click()
        expect(booth.get_by_role("heading", name="برگهٔ رای شما")).to_be_visible(timeout=10_000)
        booth.get_by_role("button", name="بازبینی برگهٔ رای").click()  # a blank ballot
        booth.get_by_role("button", name="تأیید و ثبت رای").click()
        expect(booth.locator("#ballot-id")).to_have_count(1)

        # Closing: the bulletin and the wall sheet with its QR code.
        expect(agent.locator("#booth-state")).to_contain_text("رای داده شد", timeout=10_000)
        agent.get_by_role("checkbox", name="رای‌گیری پایان یافته است").check()
        agent.get_by_role("button", name="بستن شعبه").click()
        expect(agent.locator("#closing-match")).to_contain_text("همان شمار")
        no_violations(agent)
        screenshot(agent, "station-closed")
        agent.get_by_role("link", name="برگ نتیجه را برای چاپ باز کنید TEH").click()
        expect(agent.locator("svg, img").first).to_be_visible()
        no_violations(agent)
        screenshot(agent, "station-wall-sheet")
        with world.uow_factory() as uow:
            counted = uow.session.scalar(select(func.count()).select_from(BallotRecordRow))
        assert counted == 2

        # English on the same console.
        agent.goto(world.url + "/closed?lang=en")
        expect(agent.locator("html")).to_have_attribute("dir", "ltr")
        expect(agent.get_by_role("heading", name="Branch closed")).to_be_visible()
        no_violations(agent)
        agent_context.close()
        booth_context.close()
