"""Events of the operations area: how headquarters runs its weeks before and on election day."""

from entekhab.domain.event_codes import EventSpec


def _e(code: str, fa: str, en: str) -> EventSpec:
    return EventSpec(code, fa, en)


HQ_CREATED = _e("OPS_HQ_CREATED", "ستاد انتخابات تشکیل شد", "Election headquarters set up")
COMMITTEE_CREATED = _e(
    "OPS_COMMITTEE_CREATED", "کمیته ستاد تشکیل شد", "Headquarters committee set up"
)
APPOINTED = _e("OPS_APPOINTED", "حکم انتصاب ثبت شد", "Appointment by decree recorded")
APPOINTMENT_ENDED = _e("OPS_APPOINTMENT_ENDED", "انتصاب پایان یافت", "Appointment ended")
DIRECTIVE_ISSUED = _e("OPS_DIRECTIVE_ISSUED", "دستورالعمل صادر شد", "Directive issued")
ATTACHMENT_ADDED = _e("OPS_ATTACHMENT_ADDED", "پیوست افزوده شد", "Attachment added")
DIRECTIVE_ACKNOWLEDGED = _e(
    "OPS_DIRECTIVE_ACKNOWLEDGED", "رسید دستورالعمل ثبت شد", "Directive acknowledged by an office"
)
DIRECTIVE_REPORTED = _e(
    "OPS_DIRECTIVE_REPORTED", "گزارش اقدام ثبت شد", "Action report on a directive filed"
)
REMINDER_SENT = _e("OPS_REMINDER_SENT", "یادآوری دستورالعمل ثبت شد", "Directive reminder recorded")
MEETING_RECORDED = _e("OPS_MEETING_RECORDED", "صورت‌جلسه ثبت شد", "Meeting and minutes recorded")
ACTION_ITEM_UPDATED = _e(
    "OPS_ACTION_ITEM_UPDATED", "وضعیت اقدام مصوب تغییر کرد", "Action item status changed"
)
RULE_RECORDED = _e("OPS_RULE_RECORDED", "مقرره در کتابخانه ثبت شد", "Rule added to the library")
RULE_VERSION_ADDED = _e(
    "OPS_RULE_VERSION_ADDED", "نسخه تازه مقرره ثبت شد", "New version of a rule recorded"
)
LESSON_RECORDED = _e("OPS_LESSON_RECORDED", "درس‌آموخته ثبت شد", "Lesson recorded")
LESSON_UPDATED = _e("OPS_LESSON_UPDATED", "درس‌آموخته به‌روز شد", "Lesson updated")
SCENARIO_RECORDED = _e(
    "OPS_SCENARIO_RECORDED", "سناریوی اضطراری ثبت شد", "Contingency scenario recorded"
)
SCENARIO_ACTIVATED = _e(
    "OPS_SCENARIO_ACTIVATED", "سناریو برای رخداد فعال شد", "Scenario activated for an incident"
)
PLAYBOOK_STEP_DONE = _e("OPS_PLAYBOOK_STEP_DONE", "گام سناریو انجام شد", "Playbook step done")
COMPLAINT_FILED = _e("OPS_COMPLAINT_FILED", "شکایت ثبت و ارجاع شد", "Complaint filed and routed")
COMPLAINT_DECIDED = _e("OPS_COMPLAINT_DECIDED", "درباره شکایت تصمیم گرفته شد", "Complaint decided")
COMPLAINANT_READ = _e("OPS_COMPLAINANT_READ", "هویت شاکی خوانده شد", "Complainant's identity read")
COMMITMENT_RECORDED = _e(
    "OPS_COMMITMENT_RECORDED", "تعهد دستگاه ثبت شد", "Agency commitment recorded"
)
COMMITMENT_UPDATED = _e(
    "OPS_COMMITMENT_UPDATED", "وضعیت تعهد دستگاه تغییر کرد", "Agency commitment status changed"
)
COMMITMENT_ESCALATED = _e(
    "OPS_COMMITMENT_ESCALATED", "تعهد معوق به سطح بالاتر ارجاع شد", "Overdue commitment escalated"
)
MEDIA_MEETING_RECORDED = _e(
    "OPS_MEDIA_MEETING_RECORDED", "نشست خبری ثبت شد", "Media meeting recorded"
)
STATEMENT_DRAFTED = _e("OPS_STATEMENT_DRAFTED", "پیش‌نویس بیانیه ثبت شد", "Statement drafted")
STATEMENT_APPROVED = _e(
    "OPS_STATEMENT_APPROVED", "بیانیه به تأیید رئیس ستاد رسید", "Statement approved by the head"
)
STATEMENT_PUBLISHED = _e(
    "OPS_STATEMENT_PUBLISHED", "بیانیه با امضا منتشر شد", "Statement signed and published"
)
CLASSIFIED_READ = _e("OPS_CLASSIFIED_READ", "سند طبقه‌بندی‌شده خوانده شد", "Classified record read")
