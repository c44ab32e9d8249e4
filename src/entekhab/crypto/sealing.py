"""Sealing a stored value under a secret the server does not keep (idempotency responses).

The key is derived from a high-entropy secret held by the caller (a station's idempotency key),
so whoever reads the database without that secret learns nothing from the sealed bytes.
"""

from __future__ import annotations

import hashlib
import hmac

from nacl.secret import SecretBox

__all__ = ["derive", "mac_hex", "open_sealed", "seal"]


def derive(secret: bytes, purpose: str) -> bytes:
    """A 32-byte key for one purpose, derived from ``secret``."""
    return hashlib.sha256(b"entekhab/" + purpose.encode() + b"\x00" + secret).digest()


def mac_hex(secret: bytes, data: bytes) -> str:
    """HMAC-SHA-256 of ``data`` under a key derived from ``secret``."""
    return hmac.new(derive(secret, "mac"), data, hashlib.sha256).hexdigest()


def seal(secret: bytes, plaintext: bytes, nonce: bytes) -> str:
    """Hex XSalsa20-Poly1305 box of ``plaintext``; ``nonce`` is 24 random bytes."""
    return SecretBox(derive(secret, "seal")).encrypt(plaintext, nonce).hex()


def open_sealed(secret: bytes, sealed_hex: str) -> bytes:
    """The plaintext of ``seal``; raises ``nacl.exceptions.CryptoError`` on a wrong secret."""
    return SecretBox(derive(secret, "seal")).decrypt(bytes.fromhex(sealed_hex))
