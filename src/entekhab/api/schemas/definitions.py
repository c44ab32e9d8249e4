"""API schemas of election definitions.

A definition is posted as its own YAML or JSON text (not wrapped in a schema here), so that the
server checks it exactly as ``entekhab definition validate`` does and answers with the same
coded problems.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["DefinitionLoadedOut", "DefinitionOut", "DefinitionSignatureOut"]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DefinitionLoadedOut(_Schema):
    election_id: str
    definition_hash: str
    created: bool
    """False when the very same document was already loaded (nothing changed)."""


class DefinitionOut(_Schema):
    election_id: str
    definition_hash: str
    loaded_at: datetime
    document: dict[str, Any]


class DefinitionSignatureOut(BaseModel):
    """Headquarters' signature of a definition package (crypto/definition_signature.py)."""

    election_id: str
    definition_hash: str
    key_id: str
    public_key: str
    signature: str
