"""The server's Ed25519 key: it signs event-log checkpoints (``service.audit.events``).

Checkpoints are always signed: the key lives in ``ENTEKHAB_SERVER_KEY_FILE`` or, by default,
``<var_dir>/server.key``, which ``entekhab serve`` and ``entekhab demo`` create on first start
(``ensure_server_key``; 32 random bytes in hex, readable by its owner only). Keep it off the
database host: whoever holds it can sign a rewritten chain.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.service.audit.events import CheckpointPolicy, configure_checkpoints

__all__ = [
    "configured_key_file",
    "default_key_file",
    "derived_secret",
    "ensure_server_key",
    "read_server_key",
    "sign_checkpoints_with",
]


def default_key_file(var_dir: str | Path) -> Path:
    """Where the server key lives when ``ENTEKHAB_SERVER_KEY_FILE`` is not set."""
    return Path(var_dir) / "server.key"


def configured_key_file(key_file: str | None, var_dir: str | Path) -> str | None:
    """The key file in use: the one configured, else the default one if it exists."""
    if key_file:
        return key_file
    default = default_key_file(var_dir)
    return str(default) if default.exists() else None


def ensure_server_key(path: str | Path) -> KeyPair:
    """The server key in ``path``, created first if there is none (owner-only permissions;
    two processes starting together agree on one key: the file is created exclusively)."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_bytes(32).hex() + "\n")
                out.flush()
                os.fsync(out.fileno())
    return read_server_key(path)


def read_server_key(path: str | Path) -> KeyPair:
    """The key pair whose 32-byte seed is written in hex in ``path``."""
    return keypair_from_seed(_seed(path))


def _seed(path: str | Path) -> bytes:
    """The 32-byte seed written in hex in ``path``."""
    return bytes.fromhex(Path(path).read_text(encoding="ascii").strip())


def sign_checkpoints_with(key_file: str | None, every: int) -> KeyPair | None:
    """Sign a checkpoint every ``every`` entries with the key in ``key_file`` (if one is set)."""
    if not key_file:
        return None
    key = read_server_key(key_file)
    configure_checkpoints(CheckpointPolicy(every=every, signer=key))
    return key


def derived_secret(key_file: str | None, purpose: str) -> bytes | None:
    """A 32-byte secret for ``purpose`` derived from the server key (HMAC-SHA256 of its seed),
    so that every server process on the host agrees on it without another setting; ``None``
    when there is no key file. The seed itself never leaves this module."""
    if not key_file:
        return None
    return hmac.new(
        _seed(key_file), b"entekhab/" + purpose.encode("ascii"), hashlib.sha256
    ).digest()
