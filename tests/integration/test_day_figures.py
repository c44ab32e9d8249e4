"""The dashboard's shared figures: counted by the database, kept for ``max_age`` seconds, then
counted again in the background while requests are answered from the kept ones."""

from __future__ import annotations

import time

from entekhab.service.election_day.day_figures import DayFigures
from entekhab.store.tables.election_day import Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.dashboard_support import CHECK_INS, NOW, fill_polling_day
from tests.results_support import setup_tiny_election


def _one_more(uow_factory: UnitOfWorkFactory, election_id: str) -> None:
    with uow_factory() as uow:
        uow.session.add(
            Participation(
                election_id=election_id,
                national_code="9999999999",
                branch="B1",
                hour="2026-06-18T10",
                provisional=False,
            )
        )
        uow.commit()


def test_figures_are_shared_then_counted_again_in_the_background(
    uow_factory: UnitOfWorkFactory,
) -> None:
    e = setup_tiny_election(uow_factory, extra_city_branches=3).definition.id
    fill_polling_day(uow_factory, e)
    written = sum(n for hours in CHECK_INS.values() for n, _p in hours.values())

    every_time = DayFigures(uow_factory, max_age=0)
    first = every_time.snapshot(e, lambda: NOW)
    assert first.area(None).checked_in == written
    assert first.area("D1").by_hour == first.area(None).by_hour  # every branch lies in D1

    shared = DayFigures(uow_factory, max_age=0.2)
    kept = shared.snapshot(e, lambda: NOW)
    _one_more(uow_factory, e)
    assert shared.snapshot(e, lambda: NOW) is kept  # young: the same figures for everyone
    assert every_time.snapshot(e, lambda: NOW).area(None).checked_in == written + 1

    time.sleep(0.25)
    assert shared.snapshot(e, lambda: NOW) is kept  # stale: answered at once, counted behind
    deadline = time.monotonic() + 30
    while (latest := shared.snapshot(e, lambda: NOW)) is kept and time.monotonic() < deadline:
        time.sleep(0.05)
    assert latest.area(None).checked_in == written + 1
    assert latest.branches["B1"].checked_in == first.branches["B1"].checked_in + 1
