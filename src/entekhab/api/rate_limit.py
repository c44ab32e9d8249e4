"""Rate limits: a token bucket per client address (every request) and per station key (signed
requests, counted once the signature is good, so nobody can spend a station's allowance by
naming its key). In memory, per process: with N server processes a client gets N times the rate,
which is still a bound.

A refused request gets 429 RATE_LIMITED (Persian and English) with ``Retry-After``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from entekhab.api.limits import send_coded_error
from entekhab.domain.error_codes.security import RATE_LIMITED
from entekhab.errors import EntekhabError

__all__ = ["AddressRateLimit", "TokenBucket", "rate_limited"]

_BURST_SECONDS = 5.0
_MAX_KEYS = 50_000


class TokenBucket:
    """``rate`` tokens a second per key, up to ``burst``; ``take`` gives the seconds to wait
    (0 when the request may go ahead). A rate of 0 or less means no limit."""

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate * _BURST_SECONDS)
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> float:
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            if len(self._buckets) > _MAX_KEYS:
                self._forget_full(now)
        return wait

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled (they behave exactly like a new one)."""
        for key, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.rate >= self.burst:
                del self._buckets[key]


def rate_limited(wait: float) -> EntekhabError:
    return EntekhabError(RATE_LIMITED, {"retry_after": max(1, math.ceil(wait))})


class AddressRateLimit:
    """Pure ASGI: refuse a client address over its rate before anything else is done."""

    def __init__(self, app: ASGIApp, bucket: TokenBucket) -> None:
        self.app = app
        self.bucket = bucket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.bucket.take(client[0] if client else "unknown")
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        error = rate_limited(wait)
        retry = str(error.details["retry_after"]).encode()
        await send_coded_error(send, error, [(b"retry-after", retry)])
