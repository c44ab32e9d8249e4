"""A simple interactive prompt for a branch agent (``entekhab station run`` on a terminal).

One voter after another: the card (simulated: the agent types the national code and card
serial), the fingerprint (a rejection asks for the branch head's override reason), then each
contest of the ballot, then the printed receipt. ``close`` closes the branch, ``status`` shows
the counts, ``quit`` leaves (the journal keeps everything).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import jdatetime
from rich.console import Console
from rich.panel import Panel

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.definition import ContestKind
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import require_valid
from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.offline import OfflineBranch
from entekhab.station.outcomes import CastReceipt, CheckedIn
from entekhab.station.runner import status
from entekhab.station.station import Station

__all__ = ["persian_hour", "run_prompt"]

Ask = Callable[[str], str]
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def persian_hour(hour: str) -> str:
    """A UTC hour ``YYYY-MM-DDTHH`` as the Tehran Jalali hour with Persian digits."""
    moment = datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
    local = jdatetime.datetime.fromgregorian(datetime=moment.astimezone(ZoneInfo("Asia/Tehran")))
    return str(local.strftime("%Y/%m/%d ساعت %H")).translate(_PERSIAN_DIGITS)


def run_prompt(
    station: Station, verifier: SimulatedIdentityVerifier, console: Console, ask: Ask = input
) -> None:
    """The agent's loop; coded refusals are shown in Persian and English and the loop goes on.
    The election's offline policy applies (``OfflineBranch``)."""
    branch = OfflineBranch(station)
    while True:
        command = ask("national code / status / close / quit > ").strip()
        try:
            if command == "quit":
                return
            if command == "status":
                console.print(status(station))
            elif command == "close":
                closed = branch.close(ask("closed by (branch head) > ").strip() or "branch-head")
                console.print(closed.as_event())
            elif command:
                _serve_voter(branch, verifier, console, ask, command)
        except EntekhabError as error:
            console.print(f"[bold red]{error.code}[/] {error.message_fa}\n{error.message_en}")


def _serve_voter(
    branch: OfflineBranch,
    verifier: SimulatedIdentityVerifier,
    console: Console,
    ask: Ask,
    code: str,
) -> None:
    require_valid(code)  # a mistyped code is refused before anything else is asked
    serial = ask("card serial > ").strip()
    verifier.present(code, serial)
    try:
        checked = branch.check_in()
    except EntekhabError as error:
        if error.code != "IDENTITY_NOT_VERIFIED":
            raise
        reason = ask("fingerprint not matched; branch head's reason (empty: refuse) > ").strip()
        if not reason:
            raise
        verifier.present(code, serial)
        checked = branch.check_in(override_reason=reason)
    branch.station.shown(checked)
    selections = _ask_ballot(branch.station, checked, console, ask)
    receipt = branch.cast(checked.ticket, selections)
    _print_receipt(console, receipt)
    branch.station.printed(receipt)


def _ask_ballot(
    station: Station, checked: CheckedIn, console: Console, ask: Ask
) -> list[ContestSelection]:
    definition, out = station.definition, []
    for contest_code in checked.contests:
        contest = definition.contest_by_code[contest_code]
        names = definition.candidates_by_contest.get(contest_code, {})
        console.print(f"[bold]{contest.name_fa}[/] ({contest_code})")
        console.print("  " + "  ".join(f"{c}: {n.family_name_fa}" for c, n in names.items()))
        list_code = None
        if contest.kind is ContestKind.LIST_PR:
            lists = definition.lists_by_contest.get(contest_code, {})
            console.print("  lists: " + "  ".join(f"{c}: {x.name_fa}" for c, x in lists.items()))
            list_code = ask("  list (empty: none) > ").strip() or None
        marks = tuple(ask("  candidate codes (space separated, empty: none) > ").split())
        out.append(ContestSelection(contest=contest_code, list_code=list_code, candidates=marks))
    return out


def _print_receipt(console: Console, receipt: CastReceipt) -> None:
    console.print(
        Panel(
            f"ballot id / شناسه رای: {receipt.ballot_id}\n"
            f"digest / چکیده: {receipt.digest}\n"
            f"hour / ساعت: {persian_hour(receipt.hour)}",
            title="receipt / رسید رای",
        )
    )
