"""Errors of the web pages: forms refused before any service is called."""

from entekhab.domain.errors import ErrorSpec

__all__ = ["CSRF_INVALID", "FIELD_REQUIRED", "SIGN_IN_STEP_EXPIRED"]

CSRF_INVALID = ErrorSpec(
    "CSRF_INVALID",
    403,
    "این فرم از صفحهٔ خود سامانه نیامده یا کهنه شده است؛ صفحه را دوباره باز کنید و بفرستید.",
    "This form did not come from the system's own page or is stale; reload the page and send it"
    " again.",
)
FIELD_REQUIRED = ErrorSpec(
    "FIELD_REQUIRED", 422, "این خانه را باید پر کنید: {field}.", "This field is required: {field}."
)
SIGN_IN_STEP_EXPIRED = ErrorSpec(
    "SIGN_IN_STEP_EXPIRED",
    401,
    "زمان واردکردن کد تأیید گذشته است؛ دوباره از گذرواژه آغاز کنید.",
    "The time to enter the verification code has passed; start again from the password.",
)
