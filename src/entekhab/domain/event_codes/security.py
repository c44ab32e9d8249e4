"""Events of the security area: accounts, permissions, confidential records, the log itself."""

from entekhab.domain.event_codes import EventSpec

__all__ = [
    "ACCOUNT_LOCKED",
    "AUDIT_VERIFIED",
    "BACKUP_TAKEN",
    "CONFIDENTIAL_RECORD_CREATED",
    "CONFIDENTIAL_RECORD_READ",
    "DATABASE_RESTORED",
    "GRANT_APPROVED",
    "GRANT_PROPOSED",
    "GRANT_REFUSED",
    "GRANT_REJECTED",
    "NATIONAL_CODE_RECORDED",
    "PASSWORD_RESET",
    "PERMISSION_DENIED",
    "REQUEST_REFUSED",
    "SESSION_REVOKED",
    "SIGN_IN_FAILED",
    "STATION_ENROLLED",
    "STATION_KEY_REVOKED",
    "STATION_KEY_ROTATED",
    "STATION_REQUEST_REFUSED",
    "USER_ADDED",
    "USER_DISABLED",
    "USER_SIGNED_IN",
]

USER_ADDED = EventSpec("USER_ADDED", "کاربر افزوده شد", "User added")
USER_DISABLED = EventSpec("USER_DISABLED", "کاربر غیرفعال شد", "User disabled")
PASSWORD_RESET = EventSpec("PASSWORD_RESET", "گذرواژه کاربر بازنشانی شد", "User password reset")
USER_SIGNED_IN = EventSpec("USER_SIGNED_IN", "کاربر وارد شد", "User signed in")
SIGN_IN_FAILED = EventSpec("SIGN_IN_FAILED", "ورود ناموفق", "Sign-in failed")
ACCOUNT_LOCKED = EventSpec(
    "ACCOUNT_LOCKED", "حساب به سبب ورودهای ناموفق قفل شد", "Account locked after failed sign-ins"
)
SESSION_REVOKED = EventSpec("SESSION_REVOKED", "نشست کاربر باطل شد", "User session revoked")
PERMISSION_DENIED = EventSpec(
    "PERMISSION_DENIED", "درخواست خارج از اختیار رد شد", "Request outside permissions refused"
)
REQUEST_REFUSED = EventSpec("REQUEST_REFUSED", "درخواست نامعتبر رد شد", "Invalid request refused")
CONFIDENTIAL_RECORD_CREATED = EventSpec(
    "CONFIDENTIAL_RECORD_CREATED", "سند محرمانه ثبت شد", "Confidential record created"
)
CONFIDENTIAL_RECORD_READ = EventSpec(
    "CONFIDENTIAL_RECORD_READ", "سند محرمانه خوانده شد", "Confidential record read"
)
AUDIT_VERIFIED = EventSpec("AUDIT_VERIFIED", "زنجیره رویدادها وارسی شد", "Event log chain verified")
BACKUP_TAKEN = EventSpec("BACKUP_TAKEN", "پشتیبان پایگاه داده گرفته شد", "Database backup taken")
DATABASE_RESTORED = EventSpec(
    "DATABASE_RESTORED", "پایگاه داده از پشتیبان بازگردانده شد", "Database restored from backup"
)
STATION_ENROLLED = EventSpec(
    "STATION_ENROLLED", "کلید دستگاه شعبه ثبت شد", "Station key enrolled for a branch"
)
STATION_KEY_REVOKED = EventSpec(
    "STATION_KEY_REVOKED", "کلید دستگاه شعبه باطل شد", "Station key revoked"
)
STATION_KEY_ROTATED = EventSpec(
    "STATION_KEY_ROTATED",
    "کلید دستگاه شعبه جایگزین شد",
    "Station key replaced (old key revoked, new key enrolled)",
)
STATION_REQUEST_REFUSED = EventSpec(
    "STATION_REQUEST_REFUSED",
    "درخواست دستگاه شعبه رد شد",
    "Station request refused (unknown or revoked key, bad signature, stale time, replay)",
)

# --- grants (domain/grants.py) --------------------------------------------------------------
GRANT_PROPOSED = EventSpec(
    "GRANT_PROPOSED",
    "حساب با نقش حساس پیشنهاد شد (در انتظار تأیید مدیر دوم)",
    "Account of a two-admin role proposed (waiting for a second admin)",
)
GRANT_APPROVED = EventSpec(
    "GRANT_APPROVED",
    "پیشنهاد حساب تأیید و حساب ساخته شد",
    "Account proposal approved, account made",
)
NATIONAL_CODE_RECORDED = EventSpec(
    "NATIONAL_CODE_RECORDED",
    "کد ملی صاحب حساب ثبت شد",
    "National code recorded for an account made before codes were kept",
)
GRANT_REJECTED = EventSpec("GRANT_REJECTED", "پیشنهاد حساب رد شد", "Account proposal rejected")
GRANT_REFUSED = EventSpec(
    "GRANT_REFUSED",
    "دادن نقش رد شد (بیش از اختیار، تفکیک وظایف یا پیشنهاد خود)",
    "Grant refused (beyond the granter's rights, separation of duties, or own proposal)",
)
