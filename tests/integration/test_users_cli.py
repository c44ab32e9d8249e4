"""``entekhab users add|list|reset|disable`` against a real database."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from entekhab.cli import app
from entekhab.errors import EntekhabError
from entekhab.service.security.accounts import authenticate_token, sign_in
from entekhab.store.tables.security import EventLogEntry, UserRow
from entekhab.store.uow import UnitOfWorkFactory

PASSWORD = "a passphrase long enough 1405"


def _run(engine: Engine, *args: str, stdin: str | None = None) -> str:
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["users", *args, "--database-url", url], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_operator_adds_lists_resets_and_disables_an_account(engine: Engine) -> None:
    uow_factory = UnitOfWorkFactory(engine)
    out = _run(
        engine,
        "add",
        "hq1",
        "--role",
        "hq_admin",
        "--jurisdiction",
        "country",
        "--full-name",
        "مدیر ستاد",
        "--national-code",
        "0012345679",
        "--password-stdin",
        "--actor",
        "operator:test",
        stdin=PASSWORD + "\n",
    )
    uri = next(line for line in out.splitlines() if line.startswith("otpauth://"))
    secret = pyotp.parse_uri(uri).secret
    with uow_factory() as uow:
        done = sign_in(
            uow,
            username="hq1",
            password=PASSWORD,
            totp_code=pyotp.TOTP(secret).now(),
            address="cli-test",
        )
    assert "hq1\thq_admin\tcountry\tactive\ttotp" in _run(engine, "list")

    _run(engine, "reset", "hq1", "--password-stdin", stdin="another long passphrase\n")
    with uow_factory() as uow, pytest.raises(EntekhabError) as refused:
        authenticate_token(uow, done.token)
    assert refused.value.code == "SESSION_INVALID", "a reset revokes the sessions"
    _run(engine, "disable", "hq1")
    assert "hq1\thq_admin\tcountry\tdisabled" in _run(engine, "list")

    bad = CliRunner().invoke(
        app,
        [
            "users",
            "add",
            "weak",
            "--role",
            "auditor",
            "--jurisdiction",
            "country",
            "--full-name",
            "x",
            "--national-code",
            "0012345679",
            "--password-stdin",
            "--database-url",
            engine.url.render_as_string(hide_password=False),
        ],
        input="short\n",
    )
    assert bad.exit_code != 0 and "WEAK_PASSWORD" in str(bad.exception or bad.output)
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(UserRow)) == 1
        codes = uow.session.scalars(select(EventLogEntry.code)).all()
    assert {"USER_ADDED", "PASSWORD_RESET", "USER_DISABLED"} <= set(codes)
