"""Ed25519 signatures (PyNaCl) for stations, branch heads and checkpoints.

Keys travel as lowercase hex; a key id is the first 16 bytes (32 hex) of SHA-256 of the public key.
Station HTTP requests are signed over ``request_message`` (method, path, body digest, timestamp,
nonce), so a body cannot be swapped and a request cannot be replayed elsewhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

__all__ = [
    "KeyPair",
    "generate_keypair",
    "key_id",
    "keypair_from_seed",
    "request_message",
    "sign",
    "verify",
]


@dataclass(frozen=True)
class KeyPair:
    """An Ed25519 key pair; ``secret_hex`` is the 32-byte seed."""

    secret_hex: str
    public_hex: str

    @property
    def key_id(self) -> str:
        return key_id(self.public_hex)

    def sign(self, message: bytes) -> str:
        return sign(self.secret_hex, message)


def key_id(public_hex: str) -> str:
    """The short stable id of a public key."""
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:32]


def generate_keypair() -> KeyPair:
    """A fresh key pair from the operating system's random source."""
    sk = SigningKey.generate()
    return KeyPair(bytes(sk).hex(), bytes(sk.verify_key).hex())


def keypair_from_seed(seed: bytes) -> KeyPair:
    """A deterministic key pair (tests, simulations): ``seed`` is 32 bytes."""
    sk = SigningKey(seed)
    return KeyPair(bytes(sk).hex(), bytes(sk.verify_key).hex())


def sign(secret_hex: str, message: bytes) -> str:
    """Hex Ed25519 signature of ``message``."""
    return SigningKey(bytes.fromhex(secret_hex)).sign(message).signature.hex()


def verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    """Whether ``signature_hex`` is a valid signature of ``message`` by ``public_hex``.

    Malformed keys or signatures are simply not valid; callers raise their own coded error.
    """
    try:
        VerifyKey(bytes.fromhex(public_hex)).verify(message, bytes.fromhex(signature_hex))
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def request_message(method: str, path: str, body: bytes, timestamp: str, nonce: str) -> bytes:
    """The bytes a station signs for one HTTP request."""
    body_digest = hashlib.sha256(body).hexdigest()
    return "\n".join([method.upper(), path, body_digest, timestamp, nonce]).encode("utf-8")
