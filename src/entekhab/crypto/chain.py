"""The hash chain of the event log (modelled on NIST SP 1500-101 event logs).

Each entry's hash is SHA-256 over the canonical JSON of its sequence number, time, actor, event
code, payload digest and the previous entry's hash. The first entry's previous hash is
``GENESIS_HASH``. Anyone holding the entries can recompute the chain; any edit, deletion,
insertion or reordering breaks a link.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import UTC, datetime

from entekhab.domain.canonical import canonical_json

__all__ = [
    "GENESIS_HASH",
    "chain_time",
    "checkpoint_message",
    "entry_hash",
    "entry_hash_fast",
]

GENESIS_HASH = "0" * 64


def chain_time(moment: datetime) -> str:
    """The fixed text form of a time in the chain: UTC, microseconds, ``Z``."""
    if moment.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    seq: int, recorded_at: str, actor: str, code: str, payload_digest: str, prev_hash: str
) -> str:
    """The hash of one entry (the reference definition)."""
    return hashlib.sha256(
        canonical_json(
            {
                "seq": seq,
                "recorded_at": recorded_at,
                "actor": actor,
                "code": code,
                "payload_digest": payload_digest,
                "prev_hash": prev_hash,
            }
        )
    ).hexdigest()


_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _plain(text: str) -> bool:
    """ASCII without quotes, backslashes or control characters: JSON-quoting it adds only the
    two quotes, and NFC leaves it unchanged."""
    return text.isascii() and text.isprintable() and '"' not in text and "\\" not in text


def entry_hash_fast(
    seq: int, recorded_at: str, actor: str, code: str, payload_digest: str, prev_hash: str
) -> str:
    """``entry_hash`` without the generic canonicalizer, for verifying millions of entries.

    Equal to ``entry_hash`` for every entry (a property test holds them together): keys in sorted
    order, no spaces, strings NFC. When every field is plain ASCII (times, digests, and nearly
    every actor and code) one check of all of them together replaces per-field quoting; anything
    else is JSON-quoted, so a tampered value cannot smuggle structure in.
    """
    if _plain(actor + code + payload_digest + prev_hash + recorded_at):
        text = (
            f'{{"actor":"{actor}","code":"{code}","payload_digest":"{payload_digest}",'
            f'"prev_hash":"{prev_hash}","recorded_at":"{recorded_at}","seq":{int(seq)}}}'
        )
    else:
        text = (
            '{"actor":'
            + _dumps(unicodedata.normalize("NFC", actor))
            + ',"code":'
            + _dumps(unicodedata.normalize("NFC", code))
            + ',"payload_digest":'
            + _dumps(unicodedata.normalize("NFC", payload_digest))
            + ',"prev_hash":'
            + _dumps(unicodedata.normalize("NFC", prev_hash))
            + ',"recorded_at":'
            + _dumps(unicodedata.normalize("NFC", recorded_at))
            + ',"seq":'
            + str(int(seq))
            + "}"
        )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checkpoint_message(seq: int, chain_hash: str) -> bytes:
    """The bytes the server signs for a checkpoint of the chain at ``seq``."""
    return canonical_json({"kind": "entekhab-event-log-checkpoint", "seq": seq, "hash": chain_hash})
