"""Idempotency keys: a station's retry returns the stored response and does nothing twice.

The row is stored under SHA-256(station key id, key); the request MAC and the sealed response are
keyed by the idempotency key itself (128+ random bits held only by the station), so the table
links nothing to anything for a reader of the database (docs/station-api.md, section 3).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entekhab.crypto.sealing import mac_hex, open_sealed, seal
from entekhab.domain.error_codes.election_day import IDEMPOTENCY_KEY_REUSED
from entekhab.domain.errors import EntekhabError
from entekhab.store.tables.election_day import IdempotencyRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["IdempotencySlot", "IdempotentReplay", "StoredResponse", "forget_station"]


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]


class IdempotentReplay(Exception):
    """Raised when a concurrent request with the same key stored its response first."""

    def __init__(self, stored: StoredResponse) -> None:
        super().__init__("idempotent replay")
        self.stored = stored


@dataclass(frozen=True)
class IdempotencySlot:
    """One station request's idempotency key and what identifies the request."""

    station_key_id: str
    key: str
    request: bytes
    """Method, path and exact body bytes of the request."""

    @property
    def id_hash(self) -> str:
        return hashlib.sha256(f"{self.station_key_id}\n{self.key}".encode()).hexdigest()

    def _secret(self) -> bytes:
        return self.key.encode()

    def lookup(self, session: Session) -> StoredResponse | None:
        """The stored response of this key, or None; IDEMPOTENCY_KEY_REUSED on another request."""
        row = session.get(IdempotencyRow, self.id_hash)
        if row is None:
            return None
        return self.interpret(row.request_mac, row.status, row.sealed_response)

    def interpret(self, request_mac: str, status: int, sealed_response: str) -> StoredResponse:
        """The stored response of this key's row (read by the caller, perhaps together with
        other facts); IDEMPOTENCY_KEY_REUSED when the row is of another request."""
        if request_mac != mac_hex(self._secret(), self.request):
            raise EntekhabError(IDEMPOTENCY_KEY_REUSED)
        body = json.loads(open_sealed(self._secret(), sealed_response))
        return StoredResponse(status, body)

    def row(self, status: int, body: dict[str, Any]) -> dict[str, Any]:
        """The idempotency row storing ``body`` (sealed under the key), as column values."""
        plaintext = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
        return {
            "id_hash": self.id_hash,
            "key_id": self.station_key_id,
            "request_mac": mac_hex(self._secret(), self.request),
            "status": status,
            "sealed_response": seal(self._secret(), plaintext, secrets.token_bytes(24)),
        }

    def store(self, session: Session, status: int, body: dict[str, Any]) -> None:
        """Keep the response in the caller's transaction (flushed now, so a concurrent twin
        with the same key fails here and gets the first response instead)."""
        values = self.row(status, body)
        values["station_key_id"] = values.pop("key_id")
        session.add(IdempotencyRow(**values))
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            stored = self.lookup(session)
            if stored is None:  # pragma: no cover - the conflicting row must exist
                raise
            raise IdempotentReplay(stored) from None

    def replay_if_stored(self, uow_factory: UnitOfWorkFactory) -> StoredResponse | None:
        with uow_factory() as uow:
            return self.lookup(uow.session)


def forget_station(session: Session, station_key_ids: list[str]) -> int:
    """Delete the stored responses of these stations (done when their branch closes)."""
    if not station_key_ids:
        return 0
    result = session.execute(
        delete(IdempotencyRow).where(IdempotencyRow.station_key_id.in_(station_key_ids))
    )
    return int(getattr(result, "rowcount", 0) or 0)
