"""Seat allocation of a certified count: the bridge from running totals to
``entekhab.domain.counting`` (the allocation rules themselves live there, pure).

The lot that breaks any remaining tie is seeded, as documented in docs/results.md, by
``SHA-256(contest id | bulletins root | ceremony nonce)``: the root over the digests of the
bulletins that count (sorted), and a nonce drawn at a public ceremony and given by the board.
"""

from __future__ import annotations

import hashlib
from typing import Any

from entekhab.crypto.merkle import merkle_root
from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition import ElectionDefinition
from entekhab.service.aggregation import AreaTotals

__all__ = ["allocate_from_totals", "bulletins_root", "lot_seed"]


def bulletins_root(digests: list[str]) -> str:
    """Merkle root over the (sorted) hex digests of the bulletins that count."""
    return merkle_root([bytes.fromhex(d) for d in sorted(digests)])


def lot_seed(contest: str, root: str, nonce: str) -> str:
    """The lot's seed: SHA-256 over ``contest|root|nonce`` (UTF-8), hex."""
    return hashlib.sha256(f"{contest}|{root}|{nonce}".encode()).hexdigest()


def allocate_from_totals(
    definition: ElectionDefinition, contest_code: str, totals: AreaTotals, seed: str
) -> dict[str, Any]:
    """The allocation of ``contest_code``'s seats from its contest-level totals, as JSON."""
    contest = definition.contest_by_code[contest_code]
    seats, alternates = seats_and_alternates(definition, contest)
    candidates = {
        code: totals.candidates.get(code, 0)
        for code in definition.candidates_by_contest.get(contest_code, {})
    }
    ranked = sorted(candidates, key=lambda c: (-candidates[c], c))
    return {
        "method": "plurality" if contest.kind == "plurality" else "list_pr",
        "seats": seats,
        "alternates": alternates,
        "seed": seed,
        "elected": ranked[:seats],
        "alternates_ranked": ranked[seats : seats + alternates],
        "votes": candidates,
        "lists": dict(totals.lists),
    }
