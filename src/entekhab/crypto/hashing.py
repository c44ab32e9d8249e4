"""Hashing helpers (canonical JSON lives in the domain so rules can hash too)."""

from entekhab.domain.canonical import canonical_json, sha256_hex

__all__ = ["canonical_json", "digest_of", "sha256_hex"]


def digest_of(value: object) -> str:
    """SHA-256 hex of the canonical JSON of ``value``."""
    return sha256_hex(canonical_json(value))
