"""Export the event log as NIST SP 1500-101 (Election Event Logging Common Data Format) JSON.

The document is one ``EventLogging.ElectionEventLog`` holding one ``EventLogging.Device`` — the
headquarters server, which keeps the chain — whose ``Event`` list is every entry in sequence
order. Field mapping (docs/audit.md repeats it for auditors):

=====================  ======================================================================
NIST 1500-101          Entekhab
=====================  ======================================================================
Event.Sequence         ``seq`` (as a string)
Event.TimeStamp        ``recorded_at`` (UTC, microseconds, exactly the hashed text)
Event.Id               event ``code`` from the catalogue (``entekhab docs events``)
Event.Type             the catalogue area of the code (foundation, election_day, counting ...)
Event.Description      the catalogue's English description (Persian is in Details)
Event.Disposition      ``failure`` for refusals (codes ending _FAILED, _REFUSED, _REJECTED,
                       _DENIED, _LOCKED), else ``success``
Event.UserId           ``actor`` (``user:NAME``, ``station:KEY``, ``address:IP``, ``cli`` ...)
Event.Hash             the entry's chain hash
Event.Details          JSON text: payload, payload_digest, prev_hash, description_fa
Device.HashType        ``sha-256``
Device.Details         JSON text: the chain rule, genesis hash, head and signed checkpoints
=====================  ======================================================================

With ``Details`` an auditor can recompute every chain hash and check every checkpoint from the
export alone (``verify_export``). Written in a stream, so millions of entries need little memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine

from entekhab.crypto.chain import GENESIS_HASH, chain_time
from entekhab.domain.event_codes import EventSpec, all_events
from entekhab.service.audit.chain import (
    ChainReport,
    CheckpointRow,
    EventRow,
    consistent_view,
    iter_event_rows,
    read_anchors,
    verify_rows,
)

__all__ = [
    "CHAIN_RULE",
    "ExportSummary",
    "disposition_of",
    "export_event_log",
    "verify_export",
]

CHAIN_RULE = (
    "hash = SHA-256(canonical JSON of {actor, code, payload_digest, prev_hash, recorded_at, seq}:"
    " keys sorted, no spaces, UTF-8, strings NFC); payload_digest = SHA-256(payload text);"
    " the first entry's prev_hash is the genesis hash; a checkpoint is an Ed25519 signature over"
    ' canonical JSON {"hash", "kind": "entekhab-event-log-checkpoint", "seq"}'
)
_FAILURE_SUFFIXES = ("_FAILED", "_REFUSED", "_REJECTED", "_DENIED", "_LOCKED")
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class ExportSummary:
    entries: int
    last_seq: int
    last_hash: str
    checkpoints: int


def disposition_of(code: str) -> str:
    """NIST ``EventDispositionType`` of an event code."""
    return "failure" if code.endswith(_FAILURE_SUFFIXES) else "success"


def _catalogue() -> dict[str, tuple[str, EventSpec]]:
    return {spec.code: (area, spec) for area, spec in all_events()}


def _event(row: EventRow, catalogue: dict[str, tuple[str, EventSpec]]) -> dict[str, Any]:
    seq, recorded_at, actor, code, payload, payload_digest, prev_hash, entry_hash = row
    area, spec = catalogue.get(code, ("unknown", EventSpec(code, code, code)))
    details = {
        "payload": payload,
        "payload_digest": payload_digest,
        "prev_hash": prev_hash,
        "description_fa": spec.fa,
    }
    return {
        "@type": "EventLogging.Event",
        "Description": spec.en,
        "Details": _dumps(details),
        "Disposition": disposition_of(code),
        "Hash": entry_hash,
        "Id": code,
        "Sequence": str(seq),
        "TimeStamp": recorded_at,
        "Type": area,
        "UserId": actor,
    }


def _device_details(heads: list[tuple[int, str]], checkpoints: list[CheckpointRow]) -> str:
    return _dumps(
        {
            "chain_rule": CHAIN_RULE,
            "genesis_hash": GENESIS_HASH,
            "head": [{"seq": s, "hash": h} for s, h in heads],
            "checkpoints": [
                {"seq": s, "hash": h, "public_key": k, "signature": sig}
                for s, h, k, sig in checkpoints
            ],
        }
    )


def export_event_log(
    engine: Engine,
    out: IO[str],
    *,
    generated_at: datetime,
    server_id: str,
    version: str,
    election_id: str | None = None,
) -> ExportSummary:
    """Write the whole log behind ``engine`` to ``out`` as NIST SP 1500-101 JSON."""
    with consistent_view(engine) as (view, snapshot):  # head and rows as of one moment
        return _export(engine, view, snapshot, out, generated_at, server_id, version, election_id)


def _export(
    engine: Engine,
    view: Connection,
    snapshot: str | None,
    out: IO[str],
    generated_at: datetime,
    server_id: str,
    version: str,
    election_id: str | None,
) -> ExportSummary:
    heads, checkpoints = read_anchors(view)
    catalogue = _catalogue()
    header: dict[str, Any] = {
        "@type": "EventLogging.ElectionEventLog",
        "Details": "Entekhab headquarters event log: a hash chain (see Device.Details).",
        "GeneratedTime": chain_time(generated_at),
    }
    if election_id:
        header["ElectionId"] = election_id
    device = {
        "@type": "EventLogging.Device",
        "Details": _device_details(heads, checkpoints),
        "HashType": "sha-256",
        "Id": server_id,
        "Manufacturer": "Entekhab project (AGPL-3.0-or-later)",
        "Model": "entekhab-server",
        "Type": "ems",
        "Version": version,
    }
    head_text = _dumps(header)[:-1]
    device_text = _dumps(device)[:-1]
    out.write(head_text + ',"Device":[' + device_text + ',"Event":[')
    entries, last_seq, last_hash = 0, 0, GENESIS_HASH
    for row in iter_event_rows(engine, snapshot=snapshot):
        out.write(("," if entries else "\n") + _dumps(_event(row, catalogue)) + "\n")
        entries, last_seq, last_hash = entries + 1, row[0], row[7]
    out.write("]}]}\n")
    return ExportSummary(entries, last_seq, last_hash, len(checkpoints))


def _rows_of(document: dict[str, Any]) -> Iterator[EventRow]:
    for event in document["Device"][0].get("Event", []):
        details = json.loads(event["Details"])
        yield (
            int(event["Sequence"]),
            event["TimeStamp"],
            event["UserId"],
            event["Id"],
            details["payload"],
            details["payload_digest"],
            details["prev_hash"],
            event["Hash"],
        )


def verify_export(path: Path, *, trusted_key: str | None = None) -> ChainReport:
    """Recompute the chain of an exported file (the auditor's check, needing no database)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    device = json.loads(document["Device"][0]["Details"])
    heads = [(int(h["seq"]), str(h["hash"])) for h in device["head"]]
    checkpoints = [
        (int(c["seq"]), str(c["hash"]), str(c["public_key"]), str(c["signature"]))
        for c in device["checkpoints"]
    ]
    return verify_rows(_rows_of(document), heads, checkpoints, trusted_key=trusted_key)
