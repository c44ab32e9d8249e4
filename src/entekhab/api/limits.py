"""Request size limit (pure ASGI, so an oversize body is refused before it is read into memory)
and coded errors for request bodies that do not fit their schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entekhab.domain.error_codes.general import INVALID_INPUT, REQUEST_TOO_LARGE
from entekhab.errors import EntekhabError

__all__ = ["RequestSizeLimit", "install_request_limits", "send_coded_error"]


class _TooLarge(Exception):
    pass


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


class RequestSizeLimit:
    """Refuse bodies over ``max_bytes`` with 413 REQUEST_TOO_LARGE (declared or streamed).

    ``larger`` raises the limit for a few exact paths (an election definition is megabytes).
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.default_max = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.larger.get(scope.get("path", ""), self.default_max)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = max_bytes + 1
                if declared > max_bytes:
                    await self._refuse(send)
                    return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    @staticmethod
    async def _refuse(send: Send) -> None:
        await send_coded_error(send, EntekhabError(REQUEST_TOO_LARGE))


def _short(errors: list[Any]) -> str:
    parts = []
    for e in errors[:5]:
        loc = ".".join(str(x) for x in e.get("loc", ()))
        parts.append(f"{loc}: {e.get('msg', '')}")
    return "; ".join(parts)


def install_request_limits(
    app: FastAPI, max_bytes: int, larger: Mapping[str, int] | None = None
) -> None:
    """Add the size limit (``larger``: per-path exceptions), and answer schema violations with
    INVALID_INPUT (unless another area already installed a handler for them)."""
    app.add_middleware(RequestSizeLimit, max_bytes=max_bytes, larger=larger)
    if app.exception_handlers.get(RequestValidationError) in (
        None,
        request_validation_exception_handler,
    ):

        async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
            error = EntekhabError(INVALID_INPUT, {"reason": _short(list(exc.errors()))})
            return JSONResponse(status_code=error.status, content={"error": error.to_dict()})

        app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
