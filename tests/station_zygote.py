"""A zygote for fast station restarts in the kill -9 test.

It imports the station code once, then forks one station process per request read on stdin (a
JSON line: the station's config and two FIFO paths for its stdin and stdout) and answers with
the child's pid. The fork is taken from a process with no threads and no open journal; the child
runs exactly the start-up and JSON-lines driver of ``entekhab station run``. Children are reaped
automatically (SIGCHLD ignored), so a killed one disappears at once.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from entekhab.station.client import RetryPolicy
from entekhab.station.runner import JsonLinesDriver, StationConfig, build_station, start_up


def config_of(data: dict[str, Any]) -> StationConfig:
    paths = ("key_file", "head_key_file", "journal", "definition")
    values = {k: Path(v) if k in paths else v for k, v in data.items() if k != "retry"}
    return StationConfig(**values, retry=RetryPolicy(**data["retry"]))


def _station(request: dict[str, Any]) -> None:
    with (
        open(request["stdin"], encoding="utf-8") as actions,
        open(request["stdout"], "w", encoding="utf-8") as events,
    ):

        def emit(event: dict[str, Any]) -> None:
            events.write(json.dumps(event, ensure_ascii=False) + "\n")
            events.flush()

        config = config_of(request["config"])
        station, verifier = build_station(config)
        start_up(station, emit, config.opened_by)
        JsonLinesDriver(station, verifier, emit).run(actions)


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _station(request)
            except BaseException:  # the parent sees the EOF; the traceback goes to stderr
                import traceback

                traceback.print_exc()
                code = 1
            os._exit(code)
        print(pid, flush=True)


if __name__ == "__main__":
    main()
