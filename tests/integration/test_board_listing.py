"""The certification list reads every contest's state and reporting in two queries per
election; it must say what the one-contest reads say (status, reporting_progress)."""

from __future__ import annotations

from entekhab.service.counting.aggregation import reporting_progress
from entekhab.service.counting.board import board_contests
from entekhab.service.counting.certification import status
from entekhab.service.definitions.loading import get_definition
from entekhab.store.uow import UnitOfWorkFactory
from tests.web_support import build_web_world


def test_the_listing_agrees_with_each_contests_own_reads(uow_factory: UnitOfWorkFactory) -> None:
    world = build_web_world(uow_factory)  # CT1 and AE published, PR1 counted, not certified
    listing = board_contests(uow_factory)
    assert {c.contest for c in listing} == {"CT1", "PR1", "AE"}
    with uow_factory() as uow:
        definition = get_definition(uow.session, world.election_id).definition
        for c in listing:
            progress = reporting_progress(uow.session, definition, c.contest)
            assert c.state == status(uow.session, c.election_id, c.contest).state
            assert (c.branches_reported, c.branches_expected) == (
                progress.branches_reported,
                progress.branches_expected,
            )
    assert {c.contest: c.state for c in listing} == {
        "CT1": "published",
        "AE": "published",
        "PR1": "unofficial",
    }
