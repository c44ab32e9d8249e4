"""Small shared value types for the domain models."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

__all__ = ["Code", "FractionValue", "Frozen"]


class Frozen(BaseModel):
    """Base of every domain model: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _to_fraction(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("a share must be a number like '1/20' or '0.05'")
    if isinstance(value, int | str):
        return Fraction(value)
    if isinstance(value, float):
        # Floats from YAML: read through their shortest repr so 0.05 means 1/20.
        return Fraction(repr(value))
    raise ValueError("a share must be a number like '1/20' or '0.05'")


FractionValue = Annotated[
    Fraction,
    BeforeValidator(_to_fraction),
    PlainSerializer(lambda f: str(f), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(/\d+|\.\d+)?$"}),
]
"""An exact share such as a threshold: written '1/20' or '0.05', held as a Fraction."""

Code = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
"""An identifier written in a definition; numbers in YAML are read as their text."""
