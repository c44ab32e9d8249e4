"""Signing in from the command line, as the API does: a command that acts in a person's name
(a board's step, a grant) first signs that person in — password, and the TOTP code for
headquarters and the boards, under the same lockout and throttle — and signs out at the end."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from entekhab.domain.access import Principal
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.security.accounts import sign_in, sign_out

__all__ = ["PASSWORD_STDIN", "TOTP", "USER", "read_password", "signed_in"]

USER = typer.Option(..., "--user", envvar="ENTEKHAB_USER", help="Your username.")
PASSWORD_STDIN = typer.Option(
    False, "--password-stdin", help="Read the password(s) from standard input, one per line."
)
TOTP = typer.Option(None, "--totp", help="Your six-digit TOTP code (headquarters and the boards).")


def read_password(from_stdin: bool, prompt: str = "Password") -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt(prompt, hide_input=True))


@contextmanager
def signed_in(
    factory: UnitOfWorkFactory, username: str, password_stdin: bool, totp: str | None
) -> Iterator[Principal]:
    """Sign ``username`` in for one command (a session of its own, revoked at the end)."""
    password = read_password(password_stdin)
    with factory() as uow:
        done = sign_in(
            uow,
            username=username,
            password=password,
            totp_code=totp,
            address=f"cli:{getpass.getuser()}",
        )
    try:
        yield done.principal
    finally:
        with factory() as uow:
            sign_out(uow, done.token, actor=done.principal.actor)
