"""What ``audit verify`` found: the counts, the last entry, and every problem by kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from entekhab.crypto.chain import GENESIS_HASH

__all__ = ["MAX_PROBLEMS", "ChainProblem", "ChainReport", "Progress"]

MAX_PROBLEMS = 1000
"""Problems kept in a report (a wholesale rewrite would otherwise list millions)."""

Progress = Callable[[int], None]
"""Called with the number of entries checked so far, once per batch."""


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str
    detail: str


@dataclass
class ChainReport:
    entries: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    checkpoints: int = 0
    pending: int = 0
    """Entries committed but not yet sealed into the chain."""
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, seq: int, kind: str, detail: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ChainProblem(seq, kind, detail))

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "checkpoints": self.checkpoints,
            "pending": self.pending,
            "problems": [vars(p) for p in self.problems],
        }
