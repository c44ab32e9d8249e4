"""Errors of the branch console's pages (the agent's screen, the voter's booth) and of the
practice ballot."""

from entekhab.domain.errors import ErrorSpec

STATION_CONSOLE_LOCKED = ErrorSpec(
    "STATION_CONSOLE_LOCKED",
    403,
    "پیشخوان شعبه قفل است: نشانی‌ای را باز کنید که «entekhab station run --web» چاپ کرده است.",
    "The branch console is locked: open the address that `entekhab station run --web` printed.",
)
STATION_BOOTH_NOT_PAIRED = ErrorSpec(
    "STATION_BOOTH_NOT_PAIRED",
    403,
    "این صفحه صفحهٔ رای‌دهنده نیست: کد جایگاه را از صفحهٔ عضو شعبه وارد کنید.",
    "This is not the voter's screen: enter the booth code shown on the agent's screen.",
)
STATION_BOOTH_CODE_WRONG = ErrorSpec(
    "STATION_BOOTH_CODE_WRONG",
    403,
    "کد جایگاه درست نیست؛ کد تازه را از صفحهٔ عضو شعبه بخوانید.",
    "The booth code is wrong; read the current code on the agent's screen.",
)
STATION_BOOTH_BUSY = ErrorSpec(
    "STATION_BOOTH_BUSY",
    409,
    "برگهٔ رای رای‌دهندهٔ پیشین هنوز در جایگاه است؛ پس از رای دادن او، رای‌دهندهٔ بعدی را بپذیرید.",
    "The previous voter's ballot is still at the booth; check the next voter in after they vote.",
)
STATION_BOOTH_EMPTY = ErrorSpec(
    "STATION_BOOTH_EMPTY",
    409,
    "برگهٔ رایی در این جایگاه منتظر نیست؛ به عضو شعبه مراجعه کنید.",
    "No ballot is waiting at this booth; ask the branch agent.",
)
PRACTICE_NOT_COUNTED = ErrorSpec(
    "PRACTICE_NOT_COUNTED",
    409,
    "رای تمرینی هرگز شمرده نمی‌شود: ایستگاه تمرینی بسته نمی‌شود و چیزی به ستاد نمی‌فرستد.",
    "A practice ballot is never counted: a practice station does not close and sends nothing to"
    " headquarters.",
)
PRACTICE_STORE_MISMATCH = ErrorSpec(
    "PRACTICE_STORE_MISMATCH",
    409,
    "پروندهٔ {path} {what} است و به این کار نمی‌آید: رای تمرینی و دفتر ایستگاه هرگز در یک"
    " پرونده نیستند.",
    "The file {path} is {what} and cannot be used here: practice ballots and a station's journal"
    " never share a file.",
)
