"""Request size limit (pure ASGI, so an oversize body is refused before the app reads it) and
coded errors for request bodies that cannot be parsed or do not fit their schema. Each of these
refusals is logged as ``REQUEST_REFUSED``."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entekhab.api.pages import page_error, shown_as_page
from entekhab.domain.error_codes.general import INVALID_INPUT, REQUEST_TOO_LARGE
from entekhab.domain.event_codes.security import REQUEST_REFUSED
from entekhab.errors import EntekhabError
from entekhab.service.audit.events import record_event_apart

__all__ = ["RequestSizeLimit", "install_request_limits", "log_refusal", "send_coded_error"]


def _path_pattern(path: str) -> re.Pattern[str]:
    """``/a/{x}/b`` -> a pattern matching ``/a/<one segment>/b``."""
    parts = re.split(r"(\{[^/{}]+\})", path)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


async def send_coded_error(
    send: Send, error: EntekhabError, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Answer with a coded error straight from ASGI middleware (before any route runs)."""
    body = json.dumps({"error": error.to_dict()}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def log_refusal(scope: Scope, error: EntekhabError) -> None:
    """Record a refusal made before any route ran (``REQUEST_REFUSED``, its own transaction)."""
    app = scope.get("app")
    factory = getattr(getattr(app, "state", None), "uow_factory", None)
    if factory is None:
        return
    client = scope.get("client")
    address = client[0] if client else "unknown"
    record_event_apart(
        factory,
        REQUEST_REFUSED,
        actor=f"address:{address}",
        payload={
            "code": error.code,
            "method": str(scope.get("method", "")),
            "path": str(scope.get("path", "")),
            "address": address,
        },
    )


class RequestSizeLimit:
    """Refuse bodies over ``max_bytes`` with 413 REQUEST_TOO_LARGE, logged.

    The body is read here, before the app runs, whether it was declared (``Content-Length``) or
    sent chunked: a limit enforced while the app reads would be raised inside FastAPI's body
    parser, which turns every exception into an uncoded 400. A body within the limit is handed
    to the app unchanged. ``larger`` raises the limit for a few exact paths (an election
    definition is megabytes).
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.default_max = max_bytes
        self.larger = {_path_pattern(p): n for p, n in (larger or {}).items()}

    def limit_for(self, path: str) -> int:
        """The limit of ``path``: a ``{name}`` in a ``larger`` path stands for one segment."""
        for pattern, max_bytes in self.larger.items():
            if pattern.fullmatch(path):
                return max_bytes
        return self.default_max

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limit_for(scope.get("path", ""))
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = max_bytes + 1
                if declared > max_bytes:
                    await self._refuse(scope, send)
                    return
        messages: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # the client went away: the app sees the disconnect
            seen += len(message.get("body", b""))
            if seen > max_bytes:
                await self._refuse(scope, send)
                return
            if not message.get("more_body", False):
                break
        replay = iter(messages)

        async def replaying_receive() -> Message:
            found = next(replay, None)
            return found if found is not None else await receive()

        await self.app(scope, replaying_receive, send)

    @staticmethod
    async def _refuse(scope: Scope, send: Send) -> None:
        error = EntekhabError(REQUEST_TOO_LARGE)
        await run_in_threadpool(log_refusal, scope, error)
        await send_coded_error(send, error)


def _short(errors: list[Any]) -> str:
    parts = []
    for e in errors[:5]:
        loc = ".".join(str(x) for x in e.get("loc", ()))
        parts.append(f"{loc}: {e.get('msg', '')}")
    return "; ".join(parts)


def install_request_limits(
    app: FastAPI,
    max_bytes: int,
    larger: Mapping[str, int] | None = None,
    on_refusal: Callable[[Request], Awaitable[None]] | None = None,
) -> None:
    """Add the size limit (``larger``: per-path exceptions), and answer schema violations with
    INVALID_INPUT, as a page on a page's address (unless another area already installed a
    handler for them); ``on_refusal``
    runs first for each (a signed station request's nonce is recorded)."""
    app.add_middleware(RequestSizeLimit, max_bytes=max_bytes, larger=larger)
    if app.exception_handlers.get(RequestValidationError) in (
        None,
        request_validation_exception_handler,
    ):

        async def _invalid(request: Request, exc: RequestValidationError) -> Response:
            if on_refusal is not None:
                await on_refusal(request)
            error = EntekhabError(INVALID_INPUT, {"reason": _short(list(exc.errors()))})
            if shown_as_page(request):  # a page's malformed address is shown as a page
                return page_error(request, error)
            return JSONResponse(status_code=error.status, content={"error": error.to_dict()})

        app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
