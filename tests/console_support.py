"""A branch console in the browser for tests: the test election at a real HQ server (uvicorn,
SQLite), station B1 enrolled with its head key, and the station's web console served by
uvicorn on 127.0.0.1 — the same app ``entekhab station run --web`` serves."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.web.app import create_console_app
from entekhab.station.web.booth import BranchConsole
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import add_citizens, load_election
from tests.http_support import running_server
from tests.station_support import enrol_station_and_head, make_station


@dataclass
class ConsoleWorld:
    hq_url: str
    uow_factory: UnitOfWorkFactory
    console: BranchConsole
    url: str
    voters: list[str]

    @property
    def agent_address(self) -> str:
        return f"{self.url}/agent?token={self.console.agent_token}"


@contextmanager
def console_world(tmp_path: Path, voters: int = 3) -> Iterator[ConsoleWorld]:
    from tests.browser.conftest import serve  # the browser tests' uvicorn helper

    url = f"sqlite:///{tmp_path / 'hq.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = UnitOfWorkFactory(engine)
    load_election(factory)
    codes = add_citizens(factory, voters)
    keys = enrol_station_and_head(factory, "B1", 1)
    with running_server(factory) as hq:
        verifier = SimulatedIdentityVerifier(0, random.Random(5))
        station = make_station(hq, keys, tmp_path / "b1.journal", "B1", verifier=verifier)
        station.bulletin_dir = tmp_path / "bulletins"
        console = BranchConsole(station, verifier, pdf_sheets=False)
        console.start()
        base, server, thread = serve(create_console_app(console))
        try:
            yield ConsoleWorld(hq, factory, console, base, codes)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            station.journal.close()
    engine.dispose()
