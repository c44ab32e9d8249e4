"""All tables, one module per area; importing this package registers them on ``Base.metadata``."""

from entekhab.store.tables import (
    candidates,
    counting,
    election_day,
    foundation,
    operations,
    planning,
    rules,
    security,
)

__all__ = [
    "candidates",
    "counting",
    "election_day",
    "foundation",
    "operations",
    "planning",
    "rules",
    "security",
]
