"""The station's HTTP client: every request signed with the station key (docs/station-api.md).

``StationClient.send(method, path, body, idempotency_key=...)`` sends the exact ``body`` bytes
(journalled by the caller before the first send) with fresh timestamp, nonce and signature on
each attempt, and the same idempotency key on every retry. Connection errors, timeouts and 5xx
answers are retried with exponential backoff and full jitter (``RetryPolicy``); after the last
attempt it raises ``ServerUnreachable`` (code STATION_SERVER_UNREACHABLE) and the request stays
in the journal. A 4xx answer is final: it raises ``ServerRefusal`` carrying the server's coded
error (code, fa/en text, details) unchanged. A 2xx answer is returned as an ``Answer``.

A black-holed link (packets swallowed: every attempt waits for its timeout) must not cost each
voter a minute. So a request that timed out ``RetryPolicy.timeouts`` times gives up at once, and
once a request has failed for good the link is **down**: from then on ``send`` raises
``ServerUnreachable`` at once, without touching the network, so the branch follows its offline
policy for the next voters straight away; a background thread probes ``GET /health`` every
``probe_interval`` seconds and marks the link up again when the server answers (``link_up``).
Timeouts, attempts and the probe interval are settings (``ENTEKHAB_STATION_*``) and options of
``entekhab station run``.
"""

from __future__ import annotations

import random
import secrets
import ssl
import threading
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
    timeouts: int = 2
    """Attempts that may end in a timeout before the request gives up (a black-holed link)."""

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
        probe_interval: float | None = 2.0,
    ) -> None:
        """``probe_interval``: seconds between probes of a link found down (None: no
        background probe, and no fast failing — every request tries the network)."""
        self.keypair = keypair
        self.probe_interval = probe_interval
        self._down = threading.Event()
        self._closed = threading.Event()
        self._prober: threading.Thread | None = None
        self._lock = threading.Lock()
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
        self._closed.set()
        self._http.close()

    # -- link state -----------------------------------------------------------------------------
    @property
    def link_up(self) -> bool:
        """False from a request's final failure until a probe gets an answer."""
        return not self._down.is_set()

    def _mark_down(self) -> None:
        if self.probe_interval is None:
            return
        with self._lock:
            self._down.set()
            if self._prober is None or not self._prober.is_alive():
                self._prober = threading.Thread(target=self._probe, daemon=True)
                self._prober.start()

    def _probe(self) -> None:
        interval = self.probe_interval or 2.0
        while self._down.is_set() and not self._closed.wait(interval):
            try:
                self._http.get("/health", timeout=min(interval, 5.0))
            except (httpx.TransportError, RuntimeError):
                continue
            self._down.clear()  # any answer: the server is reachable again

    def __enter__(self) -> StationClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(
        self,
        method: str,
        path: str,
        body: bytes,
        *,
        idempotency_key: str | None = None,
        force: bool = False,
    ) -> Answer:
        """Send until a final answer: 2xx → ``Answer``; 4xx → ``ServerRefusal``; else retry.
        While the link is down (see the module docstring) raise ``ServerUnreachable`` at once,
        unless ``force`` (an operator's explicit act: reconnect, open, close)."""
        if self._down.is_set() and not force:
            raise ServerUnreachable("the link is down (probing in the background)")
        last, timeouts = "no attempt", 0
        for attempt in range(self.retry.attempts):
            if attempt:
                self._sleep(self.retry.delay(attempt - 1, self._rng))
            try:
                response = self._attempt(method, path, body, idempotency_key)
            except httpx.TimeoutException as exc:  # black-holed: do not wait for every attempt
                last, timeouts = f"{type(exc).__name__}: {exc}"[:300], timeouts + 1
                if timeouts >= self.retry.timeouts:
                    break
                continue
            except httpx.TransportError as exc:  # refused, reset: try again
                last = f"{type(exc).__name__}: {exc}"[:300]
                continue
            if response.status_code >= 500 or response.status_code == 429:
                last = f"HTTP {response.status_code}"
                continue
            self._down.clear()  # the server answered
            return _answer_or_raise(response)
        self._mark_down()
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
