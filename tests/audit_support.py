"""Helpers for audit-trail tests: a small signed chain, direct SQL tampering, the CLI as a real
process."""

from __future__ import annotations

import subprocess
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.domain.event_codes.security import USER_ADDED
from entekhab.service.audit.events import (
    CheckpointPolicy,
    configure_checkpoints,
    defer_sealing,
    record_event,
)
from entekhab.service.audit.sealer import seal_pending
from entekhab.store.uow import UnitOfWorkFactory

SERVER_KEY = keypair_from_seed(b"s" * 32)
ENTEKHAB = str(Path(sys.executable).parent / "entekhab")


@contextmanager
def signing_checkpoints(every: int, key: KeyPair = SERVER_KEY) -> Iterator[KeyPair]:
    configure_checkpoints(CheckpointPolicy(every=every, signer=key))
    try:
        yield key
    finally:
        configure_checkpoints(None)


def append_events(uow_factory: UnitOfWorkFactory, n: int, actor: str = "user:admin") -> None:
    for i in range(n):
        with uow_factory() as uow:
            record_event(uow.session, USER_ADDED, actor=actor, payload={"i": i, "name": "علی"})
            uow.commit()


def append_sealed_events(uow_factory: UnitOfWorkFactory, n: int, policy_every: int = 5) -> None:
    """Append ``n`` events as a busy server does on PostgreSQL: each committed unsealed, then
    chained together by the sealer in one batch (checkpoints every ``policy_every`` only)."""
    engine = uow_factory.engine
    defer_sealing(engine, True)
    try:
        append_events(uow_factory, n)
    finally:
        defer_sealing(engine, False)
    configure_checkpoints(CheckpointPolicy(every=policy_every, signer=SERVER_KEY, seconds=1e9))
    try:
        assert seal_pending(engine, wait=True) == n
    finally:
        configure_checkpoints(None)


def sql(engine: Engine, *statements: str, **params: object) -> None:
    """Run statements straight against the database, as an intruder with SQL access would."""
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)


def entekhab(
    *args: str, database_url: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``entekhab`` command as its own process."""
    import os

    environment = {**os.environ, "ENTEKHAB_DATABASE_URL": database_url, "COLUMNS": "200"}
    environment.update(env or {})
    return subprocess.run(
        [ENTEKHAB, *args], capture_output=True, text=True, env=environment, timeout=600
    )


def user_token(uow_factory: UnitOfWorkFactory, username: str, role: object) -> str:
    """A signed-in session token for a new country-wide user of ``role``."""
    import pyotp

    from entekhab.service.security.accounts import add_user, sign_in
    from tests.access_support import person

    password = "a long enough passphrase 1405"
    with uow_factory() as uow:
        new = add_user(
            uow,
            username=username,
            full_name=username,
            role=role,  # type: ignore[arg-type]
            jurisdiction="country",
            national_code=person(zlib.crc32(username.encode()) % 10**8),
            password=password,
            actor="test",
        )
    code = pyotp.TOTP(new.totp_secret).now() if new.totp_secret else None
    with uow_factory() as uow:
        return sign_in(
            uow, username=username, password=password, totp_code=code, address="test"
        ).token


def events_with_code(engine: Engine, code: str) -> list[tuple[str, str]]:
    """(actor, payload) of every logged event with ``code``, in order."""
    with engine.connect() as conn:
        return [
            (str(a), str(p))
            for a, p in conn.execute(
                text("SELECT actor, payload FROM event_log WHERE code = :c ORDER BY seq"),
                {"c": code},
            )
        ]
