"""Headquarters signs each loaded definition package with the server key, and serves the
signature beside the document so that stations verify both at opening.

The signature covers the definition's SHA-256, so a definition whose hash changes (the official
candidate list merged in, for instance) must be signed again: ``sign_definition_package`` signs
the hash the election holds now, and does nothing when that hash is already signed by that key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from entekhab.crypto.definition_signature import sign_definition
from entekhab.crypto.signing import KeyPair
from entekhab.domain.error_codes.election_day import DEFINITION_SIGNATURE_MISSING
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import foundation as events
from entekhab.service.audit.events import record_event
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.rules import DefinitionSignature
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "DefinitionPackageSignature",
    "definition_signature",
    "sign_definition_package",
]


@dataclass(frozen=True)
class DefinitionPackageSignature:
    election_id: str
    definition_hash: str
    key_id: str
    public_key: str
    signature: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _of(row: DefinitionSignature) -> DefinitionPackageSignature:
    return DefinitionPackageSignature(
        row.election_id, row.definition_hash, row.key_id, row.public_key, row.signature
    )


def sign_definition_package(
    uow_factory: UnitOfWorkFactory, election_id: str, key: KeyPair, *, actor: str, now: datetime
) -> DefinitionPackageSignature:
    """Sign the election's current definition hash with ``key`` (logged: DEFINITION_SIGNED)."""
    with uow_factory() as uow:
        session = uow.session
        digest = get_definition(session, election_id).definition_hash
        row = session.get(DefinitionSignature, (election_id, digest))
        if row is not None and row.key_id == key.key_id:
            return _of(row)
        if row is None:
            row = DefinitionSignature(election_id=election_id, definition_hash=digest)
            session.add(row)
        row.key_id, row.public_key = key.key_id, key.public_hex
        row.signature = sign_definition(key, election_id, digest)
        row.signed_at = now
        record_event(
            session,
            events.DEFINITION_SIGNED,
            actor=actor,
            payload={"election_id": election_id, "definition_hash": digest, "key_id": key.key_id},
        )
        session.flush()
        signed = _of(row)
        uow.commit()
        return signed


def definition_signature(
    uow_factory: UnitOfWorkFactory, election_id: str
) -> DefinitionPackageSignature:
    """Headquarters' signature of the election's current definition hash, or
    DEFINITION_SIGNATURE_MISSING (ELECTION_UNKNOWN for an election not loaded)."""
    with uow_factory() as uow:
        session = uow.session
        digest = get_definition(session, election_id).definition_hash
        row = session.scalar(
            select(DefinitionSignature).where(
                DefinitionSignature.election_id == election_id,
                DefinitionSignature.definition_hash == digest,
            )
        )
        if row is None:
            raise EntekhabError(DEFINITION_SIGNATURE_MISSING, {"election_id": election_id})
        return _of(row)
