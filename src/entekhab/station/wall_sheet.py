"""The branch's wall sheet, printed by the station from its own data, offline (issue 10, item 4).

At closing the station signs one bulletin per contest and keeps each in its journal
(``meta["signed_bulletins"]``) and as a JSON file (``station.closing.bulletin_files``). From those
alone — no server, no database — it renders the sheet observers read on the branch's wall: the
figures, the bulletin's SHA-256 digest, the Merkle root of the ballot records, both key ids and
the QR code (``web.sheets.render_bulletin_sheet``, ``web.qr``), as HTML and PDF. The digest on the
sheet is the digest headquarters stores for the bulletin it counted, so an observer can check
one against the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from entekhab.domain.error_codes.election_day import STATION_CLOSING_INCOMPLETE
from entekhab.domain.errors import EntekhabError
from entekhab.station.closing import bulletin_files, signed_bulletins
from entekhab.web.sheets import html_to_pdf, render_bulletin_sheet

if TYPE_CHECKING:
    from entekhab.station.station import Station

__all__ = ["print_wall_sheets"]


def print_wall_sheets(station: Station, *, pdf: bool = True) -> list[Path]:
    """Write each contest's wall sheet (HTML, and PDF unless ``pdf`` is False) beside the
    bulletin files; the paths. Needs the bulletins signed (the branch is closing or closed)."""
    if station.journal.get_meta("signed_bulletins") is None:
        raise EntekhabError(STATION_CLOSING_INCOMPLETE, {"reason": "the bulletins are not signed"})
    signed = signed_bulletins(station)
    bulletin_files(station, signed)
    held = int((station.journal.get_meta("provisional") or {}).get("held", 0))
    written: list[Path] = []
    for item in signed:
        b = item.bulletin
        stem = station.bulletin_dir / f"wall-sheet-{b.election_id}-{b.branch}-{b.contest}"
        html = render_bulletin_sheet(item, station.definition, held=held)
        stem.with_suffix(".html").write_text(html, encoding="utf-8")
        written.append(stem.with_suffix(".html"))
        if pdf:
            stem.with_suffix(".pdf").write_bytes(html_to_pdf(html))
            written.append(stem.with_suffix(".pdf"))
    return written
