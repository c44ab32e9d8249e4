"""``entekhab station enrol|revoke|keygen``: station keys, operator-run at HQ."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from entekhab.cli._common import DB_OPTION, console
from entekhab.cli._common import uow_factory as _uow
from entekhab.crypto.signing import generate_keypair
from entekhab.service.election_day.stations import enrol_station, revoke_station, rotate_station

__all__ = ["register"]

_DB = DB_OPTION


def enrol(
    election: str = typer.Option(..., help="Election id."),
    branch: str = typer.Option(..., help="Branch code."),
    public_key: str = typer.Option(..., "--public-key", help="Station public key (64 hex)."),
    enrolled_by: str = typer.Option("hq-operator", help="Who enrols it (for the record)."),
    database_url: str = _DB,
) -> None:
    """Enrol a station's Ed25519 public key for one branch; prints its key id."""
    info = enrol_station(
        _uow(database_url),
        election_id=election,
        branch=branch,
        public_key_hex=public_key,
        enrolled_by=enrolled_by,
        now=datetime.now(UTC),
    )
    console.print(info.key_id)


def revoke(
    key_id: str = typer.Option(..., "--key-id", help="Key id to revoke."),
    by: str = typer.Option("hq-operator", "--by", help="Who revokes it (for the record)."),
    database_url: str = _DB,
) -> None:
    """Revoke a station key."""
    info = revoke_station(_uow(database_url), key_id, now=datetime.now(UTC), revoked_by=by)
    console.print(f"revoked {info.key_id} at {info.revoked_at}")


def rotate(
    key_id: str = typer.Option(..., "--key-id", help="Key id to revoke."),
    public_key: str = typer.Option(..., "--public-key", help="Replacement public key (64 hex)."),
    by: str = typer.Option("hq-operator", "--by", help="Who replaces it (for the record)."),
    database_url: str = _DB,
) -> None:
    """Replace a station's key: revoke the old one and enrol the new one for the same branch."""
    info = rotate_station(
        _uow(database_url),
        key_id,
        new_public_key_hex=public_key,
        rotated_by=by,
        now=datetime.now(UTC),
    )
    console.print(info.key_id)


def keygen(out: Path = typer.Option(..., help="File for the secret key (hex, mode 600).")) -> None:
    """Make a station key pair; writes the secret, prints the public key."""
    kp = generate_keypair()
    out.write_text(kp.secret_hex + "\n")
    out.chmod(0o600)
    console.print(kp.public_hex)


def register(app: typer.Typer) -> None:
    app.command("enrol")(enrol)
    app.command("revoke")(revoke)
    app.command("rotate")(rotate)
    app.command("keygen")(keygen)
