"""Merkle trees over ballot records (RFC 6962 hashing: leaves and nodes domain-separated).

Leaves are given in a fixed order (ballot records sorted by ballot id), so anyone holding the
published records can recompute a branch's root; an inclusion proof shows one record is in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = ["EMPTY_ROOT", "inclusion_proof", "leaf_hash", "merkle_root", "verify_inclusion"]

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _root(hashes: Sequence[bytes]) -> bytes:
    n = len(hashes)
    if n == 1:
        return hashes[0]
    k = 1 << ((n - 1).bit_length() - 1)  # largest power of two below n
    return _node(_root(hashes[:k]), _root(hashes[k:]))


def merkle_root(leaves: Sequence[bytes]) -> str:
    """Hex root over the leaf data (not yet hashed); the empty tree has SHA-256("")."""
    if not leaves:
        return EMPTY_ROOT
    level = [leaf_hash(x) for x in leaves]
    return _root(level).hex()


def _path(index: int, hashes: Sequence[bytes]) -> list[bytes]:
    n = len(hashes)
    if n == 1:
        return []
    k = 1 << ((n - 1).bit_length() - 1)
    if index < k:
        return [*_path(index, hashes[:k]), _root(hashes[k:])]
    return [*_path(index - k, hashes[k:]), _root(hashes[:k])]


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[str]:
    """Audit path (hex) for leaf ``index``, as in RFC 6962 section 2.1.1."""
    if not 0 <= index < len(leaves):
        raise IndexError("leaf index out of range")
    return [h.hex() for h in _path(index, [leaf_hash(x) for x in leaves])]


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[str], root: str) -> bool:
    """Check an RFC 6962 audit path (RFC 9162 section 2.1.3.2 algorithm)."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf_hash(leaf)
    for p_hex in proof:
        p = bytes.fromhex(p_hex)
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r.hex() == root
