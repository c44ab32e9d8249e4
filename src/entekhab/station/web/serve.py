"""Serving the branch console: uvicorn on 127.0.0.1 only, in the station's own process."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn

from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.station import Station
from entekhab.station.web.app import create_console_app
from entekhab.station.web.booth import BranchConsole

__all__ = ["HOST", "serve_console"]

HOST = "127.0.0.1"
"""Never another address: the console holds the branch's station (see station/web/booth.py)."""


def serve_console(
    station: Station,
    verifier: SimulatedIdentityVerifier,
    *,
    port: int,
    opened_by: str = "branch-head",
    say: Callable[[str], None] = print,
) -> None:
    """Replay the journal, print the agent's address (with its token) and serve until stopped."""
    console = BranchConsole(station, verifier, opened_by=opened_by)
    console.start()
    say(f"agent's screen: http://{HOST}:{port}/agent?token={console.agent_token}")
    say(f"voter's booth (second window): http://{HOST}:{port}/voter")
    uvicorn.run(create_console_app(console), host=HOST, port=port, log_level="warning")
