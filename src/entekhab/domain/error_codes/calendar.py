"""Errors of the election calendar: phases out of order in a definition, and operations asked
for outside their phase (registration, appeals, check-in, ...).

A refusal outside a phase names the phase and its dates, in Jalali with Persian digits in the
Persian text and in ISO 8601 in the English text and the details.
"""

from entekhab.domain.errors import ErrorSpec

# -- the calendar of a definition -------------------------------------------------------------
PHASE_DAYS_REVERSED = ErrorSpec(
    "PHASE_DAYS_REVERSED",
    422,
    "روز پایان مرحله {phase} پیش از روز آغاز آن است.",
    "Phase {phase} ends ({last_day}) before it starts ({first_day}).",
)
PHASES_OUT_OF_ORDER = ErrorSpec(
    "PHASES_OUT_OF_ORDER",
    422,
    "مرحله {phase} باید پس از پایان مرحله {previous} آغاز شود.",
    "Phase {phase} (from {first_day}) must start after phase {previous} ends "
    "({previous_last_day}).",
)
POLLING_HOURS_REVERSED = ErrorSpec(
    "POLLING_HOURS_REVERSED",
    422,
    "ساعت پایان رای‌گیری ({closes}) باید پس از ساعت آغاز ({opens}) باشد.",
    "Polling closes ({closes}) must be after it opens ({opens}).",
)
SILENCE_NOT_BEFORE_POLLING = ErrorSpec(
    "SILENCE_NOT_BEFORE_POLLING",
    422,
    "سکوت تبلیغاتی باید تا روز پیش از رای‌گیری ({polling_day}) ادامه یابد.",
    "Campaign silence must last until the day before polling day ({polling_day}); "
    "it ends {last_day}.",
)
PHASE_BEFORE_POLLING_DAY = ErrorSpec(
    "PHASE_BEFORE_POLLING_DAY",
    422,
    "مرحله {phase} نمی‌تواند پیش از روز رای‌گیری ({polling_day}) آغاز شود.",
    "Phase {phase} cannot start ({first_day}) before polling day ({polling_day}).",
)
TIMEZONE_UNKNOWN = ErrorSpec(
    "TIMEZONE_UNKNOWN",
    422,
    "منطقه زمانی {timezone} شناخته نیست.",
    "Time zone {timezone} is unknown.",
)

# -- operations outside their phase ------------------------------------------------------------
PHASE_NOT_OPEN = ErrorSpec(
    "PHASE_NOT_OPEN",
    409,
    "مرحله {phase_fa} از {opens_fa} تا {closes_fa} است؛ اکنون {at_fa} است.",
    "Phase {phase} runs from {opens} to {closes} (Asia/Tehran); it is now {at}.",
)

# -- extensions of polling hours -----------------------------------------------------------------
EXTENSION_NOT_LATER = ErrorSpec(
    "EXTENSION_NOT_LATER",
    422,
    "تمدید باید پایان رای‌گیری را دیرتر از {closes_fa} کند.",
    "An extension must move closing later than {closes}.",
)
EXTENSION_AFTER_CLOSING = ErrorSpec(
    "EXTENSION_AFTER_CLOSING",
    409,
    "رای‌گیری در {closes_fa} پایان یافته است؛ پس از پایان نمی‌توان آن را تمدید کرد.",
    "Polling closed at {closes}; it cannot be extended after it has closed.",
)
EXTENSION_TOO_LONG = ErrorSpec(
    "EXTENSION_TOO_LONG",
    422,
    "رای‌گیری نمی‌تواند دیرتر از {latest_fa} پایان یابد.",
    "Polling cannot close later than {latest} (24 hours after it opened).",
)
EXTENSION_REASON_MISSING = ErrorSpec(
    "EXTENSION_REASON_MISSING",
    422,
    "تمدید زمان رای‌گیری بی‌دلیل پذیرفته نیست.",
    "An extension of polling hours needs a reason.",
)
