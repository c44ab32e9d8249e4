"""The QR code printed on a branch bulletin (as Brazil's boletim de urna carries one).

An observer scans the paper posted at the branch and compares it with what headquarters
publishes: the payload holds the bulletin's SHA-256 digest (which fixes every figure) and a
human-checkable summary. Format, one line of ``;``-separated ``key=value`` after a scheme::

    entekhab-bulletin:1;e=<election>;b=<branch>;c=<contest>;d=<digest>;
    n=<checked in>;k=<cast>;bl=<blank>;inv=<invalid>;r=<merkle root>

``parse_payload`` reads it back (the standalone verifier and tests use it).
"""

from __future__ import annotations

import io

import segno

from entekhab.domain.results import SignedBulletin

__all__ = ["SCHEME", "bulletin_payload", "parse_payload", "qr_svg"]

SCHEME = "entekhab-bulletin:1"


def bulletin_payload(signed: SignedBulletin) -> str:
    b = signed.bulletin
    fields = {
        "e": b.election_id,
        "b": b.branch,
        "c": b.contest,
        "d": b.digest(),
        "n": b.voters_checked_in,
        "k": b.ballots_cast,
        "bl": b.blank,
        "inv": b.invalid,
        "r": b.merkle_root,
    }
    return ";".join([SCHEME, *(f"{k}={v}" for k, v in fields.items())])


def parse_payload(payload: str) -> dict[str, str]:
    """The fields of a bulletin QR payload (ValueError if it is not one)."""
    scheme, _, rest = payload.partition(";")
    if scheme != SCHEME:
        raise ValueError(f"not an Entekhab bulletin payload: {scheme!r}")
    return dict(part.split("=", 1) for part in rest.split(";"))


def qr_svg(payload: str, scale: int = 3) -> str:
    """The QR code of ``payload`` as an inline SVG element (error correction M)."""
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(
        out, kind="svg", scale=scale, xmldecl=False, svgns=True, nl=False
    )
    return out.getvalue().decode("utf-8")
