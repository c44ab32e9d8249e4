"""Accounts over real HTTP: sign-in with password and TOTP, sessions, sign-out, lockout, the
per-address throttle, and officers creating accounts inside their jurisdiction only."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import httpx
import pyotp
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.service.security.accounts import MAX_FAILED_SIGN_INS, add_user, sign_in
from entekhab.store.tables.security import EventLogEntry, UserRow, UserSessionRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import TINY, TWO, person, two_province_document
from tests.http_support import running_server
from tests.results_support import load_election, tiny_document

PASSWORD = "correct horse battery staple"


def _add(uow_factory: UnitOfWorkFactory, username: str, role: Role, place: str) -> str | None:
    with uow_factory() as uow:
        new = add_user(
            uow,
            username=username,
            full_name=f"Full {username}",
            role=role,
            jurisdiction=place,
            national_code=person(zlib.crc32(username.encode()) % 10**8),
            password=PASSWORD,
            actor="test",
        )
    return new.totp_secret


def _count(uow_factory: UnitOfWorkFactory, model: type, *where: object) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _events(uow_factory: UnitOfWorkFactory, code: str) -> int:
    return _count(uow_factory, EventLogEntry, EventLogEntry.code == code)


def _load_geography(uow_factory: UnitOfWorkFactory) -> None:
    from entekhab.domain.definition import ElectionDefinition

    with uow_factory() as uow:
        load_election(uow.session, ElectionDefinition.model_validate(tiny_document()))
        load_election(uow.session, ElectionDefinition.model_validate(two_province_document()))
        uow.commit()
    assert TINY and TWO


def test_board_member_signs_in_with_totp_once_and_signs_out(
    uow_factory: UnitOfWorkFactory,
) -> None:
    secret = _add(uow_factory, "board", Role.EXECUTIVE_BOARD, "C1")
    assert secret is not None
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        body = {"username": "board", "password": PASSWORD}
        missing = http.post("/api/v1/auth/sign-in", json=body)
        assert (missing.status_code, missing.json()["error"]["code"]) == (
            401,
            "SECOND_FACTOR_REQUIRED",
        )
        code = pyotp.TOTP(secret).now()
        wrong_code = f"{(int(code) + 1) % 1_000_000:06d}"
        wrong = http.post("/api/v1/auth/sign-in", json={**body, "totp_code": wrong_code})
        assert (wrong.status_code, wrong.json()["error"]["code"]) == (401, "BAD_CREDENTIALS")
        assert _count(uow_factory, UserSessionRow) == 0

        good = http.post("/api/v1/auth/sign-in", json={**body, "totp_code": code})
        assert good.status_code == 200, good.text
        token = good.json()["token"]
        assert good.json()["role"] == "executive_board"
        replay = http.post("/api/v1/auth/sign-in", json={**body, "totp_code": code})
        assert replay.status_code == 401, "a TOTP code is good once"

        auth = {"Authorization": f"Bearer {token}"}
        me = http.get("/api/v1/auth/me", headers=auth)
        assert me.json() == {
            "user_id": me.json()["user_id"],
            "username": "board",
            "role": "executive_board",
            "jurisdiction": "C1",
        }
        assert http.post("/api/v1/auth/sign-out", headers=auth).status_code == 204
        after = http.get("/api/v1/auth/me", headers=auth)
        assert (after.status_code, after.json()["error"]["code"]) == (401, "SESSION_INVALID")
    assert _events(uow_factory, "USER_SIGNED_IN") == 1
    assert _events(uow_factory, "SIGN_IN_FAILED") == 3
    assert _events(uow_factory, "SESSION_REVOKED") == 1
    with uow_factory() as uow:
        stored = uow.session.scalars(select(UserSessionRow.token_hash)).all()
    assert token not in stored, "only the token's hash is stored"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    _add(uow_factory, "agent", Role.BRANCH_AGENT, "B1")
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        for _ in range(MAX_FAILED_SIGN_INS):
            bad = http.post(
                "/api/v1/auth/sign-in", json={"username": "agent", "password": "not it at all"}
            )
            assert bad.json()["error"]["code"] == "BAD_CREDENTIALS"
        locked = http.post("/api/v1/auth/sign-in", json={"username": "agent", "password": PASSWORD})
        assert (locked.status_code, locked.json()["error"]["code"]) == (423, "ACCOUNT_LOCKED")
    assert _count(uow_factory, UserSessionRow) == 0
    assert _events(uow_factory, "ACCOUNT_LOCKED") == 1


def test_an_expired_session_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    _add(uow_factory, "auditor", Role.AUDITOR, "country")
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with uow_factory() as uow:
        old = sign_in(
            uow,
            username="auditor",
            password=PASSWORD,
            totp_code=None,
            address="test",
            clock=lambda: an_hour_ago,
        )
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        got = http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {old.token}"})
    assert (got.status_code, got.json()["error"]["code"]) == (401, "SESSION_INVALID")
    assert _events(uow_factory, "REQUEST_REFUSED") == 1


def test_an_address_with_too_many_failures_is_throttled_for_every_account(
    uow_factory: UnitOfWorkFactory,
) -> None:
    _add(uow_factory, "head", Role.BRANCH_HEAD, "B1")
    with (
        running_server(uow_factory, sign_in_failures_per_address=3) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        for name in ("nobody-1", "nobody-2", "nobody-3"):
            miss = http.post("/api/v1/auth/sign-in", json={"username": name, "password": "x"})
            assert miss.status_code == 401
        users_before = _count(uow_factory, UserRow, UserRow.failed_sign_ins > 0)
        throttled = http.post(
            "/api/v1/auth/sign-in", json={"username": "head", "password": PASSWORD}
        )
        assert (throttled.status_code, throttled.json()["error"]["code"]) == (429, "RATE_LIMITED")
        assert throttled.json()["error"]["details"]["retry_after"] > 0
    assert _count(uow_factory, UserSessionRow) == 0
    assert _count(uow_factory, UserRow, UserRow.failed_sign_ins > 0) == users_before
    assert _events(uow_factory, "SIGN_IN_FAILED") == 4


def _session(http: httpx.Client, username: str, secret: str | None = None) -> dict[str, str]:
    body = {"username": username, "password": PASSWORD}
    if secret:
        body["totp_code"] = pyotp.TOTP(secret).now()
    got = http.post("/api/v1/auth/sign-in", json=body)
    assert got.status_code == 200, got.text
    return {"Authorization": f"Bearer {got.json()['token']}"}


def test_a_county_officer_creates_accounts_only_inside_the_county(
    uow_factory: UnitOfWorkFactory,
) -> None:
    _load_geography(uow_factory)
    _add(uow_factory, "county", Role.COUNTY_OFFICER, "C1")
    _add(uow_factory, "other-county", Role.COUNTY_OFFICER, "C9")
    new = {
        "username": "head-b1",
        "full_name": "رئیس شعبه ۱",
        "role": "branch_head",
        "jurisdiction": "B1",
        "password": PASSWORD,
        "national_code": person(1),
    }
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        auth = _session(http, "county")
        users = _count(uow_factory, UserRow)
        outside = http.post("/api/v1/users", json={**new, "jurisdiction": "B9"}, headers=auth)
        assert (outside.status_code, outside.json()["error"]["code"]) == (
            403,
            "OUT_OF_JURISDICTION",
        )
        weak = http.post("/api/v1/users", json={**new, "password": "short"}, headers=auth)
        assert (weak.status_code, weak.json()["error"]["code"]) == (422, "WEAK_PASSWORD")
        extra = http.post("/api/v1/users", json={**new, "admin": True}, headers=auth)
        assert extra.status_code == 422
        hq = http.post(
            "/api/v1/users",
            json={**new, "role": "hq_admin", "jurisdiction": "country"},
            headers=auth,
        )
        assert (hq.status_code, hq.json()["error"]["code"]) == (403, "OUT_OF_JURISDICTION")
        board = http.post(
            "/api/v1/users",
            json={**new, "username": "sup-c1", "role": "supervisor", "jurisdiction": "C1"},
            headers=auth,
        )
        assert (board.status_code, board.json()["error"]["code"]) == (403, "GRANT_NOT_ALLOWED")
        assert _count(uow_factory, UserRow) == users, "refusals write no account"

        made = http.post("/api/v1/users", json=new, headers=auth)
        assert made.status_code == 201, made.text
        assert made.json()["totp_uri"] is None
        again = http.post("/api/v1/users", json=new, headers=auth)
        assert (again.status_code, again.json()["error"]["code"]) == (409, "USER_EXISTS")
        agent = http.post(
            "/api/v1/users",
            json={
                **new,
                "username": "agent-b1",
                "role": "branch_agent",
                "national_code": person(2),
            },
            headers=auth,
        )
        assert agent.status_code == 201, agent.text

        listed = http.get("/api/v1/users", headers=auth).json()
        names = {u["username"] for u in listed}
        assert names == {"county", "head-b1", "agent-b1"}, "C9's officer is not in C1's list"
        assert all("password" not in str(u) and "secret" not in u for u in listed)
        head = _session(http, "head-b1")
        assert http.get("/api/v1/users", headers=head).status_code == 403
    assert _events(uow_factory, "USER_ADDED") == 4
    assert _events(uow_factory, "PERMISSION_DENIED") >= 3
