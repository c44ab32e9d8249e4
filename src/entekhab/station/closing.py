"""Closing a branch at the station: the one moment its ballots leave it.

Steps (each journalled, so a crash at any point resumes where it stopped — ``Station.close``
simply runs again):

1. fix the closing moment and build each contest's ``Bulletin`` from the station's own counted
   records (``domain.branch_count``), with ``voters_checked_in`` = the check-ins headquarters
   accepted (online, and provisional ones it did not hold: turnout counted once); sign it with
   the station key and countersign it with the branch head's key; journal all of them in one
   commit (``meta["signed_bulletins"]``) and keep each as a file too (``bulletin_files``), so
   the branch prints its wall sheet from its own data, offline;
2. journal the closing request — every counted record in ballot-id order, the ballots held for
   the board under their incidents, and the signed bulletins — and send it. Headquarters checks
   and stores it all in one transaction (docs/ballot-secrecy.md); its answer is kept in
   ``meta["closing"]``.

Ed25519 is deterministic and the closing moment is journalled, so every retry sends the very
same bytes.
"""

from __future__ import annotations

import json
import os
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from entekhab.crypto.ballot_tree import ballot_records_root
from entekhab.crypto.signing import KeyPair
from entekhab.domain.branch_count import contest_bulletin
from entekhab.domain.error_codes.election_day import STATION_CLOSING_INCOMPLETE
from entekhab.domain.errors import EntekhabError
from entekhab.domain.results import Bulletin, SignedBulletin
from entekhab.domain.station_protocol import api_path, branch_route
from entekhab.station.journal import PendingRequest
from entekhab.station.outcomes import Closed

if TYPE_CHECKING:
    from entekhab.station.station import Station

__all__ = [
    "bulletin_files",
    "closed_outcome",
    "closing_request",
    "sign_bulletin",
    "signed_bulletins",
    "voters_checked_in",
]


def sign_bulletin(bulletin: Bulletin, station_key: KeyPair, head_key: KeyPair) -> SignedBulletin:
    """The bulletin with the station's signature and the branch head's countersignature."""
    message = bulletin.canonical()
    return SignedBulletin(
        bulletin=bulletin,
        station_key_id=station_key.key_id,
        station_signature=station_key.sign(message),
        head_key_id=head_key.key_id,
        head_signature=head_key.sign(message),
    )


def voters_checked_in(station: Station, contest: str) -> int:
    """Check-ins of voters whose ballot style holds ``contest``, less the provisional ones
    headquarters held (another participation, or not eligible): those are reported beside the
    turnout, never inside it."""
    styles = station.definition.style_by_code
    by_style = station.journal.checkins_by_style()
    held = int((station.journal.get_meta("provisional") or {}).get("held", 0))
    session_style = (station.session or {}).get("ballot_style")
    total = 0
    for style, n in by_style.items():
        if style in styles and contest in styles[style].contests:
            total += n - (held if style == session_style else 0)
    return max(total, 0)


def signed_bulletins(station: Station) -> list[SignedBulletin]:
    """The branch's signed bulletins: made once (journalled with the closing moment), then
    read back."""
    journal = station.journal
    kept = journal.get_meta("signed_bulletins")
    if kept is not None:
        return [SignedBulletin.model_validate(b) for b in kept]
    if station.head_key is None:
        raise EntekhabError(STATION_CLOSING_INCOMPLETE, {"reason": "no branch head key"})
    closed_at = station.clock().astimezone(UTC).replace(microsecond=0).isoformat()
    records = journal.ballot_records()
    _count, root = ballot_records_root(records)
    signed = [
        sign_bulletin(
            contest_bulletin(
                station.definition,
                station.definition_hash,
                branch=station.branch,
                contest=contest,
                records=records,
                voters_checked_in=voters_checked_in(station, contest),
                merkle_root=root,
                closed_at=closed_at,
            ),
            station.station_key,
            station.head_key,
        )
        for contest in (station.session or {}).get("contests", [])
    ]
    journal.set_meta("signed_bulletins", [s.model_dump(mode="json") for s in signed])
    return signed


def bulletin_files(station: Station, signed: list[SignedBulletin]) -> list[Path]:
    """Each signed bulletin as a JSON file in the station's bulletin folder (fsynced, written
    atomically); the paths."""
    folder = station.bulletin_dir
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in signed:
        b = item.bulletin
        path = folder / f"bulletin-{b.election_id}-{b.branch}-{b.contest}.json"
        data = json.dumps(item.model_dump(mode="json"), ensure_ascii=False, indent=2).encode()
        if not path.exists() or path.read_bytes() != data:
            _write_durably(path, data)
        paths.append(path)
    return paths


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def closing_request(station: Station, closed_by: str) -> PendingRequest:
    """The journalled closing request (the one left by a crash, or a new one)."""
    journal = station.journal
    pending = journal.pending("close")
    if pending:
        return pending[0]
    signed = signed_bulletins(station)
    bulletin_files(station, signed)
    body: dict[str, Any] = {
        "closed_by": closed_by,
        "records": [r.as_json() for r in journal.ballot_records()],
        "held": [
            {"incident_id": incident_id, "record": record.as_json()}
            for incident_id, record in journal.held_ballots()
        ],
        "bulletins": [s.model_dump(mode="json") for s in signed],
    }
    path = api_path(branch_route("close"), branch=station.branch)
    return journal.add_request("close", "POST", path, body)


def closed_outcome(station: Station) -> Closed:
    journal = station.journal
    count, root = ballot_records_root(journal.ballot_records())
    signed = [SignedBulletin.model_validate(b) for b in journal.get_meta("signed_bulletins") or []]
    provisional = journal.get_meta("provisional") or {}
    return Closed(
        ballots_cast=count,
        merkle_root=root,
        closing=journal.get_meta("closing") or {},
        bulletins={s.bulletin.contest: s.bulletin.digest() for s in signed},
        held=int(provisional.get("held", 0)),
        voters_checked_in=signed[0].bulletin.voters_checked_in if signed else 0,
    )
