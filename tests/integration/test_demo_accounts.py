"""The accounts ``entekhab demo --serve`` makes for a browser: a newcomer reads the file the demo
wrote (its owner's only) and signs in through the pages as the auditor (password), as
headquarters and as the province's executive board (password, then the TOTP code), each landing
on the page they asked for."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pyotp
from fastapi.testclient import TestClient

from entekhab.api.app import create_app
from entekhab.cli.demo_accounts import DEMO_PASSWORD, make_demo_accounts
from entekhab.domain.access import COUNTRY, Role
from entekhab.domain.definition import ElectionDefinition
from entekhab.settings import Settings
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import ELECTION, definition_document, load_election

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_TICKET = re.compile(r'name="ticket" value="([^"]+)"')


def _sign_in(http: TestClient, username: str, secret: str | None, next_page: str) -> str:
    """Sign in through the pages as a newcomer would; where it lands."""
    http.cookies.clear()
    token = _CSRF.search(http.get("/sign-in").text)
    assert token
    form = {"username": username, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}
    step = http.post("/sign-in", data={**form, "next": next_page}, follow_redirects=False)
    if secret is not None:
        ticket = _TICKET.search(step.text)
        assert step.status_code == 200 and ticket, step.text[:300]
        code = pyotp.TOTP(secret).now()
        step = http.post(
            "/sign-in/code",
            data={**form, "ticket": ticket.group(1), "code": code, "next": next_page},
            follow_redirects=False,
        )
    assert step.status_code == 303, step.text[:300]
    return str(step.headers["location"])


def test_the_demo_accounts_sign_in_through_the_pages(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    load_election(uow_factory)
    definition = ElectionDefinition.model_validate(definition_document())
    accounts, written = make_demo_accounts(uow_factory, definition, tmp_path)

    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    text = written.read_text(encoding="utf-8")
    assert DEMO_PASSWORD in text and "demo only" in text
    by_role = {a.role: a for a in accounts}
    assert set(by_role) == {Role.AUDITOR, Role.HQ_ADMIN, Role.EXECUTIVE_BOARD}
    assert by_role[Role.AUDITOR].totp_secret is None
    board = by_role[Role.EXECUTIVE_BOARD]
    assert board.jurisdiction == "P" and by_role[Role.HQ_ADMIN].jurisdiction == COUNTRY
    for account in accounts:
        if account.totp_secret:
            assert f"{account.username}\t" in text and account.totp_secret in text

    app = create_app(
        Settings(database_url="sqlite://", rate_per_address=0), uow_factory=uow_factory
    )
    with TestClient(app) as http:
        for account in accounts:
            asked = f"/dashboard/{ELECTION}"
            assert _sign_in(http, account.username, account.totp_secret, asked) == asked
            assert http.get(asked).status_code == 200, account.username
        assert http.get("/board").status_code == 200  # the board, still signed in
