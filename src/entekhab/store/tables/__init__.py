"""All tables, one module per area; importing this package registers them on ``Base.metadata``."""

from entekhab.store.tables import (
    counting,
    election_day,
    foundation,
    operations,
    planning,
    security,
)

__all__ = ["counting", "election_day", "foundation", "operations", "planning", "security"]
