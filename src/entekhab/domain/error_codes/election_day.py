"""Errors of the election-day area: station requests, branches, check-in, casting."""

from entekhab.domain.errors import ErrorSpec

# -- station requests ---------------------------------------------------------------------------
STATION_AUTH_MISSING = ErrorSpec(
    "STATION_AUTH_MISSING",
    401,
    "سربرگ امضای ایستگاه {header} نیست یا نادرست است.",
    "Station signature header {header} is missing or malformed.",
)
STATION_UNKNOWN = ErrorSpec(
    "STATION_UNKNOWN",
    401,
    "کلید ایستگاه {key_id} ثبت نشده است.",
    "Station key {key_id} is not enrolled.",
)
STATION_REVOKED = ErrorSpec(
    "STATION_REVOKED",
    401,
    "کلید ایستگاه {key_id} باطل شده است.",
    "Station key {key_id} is revoked.",
)
STATION_BAD_SIGNATURE = ErrorSpec(
    "STATION_BAD_SIGNATURE",
    401,
    "امضای درخواست ایستگاه نامعتبر است.",
    "The station request signature is not valid.",
)
STATION_STALE_TIMESTAMP = ErrorSpec(
    "STATION_STALE_TIMESTAMP",
    401,
    "زمان درخواست بیش از ۵ دقیقه با ساعت سرور فاصله دارد.",
    "The request timestamp is more than 5 minutes from the server clock.",
)
STATION_NONCE_REPLAYED = ErrorSpec(
    "STATION_NONCE_REPLAYED",
    401,
    "این درخواست پیش‌تر دریافت شده است (تکرار).",
    "This request was already received (replay).",
)
STATION_KEY_EXISTS = ErrorSpec(
    "STATION_KEY_EXISTS",
    409,
    "کلید {key_id} پیش‌تر ثبت شده است.",
    "Key {key_id} is already enrolled.",
)
IDEMPOTENCY_KEY_REQUIRED = ErrorSpec(
    "IDEMPOTENCY_KEY_REQUIRED",
    400,
    "کلید یکتایی درخواست (X-Entekhab-Idempotency-Key) لازم است.",
    "An idempotency key (X-Entekhab-Idempotency-Key) is required.",
)
IDEMPOTENCY_KEY_REUSED = ErrorSpec(
    "IDEMPOTENCY_KEY_REUSED",
    409,
    "این کلید یکتایی برای درخواست دیگری به کار رفته است.",
    "This idempotency key was used for a different request.",
)
# -- branches -----------------------------------------------------------------------------------
ELECTION_UNKNOWN = ErrorSpec(
    "ELECTION_UNKNOWN",
    404,
    "انتخابات {election_id} بارگذاری نشده است.",
    "Election {election_id} is not loaded.",
)
BRANCH_UNKNOWN = ErrorSpec(
    "BRANCH_UNKNOWN",
    404,
    "شعبه {branch} در تعریف انتخابات نیست.",
    "Branch {branch} is not in the definition.",
)
WRONG_BRANCH = ErrorSpec(
    "WRONG_BRANCH",
    403,
    "این ایستگاه برای شعبه {station_branch} است، نه {branch}.",
    "This station is enrolled for branch {station_branch}, not {branch}.",
)
BRANCH_NOT_OPEN = ErrorSpec(
    "BRANCH_NOT_OPEN", 409, "شعبه {branch} باز نشده است.", "Branch {branch} is not open."
)
BRANCH_CLOSED = ErrorSpec(
    "BRANCH_CLOSED", 409, "شعبه {branch} بسته شده است.", "Branch {branch} is closed."
)
DEFINITION_HASH_MISMATCH = ErrorSpec(
    "DEFINITION_HASH_MISMATCH",
    409,
    "چکیده تعریف انتخابات ایستگاه با سرور یکی نیست.",
    "The station's definition hash differs from the server's.",
)
# -- check-in -----------------------------------------------------------------------------------
CITIZEN_UNKNOWN = ErrorSpec(
    "CITIZEN_UNKNOWN",
    404,
    "کد ملی {code} در ثبت احوال یافت نشد.",
    "National code {code} is not in the civil registry.",
)
UNDER_AGE = ErrorSpec(
    "UNDER_AGE",
    403,
    "رای‌دهنده در روز رای‌گیری به سن {minimum_age} سال نمی‌رسد.",
    "The voter is under {minimum_age} on polling day.",
)
NOT_ENTITLED = ErrorSpec(
    "NOT_ENTITLED",
    403,
    "رای‌دهنده در حوزه انتخابیه {contest} این شعبه ساکن نیست.",
    "The voter is not entitled to contest {contest} of this branch (residence).",
)
IDENTITY_NOT_VERIFIED = ErrorSpec(
    "IDENTITY_NOT_VERIFIED",
    422,
    "هویت رای‌دهنده تأیید نشد (اثر انگشت: {fingerprint}).",
    "The voter's identity was not verified (fingerprint: {fingerprint}).",
)
ALREADY_VOTED = ErrorSpec(
    "ALREADY_VOTED",
    409,
    "این شخص پیش‌تر در شعبه {first_branch} رای داده است.",
    "This person already voted at branch {first_branch}.",
)
# -- casting ------------------------------------------------------------------------------------
WRONG_CONTESTS = ErrorSpec(
    "WRONG_CONTESTS",
    422,
    "رای باید دقیقاً رقابت‌های {expected} را داشته باشد.",
    "The ballot must hold exactly the contests {expected}.",
)
TOO_MANY_SELECTIONS = ErrorSpec(
    "TOO_MANY_SELECTIONS",
    422,
    "در رقابت {contest} حداکثر {allowed} انتخاب مجاز است ({given} داده شد).",
    "Contest {contest} allows at most {allowed} selections ({given} given).",
)
UNKNOWN_CANDIDATE = ErrorSpec(
    "UNKNOWN_CANDIDATE",
    422,
    "کد {code} در رقابت {contest} نامزدی ندارد.",
    "Code {code} is not a candidate in contest {contest}.",
)
UNKNOWN_LIST = ErrorSpec(
    "UNKNOWN_LIST",
    422,
    "فهرست {code} در رقابت {contest} نیست.",
    "List {code} is not in contest {contest}.",
)
REPEATED_SELECTION = ErrorSpec(
    "REPEATED_SELECTION",
    422,
    "کد {code} در رقابت {contest} تکرار شده است.",
    "Code {code} is repeated in contest {contest}.",
)
BALLOT_RECORD_INVALID = ErrorSpec(
    "BALLOT_RECORD_INVALID",
    422,
    "سابقه رای {ballot_id} با این شعبه و انتخابات نمی‌خواند.",
    "Ballot record {ballot_id} does not belong to this election and branch.",
)
PROVISIONAL_NOT_ALLOWED = ErrorSpec(
    "PROVISIONAL_NOT_ALLOWED",
    409,
    "سیاست این انتخابات رای موقت را نمی‌پذیرد.",
    "This election's offline policy does not allow provisional check-ins.",
)
PROVISIONAL_ITEM_INVALID = ErrorSpec(
    "PROVISIONAL_ITEM_INVALID",
    422,
    "مورد موقت {provisional_id} پذیرفتنی نیست: {reason}",
    "Provisional item {provisional_id} is not acceptable: {reason}",
)
HELD_BALLOT_UNKNOWN = ErrorSpec(
    "HELD_BALLOT_UNKNOWN",
    404,
    "رای نگه‌داشته‌ای زیر رخداد {incident_id} در شعبه {branch} نیست.",
    "There is no held ballot under incident {incident_id} at branch {branch}.",
)
HELD_BALLOT_DECIDED = ErrorSpec(
    "HELD_BALLOT_DECIDED",
    409,
    "درباره رای نگه‌داشته رخداد {incident_id} پیش‌تر تصمیم گرفته شده است ({decision}).",
    "The held ballot of incident {incident_id} was already decided ({decision}).",
)
INCIDENT_UNKNOWN = ErrorSpec(
    "INCIDENT_UNKNOWN",
    404,
    "رخداد {incident_id} در شعبه {branch} ثبت نشده است.",
    "There is no incident {incident_id} at branch {branch}.",
)
INCIDENT_ALREADY_RESOLVED = ErrorSpec(
    "INCIDENT_ALREADY_RESOLVED",
    409,
    "رخداد {incident_id} پیش‌تر به دست {resolved_by} رسیدگی و بسته شده است.",
    "Incident {incident_id} was already resolved by {resolved_by}.",
)
INCIDENT_REASON_MISSING = ErrorSpec(
    "INCIDENT_REASON_MISSING",
    422,
    "برای بستن رخداد باید بنویسید چگونه رسیدگی شد.",
    "Say how the incident was dealt with before resolving it.",
)

