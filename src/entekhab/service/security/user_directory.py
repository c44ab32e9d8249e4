"""Listing accounts, narrowed to what lies inside a jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from entekhab.service.security.jurisdictions import inside
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
    is_inside = inside(uow.session, jurisdiction)
    return [
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
        for row in rows
        if is_inside(row.jurisdiction)
    ]
