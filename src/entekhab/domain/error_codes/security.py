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
    "DUTIES_MUST_STAY_SEPARATE",
    "GRANT_NEEDS_TWO_ADMINS",
    "GRANT_NOT_ALLOWED",
    "GRANT_OWN_PROPOSAL",
    "GRANT_PROPOSAL_DECIDED",
    "GRANT_PROPOSAL_UNKNOWN",
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

# --- grants: who may give which role (domain/grants.py) -------------------------------------
GRANT_NOT_ALLOWED = ErrorSpec(
    "GRANT_NOT_ALLOWED",
    403,
    "نقش {granter} نمی‌تواند نقش {role} را در حوزه {jurisdiction} بدهد ({why}).",
    "The role {granter} may not grant the role {role} at {jurisdiction} ({why}).",
)
GRANT_NEEDS_TWO_ADMINS = ErrorSpec(
    "GRANT_NEEDS_TWO_ADMINS",
    403,
    "حساب با نقش {role} را دو مدیر ستاد می‌سازند: یکی پیشنهاد می‌دهد و دیگری تأیید می‌کند.",
    "An account of role {role} needs two headquarters admins: one proposes it "
    "(POST /api/v1/users/proposals) and another approves it.",
)
GRANT_OWN_PROPOSAL = ErrorSpec(
    "GRANT_OWN_PROPOSAL",
    403,
    "پیشنهاد {proposal_id} را خودتان داده‌اید؛ مدیر دیگری از ستاد باید آن را تأیید کند.",
    "You proposed grant {proposal_id}; another headquarters admin must decide on it.",
)
GRANT_PROPOSAL_UNKNOWN = ErrorSpec(
    "GRANT_PROPOSAL_UNKNOWN",
    404,
    "پیشنهاد حساب {proposal_id} وجود ندارد.",
    "There is no account proposal {proposal_id}.",
)
GRANT_PROPOSAL_DECIDED = ErrorSpec(
    "GRANT_PROPOSAL_DECIDED",
    409,
    "درباره پیشنهاد حساب {proposal_id} پیش‌تر تصمیم گرفته شده است ({state}).",
    "Account proposal {proposal_id} was already decided ({state}).",
)
DUTIES_MUST_STAY_SEPARATE = ErrorSpec(
    "DUTIES_MUST_STAY_SEPARATE",
    409,
    "این شخص (کد ملی {national_code}) نقش {held} را در {held_at} دارد و نمی‌تواند نقش {role} را در "
    "{jurisdiction} هم داشته باشد: {why}.",
    "This person (national code {national_code}) holds {held} at {held_at} and may not also "
    "hold {role} at {jurisdiction}: {why}.",
)
