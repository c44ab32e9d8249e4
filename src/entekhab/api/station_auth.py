"""The signed-station dependency (docs/station-api.md, sections 2 and 3).

``StationCaller`` gives the enrolled station that signed the request (or a coded 401);
``Idempotency`` its idempotency slot for POSTs; ``respond_idempotently`` runs a use case once per
key and replays the stored response on a retry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
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
from entekhab.service.election_day.stations import (
    SignedRequest,
    StationInfo,
    authenticate,
    key_is_cached,
    log_refusal,
    refusals_logged,
    remember_nonce,
    verify_signed_request,
)

__all__ = [
    "ADMITTED",
    "CheckedRequest",
    "CheckedStationRequest",
    "Idempotency",
    "IdempotencyKey",
    "SignedStationRequest",
    "StationCaller",
    "admit_station",
    "idempotency_slot",
    "log_station_refusal",
    "record_unrecorded_nonce",
    "replayed",
    "require_branch",
    "respond_idempotently",
    "take_nonce",
    "utc_now",
]

_KEY = re.compile(r"^[0-9a-f]{32,64}$")


def utc_now() -> datetime:
    return datetime.now(UTC)


async def _signed(request: Request) -> SignedRequest:
    headers = request.headers
    return SignedRequest(
        key_id=headers.get(H_STATION),
        timestamp=headers.get(H_TIMESTAMP),
        nonce=headers.get(H_NONCE),
        signature=headers.get(H_SIGNATURE),
        method=request.method,
        path=request.url.path,
        body=await request.body(),
        address=client_address(request),
    )


SignedStationRequest = Annotated[SignedRequest, Depends(_signed)]
"""The request's signature headers and signed parts, not yet checked (no thread hop): for a
route that checks them in the same thread as its use case (``verify_signed_request``)."""


ADMITTED = "station_admitted"
"""Request-state key: the station the fast check-in layer already charged this request to."""


def admit_station(request: Request, station: StationInfo) -> None:
    """The per-station rate limit (coded 429), charged once per request: not again for a
    check-in the fast layer already charged and handed on."""
    if getattr(request.state, ADMITTED, None) == station.key_id:
        return
    bucket: TokenBucket | None = getattr(request.app.state, "station_bucket", None)
    wait = bucket.take(station.key_id) if bucket is not None else 0.0
    if wait > 0:
        raise rate_limited(wait)


async def _station(request: Request, signed: SignedStationRequest) -> StationInfo:
    factory = get_uow_factory(request)
    station = await run_in_threadpool(authenticate, factory, signed, now=utc_now())
    request.state.station = station  # for logging a refusal of this station (log_station_refusal)
    admit_station(request, station)
    return station


StationCaller = Annotated[StationInfo, Depends(_station)]
"""The enrolled, unrevoked station that signed this request."""


@dataclass(frozen=True)
class CheckedRequest:
    """A signed station request whose signature checked out, its nonce not yet recorded."""

    station: StationInfo
    signed: SignedRequest
    idem: IdempotencySlot
    now: datetime


async def _checked_request(request: Request) -> CheckedRequest:
    signed = await _signed(request)
    factory = get_uow_factory(request)
    now = utc_now()
    if key_is_cached(factory, signed.key_id):  # CPU only: no thread hop
        try:
            station = verify_signed_request(factory, signed, now=now)
        except EntekhabError as error:
            await run_in_threadpool(log_refusal, factory, signed, error)
            raise
    else:
        station = await run_in_threadpool(_verify_logged, factory, signed, now)
    request.state.station = station  # for logging a refusal of this station (log_station_refusal)
    request.state.unrecorded_nonce = (station.key_id, signed.nonce, now)
    admit_station(request, station)
    key = await _idempotency_key(request)
    return CheckedRequest(station, signed, idempotency_slot(station, key, signed), now)


def _verify_logged(factory: UnitOfWorkFactory, signed: SignedRequest, now: datetime) -> StationInfo:
    with refusals_logged(factory, signed):
        return verify_signed_request(factory, signed, now=now)


CheckedStationRequest = Annotated[CheckedRequest, Depends(_checked_request)]
"""The enrolled station that signed this request, with its idempotency slot, in one dependency
and no thread hop once the station's key is cached. Its nonce is not yet recorded: the route's
use case records it in its own transaction (``take_nonce``). Should the request be refused
before that (a bad body, say), ``record_unrecorded_nonce`` records it apart."""


def take_nonce(request: Request) -> str:
    """The request's nonce, which the caller now records (in its use case's transaction)."""
    pending = request.state.unrecorded_nonce
    request.state.unrecorded_nonce = None
    return str(pending[1])


async def record_unrecorded_nonce(request: Request) -> None:
    """For a signed request refused before its use case ran: record its nonce, so a replay is
    refused whatever became of the first (a replayed nonce or revoked key changes nothing)."""
    pending = getattr(request.state, "unrecorded_nonce", None)
    if pending is None:
        return
    request.state.unrecorded_nonce = None
    key_id, nonce, now = pending
    with suppress(EntekhabError):  # the request is refused for its own reason already
        await run_in_threadpool(remember_nonce, get_uow_factory(request), key_id, nonce, now)


async def _idempotency_key(request: Request) -> str:
    key = request.headers.get(H_IDEMPOTENCY)
    if not key or not _KEY.match(key):
        raise EntekhabError(IDEMPOTENCY_KEY_REQUIRED)
    return key


IdempotencyKey = Annotated[str, Depends(_idempotency_key)]
"""The request's idempotency key (IDEMPOTENCY_KEY_REQUIRED if missing or malformed)."""


def idempotency_slot(station: StationInfo, key: str, signed: SignedRequest) -> IdempotencySlot:
    """The slot of ``key`` for this station's request (method, path and exact body)."""
    identity = signed.method.encode() + b"\n" + signed.path.encode() + b"\n" + signed.body
    return IdempotencySlot(station.key_id, key, identity)


async def _idempotency(
    station: StationCaller, key: IdempotencyKey, signed: SignedStationRequest
) -> IdempotencySlot:
    return idempotency_slot(station, key, signed)


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


def replayed(stored: StoredResponse) -> JSONResponse:
    """The stored response of a retried request, marked as replayed."""
    return JSONResponse(stored.body, status_code=stored.status, headers={H_REPLAYED: "true"})


def respond_idempotently(
    uow_factory: UnitOfWorkFactory,
    slot: IdempotencySlot,
    status: int,
    action: Callable[[], dict[str, Any]],
    *,
    model: type[BaseModel] | None = None,
) -> JSONResponse:
    """The stored response of ``slot``'s key, or ``action()``'s (which stores it), checked
    against the route's declared response ``model`` (a replay is the very body checked then)."""
    stored = slot.replay_if_stored(uow_factory)
    if stored is not None:
        return replayed(stored)
    try:
        body = action()
    except IdempotentReplay as replay:
        return replayed(replay.stored)
    if model is not None:
        model.model_validate(body)  # the declared schema holds, or the route fails loudly
    return JSONResponse(body, status_code=status)
