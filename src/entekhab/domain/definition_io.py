"""Reading an election definition from YAML or JSON text, checking it, and hashing it.

Entry points:
- ``load_definition_text(text, fmt)``: parse, check the shape and every rule; the definition or
  a ``ProblemList`` (code DEFINITION_INVALID) holding every problem found, each with its
  location in the document (``contests[3].seats``), code and Persian and English text.
- ``validate_definition(doc_or_model)``: the same checks on a parsed document or model.
- ``definition_hash(definition)``: SHA-256 of the canonical JSON of the definition, so the YAML
  and JSON forms of the same content have the same hash.

YAML is read by ``definition_yaml`` (safe, plain scalars kept as text, bounded in depth and
size). Keys repeated in one mapping are refused in both formats instead of silently keeping the
last one.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from entekhab.domain.canonical import canonical_json, sha256_hex
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_rules import definition_problems, problem
from entekhab.domain.definition_yaml import DuplicateKey, TooComplex, load_yaml_text
from entekhab.domain.error_codes import definition as codes
from entekhab.domain.errors import EntekhabError, ErrorSpec, ProblemList

__all__ = [
    "FORMATS",
    "definition_document",
    "definition_from_document",
    "definition_hash",
    "format_for_name",
    "load_definition_text",
    "read_document",
    "validate_definition",
]

FORMATS = ("yaml", "json")


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key, "a JSON object")
        out[key] = value
    return out


def _invalid(*problems: EntekhabError) -> ProblemList:
    return ProblemList(codes.DEFINITION_INVALID, list(problems))


def format_for_name(name: str) -> str:
    """``yaml`` or ``json`` from a file name's suffix (DEFINITION_FORMAT_UNKNOWN otherwise)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    fmt = {"yaml": "yaml", "yml": "yaml", "json": "json"}.get(suffix)
    if fmt is None:
        raise _invalid(problem(codes.DEFINITION_FORMAT_UNKNOWN, "", format=suffix or name))
    return fmt


def read_document(text: str | bytes, fmt: str) -> Any:
    """The JSON-like value in ``text`` (``fmt`` is yaml or json; bytes are UTF-8, a byte-order
    mark allowed); ProblemList if unreadable."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        if fmt == "json":
            return json.loads(text, object_pairs_hook=_refuse_repeats)
        if fmt == "yaml":
            return load_yaml_text(text)
    except DuplicateKey as dup:
        raise _invalid(problem(codes.DEFINITION_DUPLICATE_KEY, dup.location, key=dup.key)) from None
    # UnicodeError is a ValueError; RecursionError from JSON nested thousands deep.
    except (yaml.YAMLError, TooComplex, ValueError, RecursionError) as error:
        reason = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        raise _invalid(problem(codes.DEFINITION_SYNTAX, "", format=fmt, reason=reason)) from None
    raise _invalid(problem(codes.DEFINITION_FORMAT_UNKNOWN, "", format=fmt))


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_SPECIFIC: dict[tuple[str, str], ErrorSpec] = {
    ("seats", "greater_than"): codes.SEATS_NOT_POSITIVE,
    ("alternates", "greater_than_equal"): codes.ALTERNATES_NEGATIVE,
}


def _shape_problem(error: ErrorDetails) -> EntekhabError:
    location = _location(tuple(error["loc"]))
    kind = error["type"]
    if kind == "extra_forbidden":
        return problem(codes.DEFINITION_UNKNOWN_FIELD, location)
    if kind == "missing":
        return problem(codes.DEFINITION_MISSING_FIELD, location)
    field = str(error["loc"][-1]) if error["loc"] else ""
    spec = _SPECIFIC.get((field, kind), codes.DEFINITION_FIELD_INVALID)
    return problem(spec, location, reason=error["msg"])


def definition_from_document(document: Any) -> ElectionDefinition:
    """The model of a parsed document, checking its shape only (ProblemList if wrong)."""
    if not isinstance(document, Mapping):
        raise _invalid(problem(codes.DEFINITION_NOT_A_MAPPING, ""))
    try:
        return ElectionDefinition.model_validate(_nfc(dict(document)))
    except ValidationError as error:
        raise _invalid(*(_shape_problem(e) for e in error.errors())) from None
    except (ValueError, TypeError, ArithmeticError, RecursionError) as error:
        # A value no validator expected (e.g. a Fraction from an absurd string); still coded.
        raise _invalid(
            problem(codes.DEFINITION_FIELD_INVALID, "", reason=type(error).__name__)
        ) from None


def validate_definition(doc_or_model: Any) -> None:
    """Raise a ProblemList holding every problem of the definition; return if it has none."""
    definition = (
        doc_or_model
        if isinstance(doc_or_model, ElectionDefinition)
        else definition_from_document(doc_or_model)
    )
    problems = definition_problems(definition)
    if problems:
        raise _invalid(*problems)


def load_definition_text(text: str | bytes, fmt: str) -> ElectionDefinition:
    """The definition in ``text`` (yaml or json), after every check; ProblemList otherwise."""
    definition = definition_from_document(read_document(text, fmt))
    validate_definition(definition)
    return definition


def definition_document(definition: ElectionDefinition) -> dict[str, Any]:
    """The JSON form of ``definition``, with every default written out (what is stored)."""
    return definition.model_dump(mode="json")


def definition_hash(definition: ElectionDefinition) -> str:
    """SHA-256 (hex) of the canonical JSON of the definition: sorted keys, UTF-8, NFC."""
    return sha256_hex(canonical_json(definition_document(definition)))
