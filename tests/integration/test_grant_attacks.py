"""The three privilege escalations of issue 10, reproduced over real HTTP on both back ends.

Each was possible before the grant table: an officer could create any role inside its area, so
a province officer made itself a vetting officer and read a confidential record, a county officer
made both boards of its county, and headquarters made a country-wide vetting officer. Now each
creation is refused with a coded error, writes no account, and leaves a ``GRANT_REFUSED`` event.
"""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.store.tables.security import EventLogEntry, UserRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import CONFIDENTIAL_KEY, build_access_world
from tests.http_support import running_server

PASSWORD = "correct horse battery staple"


def _count(uow_factory: UnitOfWorkFactory, model: type, *where: object) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _refused_events(uow_factory: UnitOfWorkFactory) -> int:
    return _count(uow_factory, EventLogEntry, EventLogEntry.code == "GRANT_REFUSED")


def _new(username: str, role: Role, place: str, national_code: str) -> dict[str, str]:
    return {
        "username": username,
        "full_name": f"Full {username}",
        "role": role.value,
        "jurisdiction": place,
        "password": PASSWORD,
        "national_code": national_code,
    }


def test_a_province_officer_cannot_make_a_vetting_officer_and_read_a_record(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = build_access_world(uow_factory)
    record_id = world.records["C1"]
    with (
        running_server(uow_factory, confidential_key=CONFIDENTIAL_KEY) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        province = world.auth(Role.PROVINCE_OFFICER)
        accounts = _count(uow_factory, UserRow)
        events = _refused_events(uow_factory)
        made = http.post(
            "/api/v1/users",
            json=_new("my-vetting", Role.VETTING_OFFICER, "P1", "0012345679"),
            headers=province,
        )
        assert (made.status_code, made.json()["error"]["code"]) == (403, "GRANT_NOT_ALLOWED")
        assert made.json()["error"]["message_fa"] and made.json()["error"]["message_en"]
        signed_in = http.post(
            "/api/v1/auth/sign-in", json={"username": "my-vetting", "password": PASSWORD}
        )
        assert signed_in.status_code == 401, "no account was made"
        read = http.post(
            f"/api/v1/confidential/records/{record_id}/read",
            json={"reason": "the province wants to know"},
            headers=province,
        )
        assert (read.status_code, read.json()["error"]["code"]) == (403, "ROLE_NOT_ALLOWED")
    assert _count(uow_factory, UserRow) == accounts
    assert _refused_events(uow_factory) == events + 1


def test_a_county_officer_cannot_make_the_boards_of_its_county(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = build_access_world(uow_factory)
    with (
        running_server(uow_factory) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        county = world.auth(Role.COUNTY_OFFICER)
        accounts = _count(uow_factory, UserRow)
        events = _refused_events(uow_factory)
        for name, role in (("exec-c1", Role.EXECUTIVE_BOARD), ("sup-c1", Role.SUPERVISOR)):
            made = http.post(
                "/api/v1/users", json=_new(name, role, "C1", "0012345679"), headers=county
            )
            assert (made.status_code, made.json()["error"]["code"]) == (403, "GRANT_NOT_ALLOWED")
    assert _count(uow_factory, UserRow) == accounts, "no board account was made"
    assert _refused_events(uow_factory) == events + 2


def test_headquarters_cannot_make_a_country_wide_vetting_officer(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = build_access_world(uow_factory)
    with (
        running_server(uow_factory) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        hq = world.auth(Role.HQ_ADMIN)
        accounts = _count(uow_factory, UserRow)
        events = _refused_events(uow_factory)
        direct = http.post(
            "/api/v1/users",
            json=_new("hq-vetting", Role.VETTING_OFFICER, "country", "0012345679"),
            headers=hq,
        )
        assert direct.status_code == 403, direct.text
        assert direct.json()["error"]["code"] in {"GRANT_NOT_ALLOWED", "GRANT_NEEDS_TWO_ADMINS"}
        proposed = http.post(
            "/api/v1/users/proposals",
            json=_new("hq-vetting", Role.VETTING_OFFICER, "country", "0012345679"),
            headers=hq,
        )
        assert (proposed.status_code, proposed.json()["error"]["code"]) == (
            403,
            "GRANT_NOT_ALLOWED",
        )
    assert _count(uow_factory, UserRow) == accounts
    assert _refused_events(uow_factory) == events + 2
