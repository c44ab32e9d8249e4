"""Errors of the election definition, geography, national codes and the civil registry."""

from entekhab.domain.errors import ErrorSpec

INVALID_NATIONAL_CODE = ErrorSpec(
    "INVALID_NATIONAL_CODE",
    422,
    "کد ملی {code} نامعتبر است.",
    "National code {code} is invalid.",
)
DEFINITION_INVALID = ErrorSpec(
    "DEFINITION_INVALID",
    422,
    "تعریف انتخابات {count} اشکال دارد.",
    "The election definition has {count} problem(s).",
)
