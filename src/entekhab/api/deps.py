"""FastAPI dependencies as ``Annotated`` aliases (``Uow``, later ``CurrentUser`` ...)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["Uow", "get_uow_factory"]


def get_uow_factory(request: Request) -> UnitOfWorkFactory:
    factory: UnitOfWorkFactory = request.app.state.uow_factory
    return factory


Uow = Annotated[UnitOfWorkFactory, Depends(get_uow_factory)]
"""The unit-of-work factory of this server: ``with uow() as u: ...``."""
