"""The headquarters server application (``entekhab serve``)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from entekhab.errors import EntekhabError

__all__ = ["create_app"]


def create_app() -> FastAPI:
    app = FastAPI(
        title="Entekhab headquarters server",
        description="Election administration API (انتخاب).",
        version="0.1.0",
    )

    @app.exception_handler(EntekhabError)
    async def _coded_error(_request: Request, error: EntekhabError) -> JSONResponse:
        return JSONResponse(status_code=error.status, content={"error": error.to_dict()})

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
