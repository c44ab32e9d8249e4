"""What the polling-hours check costs a check-in (issue 10 item 2), beside a database round trip.

The check runs on every check-in. Inside the definition's hours it is pure: ``domain.calendar``
over the cached definition, no database. This prints its cost per call on the Tehran sample
(2,515 branches; the definition is parsed once, as the server caches it), the cost of one
``SELECT 1`` round trip to the local PostgreSQL from the same run, and their ratio.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from sqlalchemy import create_engine, text

from entekhab.domain.calendar import is_open
from entekhab.domain.definition import Phase
from entekhab.sim.sample_election import DOCUMENTED_SEED, make_election

CALLS = 200_000
ROUND_TRIPS = 2_000
PG_URL = os.environ.get(
    "ENTEKHAB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def main() -> None:
    definition = make_election("tehran", DOCUMENTED_SEED)
    at = datetime(2026, 6, 18, 7, 0, tzinfo=UTC)  # 10:30 Tehran, inside the hours
    assert is_open(definition, Phase.POLLING, at)
    started = time.perf_counter()
    for _ in range(CALLS):
        is_open(definition, Phase.POLLING, at)
    per_check = (time.perf_counter() - started) / CALLS
    engine = create_engine(PG_URL)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        started = time.perf_counter()
        for _ in range(ROUND_TRIPS):
            conn.execute(text("SELECT 1"))
        per_trip = (time.perf_counter() - started) / ROUND_TRIPS
    engine.dispose()
    load = os.getloadavg()[0]
    print(f"polling-hours check inside the hours: {per_check * 1e6:.2f} µs per check-in")
    print(f"one SELECT 1 round trip to PostgreSQL: {per_trip * 1e6:.1f} µs")
    print(f"ratio check / round trip: {per_check / per_trip:.3f} (load average {load:.1f})")


if __name__ == "__main__":
    main()
