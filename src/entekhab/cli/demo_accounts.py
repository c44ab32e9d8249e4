"""The demo's accounts for a browser (``entekhab demo --serve``): an auditor (password only), a
headquarters admin and the executive board of the election's province (password, then the TOTP
code), so that a newcomer can sign in as each kind of official the pages serve.

Their password and TOTP secrets are written to ``<var>/demo-accounts.txt`` (readable by its owner
only) and the accounts are printed: they belong to this machine's demo database and nothing
else. A real election's accounts are made with ``entekhab users`` (two admins for board and
headquarters roles), their secrets shown once to their holder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from entekhab.domain.access import COUNTRY, Role
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.national_code import check_digit
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.security.accounts import add_user

__all__ = ["DEMO_PASSWORD", "DemoAccount", "make_demo_accounts"]

DEMO_PASSWORD = "entekhab-demo-1405"
ACCOUNTS_FILE = "demo-accounts.txt"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    jurisdiction: str
    totp_secret: str | None
    """None for a role without a second factor (the auditor)."""


def _accounts(definition: ElectionDefinition) -> list[tuple[str, str, Role, str]]:
    province = next(d.code for d in definition.divisions if d.parent is None)
    return [
        ("demo-auditor", "Demo auditor", Role.AUDITOR, COUNTRY),
        ("demo-hq", "Demo headquarters admin", Role.HQ_ADMIN, COUNTRY),
        ("demo-board", "Demo executive board", Role.EXECUTIVE_BOARD, province),
    ]


def make_demo_accounts(
    uow: UnitOfWorkFactory, definition: ElectionDefinition, var: Path
) -> tuple[list[DemoAccount], Path]:
    """Create the demo's accounts (each its own made-up person: separation of duties holds) and
    write their secrets to ``var/demo-accounts.txt``; the accounts and that file."""
    made = []
    with uow() as u:
        for n, (username, full_name, role, jurisdiction) in enumerate(_accounts(definition), 1):
            base = f"{n:09d}"
            new = add_user(
                u,
                username=username,
                full_name=full_name,
                role=role,
                jurisdiction=jurisdiction,
                national_code=f"{base}{check_digit(base)}",
                password=DEMO_PASSWORD,
                actor="hq-demo",
            )
            made.append(DemoAccount(username, role, jurisdiction, new.totp_secret))
    path = var / ACCOUNTS_FILE
    lines = [
        "# Entekhab demo accounts: this machine's demo only (entekhab demo --serve).",
        f"# Password of every account: {DEMO_PASSWORD}",
        "# TOTP code: load the secret into an authenticator app, or run",
        "#   .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\"",
    ]
    for a in made:
        lines.append(
            f"{a.username}\t{a.role.value}\t{a.jurisdiction}\t"
            + (f"TOTP secret {a.totp_secret}" if a.totp_secret else "no second factor")
        )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    path.chmod(0o600)  # (a file left from an earlier run keeps its mode otherwise)
    return made, path