# -- branch station (local refusals, before or instead of a server answer) ----------------------
STATION_SERVER_UNREACHABLE = ErrorSpec(
    "STATION_SERVER_UNREACHABLE",
    503,
    "سرور ستاد در دسترس نیست؛ درخواست در دفتر ایستگاه ماند و دوباره فرستاده می‌شود.",
    "The headquarters server cannot be reached; the request stays in the station journal and "
    "will be sent again.",
)
STATION_TICKET_UNKNOWN = ErrorSpec(
    "STATION_TICKET_UNKNOWN",
    404,
    "برگه رای {ticket} در این ایستگاه باز نیست.",
    "Ballot ticket {ticket} is not open at this station.",
)
STATION_NOT_OPEN = ErrorSpec(
    "STATION_NOT_OPEN",
    409,
    "ایستگاه هنوز شعبه را باز نکرده است.",
    "The station has not opened its branch yet.",
)
STATION_JOURNAL_MISMATCH = ErrorSpec(
    "STATION_JOURNAL_MISMATCH",
    409,
    "دفتر ایستگاه از آن {journal} است، نه {given}.",
    "The station journal belongs to {journal}, not {given}.",
)
STATION_CARD_UNREADABLE = ErrorSpec(
    "STATION_CARD_UNREADABLE",
    422,
    "کارت ملی خوانده نشد: {reason}",
    "The national card could not be read: {reason}",
)
STATION_CLOSING_INCOMPLETE = ErrorSpec(
    "STATION_CLOSING_INCOMPLETE",
    409,
    "بستن شعبه ناتمام است: {reason}",
    "Closing the branch is not complete: {reason}",
)
OFFLINE_REFUSED = ErrorSpec(
    "OFFLINE_REFUSED",
    503,
    "سرور ستاد در دسترس نیست و سیاست این انتخابات «انتظار» است: رای‌دهنده تا وصل شدن دوباره "
    "صبر کند. چیزی برای او ثبت نشد.",
    "The headquarters server cannot be reached and this election's offline policy is 'refuse': "
    "the voter must wait until the link is back. Nothing was recorded for them.",
)
ALREADY_CHECKED_IN_HERE = ErrorSpec(
    "ALREADY_CHECKED_IN_HERE",
    409,
    "این شخص پیش‌تر در همین ایستگاه پذیرش شده است.",
    "This person was already checked in at this station.",
)

