"""Headquarters' signature of an election definition package.

What is signed is the election id and the SHA-256 of the definition's canonical JSON (which
covers the calendar, the contests, the candidates, the branches: everything), behind a domain
tag so that the signature cannot be taken for a bulletin's or a checkpoint's. A station that
trusts headquarters' public key (given to it at enrolment) checks, before it opens, that the
definition it holds has the hash headquarters signed.
"""

from __future__ import annotations

from entekhab.crypto.signing import KeyPair, verify

__all__ = ["definition_message", "sign_definition", "verify_definition"]

_TAG = "entekhab/definition/v1"


def definition_message(election_id: str, definition_hash: str) -> bytes:
    """The bytes headquarters signs for a definition."""
    return "\n".join([_TAG, election_id, definition_hash]).encode("utf-8")


def sign_definition(key: KeyPair, election_id: str, definition_hash: str) -> str:
    """Hex Ed25519 signature of the definition by ``key``."""
    return key.sign(definition_message(election_id, definition_hash))


def verify_definition(
    trusted_public_hex: str,
    election_id: str,
    definition_hash: str,
    *,
    public_hex: str,
    signature_hex: str,
) -> bool:
    """Whether the signature is headquarters' (the trusted key) over this definition."""
    if public_hex != trusted_public_hex:
        return False
    message = definition_message(election_id, definition_hash)
    return verify(trusted_public_hex, message, signature_hex)
