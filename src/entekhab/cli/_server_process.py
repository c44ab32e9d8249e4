"""The headquarters server in processes of its own, for ``serve``, the demo and benchmarks.

Separate processes, not threads: the server's Python then does not share a GIL with the
simulated stations or load clients driving it. Each process listens on its own socket with
SO_REUSEPORT (``_worker``), so the kernel balances connections across them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx

__all__ = ["free_port", "server_process", "start_workers", "stop_workers"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_workers(
    host: str,
    port: int,
    workers: int,
    *,
    log_level: str = "warning",
    env: dict[str, str] | None = None,
) -> list[subprocess.Popen[bytes]]:
    """``workers`` server processes on (host, port), each with its own SO_REUSEPORT socket."""
    command = [sys.executable, "-m", "entekhab.cli._worker", host, str(port), log_level]
    return [subprocess.Popen(command, env=env) for _ in range(workers)]


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def server_process(
    database_url: str,
    *,
    workers: int = 1,
    startup_timeout: float = 120.0,
    server_key_file: str | None = None,
    clock_start: datetime | None = None,
) -> Iterator[str]:
    """The server on a free loopback port (``workers`` processes); yields the base URL once
    every process answers ``/health``, and stops the server on exit. ``server_key_file``: the
    key that signs the event log's checkpoints; ``clock_start``: the election clock starts
    there (``ENTEKHAB_CLOCK_START``), e.g. on polling day."""
    port = free_port()
    env = {**os.environ, "ENTEKHAB_DATABASE_URL": database_url}
    if server_key_file is not None:
        env["ENTEKHAB_SERVER_KEY_FILE"] = server_key_file
    if clock_start is not None:
        env["ENTEKHAB_CLOCK_START"] = clock_start.isoformat()
    # Every simulated station and load client shares the loopback address: the per-address and
    # per-station rate limits (api/rate_limit.py) would throttle the simulation itself, so they
    # are off here unless the environment sets them.
    env.setdefault("ENTEKHAB_RATE_PER_ADDRESS", "0")
    env.setdefault("ENTEKHAB_RATE_PER_STATION", "0")
    processes = start_workers("127.0.0.1", port, workers, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(processes, base, workers, time.monotonic() + startup_timeout)
        yield base
    finally:
        stop_workers(processes)


def _wait_until_up(
    processes: list[subprocess.Popen[bytes]], base: str, workers: int, deadline: float
) -> None:
    """Until ``workers`` distinct processes have answered (new connections are spread over
    the processes that listen; one answering does not mean all do)."""
    while True:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with status {process.returncode}")
        try:
            if (
                _listening(processes) >= workers
                and httpx.get(f"{base}/health", timeout=2).status_code == 200
            ):
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start in time")
        time.sleep(0.1)


def _listening(processes: list[subprocess.Popen[bytes]]) -> int:
    """How many of ``processes`` hold a listening TCP socket (Linux /proc; else all)."""
    try:
        listening = _listening_inodes()
    except OSError:
        return len(processes)
    count = 0
    for process in processes:
        try:
            fds = os.listdir(f"/proc/{process.pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{process.pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in listening:
                count += 1
                break
    return count


def _listening_inodes() -> set[str]:
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                found.add(fields[9])
    return found
