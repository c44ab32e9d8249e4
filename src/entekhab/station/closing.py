"""Closing a branch at the station: compare records, close at the server, signed bulletins.

Steps (each journalled, so a crash at any point resumes where it stopped — ``Station.close``
simply runs again):

1. upload the branch's ballot records in chunks of at most 5,000 and keep the server's
   comparison (``records_check``: unknown or conflicting ids, the server's count and root);
2. close at the server with the station's count and Merkle root
   (``crypto.ballot_tree.ballot_records_root``, the function the server uses too); a mismatch
   becomes a server incident, the branch still closes;
3. build each contest's ``Bulletin`` from the records (``domain.branch_count``), sign it with the
   station key and countersign it with the branch head's key, journal all of them in one commit
   (Ed25519 is deterministic and ``closed_at`` comes from the server's answer, so they are the
   same bytes on every retry), and send them; the server's receipts are kept in ``meta``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from entekhab.crypto.ballot_tree import ballot_records_root
from entekhab.crypto.signing import KeyPair
from entekhab.domain.branch_count import contest_bulletin
from entekhab.domain.error_codes.election_day import STATION_CLOSING_INCOMPLETE
from entekhab.domain.errors import EntekhabError
from entekhab.domain.results import Bulletin, SignedBulletin
from entekhab.station.journal import Journal, PendingRequest
from entekhab.station.outcomes import Closed

if TYPE_CHECKING:
    from entekhab.station.station import Station

__all__ = [
    "RECORDS_PER_REQUEST",
    "close_at_server",
    "closed_outcome",
    "compare_records",
    "journal_bulletins",
    "note_bulletin",
    "sign_bulletin",
]

RECORDS_PER_REQUEST = 5_000


def compare_records(station: Station) -> dict[str, Any]:
    """Upload the records in chunks; the server's comparison (kept in ``records_check``)."""
    records = station.journal.ballot_records()
    path = f"/api/v1/branches/{station.branch}/records"
    check: dict[str, Any] = {"sent": len(records), "matched": 0, "unknown": [], "conflicting": []}
    chunks = [
        records[i : i + RECORDS_PER_REQUEST] for i in range(0, len(records), RECORDS_PER_REQUEST)
    ] or [[]]
    for chunk in chunks:
        body = {"records": [r.as_json() for r in chunk]}
        request = station.journal.add_request("records", "POST", path, body)
        answer = station.client.send(
            request.method, request.path, request.body, idempotency_key=request.idempotency_key
        ).body
        station.journal.finish_request(request)
        check["matched"] += answer["matched"]
        check["unknown"] += answer["unknown"]
        check["conflicting"] += answer["conflicting"]
        check["server_count"] = answer["server_count"]
        check["server_merkle_root"] = answer["server_merkle_root"]
    station.journal.set_meta("records_check", check)
    return check


def close_at_server(station: Station, closed_by: str) -> None:
    """Send the close (count and root of the station's own records)."""
    count, root = ballot_records_root(station.journal.ballot_records())
    body = {"closed_by": closed_by, "ballots_cast": count, "merkle_root": root}
    path = f"/api/v1/branches/{station.branch}/close"
    station.deliver(station.journal.add_request("close", "POST", path, body))


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


def _voters_for(station: Station, contest: str) -> int:
    styles = station.definition.style_by_code
    return sum(
        n
        for style, n in station.journal.checkins_by_style().items()
        if style in styles and contest in styles[style].contests
    )


def journal_bulletins(station: Station) -> None:
    """Build, sign and journal one bulletin per contest (once; a retry reuses them)."""
    journal = station.journal
    if journal.get_meta("bulletins") is not None:
        return
    if station.head_key is None:
        raise EntekhabError(STATION_CLOSING_INCOMPLETE, {"reason": "no branch head key"})
    closing = journal.get_meta("closing")
    session = station.session or {}
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
                voters_checked_in=_voters_for(station, contest),
                merkle_root=root,
                closed_at=closing["closed_at"],
            ),
            station.station_key,
            station.head_key,
        )
        for contest in session.get("contests", [])
    ]
    with journal.transaction() as conn:
        for item in signed:
            body = item.model_dump(mode="json")
            journal.add_request("bulletin", "POST", "/api/v1/bulletins", body, conn=conn)
        journal.set_meta("bulletins", {b.bulletin.contest: None for b in signed}, conn)


def note_bulletin(
    journal: Journal,
    request: PendingRequest,
    *,
    receipt: Any = None,
    refusal: EntekhabError | None = None,
) -> None:
    """Keep the server's receipt (or refusal) of a bulletin and forget its request."""
    contest = request.payload()["bulletin"]["contest"]
    with journal.transaction() as conn:
        bulletins = journal.get_meta("bulletins") or {}
        bulletins[contest] = receipt if refusal is None else {"refused": refusal.to_dict()}
        journal.set_meta("bulletins", bulletins, conn)
        journal.finish_request(request, conn)


def closed_outcome(station: Station) -> Closed:
    journal = station.journal
    count, root = ballot_records_root(journal.ballot_records())
    return Closed(
        ballots_cast=count,
        merkle_root=root,
        closing=journal.get_meta("closing") or {},
        records_check=journal.get_meta("records_check") or {},
        bulletins=journal.get_meta("bulletins") or {},
    )
