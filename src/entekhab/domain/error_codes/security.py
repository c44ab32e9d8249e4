"""Errors of the security area: sign-in, sessions, permissions, confidential records."""

from entekhab.domain.errors import ErrorSpec

__all__ = [
    "ACCOUNT_DISABLED",
    "ACCOUNT_LOCKED",
    "BAD_CREDENTIALS",
    "CONFIDENTIAL_KEY_MISSING",
    "CONFIDENTIAL_REASON_REQUIRED",
    "CONFIDENTIAL_RECORD_UNKNOWN",
    "CONFIDENTIAL_RECORD_UNREADABLE",
    "NOT_IN_PERMISSION_MATRIX",
    "OUT_OF_JURISDICTION",
    "RATE_LIMITED",
    "ROLE_NOT_ALLOWED",
    "SECOND_FACTOR_REQUIRED",
    "SESSION_INVALID",
    "UNAUTHENTICATED",
    "USER_EXISTS",
    "WEAK_PASSWORD",
]

UNAUTHENTICATED = ErrorSpec(
    "UNAUTHENTICATED", 401, "برای این کار باید وارد شوید.", "You must sign in to do this."
)
SESSION_INVALID = ErrorSpec(
    "SESSION_INVALID",
    401,
    "نشست شما منقضی یا باطل شده است؛ دوباره وارد شوید.",
    "Your session has expired or was revoked; sign in again.",
)
BAD_CREDENTIALS = ErrorSpec(
    "BAD_CREDENTIALS",
    401,
    "نام کاربری، گذرواژه یا کد تأیید نادرست است.",
    "Wrong username, password or verification code.",
)
SECOND_FACTOR_REQUIRED = ErrorSpec(
    "SECOND_FACTOR_REQUIRED",
    401,
    "این نقش بدون کد تأیید دومرحله‌ای وارد نمی‌شود.",
    "This role needs a two-factor verification code to sign in.",
)
ACCOUNT_LOCKED = ErrorSpec(
    "ACCOUNT_LOCKED",
    423,
    "حساب به سبب ورودهای ناموفق تا {until} قفل است.",
    "The account is locked after failed sign-ins until {until}.",
)
ACCOUNT_DISABLED = ErrorSpec(
    "ACCOUNT_DISABLED", 403, "این حساب غیرفعال است.", "This account is disabled."
)
ROLE_NOT_ALLOWED = ErrorSpec(
    "ROLE_NOT_ALLOWED",
    403,
    "نقش {role} اجازه این کار را ندارد.",
    "The role {role} may not do this.",
)
OUT_OF_JURISDICTION = ErrorSpec(
    "OUT_OF_JURISDICTION",
    403,
    "این مورد خارج از حوزه اختیار شما ({jurisdiction}) است.",
    "This lies outside your jurisdiction ({jurisdiction}).",
)
NOT_IN_PERMISSION_MATRIX = ErrorSpec(
    "NOT_IN_PERMISSION_MATRIX",
    403,
    "این مسیر در جدول دسترسی‌ها نیست و بسته است.",
    "This route has no entry in the permission matrix and is closed.",
)
RATE_LIMITED = ErrorSpec(
    "RATE_LIMITED",
    429,
    "درخواست‌ها بیش از حد مجاز است؛ {retry_after} ثانیه دیگر تلاش کنید.",
    "Too many requests; try again in {retry_after} seconds.",
)
USER_EXISTS = ErrorSpec(
    "USER_EXISTS", 409, "کاربر {username} از قبل وجود دارد.", "User {username} already exists."
)
WEAK_PASSWORD = ErrorSpec(
    "WEAK_PASSWORD",
    422,
    "گذرواژه باید دست‌کم {min_length} نویسه باشد.",
    "The password must be at least {min_length} characters long.",
)
CONFIDENTIAL_KEY_MISSING = ErrorSpec(
    "CONFIDENTIAL_KEY_MISSING",
    503,
    "کلید اسناد محرمانه تنظیم نشده است.",
    "The key for confidential records is not configured.",
)
CONFIDENTIAL_RECORD_UNKNOWN = ErrorSpec(
    "CONFIDENTIAL_RECORD_UNKNOWN",
    404,
    "سند محرمانه {record_id} پیدا نشد.",
    "Confidential record {record_id} was not found.",
)
CONFIDENTIAL_REASON_REQUIRED = ErrorSpec(
    "CONFIDENTIAL_REASON_REQUIRED",
    422,
    "برای خواندن سند محرمانه دلیل بنویسید (دست‌کم {min_length} نویسه).",
    "Reading a confidential record needs a reason (at least {min_length} characters).",
)
CONFIDENTIAL_RECORD_UNREADABLE = ErrorSpec(
    "CONFIDENTIAL_RECORD_UNREADABLE",
    500,
    "سند محرمانه {record_id} با کلیدهای موجود باز نمی‌شود (دستکاری یا کلید نادرست).",
    "Confidential record {record_id} does not open with the configured keys "
    "(tampered with, or the wrong key).",
)
