"""Errors of branch planning: capacity, site readiness, network, mobile boxes, equipment and its
custody, staffing and training (issue 13)."""

from entekhab.domain.errors import ErrorSpec

PLANNING_SERVICE_TIME_INVALID = ErrorSpec(
    "PLANNING_SERVICE_TIME_INVALID",
    422,
    "زمان خدمت مرحله «{stage}» باید بیشتر از صفر باشد (داده شده: {value}).",
    "The service time of stage '{stage}' must be greater than zero (given: {value}).",
)
PLANNING_QUEUE_INPUT_INVALID = ErrorSpec(
    "PLANNING_QUEUE_INPUT_INVALID",
    422,
    "ورودی صف نامعتبر است: «{field}» = {value} ({reason}).",
    "Invalid queueing input: '{field}' = {value} ({reason}).",
)
PLANNING_PROFILE_INVALID = ErrorSpec(
    "PLANNING_PROFILE_INVALID",
    422,
    "الگوی ساعتی ورود رای‌دهندگان نامعتبر است: {reason}",
    "The hourly arrival profile is invalid: {reason}",
)
PLANNING_BRANCH_UNKNOWN = ErrorSpec(
    "PLANNING_BRANCH_UNKNOWN",
    404,
    "شعبه {branch} در این انتخابات نیست.",
    "Branch {branch} is not a branch of this election.",
)
PLANNING_DIVISION_UNKNOWN = ErrorSpec(
    "PLANNING_DIVISION_UNKNOWN",
    404,
    "حوزه {division} در تقسیمات این انتخابات نیست.",
    "Division {division} is not a division of this election.",
)
PLANNING_CHECKLIST_INVALID = ErrorSpec(
    "PLANNING_CHECKLIST_INVALID",
    422,
    "فهرست بازبینی محل شعبه نامعتبر است: {reason}",
    "The site checklist is invalid: {reason}",
)
PLANNING_ASSESSMENT_INVALID = ErrorSpec(
    "PLANNING_ASSESSMENT_INVALID",
    422,
    "ارزیابی محل شعبه {branch} نامعتبر است: {reason}",
    "The site assessment of branch {branch} is invalid: {reason}",
)
PLANNING_VILLAGE_NOT_ENTITLED = ErrorSpec(
    "PLANNING_VILLAGE_NOT_ENTITLED",
    422,
    "روستای {village} شورا ندارد ({reason_fa})؛ صندوق سیار برای آن برنامه‌ریزی نمی‌شود.",
    "Village {village} gets no council ({reason_en}); no mobile box is planned for it.",
)
PLANNING_ROUTING_INPUT_INVALID = ErrorSpec(
    "PLANNING_ROUTING_INPUT_INVALID",
    422,
    "ورودی مسیریابی صندوق سیار نامعتبر است: {reason}",
    "Invalid mobile-box routing input: {reason}",
)
PLANNING_DEVICE_UNKNOWN = ErrorSpec(
    "PLANNING_DEVICE_UNKNOWN",
    404,
    "تجهیزی با شماره سریال {serial} ثبت نشده است.",
    "No device with serial {serial} is registered.",
)
PLANNING_DEVICE_EXISTS = ErrorSpec(
    "PLANNING_DEVICE_EXISTS",
    409,
    "تجهیز با شماره سریال {serial} پیش‌تر ثبت شده است.",
    "A device with serial {serial} is already registered.",
)
PLANNING_DEVICE_STATUS_INVALID = ErrorSpec(
    "PLANNING_DEVICE_STATUS_INVALID",
    409,
    "تجهیز {serial} در وضعیت «{status}» است و نمی‌تواند به «{target}» برود.",
    "Device {serial} is '{status}' and cannot become '{target}'.",
)
PLANNING_CUSTODY_PARTY_MISSING = ErrorSpec(
    "PLANNING_CUSTODY_PARTY_MISSING",
    422,
    "تحویل تجهیز {serial} بدون امضای هر دو طرف (تحویل‌دهنده و تحویل‌گیرنده) ثبت نمی‌شود.",
    "Handing over device {serial} needs both parties' signatures (giver and receiver).",
)
PLANNING_CUSTODY_HOLDER_MISMATCH = ErrorSpec(
    "PLANNING_CUSTODY_HOLDER_MISMATCH",
    409,
    "تجهیز {serial} در دست {holder} است، نه {giver}.",
    "Device {serial} is held by {holder}, not {giver}.",
)
PLANNING_PERSON_DOUBLE_BOOKED = ErrorSpec(
    "PLANNING_PERSON_DOUBLE_BOOKED",
    409,
    "کد ملی {national_code} پیش‌تر برای روز رای‌گیری در شعبه {branch} گمارده شده است.",
    "National code {national_code} is already rostered at branch {branch} on polling day.",
)
PLANNING_STAFF_INELIGIBLE = ErrorSpec(
    "PLANNING_STAFF_INELIGIBLE",
    422,
    "{national_code} شرایط نقش «{role}» را ندارد: {reason}",
    "{national_code} does not meet the conditions of role '{role}': {reason}",
)
PLANNING_COURSE_UNKNOWN = ErrorSpec(
    "PLANNING_COURSE_UNKNOWN",
    404,
    "دوره آموزشی {course} ثبت نشده است.",
    "Training course {course} is not registered.",
)
