"""Sample elections, made deterministically from a seed, and written as YAML or JSON.

``make_election(kind, seed)`` builds one of ``KINDS`` (``tehran``, ``sari``, ``tiny``) from
``random.Random(seed)`` alone: the same seed gives the same definition, byte for byte once
rendered. ``render_definition`` writes the document with defaults left out of candidates,
branches and contests (the election-level settings are always written), keys in model order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from entekhab.domain.definition import ElectionDefinition
from entekhab.sim.sample_sari import make_sari
from entekhab.sim.sample_tehran import make_tehran
from entekhab.sim.sample_tiny import make_tiny

__all__ = [
    "DOCUMENTED_SEED",
    "KINDS",
    "definition_document",
    "make_election",
    "render_definition",
    "write_definition",
]

DOCUMENTED_SEED = 1405
"""The seed of the committed examples (examples/tiny.yaml, sari.yaml, tehran.json)."""

KINDS: dict[str, Callable[[int, int | None], ElectionDefinition]] = {
    "tehran": make_tehran,
    "sari": make_sari,
    "tiny": make_tiny,
}

_ALWAYS_WRITTEN = (
    "calendar",
    "timezone",
    "minimum_age",
    "offline_policy",
    "seat_bands",
    "village_councils",
)


def make_election(kind: str, seed: int, branches: int | None = None) -> ElectionDefinition:
    """The sample election ``kind`` drawn from ``seed`` (``branches``: about this many)."""
    try:
        maker = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown sample {kind!r}; choose one of {', '.join(KINDS)}") from None
    return maker(seed, branches)


def definition_document(definition: ElectionDefinition) -> dict[str, Any]:
    """The JSON-ready document: defaults omitted, except the election-level settings."""
    full = definition.model_dump(mode="json")
    lean = definition.model_dump(mode="json", exclude_defaults=True)
    document = {
        key: full[key] if key in _ALWAYS_WRITTEN else lean[key]
        for key in full
        if key in lean or key in _ALWAYS_WRITTEN
    }
    # A list-PR contest's rules are always spelt out, even where they are the defaults.
    for lean_contest, full_contest in zip(document["contests"], full["contests"], strict=True):
        if full_contest.get("pr") is not None:
            lean_contest["pr"] = full_contest["pr"]
    return document


class _Dumper(yaml.SafeDumper):
    """The pure-Python dumper, so output never depends on whether libyaml is present."""


def render_definition(definition: ElectionDefinition, fmt: str) -> str:
    """The definition as ``yaml`` or ``json`` text (UTF-8, Persian unescaped, trailing newline)."""
    document = definition_document(definition)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if fmt == "yaml":
        return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    raise ValueError(f"unknown format {fmt!r}: yaml or json")


def format_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    raise ValueError(f"{path}: the file name must end in .yaml, .yml or .json")


def write_definition(definition: ElectionDefinition, path: Path) -> int:
    """Write ``definition`` to ``path`` in the format its suffix names; returns bytes written."""
    data = render_definition(definition, format_for(path)).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)
