"""A small world for the web pages' tests: the tiny election with bulletins counted, CT1 and AE
published, PR1 counted but not certified, and one account per role that signs in by password
(board and headquarters roles with TOTP). Used by the integration tests (TestClient) and the
browser tests (a real uvicorn server)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyotp

from entekhab.domain.access import COUNTRY, Role
from entekhab.domain.national_code import check_digit
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.security.accounts import add_user
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import TinyElection, setup_tiny_election

NOW = datetime(2026, 6, 19, 8, 0, tzinfo=UTC)
NONCE = "c0ffee" * 6
PASSWORD = "correct horse battery staple"

JURISDICTIONS: dict[Role, str] = {
    Role.HQ_ADMIN: COUNTRY,
    Role.PROVINCE_OFFICER: "P1",
    Role.COUNTY_OFFICER: "C1",
    Role.DISTRICT_OFFICER: "D1",
    Role.BRANCH_HEAD: "B1",
    Role.BRANCH_AGENT: "B1",
    Role.EXECUTIVE_BOARD: "P1",
    Role.SUPERVISOR: "P1",
    Role.VETTING_OFFICER: "C1",
    Role.AUDITOR: COUNTRY,
}


@dataclass
class WebWorld:
    uow_factory: UnitOfWorkFactory
    tiny: TinyElection
    totp_secrets: dict[str, str] = field(default_factory=dict)

    @property
    def election_id(self) -> str:
        return self.tiny.definition.id

    def totp(self, username: str, at: datetime | None = None) -> str:
        return pyotp.TOTP(self.totp_secrets[username]).at(at or datetime.now(UTC))


def username(role: Role) -> str:
    return f"{role.value}-web"


def build_web_world(uow_factory: UnitOfWorkFactory, *, publish: bool = True) -> WebWorld:
    tiny = setup_tiny_election(uow_factory)
    keys = tiny.keys.directory()
    for bulletin in (
        tiny.bulletin("B1", "CT1", blank=10, candidate_votes={"101": 80, "102": 70, "103": 20}),
        tiny.bulletin("B2", "CT1", candidate_votes={"101": 30, "104": 75, "105": 10}),
        tiny.bulletin("B1", "AE", candidate_votes={"501": 60, "502": 40}),
        tiny.bulletin("B3", "AE", candidate_votes={"501": 10, "502": 70}),
        tiny.bulletin("B2", "AE", candidate_votes={"501": 45, "502": 55}),
        tiny.bulletin("B1", "PR1", list_votes={"L1": 50, "L2": 30}, candidate_votes={"305": 20}),
        tiny.bulletin("B2", "PR1", list_votes={"L1": 40, "L2": 45}, candidate_votes={"301": 15}),
    ):  # every branch reports: approval needs complete reporting
        receive_bulletin(uow_factory, tiny.sign(bulletin), actor="station", keys=keys, now=NOW)
    world = WebWorld(uow_factory, tiny)
    e = tiny.definition.id
    if publish:
        for contest in ("CT1", "AE"):
            cert.approve(
                uow_factory,
                e,
                contest,
                actor="user:exec",
                role="executive_board",
                reason="all branches in",
                ceremony_nonce=NONCE,
            )
            cert.confirm(uow_factory, e, contest, actor="user:sup", role="supervisor", reason="ok")
            cert.publish(uow_factory, e, contest, actor="user:hq", role="hq_admin", reason="go")
    add_accounts(world, JURISDICTIONS)
    return world


def add_accounts(
    world: WebWorld, places: dict[Role, str], *, suffix: str = "web", first: int = 700_000_000
) -> None:
    """One account per role, at ``places``, named ``<role>-<suffix>`` (password ``PASSWORD``;
    TOTP secrets kept in the world for the roles that need one; national codes from
    ``first``)."""
    for i, (role, place) in enumerate(places.items()):
        nine = f"{first + i:09d}"
        with world.uow_factory() as uow:
            made = add_user(
                uow,
                username=f"{role.value}-{suffix}",
                full_name=role.value,
                role=role,
                jurisdiction=place,
                national_code=nine + str(check_digit(nine)),
                password=PASSWORD,
                actor="test",
            )
        if made.totp_secret:
            world.totp_secrets[made.username] = made.totp_secret
