"""Confidential vetting (استعلام): one inquiry per candidate to each body the definition names.

Each inquiry and each answer is a sealed confidential record (``service.security.confidential``)
filed under the contest's jurisdiction: only vetting officers of that jurisdiction read them, each
read with a reason and logged. This module keeps the metadata beside them — body, sent, deadline,
answered — from which an inquiry is ``sent``, ``answered`` or ``overdue``. Nothing here, and
nothing the qualification steps publish, carries the content: a public decision cites a legal
ground only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from entekhab.crypto.confidential import KeyProvider
from entekhab.domain.definition import ElectionDefinition, Phase
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.service.audit.events import record_event
from entekhab.service.candidates.common import (
    candidate_row,
    contest_of,
    definition_of,
    ensure_not_published,
    in_phase,
    utc_now,
)
from entekhab.service.security.confidential import VETTING_ANSWER, VETTING_INQUIRY, add_record
from entekhab.store.tables.candidates import CandidateRow, VettingInquiryRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "InquiryView",
    "contest_jurisdiction",
    "inquiries_of",
    "pending_inquiries",
    "record_answer",
    "send_inquiries",
]


@dataclass(frozen=True)
class InquiryView:
    """An inquiry's metadata: what officers and boards may see (never the content)."""

    inquiry: int
    candidate: str
    body: str
    status: str  # sent, answered or overdue
    sent_at: datetime
    deadline: datetime
    answered_at: datetime | None
    inquiry_record: str
    answer_record: str | None


def contest_jurisdiction(definition: ElectionDefinition, contest: str) -> str:
    """The nearest division containing the whole constituency: where the contest's sealed
    records are filed, so vetting officers of that area (and above) may read them."""
    chains = [definition.ancestors(code) for code in contest_of(definition, contest).constituency]
    common = [code for code in chains[0] if all(code in chain for chain in chains[1:])]
    return common[0] if common else "country"


def _view(row: VettingInquiryRow, candidate: str, now: datetime) -> InquiryView:
    if row.answered_at is not None:
        status = "answered"
    else:
        status = "overdue" if now > row.deadline else "sent"
    return InquiryView(
        row.id,
        candidate,
        row.body,
        status,
        row.sent_at,
        row.deadline,
        row.answered_at,
        row.inquiry_record,
        row.answer_record,
    )


def send_inquiries(
    uow: UnitOfWork,
    keys: KeyProvider,
    *,
    election_id: str,
    candidate: str,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> list[InquiryView]:
    """Send the candidate's inquiries to every body the definition names, sealed."""
    session = uow.session
    now = clock()
    definition = definition_of(session, election_id)
    row = candidate_row(session, election_id, candidate)
    in_phase(definition, Phase.VETTING, now)
    ensure_not_published(session, election_id, row.contest)
    sent = session.scalar(
        select(VettingInquiryRow.id).where(VettingInquiryRow.candidate_id == row.id).limit(1)
    )
    if sent is not None:
        raise EntekhabError(codes.VETTING_ALREADY_SENT, {"candidate": candidate})
    jurisdiction = contest_jurisdiction(definition, row.contest)
    deadline = now + timedelta(days=definition.candidacy.vetting_days)
    identity = (
        f"{row.given_name_fa} {row.family_name_fa}; کد ملی {row.national_code}; "
        f"تاریخ تولد {row.birth_date.isoformat()}; داوطلب {row.contest} ({row.registration})"
    )
    added: list[VettingInquiryRow] = []
    for body in definition.candidacy.vetting_bodies:
        meta = add_record(
            uow,
            keys,
            kind=VETTING_INQUIRY,
            jurisdiction=jurisdiction,
            election_id=election_id,
            subject=f"استعلام از {body.name_fa} درباره داوطلب {row.registration}",
            text=identity,
            actor=actor,
            now=now,
        )
        inquiry = VettingInquiryRow(
            candidate_id=row.id,
            body=body.value,
            jurisdiction=jurisdiction,
            inquiry_record=meta.record_id,
            sent_by=actor,
            sent_at=now,
            deadline=deadline,
        )
        session.add(inquiry)
        added.append(inquiry)
    session.flush()
    record_event(
        session,
        events.VETTING_INQUIRIES_SENT,
        actor=actor,
        payload={
            "election_id": election_id,
            "candidate": candidate,
            "bodies": [b.value for b in definition.candidacy.vetting_bodies],
            "deadline": deadline.isoformat(),
        },
    )
    uow.commit()
    return [_view(inquiry, candidate, now) for inquiry in added]


def record_answer(
    uow: UnitOfWork,
    keys: KeyProvider,
    *,
    inquiry: int,
    text: str,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> InquiryView:
    """File a body's answer, sealed as a reply to the inquiry's record."""
    session = uow.session
    now = clock()
    row = session.get(VettingInquiryRow, inquiry)
    if row is None:
        raise EntekhabError(codes.VETTING_INQUIRY_UNKNOWN, {"inquiry": inquiry})
    if row.answered_at is not None:
        raise EntekhabError(codes.VETTING_ALREADY_ANSWERED, {"inquiry": inquiry})
    candidate = session.get(CandidateRow, row.candidate_id)
    assert candidate is not None
    meta = add_record(
        uow,
        keys,
        kind=VETTING_ANSWER,
        jurisdiction=row.jurisdiction,
        election_id=candidate.election_id,
        reply_to=row.inquiry_record,
        subject=f"پاسخ {row.body} درباره داوطلب {candidate.registration}",
        text=text,
        actor=actor,
        now=now,
    )
    row.answer_record, row.answered_at = meta.record_id, now
    record_event(
        session,
        events.VETTING_ANSWER_RECORDED,
        actor=actor,
        payload={
            "election_id": candidate.election_id,
            "candidate": candidate.registration,
            "inquiry": inquiry,
            "body": row.body,
            "record_id": meta.record_id,
            "late": now > row.deadline,
        },
    )
    uow.commit()
    return _view(row, candidate.registration, now)


def inquiries_of(
    uow: UnitOfWork, election_id: str, candidate: str, now: datetime | None = None
) -> list[InquiryView]:
    row = candidate_row(uow.session, election_id, candidate)
    found = uow.session.scalars(
        select(VettingInquiryRow)
        .where(VettingInquiryRow.candidate_id == row.id)
        .order_by(VettingInquiryRow.id)
    )
    return [_view(inquiry, candidate, now or utc_now()) for inquiry in found]


def pending_inquiries(uow: UnitOfWork, candidate_id: int) -> int:
    """How many of a candidate's inquiries are unanswered (-1: none were ever sent)."""
    rows = list(
        uow.session.scalars(
            select(VettingInquiryRow.answered_at).where(
                VettingInquiryRow.candidate_id == candidate_id
            )
        )
    )
    if not rows:
        return -1
    return sum(1 for answered in rows if answered is None)
