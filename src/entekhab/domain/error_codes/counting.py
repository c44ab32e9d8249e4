"""Errors of the counting area: bulletin checks on receipt, aggregation, certification, exports.

Every rejected bulletin carries one of the ``BULLETIN_*`` codes; it is recorded (a rejected
bulletin row and an event) and changes no totals.
"""

from entekhab.domain.errors import ErrorSpec

BULLETIN_MALFORMED = ErrorSpec(
    "BULLETIN_MALFORMED",
    422,
    "برگ نتیجه شعبه قالب درستی ندارد: {reason}",
    "The branch bulletin is malformed: {reason}",
)
BULLETIN_UNKNOWN_ELECTION = ErrorSpec(
    "BULLETIN_UNKNOWN_ELECTION",
    404,
    "انتخابات {election_id} بارگذاری نشده است.",
    "Election {election_id} is not loaded.",
)
BULLETIN_DEFINITION_MISMATCH = ErrorSpec(
    "BULLETIN_DEFINITION_MISMATCH",
    409,
    "برگ نتیجه با تعریف دیگری از انتخابات ساخته شده است.",
    "The bulletin was made with a different election definition (hash {got}, expected {expected}).",
)
BULLETIN_UNKNOWN_BRANCH = ErrorSpec(
    "BULLETIN_UNKNOWN_BRANCH",
    404,
    "شعبه {branch} در این انتخابات نیست.",
    "Branch {branch} is not in this election.",
)
BULLETIN_UNKNOWN_CONTEST = ErrorSpec(
    "BULLETIN_UNKNOWN_CONTEST",
    404,
    "رقابت {contest} در برگ رای شعبه {branch} نیست.",
    "Contest {contest} is not on the ballot of branch {branch}.",
)
BULLETIN_NEGATIVE_COUNT = ErrorSpec(
    "BULLETIN_NEGATIVE_COUNT",
    422,
    "شمارش منفی در برگ نتیجه: {field}",
    "Negative count in the bulletin: {field}",
)
BULLETIN_UNKNOWN_CANDIDATE = ErrorSpec(
    "BULLETIN_UNKNOWN_CANDIDATE",
    422,
    "کد نامزد {code} در رقابت {contest} نیست.",
    "Candidate code {code} is not in contest {contest}.",
)
BULLETIN_UNKNOWN_LIST = ErrorSpec(
    "BULLETIN_UNKNOWN_LIST",
    422,
    "کد فهرست {code} در رقابت {contest} نیست.",
    "List code {code} is not in contest {contest}.",
)
BULLETIN_LIST_VOTES_IN_PLURALITY = ErrorSpec(
    "BULLETIN_LIST_VOTES_IN_PLURALITY",
    422,
    "رقابت اکثریتی {contest} رای فهرستی ندارد.",
    "Plurality contest {contest} has no list votes.",
)
BULLETIN_BLANK_INVALID_EXCEED_BALLOTS = ErrorSpec(
    "BULLETIN_BLANK_INVALID_EXCEED_BALLOTS",
    422,
    "جمع آرای سفید و باطله ({blank_invalid}) از آرای ریخته‌شده ({ballots}) بیشتر است.",
    "Blank plus invalid ({blank_invalid}) exceeds ballots cast ({ballots}).",
)
BULLETIN_VOTES_EXCEED_BALLOTS = ErrorSpec(
    "BULLETIN_VOTES_EXCEED_BALLOTS",
    422,
    "آرای {what} ({votes}) از حد مجاز ({limit}) بیشتر است.",
    "{what} votes ({votes}) exceed what the ballots allow ({limit}).",
)
BULLETIN_BALLOTS_EXCEED_VOTERS = ErrorSpec(
    "BULLETIN_BALLOTS_EXCEED_VOTERS",
    422,
    "آرای ریخته‌شده ({ballots}) از رای‌دهندگان پذیرش‌شده ({voters}) بیشتر است.",
    "Ballots cast ({ballots}) exceed voters checked in ({voters}).",
)
BULLETIN_STATION_KEY_UNKNOWN = ErrorSpec(
    "BULLETIN_STATION_KEY_UNKNOWN",
    403,
    "کلید دستگاه {key_id} ثبت نشده یا باطل شده است.",
    "Station key {key_id} is not enrolled or has been revoked.",
)
BULLETIN_STATION_SIGNATURE_INVALID = ErrorSpec(
    "BULLETIN_STATION_SIGNATURE_INVALID",
    403,
    "امضای دستگاه شعبه بر برگ نتیجه نامعتبر است.",
    "The station's signature on the bulletin is invalid.",
)
BULLETIN_HEAD_KEY_UNKNOWN = ErrorSpec(
    "BULLETIN_HEAD_KEY_UNKNOWN",
    403,
    "کلید رئیس شعبه {key_id} ثبت نشده یا باطل شده است.",
    "Branch head key {key_id} is not enrolled or has been revoked.",
)
BULLETIN_HEAD_SIGNATURE_INVALID = ErrorSpec(
    "BULLETIN_HEAD_SIGNATURE_INVALID",
    403,
    "امضای رئیس شعبه بر برگ نتیجه نامعتبر است.",
    "The branch head's countersignature on the bulletin is invalid.",
)
BULLETIN_KEY_WRONG_BRANCH = ErrorSpec(
    "BULLETIN_KEY_WRONG_BRANCH",
    403,
    "کلید {key_id} برای شعبه {key_branch} ثبت شده است، نه {branch}.",
    "Key {key_id} is enrolled for branch {key_branch}, not {branch}.",
)
BULLETIN_DUPLICATE = ErrorSpec(
    "BULLETIN_DUPLICATE",
    409,
    "برای شعبه {branch} و رقابت {contest} برگ نتیجه پذیرفته شده است؛ فقط اصلاحیه ممکن است.",
    "A bulletin for branch {branch} and contest {contest} is already accepted; "
    "only an explicit correction may replace it.",
)
BULLETIN_SUPERSEDES_UNKNOWN = ErrorSpec(
    "BULLETIN_SUPERSEDES_UNKNOWN",
    409,
    "اصلاحیه به برگ نتیجه جاری این شعبه اشاره نمی‌کند.",
    "The correction does not name the current bulletin of this branch and contest "
    "(supersedes {supersedes}, current {current}).",
)
BULLETIN_CORRECTION_REASON_MISSING = ErrorSpec(
    "BULLETIN_CORRECTION_REASON_MISSING",
    422,
    "اصلاحیه برگ نتیجه باید دلیل داشته باشد.",
    "A bulletin correction must give its reason.",
)
HEAD_KEY_EXISTS = ErrorSpec(
    "HEAD_KEY_EXISTS",
    409,
    "کلید رئیس شعبه {key_id} پیش‌تر ثبت شده است.",
    "Branch head key {key_id} is already enrolled.",
)
CERTIFICATION_WRONG_STATE = ErrorSpec(
    "CERTIFICATION_WRONG_STATE",
    409,
    "نتیجه رقابت {contest} در وضعیت {state} است؛ {action} ممکن نیست.",
    "The result of contest {contest} is {state}; cannot {action}.",
)
CERTIFICATION_REASON_MISSING = ErrorSpec(
    "CERTIFICATION_REASON_MISSING",
    422,
    "دلیل این گام باید نوشته شود.",
    "This step needs a written reason.",
)
CERTIFICATION_NONCE_INVALID = ErrorSpec(
    "CERTIFICATION_NONCE_INVALID",
    422,
    "عدد تصادفی مراسم قرعه باید رشته‌ای هگزادسیمال از ۳۲ تا ۱۲۸ نویسه باشد.",
    "The ceremony nonce must be a hex string of 32 to 128 characters.",
)
CERTIFICATION_NOTHING_REPORTED = ErrorSpec(
    "CERTIFICATION_NOTHING_REPORTED",
    409,
    "برای رقابت {contest} هنوز برگ نتیجه‌ای پذیرفته نشده است.",
    "No bulletin has been accepted for contest {contest} yet.",
)
RESULT_NOT_PUBLISHED = ErrorSpec(
    "RESULT_NOT_PUBLISHED",
    404,
    "نتیجه رسمی رقابت {contest} هنوز منتشر نشده است.",
    "The official result of contest {contest} has not been published.",
)
EXPORT_FORMAT_UNKNOWN = ErrorSpec(
    "EXPORT_FORMAT_UNKNOWN",
    422,
    "قالب خروجی {format} شناخته نیست.",
    "Unknown export format {format}.",
)

