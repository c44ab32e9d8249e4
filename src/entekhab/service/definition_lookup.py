"""The election definition behind an election id, parsed once per definition hash.

A small stand-in for the definition area's ``service.definitions.get_definition``: it reads the
``elections`` row and parses the stored document; swapping it later changes nothing else.
"""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.election_day import ELECTION_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.store.tables.foundation import ElectionRow

__all__ = ["LoadedDefinition", "definition_for"]


class LoadedDefinition:
    """A parsed definition with its SHA-256 (as loaded at HQ)."""

    def __init__(self, definition: ElectionDefinition, definition_hash: str) -> None:
        self.definition = definition
        self.definition_hash = definition_hash


_cache: dict[tuple[str, str], LoadedDefinition] = {}
_lock = threading.Lock()


def definition_for(session: Session, election_id: str) -> LoadedDefinition:
    """The loaded definition of ``election_id`` (ELECTION_UNKNOWN if none)."""
    digest = session.scalar(
        select(ElectionRow.definition_hash).where(ElectionRow.id == election_id)
    )
    if digest is None:
        raise EntekhabError(ELECTION_UNKNOWN, {"election_id": election_id})
    key = (election_id, digest)
    found = _cache.get(key)
    if found is not None:
        return found
    document = session.scalar(select(ElectionRow.document).where(ElectionRow.id == election_id))
    loaded = LoadedDefinition(ElectionDefinition.model_validate(document), digest)
    with _lock:
        _cache[key] = loaded
    return loaded
