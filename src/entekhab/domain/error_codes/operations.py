"""Errors of the operations area: headquarters, directives, meetings, rules library, lessons,
contingency playbooks, complaints, agency commitments, statements and classification."""

from entekhab.domain.errors import ErrorSpec

__all__ = [
    "OPS_ACTION_OWNER_REQUIRED",
    "OPS_ALREADY_DONE",
    "OPS_ATTACHMENT_TOO_LARGE",
    "OPS_CLEARANCE_REQUIRED",
    "OPS_COMPLAINT_OTHER_OFFICE",
    "OPS_DUPLICATE",
    "OPS_INCIDENT_BOUND",
    "OPS_NOT_ADDRESSED",
    "OPS_NOT_HEAD_OF_HQ",
    "OPS_NOT_IN_COMMITTEE",
    "OPS_OUTSIDE_HQ",
    "OPS_RULE_VERSION_UNKNOWN",
    "OPS_SERVER_KEY_MISSING",
    "OPS_STATEMENT_NOT_APPROVED",
    "OPS_STATUS_CHANGE",
    "OPS_UNKNOWN",
]

OPS_UNKNOWN = ErrorSpec("OPS_UNKNOWN", 404, "{what} پیدا نشد.", "{what} was not found.")
OPS_DUPLICATE = ErrorSpec(
    "OPS_DUPLICATE", 409, "{what} از پیش ثبت شده است.", "{what} is already recorded."
)
OPS_OUTSIDE_HQ = ErrorSpec(
    "OPS_OUTSIDE_HQ",
    422,
    "حوزه {office} زیرمجموعه ستاد {hq} نیست.",
    "Office {office} does not lie under headquarters {hq}.",
)
OPS_NOT_ADDRESSED = ErrorSpec(
    "OPS_NOT_ADDRESSED",
    422,
    "دستورالعمل {directive} خطاب به حوزه {office} نیست؛ گزارش ثبت نشد.",
    "Directive {directive} is not addressed to office {office}; nothing was recorded.",
)
OPS_ACTION_OWNER_REQUIRED = ErrorSpec(
    "OPS_ACTION_OWNER_REQUIRED",
    422,
    "هر اقدام مصوب باید مسئول داشته باشد (اقدام {item}).",
    "Every action item needs an owner (item {item}).",
)
OPS_STATEMENT_NOT_APPROVED = ErrorSpec(
    "OPS_STATEMENT_NOT_APPROVED",
    409,
    "بیانیه {statement} هنوز به تأیید رئیس ستاد نرسیده و منتشر نمی‌شود.",
    "Statement {statement} has not been approved by the head of headquarters; not published.",
)
OPS_NOT_HEAD_OF_HQ = ErrorSpec(
    "OPS_NOT_HEAD_OF_HQ",
    403,
    "فقط رئیس ستاد {hq} بیانیه را تأیید می‌کند.",
    "Only the head of headquarters {hq} approves a statement.",
)
OPS_NOT_IN_COMMITTEE = ErrorSpec(
    "OPS_NOT_IN_COMMITTEE",
    403,
    "شما عضو کمیته {committee} ستاد {hq} نیستید.",
    "You are not a member of the {committee} committee of headquarters {hq}.",
)
OPS_CLEARANCE_REQUIRED = ErrorSpec(
    "OPS_CLEARANCE_REQUIRED",
    403,
    "نقش {role} اجازه خواندن اسناد با طبقه‌بندی «{level}» را ندارد.",
    "The role {role} may not read records classified '{level}'.",
)
OPS_RULE_VERSION_UNKNOWN = ErrorSpec(
    "OPS_RULE_VERSION_UNKNOWN",
    422,
    "نسخه {version} از مقرره {rule} در کتابخانه قوانین نیست.",
    "Version {version} of rule {rule} is not in the rules library.",
)
OPS_STATUS_CHANGE = ErrorSpec(
    "OPS_STATUS_CHANGE",
    409,
    "وضعیت {what} از «{current}» به «{wanted}» تغییر نمی‌کند.",
    "{what} cannot go from '{current}' to '{wanted}'.",
)
OPS_INCIDENT_BOUND = ErrorSpec(
    "OPS_INCIDENT_BOUND",
    409,
    "رخداد {incident} پیش‌تر به سناریوی دیگری پیوند خورده است.",
    "Incident {incident} is already bound to a scenario.",
)
OPS_ALREADY_DONE = ErrorSpec(
    "OPS_ALREADY_DONE", 409, "{what} پیش‌تر انجام شده است.", "{what} was already done."
)
OPS_COMPLAINT_OTHER_OFFICE = ErrorSpec(
    "OPS_COMPLAINT_OTHER_OFFICE",
    403,
    "شکایت {tracking} به دفتر نظارت «{office}» ارجاع شده است، نه به شما.",
    "Complaint {tracking} is routed to the supervisory office '{office}', not to you.",
)
OPS_ATTACHMENT_TOO_LARGE = ErrorSpec(
    "OPS_ATTACHMENT_TOO_LARGE",
    413,
    "پیوست بزرگ‌تر از {limit} بایت است.",
    "The attachment is larger than {limit} bytes.",
)
OPS_SERVER_KEY_MISSING = ErrorSpec(
    "OPS_SERVER_KEY_MISSING",
    503,
    "کلید امضای سرور تنظیم نشده است؛ بیانیه بدون امضا منتشر نمی‌شود.",
    "The server's signing key is not configured; a statement is not published unsigned.",
)
