"""The headquarters server in a process of its own (uvicorn), for the demo and benchmarks.

A separate process, not a thread: the server's Python then does not share a GIL with the
simulated stations or load clients driving it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

__all__ = ["free_port", "server_process"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server_process(
    database_url: str, *, workers: int = 1, startup_timeout: float = 120.0
) -> Iterator[str]:
    """``uvicorn`` serving ``entekhab.api.app:create_app`` on a free loopback port; yields the
    base URL once ``/health`` answers, and stops the server on exit."""
    port = free_port()
    env = {**os.environ, "ENTEKHAB_DATABASE_URL": database_url}
    # Every simulated station and load client shares the loopback address: the per-address and
    # per-station rate limits (api/rate_limit.py) would throttle the simulation itself, so they
    # are off here unless the environment sets them.
    env.setdefault("ENTEKHAB_RATE_PER_ADDRESS", "0")
    env.setdefault("ENTEKHAB_RATE_PER_STATION", "0")
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "entekhab.api.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
        "--no-proxy-headers",  # forwarded headers: only from ENTEKHAB_TRUSTED_PROXIES
    ]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with status {process.returncode}")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start in time")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
