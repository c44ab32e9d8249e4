"""Browser tests: Playwright drives Debian's chromium (``apt-get install -y chromium``; the
bootstrap script installs it) against a real uvicorn server on 127.0.0.1.

Playwright's own browser download cannot work here, so the tests point it at
``/usr/bin/chromium`` (or ``ENTEKHAB_CHROMIUM``). Without that browser the tests skip, except
under CI (``CI`` set), where they fail: a green CI must have run them.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from entekhab.api.app import create_app
from entekhab.settings import Settings
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory
from tests.web_support import WebWorld, build_web_world

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def chromium_path() -> str | None:
    found = os.environ.get("ENTEKHAB_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, pointed at Debian's chromium."""
    path = chromium_path()
    if path is None:
        message = "chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "fa-IR"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    world: WebWorld
    uow_factory: UnitOfWorkFactory


def serve(app: Any) -> tuple[str, uvicorn.Server, threading.Thread]:
    """Run ``app`` under a real uvicorn on a free loopback port, in a thread."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The web world (tiny election, CT1 and AE published, one account per role) served by
    uvicorn on 127.0.0.1."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = UnitOfWorkFactory(engine)
    world = build_web_world(factory)
    app = create_app(Settings(database_url=url, rate_per_address=0), uow_factory=factory)
    base, server, thread = serve(app)
    yield LiveServer(base, world, factory)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def screenshot(page: Any, name: str) -> None:
    """Save a screenshot for the docs (docs/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
