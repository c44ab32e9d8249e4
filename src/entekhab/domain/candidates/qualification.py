"""The steps from registration to a final decision on a candidate (احراز صلاحیت).

The executive board (هیئت اجرایی) decides first, once every vetting inquiry is answered; the
supervising body (the supervisory board, or for the Assembly of Experts its own office) reviews
and its conclusion stands; a candidate it finds disqualified may appeal (شکایت) within
``appeal_days``, and the body's decision on the appeal is final. A candidate may withdraw
(انصراف) until the contest's list is published. Each step moves a candidate between the
statuses below; anything else is QUALIFICATION_OUT_OF_ORDER.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.errors import EntekhabError

__all__ = ["Status", "Step", "is_decided", "next_status"]


class Status(StrEnum):
    REGISTERED = "registered"  # ثبت‌نام شده، در انتظار استعلام و تصمیم
    BOARD_QUALIFIED = "board_qualified"  # تایید هیئت اجرایی
    BOARD_DISQUALIFIED = "board_disqualified"  # رد هیئت اجرایی
    QUALIFIED = "qualified"  # تایید صلاحیت (پس از رسیدگی هیئت نظارت)
    DISQUALIFIED = "disqualified"  # رد صلاحیت (قابل شکایت تا پایان مهلت)
    APPEALED = "appealed"  # شکایت ثبت شد
    FINALLY_DISQUALIFIED = "finally_disqualified"  # رد صلاحیت قطعی پس از شکایت
    WITHDRAWN = "withdrawn"  # انصراف


class Step(StrEnum):
    EXECUTIVE_DECISION = "executive_decision"
    SUPERVISORY_REVIEW = "supervisory_review"
    APPEAL = "appeal"
    APPEAL_DECISION = "appeal_decision"
    WITHDRAWAL = "withdrawal"


_DECIDING = {
    Step.EXECUTIVE_DECISION: (
        {Status.REGISTERED},
        Status.BOARD_QUALIFIED,
        Status.BOARD_DISQUALIFIED,
    ),
    Step.SUPERVISORY_REVIEW: (
        {Status.BOARD_QUALIFIED, Status.BOARD_DISQUALIFIED},
        Status.QUALIFIED,
        Status.DISQUALIFIED,
    ),
    Step.APPEAL_DECISION: ({Status.APPEALED}, Status.QUALIFIED, Status.FINALLY_DISQUALIFIED),
}


def _out_of_order(candidate: str, step: Step, status: Status) -> EntekhabError:
    return EntekhabError(
        codes.QUALIFICATION_OUT_OF_ORDER,
        {"candidate": candidate, "step": step.value, "status": status.value},
    )


def next_status(candidate: str, status: Status, step: Step, qualified: bool | None) -> Status:
    """The status after ``step`` (with the decision ``qualified`` for deciding steps)."""
    if step == Step.WITHDRAWAL:
        if status in {Status.WITHDRAWN, Status.FINALLY_DISQUALIFIED}:
            raise _out_of_order(candidate, step, status)
        return Status.WITHDRAWN
    if step == Step.APPEAL:
        if status != Status.DISQUALIFIED:
            raise _out_of_order(candidate, step, status)
        return Status.APPEALED
    allowed, if_yes, if_no = _DECIDING[step]
    if status not in allowed or qualified is None:
        raise _out_of_order(candidate, step, status)
    return if_yes if qualified else if_no


def is_decided(status: Status, appeal_deadline: datetime | None, now: datetime) -> bool:
    """Whether a candidate's standing is settled: qualified, withdrawn, disqualified after an
    appeal, or disqualified with the time to appeal run out."""
    if status in {Status.QUALIFIED, Status.WITHDRAWN, Status.FINALLY_DISQUALIFIED}:
        return True
    return status == Status.DISQUALIFIED and appeal_deadline is not None and now > appeal_deadline
