"""The server's event-log sealer (``service.audit.sealer``), run for the app's lifetime.

On PostgreSQL each server process runs one: its requests then append their events without
waiting for the chain head, and the sealer chains them every ``ENTEKHAB_LOG_SEAL_INTERVAL``
seconds (one sealer at a time per database; the others skip their turn). On shutdown it seals
what is left. On SQLite (one writer at a time anyway) appenders chain their own events.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from entekhab.service.audit.sealer import Sealer

__all__ = ["seal_event_log"]


@asynccontextmanager
async def seal_event_log(app: FastAPI) -> AsyncIterator[None]:
    """FastAPI lifespan: a sealer for the app's database while the app runs."""
    engine = app.state.uow_factory.engine
    if engine.dialect.name != "postgresql":
        yield
        return
    sealer = Sealer(engine, app.state.settings.log_seal_interval)
    await run_in_threadpool(sealer.start)
    try:
        yield
    finally:
        await run_in_threadpool(sealer.stop)
