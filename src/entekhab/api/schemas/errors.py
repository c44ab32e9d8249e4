"""The one shape of every refusal the API sends: ``{"error": {code, message_fa, message_en,
details}}``; every route declares it for every status a coded error can have."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from entekhab.errors import all_specs

__all__ = ["ERROR_RESPONSES", "ErrorBody", "ErrorOut"]


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    message_fa: str
    message_en: str
    details: dict[str, Any]


class ErrorOut(BaseModel):
    """A coded refusal (docs/errors.md lists every code)."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorBody


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _error_responses() -> dict[int | str, dict[str, Any]]:
    # JSON whatever the route's own media type (an HTML page's refusal is still coded JSON), so
    # the schema is given inline rather than as ``model`` (which takes the route's media type).
    schema = ErrorOut.model_json_schema()
    inline = _inline(schema, schema.get("$defs", {}))
    statuses = sorted({spec.status for _area, spec in all_specs()} | {404, 405, 422, 429, 500})
    return {
        status: {
            "description": "A coded refusal (Persian and English).",
            "content": {"application/json": {"schema": inline}},
        }
        for status in statuses
    }


ERROR_RESPONSES = _error_responses()
"""Every status a coded error can have, with its body, for ``include_router(responses=...)``."""
