"""Provisional items for the offline tests: what a station journals for a voter it checked in
and let vote while the server could not be reached."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import func, select

from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.service.election_day.provisional import ProvisionalItem
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import ELECTION, table_counts

STYLE_OF = {"B1": "ST1", "B2": "ST1", "B3": "ST2"}
CONTESTS_OF = {"ST1": ("TEH", "EXP"), "ST2": ("SML", "EXP")}
HOUR = "2026-06-18T08"


def provisional_ballot(style_of: str, **changes: Any) -> BallotRecord:
    """A blank provisional ballot of branch ``style_of``'s style (``changes`` override)."""
    branch = style_of
    style = STYLE_OF[style_of]
    fields: dict[str, Any] = {
        "ballot_id": secrets.token_hex(16),
        "election_id": ELECTION,
        "branch": branch,
        "ballot_style": style,
        "hour": HOUR,
        "selections": tuple(ContestSelection(contest=c) for c in CONTESTS_OF[style]),
        "provisional": True,
    }
    return BallotRecord(**(fields | changes))


def provisional_item(code: str, *, cast: bool = True, **changes: Any) -> ProvisionalItem:
    """A provisional check-in as the station sends it: whether a ballot was cast, never the
    ballot (it stays in the station until closing)."""
    fields: dict[str, Any] = {
        "provisional_id": secrets.token_hex(16),
        "national_code": code,
        "card_serial": "SER1",
        "fingerprint": "match",
        "override_reason": None,
        "hour": HOUR,
        "cast": cast,
    }
    return ProvisionalItem(**(fields | changes))


def item_json(item: ProvisionalItem) -> dict[str, Any]:
    return {
        "provisional_id": item.provisional_id,
        "national_code": item.national_code,
        "card_serial": item.card_serial,
        "fingerprint": item.fingerprint,
        "override_reason": item.override_reason,
        "hour": item.hour,
        "cast": item.cast,
    }


def counts_with_events(uow_factory: UnitOfWorkFactory) -> dict[str, int]:
    """Rows of every election-day table and of the event log."""
    counts = table_counts(uow_factory)
    with uow_factory() as uow:
        counts["event_log"] = int(
            uow.session.scalar(select(func.count()).select_from(EventLogEntry)) or 0
        )
    return counts
