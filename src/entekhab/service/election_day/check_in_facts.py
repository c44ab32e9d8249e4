"""Everything a check-in decision reads, in one SELECT (one round trip to the database).

A check-in needs the election's definition hash (the parsed definition is cached per hash), the
branch's session (open? closed?), the person's registry facts and, for a retried request, its
stored response. Read one by one that is four round trips per voter; election day has millions.
Each fact is a scalar subquery on a primary key, so the single statement costs the database
the same index lookups as the four.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.check_in_rules import CitizenFacts
from entekhab.domain.error_codes.election_day import BRANCH_CLOSED, BRANCH_NOT_OPEN
from entekhab.domain.errors import EntekhabError
from entekhab.service.election_day.idempotency import IdempotencySlot, StoredResponse
from entekhab.store.tables.election_day import BranchSession, IdempotencyRow
from entekhab.store.tables.foundation import Citizen, ElectionRow

__all__ = ["CheckInFacts", "read_check_in_facts"]


@dataclass(frozen=True)
class CheckInFacts:
    definition_hash: str | None
    """None: no such election."""
    opened_at: datetime | None
    closed_at: datetime | None
    citizen: CitizenFacts | None
    """None: not in the registry."""
    stored: StoredResponse | None
    """The stored response of this very request (a retry), if any."""

    def require_open(self, branch: str) -> None:
        """BRANCH_NOT_OPEN / BRANCH_CLOSED unless the branch is open."""
        if self.opened_at is None:
            raise EntekhabError(BRANCH_NOT_OPEN, {"branch": branch})
        if self.closed_at is not None:
            raise EntekhabError(BRANCH_CLOSED, {"branch": branch})


def read_check_in_facts(
    session: Session,
    election_id: str,
    branch: str,
    national_code: str,
    idem: IdempotencySlot | None,
) -> CheckInFacts:
    """The facts of one check-in (IDEMPOTENCY_KEY_REUSED if the key was another request's)."""

    def fact(column: Any, *where: Any) -> Any:
        return select(column).where(*where).scalar_subquery()

    in_branch = (BranchSession.election_id == election_id, BranchSession.branch == branch)
    person = Citizen.national_code == national_code
    columns = [
        fact(ElectionRow.definition_hash, ElectionRow.id == election_id),
        fact(BranchSession.opened_at, *in_branch),
        fact(BranchSession.closed_at, *in_branch),
        fact(Citizen.birth_date, person),
        fact(Citizen.residence_division, person),
        fact(Citizen.residence_since, person),
    ]
    if idem is not None:
        key = IdempotencyRow.id_hash == idem.id_hash
        columns += [
            fact(IdempotencyRow.request_mac, key),
            fact(IdempotencyRow.status, key),
            fact(IdempotencyRow.sealed_response, key),
        ]
    row = session.execute(select(*columns)).one()
    digest, opened_at, closed_at, birth, division, since = row[:6]
    citizen = None
    if birth is not None:
        citizen = CitizenFacts(_as_date(birth), str(division), _as_date(since))
    stored = None
    if idem is not None and row[6] is not None:
        stored = idem.interpret(str(row[6]), int(row[7]), str(row[8]))
    return CheckInFacts(digest, opened_at, closed_at, citizen, stored)


def _as_date(value: Any) -> date:
    """A DATE column read through a scalar subquery (SQLite hands back its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
