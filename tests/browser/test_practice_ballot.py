"""The practice ballot in a real browser, at both fronts: the station's practice mode and the
portal's ``/practice``. The watermark (تمرینی) is on every page, the voter marks, reviews and
confirms, the practice receipt says nothing was counted, the ballot is in the practice file only,
and axe finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from entekhab.api.app import create_app
from entekhab.settings import Settings
from entekhab.station.web.practice_app import create_practice_app
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory
from entekhab.web.practice import PracticeBox
from tests.browser.axe_support import serious_violations
from tests.browser.conftest import screenshot, serve

pytestmark = pytest.mark.slow


def watermarked(page: Page) -> None:
    expect(page.locator(".watermark")).to_contain_text("تمرینی")
    assert serious_violations(page) == []


def practise(page: Page, base: str, shot: str | None = None) -> None:
    page.goto(f"{base}/practice")
    watermarked(page)
    if shot:
        screenshot(page, f"{shot}-start")
    page.get_by_role("button", name="آغاز رای تمرینی").click()
    expect(page.get_by_role("heading", name="برگهٔ رای شما")).to_be_visible()
    watermarked(page)
    page.locator("input[type=radio][name='list:CC-SEMNAN']").nth(1).check()
    page.locator("input[type=checkbox][name='cand:CC-SEMNAN']").first.check()
    page.locator("input[type=checkbox][name='cand:EXPERTS-P20']").nth(0).check()
    page.locator("input[type=checkbox][name='cand:EXPERTS-P20']").nth(1).check()  # too many
    page.get_by_role("button", name="بازبینی برگهٔ رای").click()
    expect(page.locator("#err-EXPERTS-P20")).to_contain_text("TOO_MANY_SELECTIONS")
    watermarked(page)
    page.locator("input[type=checkbox][name='cand:EXPERTS-P20']").nth(1).uncheck()
    if shot:
        screenshot(page, f"{shot}-ballot")
    page.get_by_role("button", name="بازبینی برگهٔ رای").click()
    expect(page.get_by_role("heading", name="بازبینی برگهٔ رای")).to_be_visible()
    watermarked(page)
    page.get_by_role("button", name="تأیید (تمرینی)").click()
    expect(page.get_by_role("heading", name="رسید تمرینی — رای نیست")).to_be_visible()
    watermarked(page)
    if shot:
        screenshot(page, f"{shot}-receipt")


def test_station_practice_mode(browser: Browser, tmp_path: Path) -> None:
    box = PracticeBox(tmp_path / "practice.sqlite")
    base, server, thread = serve(create_practice_app(box))
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800}, has_touch=True)
        practise(page, base, shot="practice-station")
        page.goto(f"{base}/close")  # no closing in practice, said on a watermarked page
        code = page.locator("meta[name=error-code]")
        expect(code).to_have_attribute("content", "PRACTICE_NOT_COUNTED")
        watermarked(page)
        page.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert box.count() == 1


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus (keyboard alone, in the page's focus order)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_practice_ballot_by_keyboard_alone(browser: Browser, tmp_path: Path) -> None:
    box = PracticeBox(tmp_path / "practice.sqlite")
    base, server, thread = serve(create_practice_app(box))
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{base}/practice")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('skip')")
        tab_to(page, "button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="برگهٔ رای شما")).to_be_visible()
        tab_to(page, "input[name='cand:CC-SEMNAN']")
        page.keyboard.press("Space")
        tab_to(page, "button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="بازبینی برگهٔ رای")).to_be_visible()
        tab_to(page, "button[formaction]")  # "change" comes after "confirm"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="رسید تمرینی — رای نیست")).to_be_visible()
        page.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    [record] = box.records()
    assert record.selections[0].candidates  # the candidate marked with the Space key


def test_portal_practice_page(browser: Browser, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hq.db'}"
    engine = make_engine(url)
    upgrade(engine)
    settings = Settings(database_url=url, var_dir=str(tmp_path), rate_per_address=0)
    app = create_app(settings, uow_factory=UnitOfWorkFactory(engine))
    base, server, thread = serve(app)
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        practise(page, base, shot="practice-portal")
        page.goto(f"{base}/practice?lang=en")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.locator(".watermark")).to_contain_text("PRACTICE")
        assert serious_violations(page) == []
        page.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()
    assert PracticeBox(tmp_path / "practice.sqlite").count() == 1
