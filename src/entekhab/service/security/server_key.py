"""The server's Ed25519 key: it signs event-log checkpoints (``service.audit.events``)."""

from __future__ import annotations

from pathlib import Path

from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.service.audit.events import CheckpointPolicy, configure_checkpoints

__all__ = ["read_server_key", "sign_checkpoints_with"]


def read_server_key(path: str | Path) -> KeyPair:
    """The key pair whose 32-byte seed is written in hex in ``path``."""
    return keypair_from_seed(bytes.fromhex(Path(path).read_text(encoding="ascii").strip()))


def sign_checkpoints_with(key_file: str | None, every: int) -> KeyPair | None:
    """Sign a checkpoint every ``every`` entries with the key in ``key_file`` (if one is set)."""
    if not key_file:
        return None
    key = read_server_key(key_file)
    configure_checkpoints(CheckpointPolicy(every=every, signer=key))
    return key
