"""Allocate every seat of the sample elections (examples/: tiny, sari, tehran) from seeded
synthetic totals, with the working and the lot, as approval does.

Peers, measured in the same run on the same votes: votelib's largest remainder (Hare) for the
list level of the list-PR contests, and votelib's plurality for the plurality contests. Our
functions do more (exact working, capacity, tie detection, alternates, JSON), so the ratio says
what that costs; the absolute time is the figure that matters (target: well under 2 s together
with the aggregation of ``aggregate_bulletins``).

Figures depend on the machine and on what else runs; they are printed, never asserted.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from typing import Any

from votelib.evaluate.core import Plurality
from votelib.evaluate.proportional import LargestRemainder

from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.counting import Lot, allocate_list_pr, allocate_plurality
from entekhab.domain.definition import ContestKind, ElectionDefinition
from entekhab.domain.definition_io import format_for_name, load_definition_text
from entekhab.domain.tally import CONTEST_AREA
from entekhab.service.counting.aggregation import AreaTotals
from entekhab.service.counting.seat_allocation import allocate_from_totals, bulletins_root, lot_seed

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLES = ("tiny.yaml", "sari.yaml", "tehran.json")
REPEAT = int(os.environ.get("ENTEKHAB_BENCH_ALLOCATE_REPEAT", "5"))
NONCE = "5a" * 16


def _totals(definition: ElectionDefinition, rng: random.Random) -> dict[str, AreaTotals]:
    out = {}
    for contest in definition.contests:
        codes = list(definition.candidates_by_contest.get(contest.code, {}))
        candidates = {c: int(rng.paretovariate(1.2) * 1_000) for c in codes}
        lists = {
            code: rng.randint(0, 300_000) for code in definition.lists_by_contest[contest.code]
        }
        out[contest.code] = AreaTotals("contest", CONTEST_AREA, candidates, lists, {})
    return out


def allocate_every_contest(
    definition: ElectionDefinition, totals: dict[str, AreaTotals]
) -> tuple[int, int]:
    """Allocate every contest of ``definition`` from its totals: (seats elected, lot draws)."""
    seats = draws = 0
    root = bulletins_root(["ab" * 32])
    for code, area in totals.items():
        outcome = allocate_from_totals(
            definition,
            code,
            area,
            lot_seed(code, root, NONCE),
            bulletins_root=root,
            ceremony_nonce=NONCE,
        )
        seats += len(outcome["elected"])
        draws += len(outcome["lot"]["draws"])
    return seats, draws


def _best(fn: Any) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _list_level(
    definition: ElectionDefinition, totals: dict[str, AreaTotals]
) -> list[tuple[dict[str, int], int]]:
    """(entry votes, seats) of each list-PR contest, as the contest allocation counts them."""
    out = []
    for contest in definition.contests:
        if contest.kind != ContestKind.LIST_PR:
            continue
        area = totals[contest.code]
        lists = definition.lists_by_contest[contest.code]
        member_of = {m: code for code, p in lists.items() for m in p.members}
        votes = {code: area.lists.get(code, 0) for code in lists}
        for cand, v in area.candidates.items():
            key = member_of.get(cand, cand)
            votes[key] = votes.get(key, 0) + v
        out.append((votes, seats_and_alternates(definition, contest)[0]))
    return out


def _plurality(
    definition: ElectionDefinition, totals: dict[str, AreaTotals]
) -> list[tuple[dict[str, int], int]]:
    return [
        (totals[c.code].candidates, sum(seats_and_alternates(definition, c)))
        for c in definition.contests
        if c.kind == ContestKind.PLURALITY
    ]


def main() -> None:
    rng = random.Random(1405)
    total_time = 0.0
    for name in SAMPLES:
        definition = load_definition_text(
            (EXAMPLES / name).read_text("utf-8"), format_for_name(name)
        )
        totals = _totals(definition, rng)
        seats, draws = allocate_every_contest(definition, totals)
        elapsed = _best(lambda d=definition, t=totals: allocate_every_contest(d, t))
        total_time += elapsed
        print(
            f"{name:<12} {len(definition.contests):>4} contests {seats:>5} seats elected "
            f"{draws:>3} lot draws   {elapsed * 1000:8.1f} ms (best of {REPEAT})"
        )
        pr = _list_level(definition, totals)
        if pr:
            ours = _best(lambda pr=pr: [allocate_list_pr(v, s, "hare") for v, s in pr])
            peer = LargestRemainder("hare")
            theirs = _best(lambda pr=pr, peer=peer: [peer.evaluate(v, s) for v, s in pr])
            print(
                f"{'':<12} list level: ours {ours * 1000:.2f} ms, votelib {theirs * 1000:.2f} ms"
                f"  (ratio {ours / theirs:.2f}x)"
            )
        plural = _plurality(definition, totals)
        if plural:
            lot = Lot.from_inputs("bench", "ab" * 32, NONCE)
            ours = _best(
                lambda pl=plural, lot=lot: [allocate_plurality(v, n, lot=lot) for v, n in pl]
            )
            peer_p = Plurality()
            theirs = _best(lambda pl=plural, p=peer_p: [p.evaluate(v, n) for v, n in pl])
            print(
                f"{'':<12} plurality ranking: ours {ours * 1000:.2f} ms, "
                f"votelib {theirs * 1000:.2f} ms  (ratio {ours / theirs:.2f}x)"
            )
    print(f"{'allocate every seat of the samples':<52} {total_time:8.3f} s")


if __name__ == "__main__":
    main()
