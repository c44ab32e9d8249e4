"""``entekhab demo`` with its defaults (a 50,000-person registry, the default turnout, ~200
stations in parallel, the HQ server on the embedded SQLite): voters served per second on
election day and the demo's wall time (goal: at least 60% turnout in under 3 minutes).

The peer, in the same run: the same demo with SQLite's group commit turned off
(``ENTEKHAB_SQLITE_GROUP_COMMIT=0``: ``synchronous=FULL``, one fsync inside every commit, as
before ``store.group_commit``). Both keep every acknowledged check-in on disk. The figures are
printed, never asserted; the machine is shared, so read them beside ``uptime``'s load, and
beside the CPU seconds all the demo's processes used (what an idle machine would need).

``ENTEKHAB_BENCH_DEMO_PEER=0`` skips the peer (it doubles the run).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import tempfile
import time
from pathlib import Path

from entekhab.cli.demo import DEFAULT_TURNOUT, run_demo

DEFAULTS = {
    "database_url": None,
    "sample": "tehran",
    "voters": 50_000,
    "branches": 60,
    "false_reject_rate": 0.05,
    "parallel": 32,
    "workers": 2,
    "seed": 1405,
}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the server's workers)."""
    mine, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _run(label: str, group_commit: bool) -> None:
    before = os.environ.get("ENTEKHAB_SQLITE_GROUP_COMMIT")
    os.environ["ENTEKHAB_SQLITE_GROUP_COMMIT"] = "1" if group_commit else "0"
    try:
        with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
            load = _load()
            start, cpu = time.perf_counter(), _cpu()
            tally = run_demo(var=Path(tmp) / "demo", turnout=DEFAULT_TURNOUT, **DEFAULTS)  # type: ignore[arg-type]
            wall, cpu = time.perf_counter() - start, _cpu() - cpu
    finally:
        if before is None:
            os.environ.pop("ENTEKHAB_SQLITE_GROUP_COMMIT", None)
        else:
            os.environ["ENTEKHAB_SQLITE_GROUP_COMMIT"] = before
    day = tally.day_seconds or wall
    print(
        f"{label:<34} turnout {tally.turnout:6.1%}  {tally.served:,} served, "
        f"{tally.served / day:6.1f} voters/s on the day ({day:.0f} s)  wall {wall:6.1f} s  "
        f"[load {load} -> {_load()}]",
        flush=True,
    )
    print(
        f"{'':<34} CPU {cpu:6.1f} s in all the demo's processes "
        f"({cpu / max(1, tally.served) * 1000:.1f} ms per voter served; on 2 idle cores "
        f"at least {cpu / 2:.0f} s)",
        flush=True,
    )
    if tally.errors:
        print(f"  {len(tally.errors)} branch error(s), first: {tally.errors[0]}")


def main() -> None:
    _run("demo, SQLite group commit", True)
    if os.environ.get("ENTEKHAB_BENCH_DEMO_PEER", "1") != "0":
        _run("peer: fsync inside every commit", False)


if __name__ == "__main__":
    main()
