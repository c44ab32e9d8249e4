"""Events of the counting area: bulletins received, corrected, rejected; certification steps."""

from entekhab.domain.event_codes import EventSpec

__all__ = [
    "BALLOTS_RECOUNTED",
    "BRANCH_RECORDED_NOT_COUNTED",
    "BULLETIN_ACCEPTED",
    "BULLETIN_CORRECTED",
    "BULLETIN_REJECTED",
    "HEAD_KEY_ENROLLED",
    "HEAD_KEY_REVOKED",
    "RESULT_APPROVAL_REFUSED",
    "RESULT_APPROVED",
    "RESULT_CONFIRMED",
    "RESULT_PUBLISHED",
    "RESULT_RETURNED_TO_UNOFFICIAL",
]

BULLETIN_ACCEPTED = EventSpec(
    "BULLETIN_ACCEPTED", "برگ نتیجه شعبه پذیرفته و شمرده شد", "Branch bulletin accepted and counted"
)
BULLETIN_CORRECTED = EventSpec(
    "BULLETIN_CORRECTED",
    "اصلاحیه برگ نتیجه شعبه جایگزین برگ پیشین شد",
    "Branch bulletin correction superseded the previous bulletin",
)
BULLETIN_REJECTED = EventSpec(
    "BULLETIN_REJECTED", "برگ نتیجه شعبه رد شد", "Branch bulletin rejected"
)
HEAD_KEY_ENROLLED = EventSpec(
    "HEAD_KEY_ENROLLED", "کلید رئیس شعبه ثبت شد", "Branch head key enrolled"
)
HEAD_KEY_REVOKED = EventSpec(
    "HEAD_KEY_REVOKED", "کلید رئیس شعبه باطل شد", "Branch head key revoked"
)
RESULT_APPROVED = EventSpec(
    "RESULT_APPROVED", "نتیجه به تأیید هیئت اجرایی رسید", "Result approved by the executive board"
)
RESULT_CONFIRMED = EventSpec(
    "RESULT_CONFIRMED",
    "نتیجه به تأیید هیئت نظارت رسید و رسمی شد",
    "Result confirmed by the supervisory board (official)",
)
RESULT_PUBLISHED = EventSpec("RESULT_PUBLISHED", "نتیجه رسمی منتشر شد", "Official result published")
RESULT_RETURNED_TO_UNOFFICIAL = EventSpec(
    "RESULT_RETURNED_TO_UNOFFICIAL",
    "نتیجه به سبب بازشماری یا اصلاح به وضعیت غیررسمی بازگشت",
    "Result returned to unofficial after a recount or correction",
)
# -- complete reporting before approval (c-rules) -----------------------------------------------
BRANCH_RECORDED_NOT_COUNTED = EventSpec(
    "BRANCH_RECORDED_NOT_COUNTED",
    "هیئت اجرایی شعبه‌ای را که گزارش نداد، با ذکر دلیل، شمرده‌نشده ثبت کرد",
    "The executive board recorded a branch that did not report as not counted, with a reason",
)
RESULT_APPROVAL_REFUSED = EventSpec(
    "RESULT_APPROVAL_REFUSED",
    "تأیید نتیجه رد شد (مانند شعبه‌ای که گزارش نداده است)",
    "Approval of a result was refused (e.g. a branch has not reported)",
)
# -- recount from the stored ballot records ---------------------------------------------------
BALLOTS_RECOUNTED = EventSpec(
    "BALLOTS_RECOUNTED",
    "برگ‌های رأی ذخیره‌شده بازشماری و با برگ‌های نتیجه شعب مقایسه شد",
    "Stored ballot records recounted and compared with the branch bulletins",
)
