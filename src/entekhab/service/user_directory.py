"""Listing accounts, narrowed to what lies inside a jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from entekhab.domain.access import within_jurisdiction
from entekhab.service.jurisdictions import code_chain
from entekhab.store.tables.security import UserRow
from entekhab.store.uow import UnitOfWork

__all__ = ["UserSummary", "users_within"]


@dataclass(frozen=True)
class UserSummary:
    user_id: int
    username: str
    full_name: str
    role: str
    jurisdiction: str
    disabled: bool
    locked_until: datetime | None
    second_factor: bool


def users_within(uow: UnitOfWork, jurisdiction: str) -> list[UserSummary]:
    """Every account whose jurisdiction lies inside ``jurisdiction``, by username."""
    rows = uow.session.scalars(select(UserRow).order_by(UserRow.username)).all()
    chains: dict[str, list[str]] = {}
    out: list[UserSummary] = []
    for row in rows:
        if row.jurisdiction not in chains:
            chains[row.jurisdiction] = code_chain(uow.session, row.jurisdiction) or [
                row.jurisdiction
            ]
        if not within_jurisdiction(jurisdiction, chains[row.jurisdiction]):
            continue
        out.append(
            UserSummary(
                row.id,
                row.username,
                row.full_name,
                row.role,
                row.jurisdiction,
                row.disabled,
                row.locked_until,
                row.totp_secret is not None,
            )
        )
    return out
