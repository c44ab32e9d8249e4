"""The check-in route's fast path on PostgreSQL: pure ASGI, on the event loop, one round trip.

``POST /api/v1/checkins`` is most of polling day's traffic. This layer sits innermost among the
app's own layers — inside the trusted-proxy, security-header, per-address rate-limit and size
layers, which it keeps — and serves a check-in that will plainly succeed without FastAPI's
routing and dependencies and without a thread hop: the signature is checked on the loop (the
station's key cached), then ``service.election_day.check_in_fast`` writes the nonce, the
participation and the stored answer in one statement.

Anything else — a key not yet cached, a bad signature or body, an override, a refusal, a retry,
a race lost — is handed untouched (body replayed) to the FastAPI route
(``routes/election_day/checkin.py``), having written nothing: that route stays the one
definition of the endpoint (permission matrix, OpenAPI, coded errors, refusal records), and the
only path on SQLite. Both answer a success with the same status and body.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entekhab.api.permissions import Audience, permission_index
from entekhab.api.schemas.election_day import CheckInIn
from entekhab.api.station_auth import ADMITTED, idempotency_slot
from entekhab.crypto.station_request import (
    H_IDEMPOTENCY,
    H_NONCE,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
)
from entekhab.domain.station_protocol import CHECKINS
from entekhab.errors import EntekhabError
from entekhab.service.election_day.check_in import CheckInRequest
from entekhab.service.election_day.check_in_fast import FastCheckIn
from entekhab.service.election_day.stations import (
    SignedRequest,
    key_is_cached,
    verify_signed_request,
)

__all__ = ["FastCheckInLayer", "served_by_stations"]

PATH = "/api/v1" + CHECKINS
log = logging.getLogger("entekhab.api")


def served_by_stations() -> bool:
    """Whether the permission matrix lets any enrolled station call the route (STATION): the
    gate the fast path leaves out passes such a request unchanged. Should the matrix ever ask
    more of a check-in, the fast path stays off and every check-in takes the route."""
    entry = permission_index().get(("POST", PATH))
    return entry is not None and entry.who is Audience.STATION


_KEY = re.compile(r"^[0-9a-f]{32,64}$")
_HEADERS = {
    name.lower().encode(): name
    for name in (H_STATION, H_TIMESTAMP, H_NONCE, H_SIGNATURE, H_IDEMPOTENCY, "content-type")
}


class FastCheckInLayer:
    """Serve plain check-ins at once; pass everything else on (see the module docstring).
    Off while ``app.state.fast_check_in`` is None."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fast: FastCheckIn | None = None
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "POST":
            fast = getattr(scope["app"].state, "fast_check_in", None)
        if fast is None or scope.get("root_path"):
            await self.app(scope, receive, send)
            return
        messages, body = await _read(receive)
        answered = await _serve(scope, fast, body)
        if answered is None:
            replay = iter(messages)

            async def replaying_receive() -> Message:
                found = next(replay, None)
                return found if found is not None else await receive()

            await self.app(scope, replaying_receive, send)
            return
        payload, nonce, now = answered
        await send(
            {
                "type": "http.response.start",
                "status": 201,
                "headers": [
                    (b"content-length", str(len(payload)).encode()),
                    (b"content-type", b"application/json"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
        try:  # after the answer: off the voter's wait, and no concern of this request's
            await fast.forget_old_nonces(nonce, now)
        except Exception:
            log.warning("forgetting old nonces failed (tried again on a later check-in)")


async def _read(receive: Receive) -> tuple[list[Message], bytes]:
    """Every message of the request body (to replay) and the body (the size layer outside has
    already bounded it)."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return messages, b"".join(chunks)


async def _serve(
    scope: Scope, fast: FastCheckIn, body: bytes
) -> tuple[bytes, str, datetime] | None:
    """(the answer's body, the nonce, now) of a check-in made; None: nothing done."""
    headers: dict[str, str] = {}
    for name, value in scope["headers"]:  # the first of repeated headers, as the route reads
        if name in _HEADERS and _HEADERS[name] not in headers:
            headers[_HEADERS[name]] = value.decode("latin-1")
    if headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    key = headers.get(H_IDEMPOTENCY, "")
    state = scope["app"].state
    factory = state.uow_factory
    signed = SignedRequest(
        key_id=headers.get(H_STATION),
        timestamp=headers.get(H_TIMESTAMP),
        nonce=headers.get(H_NONCE),
        signature=headers.get(H_SIGNATURE),
        method="POST",
        path=PATH,
        body=body,
    )
    if not _KEY.match(key) or not key_is_cached(factory, signed.key_id):
        return None
    now = datetime.now(UTC)
    try:
        station = verify_signed_request(factory, signed, now=now)  # CPU only: the key is cached
        payload = CheckInIn.model_validate_json(body)
    except (EntekhabError, ValidationError):
        return None
    bucket = getattr(state, "station_bucket", None)
    if bucket is not None:
        if bucket.take(station.key_id) > 0:
            return None  # the route refuses it (429) and records its nonce
        # charged once here: the route must not charge it again if it is handed on
        scope.setdefault("state", {})[ADMITTED] = station.key_id
    nonce = str(signed.nonce)
    voter = CheckInRequest(
        payload.national_code, payload.card_serial, payload.fingerprint, payload.override_reason
    )
    result = await fast.try_check_in(
        station,
        voter,
        now=now,
        at=state.clock(),
        idem=idempotency_slot(station, key, signed),
        nonce=nonce,
    )
    if result is None:
        return None
    answer = json.dumps(result.as_json(), ensure_ascii=False, separators=(",", ":"))
    return answer.encode(), nonce, now
