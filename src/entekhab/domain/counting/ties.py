"""The verifiable lot (قرعه) and the tie-break chain of a contest.

**The lot.** Its seed is ``SHA-256("<contest>|<bulletins root>|<ceremony nonce>")`` (UTF-8,
hex): the contest code, the Merkle root over the digests of the bulletins that count, and a
nonce drawn at a public ceremony. Tied items (candidate ballot codes or list codes) are put in
the order of ``SHA-256("<seed>|<item code>")`` (hex, ascending): the first wins. Anyone can
repeat it with hashlib in a few lines (docs/ties.md); the inputs and every draw are recorded in
the result.

**The chain.** A contest breaks ties between candidates by an ordered chain of rules (the
council law's default: isargar first, then the higher education, then the lot). Each rule
splits a tied group into ordered subgroups; a subgroup still tied goes on to the next rule.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from entekhab.domain.error_codes.allocation import (
    ALLOCATION_LOT_REQUIRED,
    ALLOCATION_TIE_UNRESOLVED,
    ALLOCATION_UNKNOWN_TIE_RULE,
)
from entekhab.domain.errors import EntekhabError

__all__ = [
    "DEFAULT_TIE_BREAK",
    "TIE_RULES",
    "Lot",
    "TieFacts",
    "TieRecord",
    "break_tie",
    "check_tie_rules",
    "lot_seed",
]

DEFAULT_TIE_BREAK: tuple[str, ...] = ("isargar", "education", "lot")
TIE_RULES = ("isargar", "education", "lot")


def lot_seed(contest: str, bulletins_root: str, ceremony_nonce: str) -> str:
    """The lot's seed: SHA-256 over ``contest|bulletins_root|ceremony_nonce`` (UTF-8), hex."""
    return hashlib.sha256(f"{contest}|{bulletins_root}|{ceremony_nonce}".encode()).hexdigest()


@dataclass(frozen=True)
class Lot:
    """The verifiable lot of one contest: a seed from public values, a repeatable draw.

    Built from its inputs (``Lot.from_inputs``) so the result can record them; a bare seed is
    accepted too (then the inputs are unknown here and recorded by the caller).
    """

    seed: str
    contest: str | None = None
    bulletins_root: str | None = None
    ceremony_nonce: str | None = None

    @classmethod
    def from_inputs(cls, contest: str, bulletins_root: str, ceremony_nonce: str) -> Lot:
        return cls(
            lot_seed(contest, bulletins_root, ceremony_nonce),
            contest,
            bulletins_root,
            ceremony_nonce,
        )

    def key(self, item: str) -> str:
        """The draw key of one item: SHA-256 over ``seed|item`` (UTF-8), hex."""
        return hashlib.sha256(f"{self.seed}|{item}".encode()).hexdigest()

    def order(self, items: Iterable[str]) -> list[str]:
        """``items`` in the lot's order (ascending draw key): the first is drawn first."""
        return sorted(items, key=self.key)

    def as_json(self) -> dict[str, Any]:
        return {
            "contest": self.contest,
            "bulletins_root": self.bulletins_root,
            "ceremony_nonce": self.ceremony_nonce,
            "seed": self.seed,
            "procedure": "seed = sha256(contest|bulletins_root|ceremony_nonce); "
            "tied items ordered by sha256(seed|code) ascending (docs/ties.md)",
        }


@dataclass(frozen=True)
class TieFacts:
    """What the tie-break rules know of a candidate: isargar (ایثارگر) status and the rank of
    their education (``EducationLevel.rank``: higher is more)."""

    isargar: bool = False
    education: int = 0


@dataclass(frozen=True)
class TieRecord:
    """One tie met during an allocation and how it was settled.

    ``stage`` says where (``remainder``, ``quotient``, ``elected``, ``alternates``, ``list
    rank``); ``value`` the equal figure (votes, a remainder or quotient as an exact fraction);
    ``steps`` the rules applied in turn, each with the subgroups it produced (best first) and,
    for the lot, each item's draw key; ``order`` the final order, ``winners`` those who got the
    contested places (all of them when only the order mattered).
    """

    stage: str
    value: str
    tied: tuple[str, ...]
    places: int
    steps: tuple[dict[str, Any], ...]
    order: tuple[str, ...]
    winners: tuple[str, ...]
    decisive: bool = True
    note: str = field(default="")

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stage": self.stage,
            "value": self.value,
            "tied": list(self.tied),
            "places": self.places,
            "steps": [dict(s) for s in self.steps],
            "order": list(self.order),
            "winners": list(self.winners),
            "decisive": self.decisive,
            "settled_by": [s["rule"] for s in self.steps],
        }
        if self.note:
            out["note"] = self.note
        return out


def check_tie_rules(rules: Sequence[str]) -> None:
    """Refuse a chain naming a rule Entekhab does not know (ALLOCATION_UNKNOWN_TIE_RULE)."""
    for rule in rules:
        if rule not in TIE_RULES:
            raise EntekhabError(ALLOCATION_UNKNOWN_TIE_RULE, {"rule": rule})


def _rule_key(
    rule: str, facts: Mapping[str, TieFacts], lot: Lot | None, tied: Sequence[str]
) -> Callable[[str], Any]:
    if rule == "isargar":
        return lambda c: 0 if facts.get(c, TieFacts()).isargar else 1
    if rule == "education":
        return lambda c: -facts.get(c, TieFacts()).education
    if rule == "lot":
        if lot is None:
            raise EntekhabError(ALLOCATION_LOT_REQUIRED, {"tied": ", ".join(tied)})
        return lot.key
    raise EntekhabError(ALLOCATION_UNKNOWN_TIE_RULE, {"rule": rule})


def _describe(rule: str, facts: Mapping[str, TieFacts], lot: Lot | None, c: str) -> Any:
    if rule == "isargar":
        return facts.get(c, TieFacts()).isargar
    if rule == "education":
        return facts.get(c, TieFacts()).education
    assert lot is not None
    return lot.key(c)


def break_tie(
    tied: Sequence[str],
    rules: Sequence[str],
    *,
    facts: Mapping[str, TieFacts] | None = None,
    lot: Lot | None = None,
) -> tuple[list[str], list[dict[str, Any]]]:
    """Order ``tied`` by the chain ``rules``; return the order and the steps taken.

    Each step: ``{"rule", "group", "values", "subgroups"}`` — the group it split, each
    member's value under the rule, and the subgroups best first. A group that the whole chain
    leaves tied raises ALLOCATION_TIE_UNRESOLVED (never a silent order).
    """
    facts = facts or {}
    steps: list[dict[str, Any]] = []

    def settle(group: list[str], depth: int) -> list[str]:
        if len(group) == 1:
            return group
        if depth == len(rules):
            raise EntekhabError(ALLOCATION_TIE_UNRESOLVED, {"tied": ", ".join(sorted(group))})
        rule = rules[depth]
        key = _rule_key(rule, facts, lot, sorted(group))
        subgroups: dict[Any, list[str]] = {}
        for item in sorted(group, key=key):
            subgroups.setdefault(key(item), []).append(item)
        ordered = list(subgroups.values())
        steps.append(
            {
                "rule": rule,
                "group": sorted(group),
                "values": {c: _describe(rule, facts, lot, c) for c in sorted(group)},
                "subgroups": [sorted(g) for g in ordered],
            }
        )
        out: list[str] = []
        for sub in ordered:
            out.extend(settle(sorted(sub), depth + 1))
        return out

    return settle(sorted(tied), 0), steps
