"""Public statements (بیانیه‌ها و اطلاعیه‌ها): drafted by the publicity committee, approved by
the head of headquarters, then published with the server's signature and the time.

Only a published statement reaches the public side. The signature covers the canonical text of
``signed_document`` (headquarters, title, text, approver, time of publication), so anyone with
the server's public key can check a copy of a statement word for word.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = ["StatementStatus", "signed_document"]


class StatementStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PUBLISHED = "published"


def signed_document(
    *, statement_id: int, hq: str, title: str, text: str, approved_by: str, published_at: datetime
) -> dict[str, Any]:
    """What the server signs when it publishes a statement."""
    return {
        "kind": "entekhab/public-statement/v1",
        "statement": statement_id,
        "hq": hq,
        "title": title,
        "text": text,
        "approved_by": approved_by,
        "published_at": published_at.isoformat(),
    }
