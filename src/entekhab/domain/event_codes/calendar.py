"""Events of the election calendar: operations refused outside their phase, and extensions of
polling hours (decided, or refused)."""

from entekhab.domain.event_codes import EventSpec

__all__ = [
    "PHASE_REFUSED",
    "POLLING_EXTENSION_REFUSED",
    "POLLING_HOURS_EXTENDED",
    "EventSpec",
]

PHASE_REFUSED = EventSpec(
    "PHASE_REFUSED",
    "کاری بیرون از مرحله خود در گاه‌شمار انتخابات رد شد (مانند پذیرش رای‌دهنده پس از پایان رای‌گیری)",
    "An operation asked for outside its phase of the calendar was refused "
    "(e.g. a check-in after polling closed)",
)
POLLING_HOURS_EXTENDED = EventSpec(
    "POLLING_HOURS_EXTENDED",
    "زمان رای‌گیری با ذکر دلیل تمدید شد",
    "Polling hours were extended, with a reason",
)
POLLING_EXTENSION_REFUSED = EventSpec(
    "POLLING_EXTENSION_REFUSED",
    "درخواست تمدید زمان رای‌گیری رد شد",
    "An extension of polling hours was refused",
)
