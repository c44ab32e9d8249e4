"""Errors of seat allocation (``entekhab.domain.counting``): bad inputs and ties that the
contest's rules cannot settle."""

from entekhab.domain.errors import ErrorSpec

ALLOCATION_UNKNOWN_METHOD = ErrorSpec(
    "ALLOCATION_UNKNOWN_METHOD",
    422,
    "روش تقسیم کرسی {method} شناخته نیست.",
    "Unknown seat allocation method {method}.",
)
ALLOCATION_BAD_INPUT = ErrorSpec(
    "ALLOCATION_BAD_INPUT",
    422,
    "ورودی تقسیم کرسی نادرست است: {reason}",
    "Invalid seat allocation input: {reason}",
)
ALLOCATION_UNKNOWN_TIE_RULE = ErrorSpec(
    "ALLOCATION_UNKNOWN_TIE_RULE",
    422,
    "قاعده رفع تساوی {rule} شناخته نیست.",
    "Unknown tie-break rule {rule}.",
)
ALLOCATION_LOT_REQUIRED = ErrorSpec(
    "ALLOCATION_LOT_REQUIRED",
    409,
    "تساوی میان {tied} را فقط قرعه رفع می‌کند و ورودی‌های قرعه داده نشده است.",
    "The tie between {tied} can only be broken by lot, and no lot inputs were given.",
)
ALLOCATION_TIE_UNRESOLVED = ErrorSpec(
    "ALLOCATION_TIE_UNRESOLVED",
    409,
    "قواعد رفع تساوی این رقابت تساوی میان {tied} را رفع نمی‌کند.",
    "The contest's tie-break rules do not settle the tie between {tied}.",
)
