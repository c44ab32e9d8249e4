"""The signed-station dependency (docs/station-api.md, sections 2 and 3).

``StationCaller`` gives the enrolled station that signed the request (or a coded 401);
``Idempotency`` its idempotency slot for POSTs; ``respond_idempotently`` runs a use case once per
key and replays the stored response on a retry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from entekhab.api.deps import client_address, get_uow_factory
from entekhab.api.rate_limit import TokenBucket, rate_limited
from entekhab.crypto.station_request import (
    H_IDEMPOTENCY,
    H_NONCE,
    H_REPLAYED,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
)
from entekhab.domain.error_codes.election_day import IDEMPOTENCY_KEY_REQUIRED, WRONG_BRANCH
from entekhab.domain.event_codes.security import PERMISSION_DENIED
from entekhab.errors import EntekhabError
from entekhab.service.audit.events import record_event_apart
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.election_day.idempotency import (
    IdempotencySlot,
    IdempotentReplay,
    StoredResponse,
)
from entekhab.service.election_day.stations import SignedRequest, StationInfo, authenticate

__all__ = [
    "Idempotency",
    "StationCaller",
    "log_station_refusal",
    "require_branch",
    "respond_idempotently",
    "respond_once",
    "utc_now",
]

_KEY = re.compile(r"^[0-9a-f]{32,64}$")


def utc_now() -> datetime:
    return datetime.now(UTC)


async def _station(request: Request) -> StationInfo:
    body = await request.body()
    signed = SignedRequest(
        key_id=request.headers.get(H_STATION),
        timestamp=request.headers.get(H_TIMESTAMP),
        nonce=request.headers.get(H_NONCE),
        signature=request.headers.get(H_SIGNATURE),
        method=request.method,
        path=request.url.path,
        body=body,
        address=client_address(request),
    )
    factory = get_uow_factory(request)
    station = await run_in_threadpool(authenticate, factory, signed, now=utc_now())
    request.state.station = station  # for logging a refusal of this station (log_station_refusal)
    bucket: TokenBucket | None = getattr(request.app.state, "station_bucket", None)
    wait = bucket.take(station.key_id) if bucket is not None else 0.0
    if wait > 0:
        raise rate_limited(wait)
    return station


StationCaller = Annotated[StationInfo, Depends(_station)]
"""The enrolled, unrevoked station that signed this request."""


async def _idempotency(request: Request, station: StationCaller) -> IdempotencySlot:
    key = request.headers.get(H_IDEMPOTENCY)
    if not key or not _KEY.match(key):
        raise EntekhabError(IDEMPOTENCY_KEY_REQUIRED)
    body = await request.body()
    identity = request.method.encode() + b"\n" + request.url.path.encode() + b"\n" + body
    return IdempotencySlot(station.key_id, key, identity)


Idempotency = Annotated[IdempotencySlot, Depends(_idempotency)]


def require_branch(station: StationInfo, branch: str) -> None:
    """A station acts for its own branch only (WRONG_BRANCH, 403; logged by the app's error
    handler through ``log_station_refusal``)."""
    if branch != station.branch:
        raise EntekhabError(WRONG_BRANCH, {"station_branch": station.branch, "branch": branch})


def log_station_refusal(request: Request, error: EntekhabError) -> None:
    """Log a correctly signed station request refused as forbidden (403: another branch's
    business) as ``PERMISSION_DENIED``. Refusals of the signature itself are logged where they
    are made (``service.election_day.stations.authenticate``)."""
    station: StationInfo | None = getattr(request.state, "station", None)
    if station is None or error.status != 403:
        return
    record_event_apart(
        get_uow_factory(request),
        PERMISSION_DENIED,
        actor=f"station:{station.key_id}",
        payload={
            "code": error.code,
            "method": request.method,
            "path": request.url.path,
            "address": client_address(request),
            "branch": station.branch,
        },
    )


def _replayed(stored: StoredResponse) -> JSONResponse:
    return JSONResponse(stored.body, status_code=stored.status, headers={H_REPLAYED: "true"})


def respond_once(status: int, action: Callable[[], dict[str, Any]]) -> JSONResponse:
    """``action()``'s response, for a use case that looks its idempotency key up itself, in
    its own transaction (the check-in: one round trip fewer per voter)."""
    try:
        body = action()
    except IdempotentReplay as replay:
        return _replayed(replay.stored)
    return JSONResponse(body, status_code=status)


def respond_idempotently(
    uow_factory: UnitOfWorkFactory,
    slot: IdempotencySlot,
    status: int,
    action: Callable[[], dict[str, Any]],
) -> JSONResponse:
    """The stored response of ``slot``'s key, or ``action()``'s (which stores it)."""
    stored = slot.replay_if_stored(uow_factory)
    if stored is not None:
        return _replayed(stored)
    try:
        body = action()
    except IdempotentReplay as replay:
        return _replayed(replay.stored)
    return JSONResponse(body, status_code=status)
