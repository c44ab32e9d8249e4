"""Shared pieces of the operations routes: result objects to schemas, the sealing keys and the
server's signing key from the settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, TypeVar

from fastapi import Path, Request
from pydantic import BaseModel

from entekhab.crypto.confidential import StaticKeyProvider
from entekhab.crypto.signing import KeyPair
from entekhab.domain.error_codes import security as security_errors
from entekhab.domain.error_codes.operations import OPS_SERVER_KEY_MISSING
from entekhab.errors import EntekhabError
from entekhab.service.security.server_key import read_server_key

__all__ = ["RecordId", "many", "one", "sealing_keys", "server_key"]

M = TypeVar("M", bound=BaseModel)

RecordId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The record's id.")]
"""An id of an operations record in a path (bounded like the database's integer)."""


def one(model: type[M], found: Any) -> M:
    return model.model_validate(found, from_attributes=True)


def many(model: type[M], found: Iterable[Any]) -> list[M]:
    return [one(model, item) for item in found]


def sealing_keys(request: Request) -> StaticKeyProvider:
    settings = request.app.state.settings
    if not settings.confidential_key:
        raise EntekhabError(security_errors.CONFIDENTIAL_KEY_MISSING)
    return StaticKeyProvider.from_hex(settings.confidential_key, settings.confidential_old_keys)


def server_key(request: Request) -> KeyPair:
    settings = request.app.state.settings
    if not settings.server_key_file:
        raise EntekhabError(OPS_SERVER_KEY_MISSING)
    return read_server_key(settings.server_key_file)
