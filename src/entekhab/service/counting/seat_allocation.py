"""Seat allocation of a certified count: the bridge from running totals to
``entekhab.domain.counting`` (the allocation rules themselves live there, pure).

The lot that breaks any remaining tie is seeded, as documented in docs/ties.md, by
``SHA-256(contest id | bulletins root | ceremony nonce)``: the root over the digests of the
bulletins that count (sorted), and a nonce drawn at a public ceremony and given by the board.

The JSON this returns (stored as the certified result's ``outcome``; docs/seat-allocation.md)::

    {"method": "plurality" | "list_pr",
     "pr_method": "hare" | ...,            # list PR only
     "seats": 15, "alternates": 10, "seed": "<hex>",
     "elected": [ballot codes],            # plurality: in rank order; list PR: by list
     "alternates_ranked": [ballot codes],  # plurality: in order; list PR: each list's in turn
     "votes": {ballot code: personal votes}, "lists": {list code: ballots for the list},
     "list_seats": {list or independent code: seats},          # list PR only
     "lot": {"contest", "bulletins_root", "ceremony_nonce", "seed", "procedure",
             "draws": [{"stage", "tied", "keys": {code: draw key}, "order"}]},
     "explanation": PluralityAllocation.as_json() | ListContestAllocation.as_json()}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from entekhab.crypto.merkle import merkle_root
from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.counting import (
    Lot,
    TieFacts,
    allocate_list_contest,
    allocate_plurality,
)
from entekhab.domain.counting import lot_seed as _lot_seed
from entekhab.domain.definition import (
    Candidate,
    ContestKind,
    EducationLevel,
    ElectionDefinition,
    ListPRRules,
)
from entekhab.domain.error_codes.allocation import ALLOCATION_BAD_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.service.counting.aggregation import AreaTotals

__all__ = [
    "RECHECKED_KEYS",
    "allocate_from_totals",
    "bulletins_root",
    "lot_draws",
    "lot_seed",
    "recheck_outcome",
]


def bulletins_root(digests: list[str]) -> str:
    """Merkle root over the (sorted) hex digests of the bulletins that count."""
    return merkle_root([bytes.fromhex(d) for d in sorted(digests)])


def lot_seed(contest: str, root: str, nonce: str) -> str:
    """The lot's seed: SHA-256 over ``contest|root|nonce`` (UTF-8), hex."""
    return _lot_seed(contest, root, nonce)


def _lot(contest: str, seed: str, root: str | None, nonce: str | None) -> Lot:
    if root is None or nonce is None:
        return Lot(seed, contest)
    lot = Lot.from_inputs(contest, root, nonce)
    if lot.seed != seed:
        raise EntekhabError(
            ALLOCATION_BAD_INPUT, {"reason": "the seed is not that of the root and nonce"}
        )
    return lot


