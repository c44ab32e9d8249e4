"""Lookups in the civil-registry extract that other areas need (without reading the table)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from entekhab.store.tables.foundation import Citizen
from entekhab.store.uow import UnitOfWork

__all__ = ["missing_citizens"]


def missing_citizens(uow: UnitOfWork, codes: Sequence[str]) -> list[str]:
    """The national codes among ``codes`` that are not in the registry, in their order."""
    present: set[str] = set()
    for start in range(0, len(codes), 500):
        chunk = list(codes[start : start + 500])
        present.update(
            uow.session.scalars(
                select(Citizen.national_code).where(Citizen.national_code.in_(chunk))
            )
        )
    return [code for code in codes if code not in present]
