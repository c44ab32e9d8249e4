"""The event catalogue (modelled on NIST SP 1500-101): every change of state has a code.

One module per area; ``all_events()`` gathers them. A test checks uniqueness and docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

__all__ = ["EventSpec", "all_events"]


@dataclass(frozen=True)
class EventSpec:
    """One entry of the event catalogue: a stable code and Persian/English descriptions."""

    code: str
    fa: str
    en: str


def _areas() -> dict[str, ModuleType]:
    from entekhab.domain.event_codes import (
        calendar,
        candidates,
        counting,
        election_day,
        foundation,
        operations,
        planning,
        security,
    )

    return {
        "foundation": foundation,
        "election_day": election_day,
        "calendar": calendar,
        "counting": counting,
        "security": security,
        "operations": operations,
        "planning": planning,
        "candidates": candidates,
    }


def all_events() -> list[tuple[str, EventSpec]]:
    """Every (area, spec) in catalogue order."""
    out: list[tuple[str, EventSpec]] = []
    for area, module in _areas().items():
        for value in vars(module).values():
            if isinstance(value, EventSpec):
                out.append((area, value))
    return out
