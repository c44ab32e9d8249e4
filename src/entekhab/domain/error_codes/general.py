"""General errors shared by every area."""

from entekhab.domain.errors import ErrorSpec

INVALID_INPUT = ErrorSpec(
    "INVALID_INPUT", 422, "ورودی نامعتبر است: {reason}", "Invalid input: {reason}"
)
NOT_FOUND = ErrorSpec("NOT_FOUND", 404, "{what} پیدا نشد.", "{what} was not found.")
REQUEST_TOO_LARGE = ErrorSpec(
    "REQUEST_TOO_LARGE", 413, "درخواست بیش از حد بزرگ است.", "The request is too large."
)
INTERNAL_ERROR = ErrorSpec(
    "INTERNAL_ERROR",
    500,
    "خطای داخلی؛ رویداد ثبت شد.",
    "Internal error; the incident was logged.",
)
DATABASE_UNREACHABLE = ErrorSpec(
    "DATABASE_UNREACHABLE",
    503,
    "پایگاه داده در دسترس نیست: {url}",
    "The database cannot be reached: {url}",
)
METHOD_NOT_ALLOWED = ErrorSpec(
    "METHOD_NOT_ALLOWED",
    405,
    "روش {method} برای این نشانی پذیرفته نیست.",
    "The method {method} is not allowed here.",
)