# -- closing upload (ballots reach headquarters once, at closing: docs/ballot-secrecy.md) ------
CLOSING_BALLOTS_EXCEED_PARTICIPATIONS = ErrorSpec(
    "CLOSING_BALLOTS_EXCEED_PARTICIPATIONS",
    409,
    "شعبه {branch} {ballots} رای فرستاد ولی تنها {participations} نفر در آن پذیرش شده‌اند.",
    "Branch {branch} sent {ballots} ballots but only {participations} people were checked in "
    "there.",
)
CLOSING_ROOT_MISMATCH = ErrorSpec(
    "CLOSING_ROOT_MISMATCH",
    422,
    "ریشه مرکل برگ نتیجه {contest} ({bulletin}) با سوابق رای فرستاده‌شده ({records}) نمی‌خواند.",
    "The Merkle root of bulletin {contest} ({bulletin}) does not match the uploaded ballot "
    "records ({records}).",
)
CLOSING_BULLETINS_INCOMPLETE = ErrorSpec(
    "CLOSING_BULLETINS_INCOMPLETE",
    422,
    "بستن شعبه باید یک برگ نتیجه برای هر رقابت {expected} داشته باشد ({given} داده شد).",
    "Closing needs one bulletin for each contest {expected} ({given} given).",
)
CLOSING_HELD_BALLOT_INVALID = ErrorSpec(
    "CLOSING_HELD_BALLOT_INVALID",
    422,
    "رای نگه‌داشته زیر رخداد {incident_id} پذیرفتنی نیست: {reason}",
    "The held ballot under incident {incident_id} is not acceptable: {reason}",
)
# -- the signed definition, checked by the station at opening (c-rules) ---------------------------
DEFINITION_SIGNATURE_MISSING = ErrorSpec(
    "DEFINITION_SIGNATURE_MISSING",
    409,
    "تعریف انتخابات {election_id} امضای ستاد را ندارد؛ ایستگاه شعبه را باز نمی‌کند.",
    "The definition of {election_id} carries no headquarters signature; the station will not open.",
)
DEFINITION_SIGNATURE_INVALID = ErrorSpec(
    "DEFINITION_SIGNATURE_INVALID",
    409,
    "امضای تعریف انتخابات {election_id} از آنِ کلید ستاد ({trusted_key_id}) نیست یا با چکیده "
    "تعریف نمی‌خواند؛ ایستگاه شعبه را باز نمی‌کند.",
    "The signature of the definition of {election_id} is not headquarters' key "
    "({trusted_key_id}) over this hash; the station will not open.",
)
