"""The operations tests' world: the two-province election of the security tests (P1 > C1 > D1,
P9 > C9 > D9) loaded, and principals of each role to act as."""

from __future__ import annotations

from entekhab.domain.access import COUNTRY, Principal, Role
from entekhab.domain.definition import ElectionDefinition
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import TWO, two_province_document
from tests.results_support import load_election

__all__ = ["TWO", "as_role", "load_two", "set_up_county"]


def load_two(uow_factory: UnitOfWorkFactory) -> None:
    """The two-province election, its by-election AE marked as the Assembly of Experts (so
    complaints about it go to the Experts' supervision office)."""
    document = two_province_document()
    for contest in document["contests"]:
        if contest["code"] == "AE":
            contest["office"] = "assembly_of_experts"
    with uow_factory() as uow:
        load_election(uow.session, ElectionDefinition.model_validate(document))
        uow.commit()


def as_role(role: Role, jurisdiction: str = COUNTRY, username: str | None = None) -> Principal:
    """A principal (not stored: services take it as given by the gate)."""
    return Principal(0, username or f"{role.value}-{jurisdiction}", role, jurisdiction)


def set_up_county(uow_factory: UnitOfWorkFactory, county: str = "C1") -> None:
    """The county's headquarters with a head and a publicity committee member who have accounts
    (``head-<county>``, ``press-<county>``)."""
    from datetime import date

    from entekhab.service.operations.organisation import appoint, set_up_headquarters

    with uow_factory() as uow:
        set_up_headquarters(uow, jurisdiction=county, name_fa=f"ستاد {county}", actor="a")
    with uow_factory() as uow:
        appoint(
            uow,
            hq=county,
            committee=None,
            post="head",
            person="Governor of " + county,
            username=f"head-{county}",
            decree="1405/100",
            starts_on=date(2026, 1, 1),
            actor="a",
        )
    with uow_factory() as uow:
        appoint(
            uow,
            hq=county,
            committee="publicity",
            post="member",
            person="Press officer of " + county,
            username=f"press-{county}",
            decree="1405/101",
            starts_on=date(2026, 1, 1),
            actor="a",
        )
