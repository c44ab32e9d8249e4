"""Shared pieces of election day: the hour stamp, branch state, and incidents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from entekhab.domain.branch_state import require_open as branch_open
from entekhab.domain.definition import Branch, ElectionDefinition
from entekhab.domain.error_codes.election_day import (
    BRANCH_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.service.definitions.loading import LoadedDefinition, get_definition
from entekhab.store.tables.election_day import BranchSession, IncidentRow

__all__ = [
    "BranchContext",
    "branch_context",
    "context_of",
    "hour_of",
    "record_incident",
    "require_open",
]


def hour_of(moment: datetime) -> str:
    """The UTC hour of ``moment`` (``2026-06-18T07``): the finest time election-day data keeps."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H")


@dataclass(frozen=True)
class BranchContext:
    definition: ElectionDefinition
    definition_hash: str
    branch: Branch
    contests: tuple[str, ...]


def branch_context(session: Session, election_id: str, branch_code: str) -> BranchContext:
    return context_of(get_definition(session, election_id), branch_code)


def context_of(loaded: LoadedDefinition, branch_code: str) -> BranchContext:
    """The branch's context in a loaded definition (BRANCH_UNKNOWN if it has no such branch)."""
    definition = loaded.definition
    branch = definition.branch_by_code.get(branch_code)
    if branch is None:
        raise EntekhabError(BRANCH_UNKNOWN, {"branch": branch_code})
    style = definition.style_by_code.get(branch.ballot_style)
    contests = style.contests if style else ()
    return BranchContext(definition, loaded.definition_hash, branch, contests)


def require_open(session: Session, election_id: str, branch: str) -> BranchSession:
    """The branch's open session, or BRANCH_NOT_OPEN / BRANCH_CLOSED."""
    row = session.get(BranchSession, (election_id, branch))
    branch_open(
        branch, opened=row is not None, closed=row is not None and row.closed_at is not None
    )
    assert row is not None
    return row


def record_incident(
    session: Session,
    *,
    election_id: str,
    branch: str | None,
    kind: str,
    hour: str,
    details: dict[str, Any],
) -> int:
    """Add an incident in the caller's transaction; its id."""
    row = IncidentRow(election_id=election_id, branch=branch, kind=kind, hour=hour, details=details)
    session.add(row)
    session.flush()
    return row.id