def lot_draws(explanation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every use of the lot in an explanation: the tied codes, their draw keys, the order."""
    ties: list[dict[str, Any]] = list(explanation.get("ties", []))
    ties += explanation.get("proportional", {}).get("ties", [])
    for entry in explanation.get("entries", []):
        ties += [{**t, "list": entry["code"]} for t in entry.get("ties", [])]
    draws = []
    for tie in ties:
        for step in tie["steps"]:
            if step["rule"] == "lot":
                draw = {"stage": tie["stage"], "tied": step["group"], "keys": step["values"]}
                draw["order"] = sorted(step["group"], key=lambda c: step["values"][c])
                if "list" in tie:
                    draw["list"] = tie["list"]
                draws.append(draw)
    return draws


_EDUCATION_RANK = {level: rank for rank, level in enumerate(EducationLevel)}
"""``EducationLevel.rank`` once for all (it walks the enum on every call)."""


class _Facts(Mapping[str, TieFacts]):
    """The tie facts of a contest's candidates, made only for those who meet a tie."""

    def __init__(self, candidates: Mapping[str, Candidate]) -> None:
        self._candidates = candidates

    def __getitem__(self, code: str) -> TieFacts:
        c = self._candidates[code]
        return TieFacts(isargar=c.isargar, education=_EDUCATION_RANK[c.education])

    def __iter__(self) -> Iterator[str]:
        return iter(self._candidates)

    def __len__(self) -> int:
        return len(self._candidates)


def allocate_from_totals(
    definition: ElectionDefinition,
    contest_code: str,
    totals: AreaTotals,
    seed: str,
    *,
    bulletins_root: str | None = None,
    ceremony_nonce: str | None = None,
) -> dict[str, Any]:
    """The allocation of ``contest_code``'s seats from its contest-level totals, as JSON.

    Seats and alternates come from the definition; list capacities from the lists' sizes;
    candidates in no list stand as one-member lists. Give ``bulletins_root`` and
    ``ceremony_nonce`` (whose lot seed ``seed`` must be) so the result records the lot's
    inputs; any tie the contest's chain cannot settle is a coded error, and nothing is stored.
    """
    contest = definition.contest_by_code[contest_code]
    seats, alternates = seats_and_alternates(definition, contest)
    lot = _lot(contest_code, seed, bulletins_root, ceremony_nonce)
    candidates = definition.candidates_by_contest.get(contest_code, {})
    votes = {code: totals.candidates.get(code, 0) for code in candidates}
    facts = _Facts(candidates)
    out: dict[str, Any] = {
        "method": "plurality" if contest.kind == ContestKind.PLURALITY else "list_pr",
        "seats": seats,
        "alternates": alternates,
        "seed": seed,
    }
    explanation: dict[str, Any]
    if contest.kind == ContestKind.PLURALITY:
        result = allocate_plurality(
            votes, seats, alternates, tie_break=contest.tie_break, facts=facts, lot=lot
        )
        out.update(elected=result.elected, alternates_ranked=result.alternates_ranked)
        explanation = result.as_json()
    else:
        rules = contest.pr or ListPRRules()
        lists = definition.lists_by_contest.get(contest_code, {})
        contest_result = allocate_list_contest(
            lists={code: plist.members for code, plist in lists.items()},
            candidates=list(candidates),
            candidate_votes=votes,
            list_votes={code: totals.lists.get(code, 0) for code in lists},
            seats=seats,
            alternates=alternates,
            method=str(rules.method),
            threshold=rules.threshold,
            open_list=rules.open_list,
            tie_break=contest.tie_break,
            facts=facts,
            lot=lot,
        )
        out.update(
            pr_method=str(rules.method),
            elected=contest_result.elected,
            alternates_ranked=contest_result.alternates_ranked,
            list_seats={e.code: e.seats for e in contest_result.entries},
        )
        explanation = contest_result.as_json()
    out["votes"] = votes
    out["lists"] = dict(totals.lists)
    out["lot"] = {**lot.as_json(), "draws": lot_draws(explanation)}
    out["explanation"] = explanation
    return out


RECHECKED_KEYS = ("elected", "alternates_ranked", "list_seats", "lot", "explanation")


def recheck_outcome(
    definition: ElectionDefinition, contest_code: str, outcome: dict[str, Any]
) -> list[str]:
    """Allocate again from a stored outcome's own totals and lot inputs; the keys that differ.

    An empty list means the stored seats, alternates, lot draws and working are exactly what
    the rules give for the stored totals (an auditor's check of a certified or published
    result; the totals themselves are checked against the bulletins elsewhere). A refusal
    while allocating again is reported by its code.
    """
    totals = outcome.get("totals") or {}
    lot = outcome.get("lot") or {}
    area = AreaTotals(
        "contest",
        "*",
        dict(totals.get("candidates", {})),
        dict(totals.get("lists", {})),
        dict(totals.get("counts", {})),
    )
    try:
        again = allocate_from_totals(
            definition,
            contest_code,
            area,
            str(outcome.get("seed", "")),
            bulletins_root=lot.get("bulletins_root"),
            ceremony_nonce=lot.get("ceremony_nonce"),
        )
    except EntekhabError as refused:  # e.g. a seed that is not that of the stored inputs
        return [refused.code]
    return [key for key in RECHECKED_KEYS if again.get(key) != outcome.get(key)]