# -- complete reporting before approval (c-rules) -----------------------------------------------
REPORTING_INCOMPLETE = ErrorSpec(
    "REPORTING_INCOMPLETE",
    409,
    "{missing} شعبه از {expected} شعبه رقابت {contest} هنوز گزارش نداده‌اند ({branches})؛ "
    "برای تأیید بدون آنها، هیئت اجرایی هر یک را با ذکر دلیل «شمرده‌نشده» ثبت کند.",
    "Contest {contest}: {missing} of its {expected} branches have not reported ({branches}); "
    "to approve without them the executive board records each as not counted, with a reason.",
)
BRANCH_NOT_IN_CONTEST = ErrorSpec(
    "BRANCH_NOT_IN_CONTEST",
    404,
    "شعبه {branch} در رقابت {contest} رای نمی‌گیرد.",
    "Branch {branch} does not serve contest {contest}.",
)
BRANCH_HAS_REPORTED = ErrorSpec(
    "BRANCH_HAS_REPORTED",
    409,
    "برگ نتیجه شعبه {branch} برای رقابت {contest} پذیرفته شده است و شمرده می‌شود.",
    "Branch {branch} has reported for contest {contest}; its bulletin counts.",
)
BRANCH_ALREADY_NOT_COUNTED = ErrorSpec(
    "BRANCH_ALREADY_NOT_COUNTED",
    409,
    "شعبه {branch} پیش‌تر برای رقابت {contest} شمرده‌نشده ثبت شده است.",
    "Branch {branch} is already recorded as not counted for contest {contest}.",
)
