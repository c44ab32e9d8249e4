"""The lessons register (ثبت درس‌آموخته‌ها): problems, strengths and weaknesses, each owned,
tracked to a decision, with its evidence and where it came from.

Sources say where a lesson was learnt: a site assessment of a polling place, a past election, an
election-day incident, or a headquarters meeting. A lesson moves ``open`` → ``in_progress`` →
``resolved`` (a decision was taken and carried out) or ``closed`` (nothing more to do); a
resolved lesson needs its decision written down.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import OPS_STATUS_CHANGE
from entekhab.domain.errors import EntekhabError
from entekhab.domain.operations.classification import Level
from entekhab.domain.operations.vocabulary import one_of, required_text

__all__ = [
    "LessonDraft",
    "LessonKind",
    "LessonSource",
    "LessonStatus",
    "check_draft",
    "check_status_change",
]


class LessonKind(StrEnum):
    PROBLEM = "problem"  # مشکل
    STRENGTH = "strength"  # نقطه قوت
    WEAKNESS = "weakness"  # نقطه ضعف


class LessonSource(StrEnum):
    SITE_ASSESSMENT = "site_assessment"  # ارزیابی محل شعبه
    PAST_ELECTION = "past_election"  # انتخابات گذشته
    INCIDENT = "incident"  # رخداد روز رای‌گیری
    MEETING = "meeting"  # جلسه ستاد


class LessonStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


_NEXT: dict[LessonStatus, frozenset[LessonStatus]] = {
    LessonStatus.OPEN: frozenset(
        {LessonStatus.IN_PROGRESS, LessonStatus.RESOLVED, LessonStatus.CLOSED}
    ),
    LessonStatus.IN_PROGRESS: frozenset({LessonStatus.RESOLVED, LessonStatus.CLOSED}),
    LessonStatus.RESOLVED: frozenset({LessonStatus.CLOSED, LessonStatus.IN_PROGRESS}),
    LessonStatus.CLOSED: frozenset(),
}


@dataclass(frozen=True)
class LessonDraft:
    """What a new lesson says, checked by ``check_draft`` before anything is stored."""

    jurisdiction: str
    kind: str
    title: str
    description: str
    source: str
    source_ref: str
    owner: str
    evidence: str = ""
    decision: str = ""
    election_id: str | None = None
    classification: str = Level.PUBLIC.value


def check_draft(draft: LessonDraft) -> LessonDraft:
    """The draft with its text stripped; INVALID_INPUT for a missing owner, title or source."""
    one_of("kind", draft.kind, LessonKind)
    one_of("source", draft.source, LessonSource)
    one_of("classification", draft.classification, Level)
    return LessonDraft(
        jurisdiction=draft.jurisdiction,
        kind=draft.kind,
        title=required_text("title", draft.title, 300),
        description=required_text("description", draft.description, 10_000),
        source=draft.source,
        source_ref=required_text("source_ref", draft.source_ref, 200),
        owner=required_text("owner", draft.owner, 200),
        evidence=draft.evidence.strip(),
        decision=draft.decision.strip(),
        election_id=draft.election_id,
        classification=draft.classification,
    )


def check_status_change(current: str, wanted: str, decision: str) -> LessonStatus:
    """The new status, if a lesson may move there (a resolved lesson needs its decision)."""
    target = LessonStatus(one_of("status", wanted, LessonStatus))
    if target not in _NEXT[LessonStatus(current)]:
        raise EntekhabError(
            OPS_STATUS_CHANGE, {"what": "lesson", "current": current, "wanted": wanted}
        )
    if target is LessonStatus.RESOLVED and not decision.strip():
        raise EntekhabError(INVALID_INPUT, {"reason": "a resolved lesson needs its decision"})
    return target
