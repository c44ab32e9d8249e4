"""Errors of the civil-registry extract (ثبت احوال) and its import."""

from entekhab.domain.errors import ErrorSpec

REGISTRY_INVALID = ErrorSpec(
    "REGISTRY_INVALID",
    422,
    "فایل ثبت احوال {count} اشکال دارد؛ هیچ ردیفی ثبت نشد.",
    "The registry file has {count} problem(s); nothing was imported.",
)
REGISTRY_FIELD_INVALID = ErrorSpec(
    "REGISTRY_FIELD_INVALID",
    422,
    "سطر {line}: مقدار «{field}» نامعتبر است ({reason}).",
    "Line {line}: field '{field}' is invalid ({reason}).",
)
REGISTRY_DUPLICATE_CITIZEN = ErrorSpec(
    "REGISTRY_DUPLICATE_CITIZEN",
    422,
    "سطر {line}: کد ملی {national_code} پیش‌تر در سطر {first_line} آمده است.",
    "Line {line}: national code {national_code} already appears on line {first_line}.",
)
REGISTRY_UNKNOWN_DIVISION = ErrorSpec(
    "REGISTRY_UNKNOWN_DIVISION",
    422,
    "سطر {line}: محل سکونت {division} در تقسیمات کشوری این انتخابات نیست.",
    "Line {line}: residence division {division} is not a division of this election.",
)
REGISTRY_CITIZEN_EXISTS = ErrorSpec(
    "REGISTRY_CITIZEN_EXISTS",
    409,
    "{count} کد ملی از این فایل پیش‌تر ثبت شده است (مانند {national_code})؛ هیچ ردیفی ثبت نشد.",
    "{count} national code(s) in this file are already registered (e.g. {national_code}); "
    "nothing was imported.",
)
REGISTRY_FILE_UNREADABLE = ErrorSpec(
    "REGISTRY_FILE_UNREADABLE",
    422,
    "فایل ثبت احوال خوانا نیست: {reason}",
    "The registry file cannot be read: {reason}",
)
