"""The practice ballot (رای تمرینی): anyone may try the voter's screen on a sample election, and
nothing it records can reach a count.

Kept apart by construction: the practice election's id is not a real election's (it starts with
``PRACTICE``), its ballots live in their own SQLite file marked with ``PRACTICE_APPLICATION_ID``
(a station journal refuses such a file, and the practice store refuses a journal), it has no
station key to sign with and no closing. ``entekhab.web.practice`` holds the store and the steps.
"""

from __future__ import annotations

__all__ = ["PRACTICE_APPLICATION_ID", "PRACTICE_PREFIX", "is_practice"]

PRACTICE_PREFIX = "PRACTICE"
PRACTICE_APPLICATION_ID = 0x50524143
"""SQLite's ``PRAGMA application_id`` of a practice store ("PRAC")."""


def is_practice(election_id: str) -> bool:
    """Whether an election id names a practice election."""
    return election_id.upper().startswith(PRACTICE_PREFIX)
