"""Grants over real HTTP on both back ends: two headquarters admins for board, vetting and
headquarters accounts (the proposer never approves), separation of duties by national code, and
the grant table. Every refusal is coded, writes no account and leaves a ``GRANT_REFUSED`` event.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.store.tables.security import EventLogEntry, GrantProposalRow, UserRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import build_access_world, mint_user, person
from tests.http_support import running_server

PASSWORD = "correct horse battery staple"


def _count(uow_factory: UnitOfWorkFactory, model: type, *where: object) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _events(uow_factory: UnitOfWorkFactory, code: str) -> int:
    return _count(uow_factory, EventLogEntry, EventLogEntry.code == code)


def _new(username: str, role: Role, place: str, who: int) -> dict[str, Any]:
    return {
        "username": username,
        "full_name": f"Full {username}",
        "role": role.value,
        "jurisdiction": place,
        "password": PASSWORD,
        "national_code": person(who),
    }


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _refused(got: httpx.Response, status: int, code: str) -> None:
    assert (got.status_code, got.json()["error"]["code"]) == (status, code), got.text
    assert got.json()["error"]["message_fa"] and got.json()["error"]["message_en"]


def test_a_board_account_needs_a_second_headquarters_admin(
    uow_factory: UnitOfWorkFactory,
) -> None:
    build_access_world(uow_factory)
    hq1 = _auth(mint_user(uow_factory, "hq1", Role.HQ_ADMIN, "country", person(1)))
    hq2 = _auth(mint_user(uow_factory, "hq2", Role.HQ_ADMIN, "country", person(2)))
    # The same person as hq1 under a second headquarters account.
    hq1_again = _auth(mint_user(uow_factory, "hq1-again", Role.HQ_ADMIN, "country", person(1)))
    supervisor = _new("sup-c1", Role.SUPERVISOR, "C1", 10)
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        accounts = _count(uow_factory, UserRow)
        _refused(
            http.post("/api/v1/users", json=supervisor, headers=hq1), 403, "GRANT_NEEDS_TWO_ADMINS"
        )
        direct = http.post(
            "/api/v1/users/proposals", json=_new("head-x", Role.BRANCH_HEAD, "B1", 11), headers=hq1
        )
        _refused(direct, 422, "INVALID_INPUT")

        proposed = http.post("/api/v1/users/proposals", json=supervisor, headers=hq1)
        assert proposed.status_code == 201, proposed.text
        proposal = proposed.json()["proposal_id"]
        assert proposed.json()["state"] == "pending" and proposed.json()["proposed_by"] == "hq1"
        listed = http.get("/api/v1/users/proposals", headers=hq2).json()
        assert [p["username"] for p in listed] == ["sup-c1"]
        assert "password" not in str(listed) and person(10) not in str(listed)

        url = f"/api/v1/users/proposals/{proposal}/approve"
        _refused(http.post(url, headers=hq1), 403, "GRANT_OWN_PROPOSAL")
        _refused(http.post(url, headers=hq1_again), 403, "GRANT_OWN_PROPOSAL")
        board = mint_user(uow_factory, "board-c1", Role.EXECUTIVE_BOARD, "C1", person(20))
        _refused(http.post(url, headers=_auth(board)), 403, "ROLE_NOT_ALLOWED")
        assert _count(uow_factory, UserRow) == accounts + 1, "only board-c1, minted above"

        approved = http.post(url, headers=hq2)
        assert approved.status_code == 201, approved.text
        assert approved.json()["role"] == "supervisor"
        assert approved.json()["totp_uri"].startswith("otpauth://totp/")
        _refused(http.post(url, headers=hq2), 409, "GRANT_PROPOSAL_DECIDED")
        signed_in = http.post(
            "/api/v1/auth/sign-in", json={"username": "sup-c1", "password": PASSWORD}
        )
        _refused(signed_in, 401, "SECOND_FACTOR_REQUIRED")
    with uow_factory() as uow:
        row = uow.session.scalars(select(UserRow).where(UserRow.username == "sup-c1")).one()
        assert (row.role, row.jurisdiction, row.national_code) == ("supervisor", "C1", person(10))
    assert _events(uow_factory, "GRANT_PROPOSED") == 1
    assert _events(uow_factory, "GRANT_APPROVED") == 1
    assert _events(uow_factory, "GRANT_REFUSED") == 3  # two-admin, own proposal twice


def test_one_person_may_not_hold_duties_that_must_stay_separate(
    uow_factory: UnitOfWorkFactory,
) -> None:
    build_access_world(uow_factory)
    hq1 = _auth(mint_user(uow_factory, "hq1", Role.HQ_ADMIN, "country", person(1)))
    hq2 = _auth(mint_user(uow_factory, "hq2", Role.HQ_ADMIN, "country", person(2)))
    mint_user(uow_factory, "exec-c1", Role.EXECUTIVE_BOARD, "C1", person(30))
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        proposals = _count(uow_factory, GrantProposalRow)
        refused = _events(uow_factory, "GRANT_REFUSED")
        # The executive board member of C1 on the supervisory board of its province: refused.
        same_area = http.post(
            "/api/v1/users/proposals", json=_new("sup-p1", Role.SUPERVISOR, "P1", 30), headers=hq1
        )
        _refused(same_area, 409, "DUTIES_MUST_STAY_SEPARATE")
        assert same_area.json()["error"]["details"]["held"] == "executive_board"
        # ... or as a vetting officer of a district inside C1.
        vetting = _new("vet-d1", Role.VETTING_OFFICER, "D1", 30)
        _refused(
            http.post("/api/v1/users/proposals", json=vetting, headers=hq1),
            409,
            "DUTIES_MUST_STAY_SEPARATE",
        )
        # Headquarters' own admin as a vetting officer anywhere: refused.
        own = _new("hq1-vetting", Role.VETTING_OFFICER, "C9", 1)
        _refused(
            http.post("/api/v1/users/proposals", json=own, headers=hq2),
            409,
            "DUTIES_MUST_STAY_SEPARATE",
        )
        assert _count(uow_factory, GrantProposalRow) == proposals, "nothing written"
        assert _events(uow_factory, "GRANT_REFUSED") == refused + 3

        # The same person on the supervisory board of another province is fine.
        elsewhere = http.post(
            "/api/v1/users/proposals", json=_new("sup-c9", Role.SUPERVISOR, "C9", 30), headers=hq1
        )
        assert elsewhere.status_code == 201, elsewhere.text
        # A pending proposal counts: person 40 proposed for the executive board of C1 cannot be
        # proposed for its supervisory board before the first is decided.
        first = http.post(
            "/api/v1/users/proposals",
            json=_new("exec2", Role.EXECUTIVE_BOARD, "C1", 40),
            headers=hq1,
        )
        assert first.status_code == 201, first.text
        second = http.post(
            "/api/v1/users/proposals", json=_new("sup2", Role.SUPERVISOR, "C1", 40), headers=hq2
        )
        _refused(second, 409, "DUTIES_MUST_STAY_SEPARATE")


def test_officers_grant_only_the_roles_below_them(uow_factory: UnitOfWorkFactory) -> None:
    build_access_world(uow_factory)
    district = _auth(mint_user(uow_factory, "dist", Role.DISTRICT_OFFICER, "D1", person(50)))
    county = _auth(mint_user(uow_factory, "cnty", Role.COUNTY_OFFICER, "C1", person(51)))
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        accounts = _count(uow_factory, UserRow)
        refused = _events(uow_factory, "GRANT_REFUSED")
        for headers, body in (
            (district, _new("c-up", Role.COUNTY_OFFICER, "D1", 60)),
            (district, _new("aud", Role.AUDITOR, "D1", 61)),
            (county, _new("c-peer", Role.PROVINCE_OFFICER, "C1", 62)),
            (county, _new("vet", Role.VETTING_OFFICER, "C1", 63)),
        ):
            _refused(
                http.post("/api/v1/users", json=body, headers=headers), 403, "GRANT_NOT_ALLOWED"
            )
        assert _count(uow_factory, UserRow) == accounts
        assert _events(uow_factory, "GRANT_REFUSED") == refused + 4
        made = http.post(
            "/api/v1/users", json=_new("head-b1", Role.BRANCH_HEAD, "B1", 64), headers=district
        )
        assert made.status_code == 201, made.text
        bad_code = {**_new("agent", Role.BRANCH_AGENT, "B1", 65), "national_code": "0012345678"}
        _refused(
            http.post("/api/v1/users", json=bad_code, headers=county), 422, "INVALID_NATIONAL_CODE"
        )
    assert _events(uow_factory, "USER_ADDED") == 1
