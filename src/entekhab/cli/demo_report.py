"""The demo's closing tables: turnout and refusals, then each contest's elected and alternates
(with list seats for list PR), from the published certified results."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from entekhab.domain.definition import ContestKind, ElectionDefinition
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.counting import certification
from entekhab.sim.election_day import DayTally

__all__ = ["print_results", "print_turnout"]

FULL_TABLES = 3
"""Contests shown in full: list-PR councils first, then contests that are no council (the
Experts by-election), then the largest by seats; the others get one summary row each."""


def print_turnout(console: Console, definition: ElectionDefinition, tally: DayTally) -> None:
    table = Table(title=f"Turnout — {definition.name_en}", show_lines=False)
    table.add_column("")
    table.add_column("people", justify="right")
    table.add_row("eligible where a branch is (18+ on polling day)", f"{tally.eligible:,}")
    table.add_row("came to a branch", f"{tally.served:,}")
    table.add_row("voted", f"{tally.voted:,}")
    table.add_row("turnout", f"{tally.turnout:.1%}")
    table.add_row("fingerprint false rejects (per try)", f"{tally.false_rejects:,}")
    table.add_row("checked in by the branch head's override", f"{tally.overrides:,}")
    for code, count in sorted(tally.refusals.items()):
        table.add_row(f"refused: {code}", f"{count:,}")
    console.print(table)
    hours = Table(title="Votes by hour (Tehran)")
    hours.add_column("hour")
    hours.add_column("votes", justify="right")
    hours.add_column("")
    peak = max(tally.by_hour.values(), default=1)
    for hour in sorted(tally.by_hour):
        count = tally.by_hour[hour]
        hours.add_row(f"{hour:02d}:00", f"{count:,}", "█" * max(1, round(30 * count / peak)))
    console.print(hours)


def _name(definition: ElectionDefinition, contest: str, code: str) -> str:
    candidate = definition.candidates_by_contest.get(contest, {}).get(code)
    if candidate is None:
        return code
    english = f"{candidate.given_name_en} {candidate.family_name_en}".strip()
    persian = f"{candidate.given_name_fa} {candidate.family_name_fa}"
    return f"{english} ({persian})" if english else persian


def _outcomes(
    uow: UnitOfWorkFactory, election_id: str, contests: list[str]
) -> dict[str, dict[str, Any]]:
    with uow() as u:
        found = {c: certification.status(u.session, election_id, c) for c in contests}
    return {c: {"state": s.state, "label": s.label, **(s.outcome or {})} for c, s in found.items()}


def _full_table(
    console: Console, definition: ElectionDefinition, code: str, out: dict[str, Any]
) -> None:
    contest = definition.contest_by_code[code]
    votes = out.get("votes", {})
    title = (
        f"{contest.name_en} ({contest.name_fa}) — {out['seats']} seats, "
        f"{out['alternates']} alternates — {out['label'].upper()} ({out['state']})"
    )
    table = Table(title=title)
    for column in ("", "code", "candidate", "votes"):
        table.add_column(column, justify="right" if column == "votes" else "left")
    for rank, cand in enumerate(out.get("elected", []), start=1):
        table.add_row(
            f"elected {rank}", cand, _name(definition, code, cand), f"{votes.get(cand, 0):,}"
        )
    for rank, cand in enumerate(out.get("alternates_ranked", []), start=1):
        table.add_row(
            f"alternate {rank}", cand, _name(definition, code, cand), f"{votes.get(cand, 0):,}"
        )
    console.print(table)
    if contest.kind is ContestKind.LIST_PR and out.get("list_seats"):
        lists = definition.lists_by_contest.get(code, {})
        seats = Table(title=f"{contest.name_en}: list seats ({out.get('pr_method', '')})")
        seats.add_column("list")
        seats.add_column("ballots for the list", justify="right")
        seats.add_column("seats", justify="right")
        for list_code, won in sorted(out["list_seats"].items(), key=lambda kv: -kv[1]):
            plist = lists.get(list_code)
            label = f"{list_code} {plist.name_fa}" if plist else list_code
            seats.add_row(label, f"{out.get('lists', {}).get(list_code, 0):,}", str(won))
        console.print(seats)


def print_results(
    console: Console,
    uow: UnitOfWorkFactory,
    definition: ElectionDefinition,
    certified: list[str],
) -> None:
    outcomes = _outcomes(uow, definition.id, certified)

    def prominence(code: str) -> tuple[bool, bool, int]:
        contest = definition.contest_by_code[code]
        return (
            contest.kind is not ContestKind.LIST_PR,
            contest.council_of is not None,
            -int(outcomes[code].get("seats", 0)),
        )

    ranked = sorted(certified, key=prominence)
    for code in ranked[:FULL_TABLES]:
        _full_table(console, definition, code, outcomes[code])
    rest = ranked[FULL_TABLES:]
    if not rest:
        return
    summary = Table(title=f"The other {len(rest)} contests (official, published)")
    summary.add_column("contest")
    summary.add_column("seats", justify="right")
    summary.add_column("elected")
    summary.add_column("first alternate")
    for code in rest:
        out = outcomes[code]
        contest = definition.contest_by_code[code]
        elected = ", ".join(_name(definition, code, c) for c in out.get("elected", []))
        alternates = out.get("alternates_ranked", [])
        first_alt = _name(definition, code, alternates[0]) if alternates else "—"
        summary.add_row(contest.name_en, str(out.get("seats", "")), elected, first_alt)
    console.print(summary)
