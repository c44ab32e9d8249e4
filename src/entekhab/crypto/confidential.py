"""Sealing confidential records: libsodium's secretbox (XSalsa20-Poly1305) through PyNaCl.

Keys come from a ``KeyProvider``. ``StaticKeyProvider`` holds them in memory, read from settings
(``ENTEKHAB_CONFIDENTIAL_KEY``, plus ``ENTEKHAB_CONFIDENTIAL_OLD_KEYS`` for records sealed before
a rotation). An HSM or KMS plugs in by implementing the same two methods with envelope
encryption: each key id names a 32-byte data key stored wrapped by the HSM's master key, and
``key(key_id)`` asks the HSM to unwrap it (docs/security.md). Every sealed value records the id of
the key that sealed it, so old records stay readable after the current key changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

__all__ = [
    "KEY_BYTES",
    "NONCE_BYTES",
    "CryptoError",
    "KeyProvider",
    "StaticKeyProvider",
    "UnknownKey",
    "key_id_of",
    "open_sealed",
    "seal",
]

KEY_BYTES = SecretBox.KEY_SIZE
NONCE_BYTES = SecretBox.NONCE_SIZE


class UnknownKey(LookupError):
    """The provider holds no key with this id."""


class KeyProvider(Protocol):
    """Where the keys of confidential records come from (settings, HSM, KMS)."""

    def current_key_id(self) -> str:
        """The id of the key new records are sealed with."""
        ...

    def key(self, key_id: str) -> bytes:
        """The 32-byte key ``key_id`` (raises ``UnknownKey``)."""
        ...


def key_id_of(key: bytes) -> str:
    """A key's public name: 32 hex of a domain-separated SHA-256 (reveals nothing of the key)."""
    return hashlib.sha256(b"entekhab/confidential-key-id\x00" + key).hexdigest()[:32]


class StaticKeyProvider:
    """Keys held in memory: the current one and any older ones still needed to open records."""

    def __init__(self, current: bytes, older: Iterable[bytes] = ()) -> None:
        keys = [current, *older]
        for key in keys:
            if len(key) != KEY_BYTES:
                raise ValueError(f"a confidential-record key is {KEY_BYTES} bytes")
        self._current = key_id_of(current)
        self._keys = {key_id_of(key): key for key in keys}

    @classmethod
    def from_hex(cls, current_hex: str, older_hex: Iterable[str] = ()) -> StaticKeyProvider:
        return cls(bytes.fromhex(current_hex), [bytes.fromhex(h) for h in older_hex])

    def current_key_id(self) -> str:
        return self._current

    def key(self, key_id: str) -> bytes:
        try:
            return self._keys[key_id]
        except KeyError:
            raise UnknownKey(key_id) from None


def seal(provider: KeyProvider, plaintext: bytes, nonce: bytes) -> tuple[str, bytes]:
    """(key id, nonce + ciphertext + tag) of ``plaintext``; ``nonce`` is 24 fresh random bytes."""
    key_id = provider.current_key_id()
    sealed = SecretBox(provider.key(key_id)).encrypt(plaintext, nonce)
    return key_id, bytes(sealed)


def open_sealed(provider: KeyProvider, key_id: str, sealed: bytes) -> bytes:
    """The plaintext of ``seal``; ``UnknownKey`` or ``nacl.exceptions.CryptoError`` if it does
    not open (wrong key, or the bytes were changed)."""
    return bytes(SecretBox(provider.key(key_id)).decrypt(sealed))
