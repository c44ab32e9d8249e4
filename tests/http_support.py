"""Real HTTP for integration tests: uvicorn on a free loopback port in a thread, and a client
that signs every request as a station does (docs/station-api.md)."""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from entekhab.api.app import create_app
from entekhab.api.proxies import UVICORN_PROXY_OPTIONS
from entekhab.crypto.signing import KeyPair
from entekhab.crypto.station_request import signed_headers
from entekhab.settings import Settings
from entekhab.store.uow import UnitOfWorkFactory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(
    uow_factory: UnitOfWorkFactory,
    max_request_bytes: int = 1_000_000,
    *,
    app: FastAPI | None = None,
    **settings_: Any,
) -> Iterator[str]:
    """Serve the app (or ``app``) on a free port; yields its base URL. Extra keywords are
    settings."""
    if app is None:
        settings = Settings(
            database_url=str(uow_factory.engine.url),
            max_request_bytes=max_request_bytes,
            **settings_,
        )
        app = create_app(settings, uow_factory=uow_factory)
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", **UVICORN_PROXY_OPTIONS
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class StationClient:
    """A station's signed HTTP client."""

    def __init__(self, base_url: str, keypair: KeyPair) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30)
        self.keypair = keypair

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        key: str | None = None,
        timestamp: str | None = None,
        nonce: str | None = None,
        raw: bytes | None = None,
        tamper: dict[str, str] | None = None,
    ) -> httpx.Response:
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        if method == "POST" and key is None:
            key = secrets.token_hex(16)
        headers = signed_headers(
            self.keypair,
            method,
            path,
            data,
            timestamp=timestamp or now_iso(),
            nonce=nonce or secrets.token_hex(16),
            idempotency_key=key,
        )
        headers["content-type"] = "application/json"
        headers.update(tamper or {})
        return self.http.request(method, path, content=data, headers=headers)

    def post(self, path: str, body: Any, **kw: Any) -> httpx.Response:
        return self.request("POST", path, body, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def close(self) -> None:
        self.http.close()
