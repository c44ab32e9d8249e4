"""The error catalogue: one module per area, each a list of ``ErrorSpec`` constants.

``all_specs()`` gathers them; a test checks that codes are unique and that docs/errors.md,
rendered by ``entekhab docs errors``, is up to date.
"""

from __future__ import annotations

from types import ModuleType

from entekhab.domain.error_codes import (
    allocation,
    audit,
    calendar,
    candidates,
    counting,
    definition,
    election_day,
    general,
    operations,
    planning,
    registry,
    security,
    station_console,
    web,
)
from entekhab.domain.errors import ErrorSpec

__all__ = ["AREAS", "all_specs"]

AREAS: dict[str, ModuleType] = {
    "general": general,
    "definition": definition,
    "calendar": calendar,
    "election_day": election_day,
    "counting": counting,
    "allocation": allocation,
    "registry": registry,
    "security": security,
    "audit": audit,
    "operations": operations,
    "planning": planning,
    "candidates": candidates,
    "station_console": station_console,
    "web": web,
}


def all_specs() -> list[tuple[str, ErrorSpec]]:
    """Every (area, spec) in catalogue order."""
    out: list[tuple[str, ErrorSpec]] = []
    for area, module in AREAS.items():
        for value in vars(module).values():
            if isinstance(value, ErrorSpec):
                out.append((area, value))
    return out
