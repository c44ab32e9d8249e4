"""Canonical JSON: the one byte form that Entekhab hashes and signs.

Sorted keys, no insignificant white space, UTF-8, strings in Unicode NFC. Two documents with the
same content (whether read from YAML or JSON) have the same canonical bytes and so the same hash.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date, datetime
from fractions import Fraction
from typing import Any

__all__ = ["canonical_json", "sha256_hex"]


def _normalize(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_normalize(str(k)): _normalize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalize(v) for v in value]
    if isinstance(value, bool | int) or value is None:
        return value
    if isinstance(value, float):
        # Floats have no place in election data; refuse rather than hash an approximation.
        raise TypeError("floats are not allowed in canonical JSON; use int or Fraction")
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in canonical JSON")


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON-like value."""
    return json.dumps(
        _normalize(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` as lowercase hex."""
    return hashlib.sha256(data).hexdigest()
