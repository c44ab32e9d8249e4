"""The station's HTTP client: every request signed with the station key (docs/station-api.md).

``StationClient.send(method, path, body, idempotency_key=...)`` sends the exact ``body`` bytes
(journalled by the caller before the first send) with fresh timestamp, nonce and signature on
each attempt, and the same idempotency key on every retry. Connection errors, timeouts and 5xx
answers are retried with exponential backoff and full jitter (``RetryPolicy``); after the last
attempt it raises ``ServerUnreachable`` (code STATION_SERVER_UNREACHABLE) and the request stays
in the journal. A 4xx answer is final: it raises ``ServerRefusal`` carrying the server's coded
error (code, fa/en text, details) unchanged. A 2xx answer is returned as an ``Answer``.
"""

from __future__ import annotations

import random
import secrets
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from entekhab.crypto.signing import KeyPair
from entekhab.crypto.station_request import H_REPLAYED, signed_headers
from entekhab.domain.error_codes import all_specs
from entekhab.domain.error_codes.election_day import STATION_SERVER_UNREACHABLE
from entekhab.domain.errors import EntekhabError, ErrorSpec

__all__ = ["Answer", "RetryPolicy", "ServerRefusal", "ServerUnreachable", "StationClient"]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a request is retried.

    Attempt ``n`` (from 0) waits ``uniform(0, min(max_delay, base_delay * 2**n))`` seconds
    before the next one ("full jitter"), so many stations reconnecting at once spread out.
    """

    attempts: int = 6
    base_delay: float = 0.1
    max_delay: float = 5.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0.0, min(self.max_delay, self.base_delay * (2**attempt)))


@dataclass(frozen=True)
class Answer:
    """A 2xx answer: status, JSON body, and whether the server replayed a stored answer."""

    status: int
    body: Any
    replayed: bool = False


class ServerRefusal(EntekhabError):
    """A final coded refusal from the server (4xx), passed through as the server worded it."""

    def __init__(self, status: int, error: dict[str, Any]) -> None:
        code = str(error.get("code", "UNKNOWN"))
        known = _catalogue().get(code)
        fa, en = str(error.get("message_fa", "")), str(error.get("message_en", ""))
        spec = known or ErrorSpec(code, status, fa, en)
        super().__init__(spec, error.get("details") or {})
        self.http_status = status
        self.message_fa, self.message_en = fa or self.message_fa, en or self.message_en


class ServerUnreachable(EntekhabError):
    """No answer after every retry (connection refused, timeout, or 5xx)."""

    def __init__(self, reason: str) -> None:
        super().__init__(STATION_SERVER_UNREACHABLE, {"reason": reason})


_CATALOGUE: dict[str, ErrorSpec] = {}


def _catalogue() -> dict[str, ErrorSpec]:
    if not _CATALOGUE:
        _CATALOGUE.update({spec.code: spec for _area, spec in all_specs()})
    return _CATALOGUE


def utc_timestamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class StationClient:
    """Signed, retrying HTTP client of one station (synchronous; one per station)."""

    def __init__(
        self,
        base_url: str,
        keypair: KeyPair,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 10.0,
        rng: random.Random | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        transport: httpx.BaseTransport | None = None,
        ca_file: str | None = None,
    ) -> None:
        self.keypair = keypair
        self.retry = retry or RetryPolicy()
        self._rng = rng or random.Random()
        self._sleep = sleep
        self._clock = clock
        # TLS: verified against ``ca_file`` (HQ's own CA) or the system's CAs. A plain-http URL
        # (loopback, tests) builds no TLS context at all, which also makes start-up faster.
        verify: ssl.SSLContext | bool = base_url.startswith("https")
        if ca_file is not None:
            verify = ssl.create_default_context(cafile=ca_file)
        self._http = httpx.Client(
            base_url=base_url, timeout=timeout, transport=transport, verify=verify
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StationClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(
        self, method: str, path: str, body: bytes, *, idempotency_key: str | None = None
    ) -> Answer:
        """Send until a final answer: 2xx → ``Answer``; 4xx → ``ServerRefusal``; else retry."""
        last = "no attempt"
        for attempt in range(self.retry.attempts):
            if attempt:
                self._sleep(self.retry.delay(attempt - 1, self._rng))
            try:
                response = self._attempt(method, path, body, idempotency_key)
            except httpx.TransportError as exc:  # refused, reset, timeout: try again
                last = f"{type(exc).__name__}: {exc}"[:300]
                continue
            if response.status_code >= 500 or response.status_code == 429:
                last = f"HTTP {response.status_code}"
                continue
            return _answer_or_raise(response)
        raise ServerUnreachable(last)

    def get(self, path: str) -> Answer:
        return self.send("GET", path, b"")

    def _attempt(
        self, method: str, path: str, body: bytes, idempotency_key: str | None
    ) -> httpx.Response:
        headers = signed_headers(
            self.keypair,
            method,
            path,
            body,
            timestamp=utc_timestamp(self._clock()),
            nonce=secrets.token_hex(16),
            idempotency_key=idempotency_key,
        )
        headers["content-type"] = "application/json"
        return self._http.request(method, path, content=body, headers=headers)


def _answer_or_raise(response: httpx.Response) -> Answer:
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if response.is_success:
        return Answer(response.status_code, payload, response.headers.get(H_REPLAYED, "") == "true")
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        error = {"code": "HTTP_ERROR", "message_en": response.text[:300], "details": {}}
    raise ServerRefusal(response.status_code, error)
