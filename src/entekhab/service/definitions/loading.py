"""Election definitions at headquarters: load one (checked, hashed, logged) and read it back.

Loading is idempotent: the same document under the same id again changes nothing; a different
document under an id already loaded is refused (DEFINITION_ID_TAKEN), because branches, ballots
and bulletins already point at the first one's hash. A refused definition writes nothing but
the record of its refusal in the event log.

``get_definition`` is the one reader every other area uses: the stored document is parsed once
per (election id, definition hash) and cached, since bulletins and check-ins arrive by the
thousand.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import (
    definition_document,
    definition_from_document,
    definition_hash,
    format_for_name,
    load_definition_text,
    read_document,
    validate_definition,
)
from entekhab.domain.error_codes import definition as codes
from entekhab.domain.error_codes.election_day import ELECTION_UNKNOWN
from entekhab.domain.errors import EntekhabError, ErrorSpec, ProblemList
from entekhab.domain.event_codes import foundation as events
from entekhab.service.audit.events import record_event, record_event_apart
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "LoadOutcome",
    "LoadedDefinition",
    "StoredDefinition",
    "definition_with_hash",
    "get_definition",
    "load_definition",
    "load_definition_file",
    "load_definition_from_text",
    "read_definition_file",
    "stored_definition",
]


class LoadedDefinition(NamedTuple):
    """A parsed definition with its SHA-256, as loaded at HQ (unpacks as a pair)."""

    definition: ElectionDefinition
    definition_hash: str


class LoadOutcome(NamedTuple):
    election_id: str
    definition_hash: str
    created: bool
    """False when the very same document was already loaded (nothing changed)."""


class StoredDefinition(NamedTuple):
    election_id: str
    definition_hash: str
    loaded_at: datetime
    document: dict[str, Any]


_lock = threading.Lock()
_cache: dict[tuple[str, str], ElectionDefinition] = {}
_CACHE_SIZE = 32


def get_definition(
    session: Session, election_id: str, *, unknown: ErrorSpec = ELECTION_UNKNOWN
) -> LoadedDefinition:
    """The loaded definition of ``election_id``; the coded error ``unknown`` if none."""
    digest = session.scalar(
        select(ElectionRow.definition_hash).where(ElectionRow.id == election_id)
    )
    return definition_with_hash(session, election_id, digest, unknown=unknown)


def definition_with_hash(
    session: Session,
    election_id: str,
    digest: str | None,
    *,
    unknown: ErrorSpec = ELECTION_UNKNOWN,
) -> LoadedDefinition:
    """As ``get_definition`` when the caller has already read the definition's hash (with
    other facts, in one round trip); ``None``: no such election."""
    if digest is None:
        raise EntekhabError(unknown, {"election_id": election_id})
    key = (election_id, digest)
    with _lock:
        cached = _cache.get(key)
    if cached is None:
        document = session.scalar(select(ElectionRow.document).where(ElectionRow.id == election_id))
        cached = ElectionDefinition.model_validate(document)
        with _lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            _cache[key] = cached
    return LoadedDefinition(cached, digest)


def stored_definition(uow_factory: UnitOfWorkFactory, election_id: str) -> StoredDefinition:
    """The stored row of ``election_id`` as it is published (ELECTION_UNKNOWN if none)."""
    with uow_factory() as uow:
        row = uow.session.get(ElectionRow, election_id)
        if row is None:
            raise EntekhabError(ELECTION_UNKNOWN, {"election_id": election_id})
        return StoredDefinition(row.id, row.definition_hash, row.loaded_at, row.document)


def read_definition_file(path: Path, *, check_rules: bool = True) -> ElectionDefinition:
    """The definition in a ``.yaml``/``.yml``/``.json`` file; ProblemList if it breaks a rule
    (with ``check_rules=False``, only if its shape is wrong)."""
    fmt = format_for_name(path.name)
    text = path.read_bytes()
    if check_rules:
        return load_definition_text(text, fmt)
    return definition_from_document(read_document(text, fmt))


def _insert_or_compare(
    uow_factory: UnitOfWorkFactory,
    definition: ElectionDefinition,
    digest: str,
    *,
    actor: str,
    now: datetime,
) -> bool:
    with uow_factory() as uow:
        existing = uow.session.scalar(
            select(ElectionRow.definition_hash).where(ElectionRow.id == definition.id)
        )
        if existing is not None:
            if existing != digest:
                raise EntekhabError(
                    codes.DEFINITION_ID_TAKEN,
                    {"election_id": definition.id, "loaded": existing, "offered": digest},
                )
            return False
        uow.session.add(
            ElectionRow(
                id=definition.id,
                definition_hash=digest,
                document=definition_document(definition),
                loaded_at=now,
            )
        )
        record_event(
            uow.session,
            events.DEFINITION_LOADED,
            actor=actor,
            payload={
                "election_id": definition.id,
                "definition_hash": digest,
                "contests": len(definition.contests),
                "candidates": len(definition.candidates),
                "branches": len(definition.branches),
            },
            clock=lambda: now,
        )
        uow.commit()
        return True


def load_definition(
    uow_factory: UnitOfWorkFactory,
    definition: ElectionDefinition,
    *,
    actor: str,
    clock: Callable[[], datetime] | None = None,
) -> LoadOutcome:
    """Check and store ``definition``; the same document twice is a no-op."""
    try:
        validate_definition(definition)
        digest = definition_hash(definition)
        now = (clock or _utc_now)()
        try:
            created = _insert_or_compare(uow_factory, definition, digest, actor=actor, now=now)
        except IntegrityError:
            # Another loader inserted the same id between our read and our write: judge again.
            created = _insert_or_compare(uow_factory, definition, digest, actor=actor, now=now)
    except EntekhabError as error:
        _record_refusal(uow_factory, error, actor=actor, election_id=definition.id)
        raise
    return LoadOutcome(definition.id, digest, created)


def load_definition_from_text(
    uow_factory: UnitOfWorkFactory, text: str | bytes, fmt: str, *, actor: str
) -> LoadOutcome:
    """Parse ``text`` (yaml or json; bytes in UTF-8), check it and store it."""
    try:
        definition = load_definition_text(text, fmt)
    except EntekhabError as error:
        _record_refusal(uow_factory, error, actor=actor, election_id=None)
        raise
    return load_definition(uow_factory, definition, actor=actor)


def load_definition_file(uow_factory: UnitOfWorkFactory, path: Path, *, actor: str) -> LoadOutcome:
    """Read ``path`` (.yaml, .yml or .json), check it and store it."""
    try:
        definition = read_definition_file(path)
    except EntekhabError as error:
        _record_refusal(uow_factory, error, actor=actor, election_id=None)
        raise
    return load_definition(uow_factory, definition, actor=actor)


def _record_refusal(
    uow_factory: UnitOfWorkFactory, error: EntekhabError, *, actor: str, election_id: str | None
) -> None:
    found = error.problems if isinstance(error, ProblemList) else [error]
    record_event_apart(
        uow_factory,
        events.DEFINITION_REFUSED,
        actor=actor,
        payload={
            "election_id": election_id,
            "code": error.code,
            "problems": len(found),
            "codes": sorted({p.code for p in found}),
        },
    )


def _utc_now() -> datetime:
    return datetime.now(UTC)
