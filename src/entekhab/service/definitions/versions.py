"""New versions of a loaded election definition (نسخه‌های تعریف انتخابات).

A definition changes after loading only by a use case that owns the change — today, the
publication of a contest's official candidate list, which merges its candidates and lists in.
The new document is checked by every definition rule, hashed, stored as the current definition
and kept, with the previous hash and the reason, in ``definition_versions`` (version 1 is the
document as first loaded); the change is an event in the same transaction. Readers keep using
``get_definition``: its cache is keyed by the hash, so the new version is what they see next.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import definition_document, definition_hash, validate_definition
from entekhab.domain.error_codes.election_day import ELECTION_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.service.audit.events import record_event
from entekhab.store.tables.foundation import DefinitionVersionRow, ElectionRow
from entekhab.store.uow import UnitOfWork

__all__ = ["add_version", "versions_of"]


def add_version(
    uow: UnitOfWork,
    definition: ElectionDefinition,
    *,
    reason: str,
    actor: str,
    now: datetime,
) -> str:
    """Make ``definition`` the current version of its election (in the caller's transaction,
    uncommitted); returns the new hash. A definition that breaks a rule is refused."""
    session = uow.session
    row = session.get(ElectionRow, definition.id)
    if row is None:
        raise EntekhabError(ELECTION_UNKNOWN, {"election_id": definition.id})
    validate_definition(definition)
    digest = definition_hash(definition)
    last = session.scalar(
        select(func.max(DefinitionVersionRow.version)).where(
            DefinitionVersionRow.election_id == definition.id
        )
    )
    if last is None:
        session.add(
            DefinitionVersionRow(
                election_id=row.id,
                version=1,
                definition_hash=row.definition_hash,
                previous_hash=None,
                document=row.document,
                reason="loaded",
                created_by="system",
                created_at=row.loaded_at,
            )
        )
        last = 1
    previous = row.definition_hash
    document = definition_document(definition)
    session.add(
        DefinitionVersionRow(
            election_id=row.id,
            version=last + 1,
            definition_hash=digest,
            previous_hash=previous,
            document=document,
            reason=reason,
            created_by=actor,
            created_at=now,
        )
    )
    row.definition_hash, row.document = digest, document
    record_event(
        session,
        events.DEFINITION_VERSION_ADDED,
        actor=actor,
        payload={
            "election_id": row.id,
            "version": last + 1,
            "definition_hash": digest,
            "previous_hash": previous,
            "reason": reason,
        },
    )
    return digest


def versions_of(uow: UnitOfWork, election_id: str) -> list[dict[str, object]]:
    rows = uow.session.scalars(
        select(DefinitionVersionRow)
        .where(DefinitionVersionRow.election_id == election_id)
        .order_by(DefinitionVersionRow.version)
    )
    return [
        {
            "version": r.version,
            "definition_hash": r.definition_hash,
            "previous_hash": r.previous_hash,
            "reason": r.reason,
            "created_by": r.created_by,
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]
