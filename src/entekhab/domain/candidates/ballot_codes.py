"""Ballot codes (کد نامزد) by a public, repeatable draw, like the verifiable lot of a tie.

The seed is ``SHA-256("ballot-codes|<election>|<contest>|<ceremony nonce>")`` (UTF-8, hex): the
election and contest ids and a nonce drawn at the public ceremony. The qualified candidates'
registration numbers are put in the order of ``SHA-256("<seed>|<registration number>")`` (hex,
ascending) and given the codes ``first_code``, ``first_code + 1``, … in that order. Anyone can
repeat it with hashlib from the published inputs (docs/candidates.md); codes are unique within
the contest, which is what the ballot and the definition's rules require.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["PROCEDURE", "BallotCodeDraw", "draw_ballot_codes", "draw_seed"]

PROCEDURE = (
    "seed = sha256('ballot-codes|' + election + '|' + contest + '|' + ceremony_nonce); "
    "registration numbers ordered by sha256(seed + '|' + number) ascending; "
    "codes first_code, first_code+1, ... in that order (docs/candidates.md)"
)


def draw_seed(election: str, contest: str, ceremony_nonce: str) -> str:
    text = f"ballot-codes|{election}|{contest}|{ceremony_nonce}"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class BallotCodeDraw:
    """The inputs and outcome of one contest's draw, as published."""

    election: str
    contest: str
    ceremony_nonce: str
    seed: str
    first_code: int
    codes: tuple[tuple[str, str], ...]
    """(registration number, ballot code) in draw order."""

    def as_json(self) -> dict[str, Any]:
        return {
            "election": self.election,
            "contest": self.contest,
            "ceremony_nonce": self.ceremony_nonce,
            "seed": self.seed,
            "first_code": self.first_code,
            "procedure": PROCEDURE,
            "codes": [{"registration": r, "ballot_code": c} for r, c in self.codes],
        }


def draw_ballot_codes(
    election: str,
    contest: str,
    ceremony_nonce: str,
    registrations: Iterable[str],
    *,
    first_code: int = 101,
) -> BallotCodeDraw:
    """Assign ballot codes to ``registrations`` by the published procedure."""
    seed = draw_seed(election, contest, ceremony_nonce)

    def key(number: str) -> str:
        return hashlib.sha256(f"{seed}|{number}".encode()).hexdigest()

    ordered = sorted(set(registrations), key=key)
    codes = tuple((number, str(first_code + i)) for i, number in enumerate(ordered))
    return BallotCodeDraw(election, contest, ceremony_nonce, seed, first_code, codes)
