"""A polling day for the headquarters dashboard's tests: the tiny election with three more city
branches, seen at 14:10 Tehran (10:40 UTC), with every state a branch can be in.

* B1 open and busy (check-ins every hour up to this one);
* B2 open but silent (last check-in in the 08 UTC hour: unheard since 09:00, over 30 minutes);
* B3 closed, its AE bulletin counted, with provisional records (it worked offline);
* X0 not opened; X1 open with provisional records; X2 open since 10:30 UTC, nobody yet.

Incidents: an identity override at B1, a second check-in attempt at B2, a provisional duplicate
at B3 whose ballot is held for the board, and one at X1 the board already counted.
Accounts: one per role as in the web world, plus ``district_officer-r1``, a district officer
whose jurisdiction is the rural district R1 (only B3 lies there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from entekhab.domain.access import Role
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.election_day.polling import record_incident
from entekhab.store.tables.election_day import BallotRecordRow, BranchSession, Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import setup_tiny_election
from tests.web_support import JURISDICTIONS, WebWorld, add_accounts

NOW = datetime(2026, 6, 18, 10, 40, tzinfo=UTC)
"""14:10 Tehran on polling day: the dashboard's clock in these tests."""
DAY = "2026-06-18T"
CHECK_INS: dict[str, dict[int, tuple[int, int]]] = {
    # branch -> UTC hour -> (check-ins, of which provisional)
    "B1": {4: (12, 0), 5: (30, 0), 6: (41, 0), 7: (38, 0), 8: (35, 0), 9: (22, 0), 10: (9, 0)},
    "B2": {4: (8, 0), 5: (20, 0), 6: (15, 0), 7: (11, 0), 8: (4, 0)},
    "B3": {4: (3, 0), 5: (10, 3), 6: (7, 2), 7: (5, 0)},
    "X1": {5: (6, 0), 6: (9, 4), 9: (3, 0), 10: (2, 0)},
}
OPENED = {
    "B1": datetime(2026, 6, 18, 4, 31, tzinfo=UTC),
    "B2": datetime(2026, 6, 18, 4, 33, tzinfo=UTC),
    "B3": datetime(2026, 6, 18, 4, 35, tzinfo=UTC),
    "X1": datetime(2026, 6, 18, 4, 50, tzinfo=UTC),
    "X2": datetime(2026, 6, 18, 10, 30, tzinfo=UTC),
}
R1_OFFICER = "district_officer-r1"


@dataclass
class DayIncidents:
    override_b1: int
    already_voted_b2: int
    held_b3: int
    counted_x1: int


def fill_polling_day(uow_factory: UnitOfWorkFactory, election_id: str) -> DayIncidents:
    """Write the day described in the module docstring (rows as the services write them)."""
    person = 0
    with uow_factory() as uow:
        session = uow.session
        for branch, opened in OPENED.items():
            closed = datetime(2026, 6, 18, 9, 0, tzinfo=UTC) if branch == "B3" else None
            session.add(
                BranchSession(
                    election_id=election_id,
                    branch=branch,
                    definition_hash="0" * 64,
                    opened_by="head",
                    opened_at=opened,
                    closed_by="head" if closed else None,
                    closed_at=closed,
                )
            )
        for branch, hours in CHECK_INS.items():
            for hour, (count, provisional) in hours.items():
                for i in range(count):
                    person += 1
                    session.add(
                        Participation(
                            election_id=election_id,
                            national_code=f"{person:010d}",
                            branch=branch,
                            hour=f"{DAY}{hour:02d}",
                            provisional=i < provisional,
                            provisional_ref=f"p{person}" if i < provisional else None,
                        )
                    )
        override = record_incident(
            session,
            election_id=election_id,
            branch="B1",
            kind="IDENTITY_OVERRIDE",
            hour=f"{DAY}07",
            details={"national_code": "0000000001", "reason": "worn fingerprints"},
        )
        twice = record_incident(
            session,
            election_id=election_id,
            branch="B2",
            kind="ALREADY_VOTED",
            hour=f"{DAY}06",
            details={"national_code": "0000000002", "first_branch": "B1"},
        )
        held = record_incident(
            session,
            election_id=election_id,
            branch="B3",
            kind="PROVISIONAL_DUPLICATE",
            hour=f"{DAY}08",
            details={"national_code": "0000000003", "second": {"ballot": "held"}},
        )
        counted = record_incident(
            session,
            election_id=election_id,
            branch="X1",
            kind="PROVISIONAL_NOT_ELIGIBLE",
            hour=f"{DAY}07",
            details={
                "national_code": "0000000004",
                "refusal": "WRONG_BRANCH",
                "decision": {
                    "outcome": "count",
                    "by": "user:exec",
                    "reason": "registry error",
                    "hour": f"{DAY}10",
                },
            },
        )
        session.add(
            BallotRecordRow(
                ballot_id="f" * 32,
                election_id=election_id,
                branch="B3",
                hour=f"{DAY}05",
                ballot_style="S-VILLAGE",
                record={},
                digest="0" * 64,
                provisional=True,
                held=True,
                held_incident_id=held,
            )
        )
        uow.commit()
    return DayIncidents(override, twice, held, counted)


def build_dashboard_world(uow_factory: UnitOfWorkFactory) -> tuple[WebWorld, DayIncidents]:
    """The tiny election (with X0–X2) on polling day at ``NOW``, with the web world's
    accounts and the R1 district officer."""
    tiny = setup_tiny_election(uow_factory, extra_city_branches=3)
    receive_bulletin(
        uow_factory,
        tiny.sign(tiny.bulletin("B3", "AE", candidate_votes={"501": 60, "502": 40})),
        actor="station",
        keys=tiny.keys.directory(),
        now=NOW,
    )
    world = WebWorld(uow_factory, tiny)
    add_accounts(world, JURISDICTIONS)
    add_accounts(world, {Role.DISTRICT_OFFICER: "R1"}, suffix="r1", first=700_000_090)
    return world, fill_polling_day(uow_factory, tiny.definition.id)
