"""The weight of the voter's screen (issue 12, item 5): bytes a browser fetches to show the booth's
ballot, by kind (HTML, CSS, JS, fonts), measured in Debian's chromium.

It starts the real thing: the test election at a real headquarters server (uvicorn, SQLite),
station B1 with its journal and keys, and the station's web console (``station run --web``'s app)
on 127.0.0.1. The agent opens the branch and checks a voter in; the booth — a fresh browser
context, cache empty — is paired, waits, and loads the ballot. Every response body is counted
(the bytes chromium received over the wire, headers included; the loopback console does not
compress),
first with an empty cache, then for the next voter with the cache the booth keeps all day.

The peer, in the same run: the portal's practice ballot (``/practice/ballot``), the same
templates on a larger ballot (the tiny sample: 30 candidates in the Semnan list contest), empty
cache.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright
from tests.browser.conftest import chromium_path, serve
from tests.console_support import console_world

from entekhab.api.app import create_app
from entekhab.settings import Settings
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory

os.environ.setdefault("ENTEKHAB_CLOCK_START", "2026-06-18T09:00:00+03:30")  # polling day


def _kind(url: str, content_type: str) -> str:
    if "font" in content_type or url.endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    if "css" in content_type:
        return "css"
    if "javascript" in content_type:
        return "js"
    if "html" in content_type:
        return "html"
    return "other"


class Weigher:
    """Sums the bytes chromium received over the wire for a page (DevTools' ``Network``
    events: ``encodedDataLength`` of each finished load, headers included; 0 for what came from
    the browser's cache), by kind."""

    def __init__(self, page: Page) -> None:
        self.bytes: Counter[str] = Counter()
        self.requests = 0
        self._kinds: dict[str, str] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event: dict[str, Any]) -> None:
        response = event["response"]
        self._kinds[event["requestId"]] = _kind(response["url"], response.get("mimeType", ""))

    def _finished(self, event: dict[str, Any]) -> None:
        self.requests += 1
        kind = self._kinds.get(event["requestId"], "other")
        self.bytes[kind] += int(event.get("encodedDataLength", 0))

    def reset(self) -> None:
        self.bytes.clear()
        self.requests = 0

    def line(self, label: str) -> str:
        total = sum(self.bytes.values())
        parts = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(self.bytes.items()) if v)
        return f"{label}: {total / 1024:.1f} KiB in {self.requests} loads ({parts} KiB)"


def _check_in(agent: Page, code: str, serial: str) -> None:
    agent.fill("#national_code", code)
    agent.fill("#card_serial", serial)
    agent.locator("form[action='/check-in'] button[type=submit]").click()
    agent.wait_for_selector("#last-checkin")


def _booth_ballot(booth: Page, weigher: Weigher, base: str) -> None:
    weigher.reset()
    booth.goto(f"{base}/voter/ballot")
    booth.wait_for_load_state("networkidle")
    booth.wait_for_selector("fieldset.contest")


def _weigh_ballot(page: Page, base: str) -> str:
    weigher = Weigher(page)
    _booth_ballot(page, weigher, base)
    return weigher.line("voter's ballot, cache empty (a booth's first ballot)")


def main() -> None:
    path = chromium_path()
    if path is None:
        print("chromium is not installed (apt-get install -y chromium): nothing measured")
        return
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=["--no-sandbox"])
        with console_world(Path(tmp), voters=2) as world:
            agent = browser.new_context().new_page()
            agent.goto(world.agent_address)
            agent.locator("form[action='/open'] button").click()
            agent.wait_for_selector("#definition-check", state="attached")
            booth_context = browser.new_context(viewport={"width": 1280, "height": 800})
            booth = booth_context.new_page()
            booth.goto(f"{world.url}/voter")
            booth.fill("#code", agent.locator("#booth-code").inner_text())
            booth.locator("form[action='/voter/pair'] button").click()
            booth.wait_for_selector("#waiting")
            _check_in(agent, world.voters[0], "S1")
            cold = browser.new_context(viewport={"width": 1280, "height": 800})
            cold.add_cookies(booth_context.cookies())  # the paired booth, its cache empty
            cold_booth = cold.new_page()
            first = _weigh_ballot(cold_booth, world.url)
            cold.close()
            weigher = Weigher(booth)
            _booth_ballot(booth, weigher, world.url)
            booth.locator("form button[type=submit]").last.click()  # review (a blank ballot)
            booth.locator("form[action='/voter/cast'] button[type=submit]").first.click()
            booth.wait_for_selector("#ballot-id")
            agent.reload()
            _check_in(agent, world.voters[1], "S2")
            _booth_ballot(booth, weigher, world.url)
            later = weigher.line("voter's ballot, each next voter (the booth's cache)")
            browser.close()
            browser = pw.chromium.launch(executable_path=path, args=["--no-sandbox"])
        peer = _portal_practice(browser, Path(tmp))
        browser.close()
    load = os.getloadavg()[0]
    print(first)
    print(later)
    print(peer)
    print(f"(load average {load:.1f})")


def _portal_practice(browser: Any, tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'portal.db'}"
    engine = make_engine(url)
    upgrade(engine)
    settings = Settings(database_url=url, var_dir=str(tmp), rate_per_address=0)
    base, server, thread = serve(create_app(settings, uow_factory=UnitOfWorkFactory(engine)))
    try:
        page = browser.new_context().new_page()
        weigher = Weigher(page)
        page.goto(f"{base}/practice/ballot")
        page.wait_for_load_state("networkidle")
        return weigher.line("peer: the portal's practice ballot, 30-candidate sample (cache empty)")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


if __name__ == "__main__":
    main()
