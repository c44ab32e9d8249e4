"""The web's sign-in over HTTP: cookies, CSRF, the TOTP step, lockout in Persian, and refusals
that write nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from entekhab.api.app import create_app
from entekhab.api.pages import page_secret
from entekhab.domain.access import Role
from entekhab.service.audit.events import configure_checkpoints
from entekhab.service.security.server_key import ensure_server_key
from entekhab.settings import Settings
from entekhab.store.tables.security import EventLogEntry, UserRow, UserSessionRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.web_support import PASSWORD, WebWorld, build_web_world, username

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_TICKET = re.compile(r'name="ticket" value="([^"]+)"')


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory) -> WebWorld:
    return build_web_world(uow_factory, publish=False)


@pytest.fixture
def client(world: WebWorld) -> Iterator[TestClient]:
    settings = Settings(database_url="sqlite://", rate_per_address=0)
    with TestClient(create_app(settings, uow_factory=world.uow_factory)) as http:
        yield http


def _csrf(client: TestClient, path: str = "/sign-in") -> str:
    found = _CSRF.search(client.get(path).text)
    assert found
    return found.group(1)


def _code_step(client: TestClient, who: str, ticket: str, code: str, csrf: str) -> httpx.Response:
    return client.post(
        "/sign-in/code",
        data={"username": who, "ticket": ticket, "code": code, "csrf_token": csrf},
        follow_redirects=False,
    )


def _counts(world: WebWorld) -> tuple[int, int]:
    with world.uow_factory() as uow:
        sessions = uow.session.scalar(select(func.count()).select_from(UserSessionRow)) or 0
        events = uow.session.scalar(select(func.count()).select_from(EventLogEntry)) or 0
    return sessions, events


def test_the_start_page_is_a_persian_page_not_a_json_404(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert '<html lang="fa" dir="rtl">' in answer.text


def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(
    client: TestClient, world: WebWorld
) -> None:
    _csrf(client)
    before = _counts(world)
    answer = client.post(
        "/sign-in", data={"username": username(Role.COUNTY_OFFICER), "password": PASSWORD}
    )
    assert answer.status_code == 403
    assert '<meta name="error-code" content="CSRF_INVALID">' in answer.text
    forged = client.post(
        "/sign-in",
        data={
            "username": username(Role.COUNTY_OFFICER),
            "password": PASSWORD,
            "csrf_token": "x" * 43,
        },
    )
    assert forged.status_code == 403
    assert _counts(world) == before
    assert "entekhab_session" not in client.cookies


def test_a_role_without_totp_signs_in_with_an_httponly_strict_cookie(client: TestClient) -> None:
    token = _csrf(client)
    answer = client.post(
        "/sign-in",
        data={
            "username": username(Role.COUNTY_OFFICER),
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/verify",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/verify"
    cookie = answer.headers["set-cookie"]
    assert "entekhab_session=" in cookie and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()


def test_the_password_step_of_a_totp_role_is_not_a_failure_and_the_code_step_is_signed(
    client: TestClient, world: WebWorld
) -> None:
    who = username(Role.EXECUTIVE_BOARD)
    token = _csrf(client)
    step = client.post(
        "/sign-in", data={"username": who, "password": PASSWORD, "csrf_token": token}
    )
    assert step.status_code == 200 and 'action="/sign-in/code"' in step.text
    with world.uow_factory() as uow:
        row = uow.session.scalars(select(UserRow).where(UserRow.username == who)).one()
        assert row.failed_sign_ins == 0
    ticket = _TICKET.search(step.text)
    assert ticket
    # Another user's name with this ticket: refused, no session.
    supervisor = username(Role.SUPERVISOR)
    other = _code_step(client, supervisor, ticket.group(1), world.totp(supervisor), token)
    assert other.status_code == 401
    assert "SIGN_IN_STEP_EXPIRED" in other.text
    done = _code_step(client, who, ticket.group(1), world.totp(who), token)
    assert done.status_code == 303
    assert "entekhab_session=" in done.headers["set-cookie"]


def test_five_wrong_passwords_lock_the_account_and_the_page_says_so_in_persian(
    client: TestClient,
) -> None:
    token = _csrf(client)
    who = username(Role.DISTRICT_OFFICER)
    for _ in range(5):
        client.post(
            "/sign-in", data={"username": who, "password": "wrong" * 3, "csrf_token": token}
        )
    locked = client.post(
        "/sign-in", data={"username": who, "password": PASSWORD, "csrf_token": token}
    )
    assert locked.status_code == 423
    assert "ACCOUNT_LOCKED" in locked.text
    assert 'id="password-error"' in locked.text
    assert f'value="{who}"' in locked.text  # what was typed is kept


def test_a_forged_session_cookie_is_the_public_on_a_public_page(client: TestClient) -> None:
    client.cookies.set("entekhab_session", "forged-" + "A" * 40)
    answer = client.get("/verify")
    assert answer.status_code == 200
    assert "/sign-in" in answer.text  # shown as to the public
    assert 'entekhab_session=""' in answer.headers.get("set-cookie", "")


def test_two_workers_with_one_server_key_agree_on_the_code_step(
    world: WebWorld, tmp_path: Path
) -> None:
    """With several workers, the password step and the code step may land on different
    processes: the ticket's key is derived from the server key, so both read it alike."""
    ensure_server_key(tmp_path / "server.key")
    settings = Settings(database_url="sqlite://", rate_per_address=0, var_dir=str(tmp_path))
    first = TestClient(create_app(settings, uow_factory=world.uow_factory))
    second = TestClient(create_app(settings, uow_factory=world.uow_factory))
    configure_checkpoints(None)  # create_app set the process-wide signer: not for other tests
    with first, second:
        who = username(Role.EXECUTIVE_BOARD)
        token = _csrf(first)
        step = first.post(
            "/sign-in", data={"username": who, "password": PASSWORD, "csrf_token": token}
        )
        ticket = _TICKET.search(step.text)
        assert ticket
        second.cookies.update(first.cookies)
        done = _code_step(second, who, ticket.group(1), world.totp(who), token)
    assert done.status_code == 303
    assert "entekhab_session=" in done.headers["set-cookie"]


def test_the_page_secret_is_the_setting_else_derived_from_the_server_key(tmp_path: Path) -> None:
    bare = Settings(database_url="sqlite://", var_dir=str(tmp_path))
    assert page_secret(bare) != page_secret(bare)  # no key: one random key per process
    ensure_server_key(tmp_path / "server.key")
    assert page_secret(bare) == page_secret(bare)
    assert page_secret(bare) != bytes.fromhex((tmp_path / "server.key").read_text().strip())
    chosen = Settings(database_url="sqlite://", var_dir=str(tmp_path), page_secret="ab" * 32)
    assert page_secret(chosen) == b"\xab" * 32
