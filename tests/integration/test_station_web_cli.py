"""``entekhab station run --web`` itself, as a process: it prints the agent's address with its
token, answers on 127.0.0.1 only, and its agent's screen opens the branch at a real server."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import HQ_KEY, definition_document, load_election
from tests.http_support import free_port, running_server
from tests.station_support import enrol_station_and_head


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses listening on ``port`` (Linux's /proc/net/tcp; state 0A is LISTEN)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(".".join(str(b) for b in reversed(bytes.fromhex(address))))
    return found


def test_station_run_web_serves_the_console_on_loopback(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)  # the station's wiring, not the server's back end, is tested
    upgrade(engine)
    uow_factory = UnitOfWorkFactory(engine)
    load_election(uow_factory)
    enrol_station_and_head(uow_factory, "B1", 1)
    (tmp_path / "station.key").write_text((1).to_bytes(32, "big").hex())
    (tmp_path / "head.key").write_text((b"head-B1".ljust(32, b"\0")).hex())
    definition = tmp_path / "election.json"
    definition.write_text(json.dumps(definition_document()), encoding="utf-8")
    port = free_port()
    entekhab = str(Path(sys.executable).parent / "entekhab")
    with running_server(uow_factory) as url:
        args = [entekhab, "station", "run", "--branch", "B1", "--server", url, "--web"]
        args += ["--key", str(tmp_path / "station.key"), "--head-key", str(tmp_path / "head.key")]
        args += ["--journal", str(tmp_path / "b1.journal"), "--definition", str(definition)]
        args += ["--hq-key", HQ_KEY.public_hex, "--port", str(port)]
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.startswith(f"agent's screen: http://127.0.0.1:{port}/agent?token="), line
            address = line.split(": ", 1)[1].strip()
            client = httpx.Client(follow_redirects=True)
            deadline = time.monotonic() + 30
            while True:
                try:
                    page = client.get(address)
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline, "the console did not start"
                    time.sleep(0.2)
            assert page.status_code == 200 and 'id="station-hash"' in page.text
            csrf = client.cookies.get("entekhab_csrf")
            opened = client.post(
                f"http://127.0.0.1:{port}/open", data={"opened_by": "head", "csrf_token": csrf}
            )
            assert opened.status_code == 200 and 'id="definition-check"' in opened.text
            assert listening_addresses(port) == {"127.0.0.1"}
        finally:
            process.terminate()
            process.wait(timeout=20)
    engine.dispose()
