"""The loaded election definition of an election, parsed once per definition hash.

Parsing a large definition takes a while; bulletins arrive by the thousand, so the parsed
``ElectionDefinition`` is cached by (election id, definition hash). A reloaded definition has a
new hash and so a new cache entry.
"""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes import counting as codes
from entekhab.domain.errors import EntekhabError
from entekhab.store.tables.foundation import ElectionRow

__all__ = ["LoadedDefinition", "load_definition"]

LoadedDefinition = tuple[ElectionDefinition, str]

_lock = threading.Lock()
_cache: dict[tuple[str, str], ElectionDefinition] = {}


def load_definition(session: Session, election_id: str) -> LoadedDefinition:
    """(definition, its SHA-256) of the loaded election ``election_id``; coded error if none."""
    row = session.execute(
        select(ElectionRow.definition_hash).where(ElectionRow.id == election_id)
    ).first()
    if row is None:
        raise EntekhabError(codes.BULLETIN_UNKNOWN_ELECTION, {"election_id": election_id})
    definition_hash = str(row[0])
    key = (election_id, definition_hash)
    with _lock:
        cached = _cache.get(key)
    if cached is None:
        document = session.execute(
            select(ElectionRow.document).where(ElectionRow.id == election_id)
        ).scalar_one()
        cached = ElectionDefinition.model_validate(document)
        with _lock:
            if len(_cache) > 32:
                _cache.clear()
            _cache[key] = cached
    return cached, definition_hash
