"""Errors of the audit trail: verifying and exporting the event log, backups and restores."""

from entekhab.domain.errors import ErrorSpec

__all__ = [
    "BACKUP_CHAIN_INVALID",
    "BACKUP_FAILED",
    "BACKUP_FILE_INVALID",
    "BACKUP_TOOL_MISSING",
    "BACKUP_TOOL_TOO_OLD",
    "CHAIN_INVALID",
    "RESTORE_TARGET_NOT_EMPTY",
]

CHAIN_INVALID = ErrorSpec(
    "CHAIN_INVALID",
    409,
    "زنجیره رویدادها وارسی نشد: {problems} مشکل، نخستین در ردیف {first_seq} ({first_kind}).",
    "The event log chain does not verify: {problems} problem(s), the first at entry {first_seq}"
    " ({first_kind}).",
)
BACKUP_CHAIN_INVALID = ErrorSpec(
    "BACKUP_CHAIN_INVALID",
    422,
    "زنجیره رویدادهای این پشتیبان وارسی نشد ({problems} مشکل، نخستین در ردیف {first_seq}:"
    " {first_kind})؛ چیزی بازگردانده نشد.",
    "The event log in this backup does not verify ({problems} problem(s), the first at entry"
    " {first_seq}: {first_kind}); nothing was restored.",
)
BACKUP_FILE_INVALID = ErrorSpec(
    "BACKUP_FILE_INVALID",
    422,
    "پرونده {path} پشتیبان معتبری برای این پایگاه داده نیست: {reason}",
    "The file {path} is not a valid backup for this database: {reason}",
)
BACKUP_TOOL_MISSING = ErrorSpec(
    "BACKUP_TOOL_MISSING",
    503,
    "ابزار {tool} پیدا نشد؛ بسته postgresql-client را نصب کنید.",
    "The tool {tool} was not found; install the postgresql-client package.",
)
BACKUP_TOOL_TOO_OLD = ErrorSpec(
    "BACKUP_TOOL_TOO_OLD",
    409,
    "نسخه {tool} ({tool_version}) از نسخه کارساز PostgreSQL ({server_version}) قدیمی‌تر است.",
    "{tool} {tool_version} is older than the PostgreSQL server ({server_version}).",
)
BACKUP_FAILED = ErrorSpec(
    "BACKUP_FAILED",
    500,
    "{tool} ناموفق بود: {reason}",
    "{tool} failed: {reason}",
)
RESTORE_TARGET_NOT_EMPTY = ErrorSpec(
    "RESTORE_TARGET_NOT_EMPTY",
    409,
    "پایگاه داده مقصد خالی نیست؛ برای جایگزینی، --replace را بدهید.",
    "The target database is not empty; pass --replace to overwrite it.",
)
