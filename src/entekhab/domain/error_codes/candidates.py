"""Errors of the candidate side: registration, parties and lists, vetting, qualification,
ballot codes and the official candidate list."""

from entekhab.domain.errors import ErrorSpec

# --- registration ------------------------------------------------------------------------
CANDIDACY_RULE_MISSING = ErrorSpec(
    "CANDIDACY_RULE_MISSING",
    422,
    "برای حوزه {contest} (سمت {office}) شرایط داوطلبی در تعریف انتخابات نیامده است.",
    "The definition states no candidacy rule for contest {contest} (office {office}).",
)
REGISTRATION_CONTEST_UNKNOWN = ErrorSpec(
    "REGISTRATION_CONTEST_UNKNOWN",
    404,
    "رقابت {contest} در این انتخابات نیست.",
    "Contest {contest} is not part of this election.",
)
CANDIDATE_NOT_IN_REGISTRY = ErrorSpec(
    "CANDIDATE_NOT_IN_REGISTRY",
    422,
    "کد ملی {national_code} در ثبت احوال نیست.",
    "National code {national_code} is not in the civil registry.",
)
CANDIDATE_BIRTH_DATE_MISMATCH = ErrorSpec(
    "CANDIDATE_BIRTH_DATE_MISMATCH",
    422,
    "تاریخ تولد اعلام‌شده برای {national_code} با ثبت احوال نمی‌خواند.",
    "The declared birth date of {national_code} does not match the civil registry.",
)
CANDIDATE_UNDER_AGE = ErrorSpec(
    "CANDIDATE_UNDER_AGE",
    422,
    "داوطلب {national_code} در روز رای‌گیری {age} ساله است؛ کمینه سن برای {contest} "
    "{min_age} سال است.",
    "Candidate {national_code} is {age} on polling day; {contest} requires at least {min_age}.",
)
CANDIDATE_OVER_AGE = ErrorSpec(
    "CANDIDATE_OVER_AGE",
    422,
    "داوطلب {national_code} در روز رای‌گیری {age} ساله است؛ بیشینه سن برای {contest} "
    "{max_age} سال است.",
    "Candidate {national_code} is {age} on polling day; {contest} allows at most {max_age}.",
)
CANDIDATE_EDUCATION_TOO_LOW = ErrorSpec(
    "CANDIDATE_EDUCATION_TOO_LOW",
    422,
    "مدرک {education} داوطلب {national_code} کمتر از حد لازم ({min_education}) است.",
    "Candidate {national_code}'s education ({education}) is below the minimum ({min_education}).",
)
CANDIDATE_RESIDENCE_NOT_MET = ErrorSpec(
    "CANDIDATE_RESIDENCE_NOT_MET",
    422,
    "محل سکونت داوطلب {national_code} ({residence}) شرط سکونت {contest} ({rule}) را ندارد.",
    "Candidate {national_code}'s residence ({residence}) does not meet {contest}'s rule ({rule}).",
)
CANDIDATE_POST_UNKNOWN = ErrorSpec(
    "CANDIDATE_POST_UNKNOWN",
    422,
    "سمت {post} در فهرست سمت‌های مشمول استعفا نیست ({posts}).",
    "Post {post} is not among the posts the resignation rule lists ({posts}).",
)
CANDIDATE_RESIGNATION_MISSING = ErrorSpec(
    "CANDIDATE_RESIGNATION_MISSING",
    422,
    "داوطلب {national_code} دارنده سمت {post} است و باید تا {latest} استعفا داده و مدرک آن "
    "را ارائه کند.",
    "Candidate {national_code} holds the post {post}: a resignation dated no later than "
    "{latest}, with its evidence, is required.",
)
CANDIDATE_RESIGNATION_LATE = ErrorSpec(
    "CANDIDATE_RESIGNATION_LATE",
    422,
    "استعفای داوطلب {national_code} از سمت {post} در {resigned_on} دیرتر از مهلت ({latest}) است.",
    "Candidate {national_code} resigned from {post} on {resigned_on}, after the deadline "
    "({latest}).",
)
CANDIDATE_ALREADY_REGISTERED = ErrorSpec(
    "CANDIDATE_ALREADY_REGISTERED",
    409,
    "داوطلب {national_code} پیش‌تر در {contest} ثبت‌نام کرده است.",
    "Candidate {national_code} has already registered in {contest}.",
)
CANDIDATE_PHOTO_INVALID = ErrorSpec(
    "CANDIDATE_PHOTO_INVALID",
    422,
    "عکس داوطلب پذیرفته نیست: {reason}",
    "The candidate's photo is not accepted: {reason}",
)
CANDIDATE_UNKNOWN = ErrorSpec(
    "CANDIDATE_UNKNOWN",
    404,
    "داوطلب {candidate} در این انتخابات ثبت نشده است.",
    "Candidate {candidate} is not registered in this election.",
)
CANDIDATE_LIST_ALREADY_FINAL = ErrorSpec(
    "CANDIDATE_LIST_ALREADY_FINAL",
    409,
    "فهرست نامزدهای {contest} قطعی و منتشر شده است؛ تغییر آن ممکن نیست.",
    "The candidate list of {contest} is final and published; it cannot change.",
)
# --- parties and lists -------------------------------------------------------------------
PARTY_CODE_TAKEN = ErrorSpec(
    "PARTY_CODE_TAKEN",
    409,
    "کد حزب یا گروه سیاسی {party} پیش‌تر ثبت شده است.",
    "Party or political group code {party} is already registered.",
)
PARTY_UNKNOWN = ErrorSpec(
    "PARTY_UNKNOWN",
    404,
    "حزب یا گروه سیاسی {party} ثبت نشده است.",
    "Party or political group {party} is not registered.",
)
LIST_CODE_TAKEN = ErrorSpec(
    "LIST_CODE_TAKEN",
    409,
    "فهرست {list} در {contest} پیش‌تر ثبت شده است.",
    "List {list} is already registered in {contest}.",
)
LIST_NOT_ALLOWED = ErrorSpec(
    "LIST_NOT_ALLOWED",
    422,
    "رقابت {contest} تناسبی نیست و فهرست نمی‌پذیرد.",
    "Contest {contest} is not a list-PR contest: it takes no lists.",
)
LIST_TOO_LONG = ErrorSpec(
    "LIST_TOO_LONG",
    422,
    "فهرست {list} {members} عضو دارد؛ بیشینه {limit} است.",
    "List {list} has {members} members; at most {limit} are allowed.",
)
LIST_MEMBER_INVALID = ErrorSpec(
    "LIST_MEMBER_INVALID",
    422,
    "عضو {candidate} فهرست {list}: {reason}",
    "Member {candidate} of list {list}: {reason}",
)
CANDIDATE_ON_TWO_LISTS = ErrorSpec(
    "CANDIDATE_ON_TWO_LISTS",
    409,
    "داوطلب {candidate} پیش‌تر عضو فهرست {first} است و نمی‌تواند در فهرست {second} باشد.",
    "Candidate {candidate} is already on list {first} and cannot also be on {second}.",
)
LIST_UNKNOWN = ErrorSpec(
    "LIST_UNKNOWN",
    404,
    "فهرست {list} در {contest} ثبت نشده است.",
    "List {list} is not registered in {contest}.",
)
LIST_CONSENT_NOT_MEMBER = ErrorSpec(
    "LIST_CONSENT_NOT_MEMBER",
    422,
    "داوطلب {candidate} عضو فهرست {list} نیست.",
    "Candidate {candidate} is not a member of list {list}.",
)
# --- vetting -----------------------------------------------------------------------------
VETTING_INQUIRY_UNKNOWN = ErrorSpec(
    "VETTING_INQUIRY_UNKNOWN",
    404,
    "استعلام {inquiry} وجود ندارد.",
    "Vetting inquiry {inquiry} does not exist.",
)
VETTING_ALREADY_SENT = ErrorSpec(
    "VETTING_ALREADY_SENT",
    409,
    "استعلام‌های داوطلب {candidate} پیش‌تر فرستاده شده است.",
    "The vetting inquiries of candidate {candidate} have already been sent.",
)
VETTING_ALREADY_ANSWERED = ErrorSpec(
    "VETTING_ALREADY_ANSWERED",
    409,
    "به استعلام {inquiry} پیش‌تر پاسخ داده شده است.",
    "Vetting inquiry {inquiry} has already been answered.",
)
VETTING_INCOMPLETE = ErrorSpec(
    "VETTING_INCOMPLETE",
    409,
    "استعلام‌های داوطلب {candidate} هنوز کامل پاسخ داده نشده است ({pending} مانده).",
    "The vetting inquiries of candidate {candidate} are not all answered ({pending} pending).",
)
# --- qualification -----------------------------------------------------------------------
QUALIFICATION_OUT_OF_ORDER = ErrorSpec(
    "QUALIFICATION_OUT_OF_ORDER",
    409,
    "گام {step} برای داوطلب {candidate} در وضعیت «{status}» ممکن نیست.",
    "Step {step} is not possible for candidate {candidate} in status '{status}'.",
)
GROUND_REQUIRED = ErrorSpec(
    "GROUND_REQUIRED",
    422,
    "رد صلاحیت باید به یکی از مستندهای قانونی ({grounds}) استناد کند.",
    "A disqualification must cite one of the legal grounds ({grounds}).",
)
WRONG_SUPERVISING_BODY = ErrorSpec(
    "WRONG_SUPERVISING_BODY",
    403,
    "نظارت بر {contest} با {body} است، نه با نقش {role}.",
    "{contest} is supervised by the {body}, not by role {role}.",
)
APPEAL_DEADLINE_PASSED = ErrorSpec(
    "APPEAL_DEADLINE_PASSED",
    409,
    "مهلت شکایت داوطلب {candidate} در {deadline} به پایان رسیده است.",
    "Candidate {candidate}'s time to appeal ended at {deadline}.",
)
WITHDRAWAL_TOO_LATE = ErrorSpec(
    "WITHDRAWAL_TOO_LATE",
    409,
    "انصراف داوطلب {candidate} پس از قطعی شدن فهرست {contest} ممکن نیست.",
    "Candidate {candidate} cannot withdraw once the list of {contest} is final.",
)
# --- ballot codes and the official list --------------------------------------------------
LIST_UNDECIDED = ErrorSpec(
    "LIST_UNDECIDED",
    409,
    "وضعیت {count} داوطلب {contest} هنوز قطعی نیست (مانند {candidate}).",
    "{count} candidate(s) of {contest} are not yet decided (e.g. {candidate}).",
)
BALLOT_CODES_ALREADY_DRAWN = ErrorSpec(
    "BALLOT_CODES_ALREADY_DRAWN",
    409,
    "کدهای نامزدهای {contest} پیش‌تر به قرعه تعیین شده است.",
    "The ballot codes of {contest} have already been drawn.",
)
BALLOT_CODES_NOT_DRAWN = ErrorSpec(
    "BALLOT_CODES_NOT_DRAWN",
    409,
    "کدهای نامزدهای {contest} هنوز به قرعه تعیین نشده است.",
    "The ballot codes of {contest} have not been drawn yet.",
)
CANDIDATE_LIST_NOT_FINAL = ErrorSpec(
    "CANDIDATE_LIST_NOT_FINAL",
    409,
    "فهرست نهایی نامزدهای {contest} هنوز منتشر نشده است؛ برگه رای صادر نمی‌شود.",
    "The final candidate list of {contest} is not yet published: no ballot can be issued.",
)
# --- representatives ---------------------------------------------------------------------
REPRESENTATIVE_INVALID = ErrorSpec(
    "REPRESENTATIVE_INVALID",
    422,
    "نماینده پذیرفته نیست: {reason}",
    "The representative is not accepted: {reason}",
)
OBSERVER_NOT_ACCREDITED = ErrorSpec(
    "OBSERVER_NOT_ACCREDITED",
    403,
    "کاربر {username} ناظر معتمد شعبه {branch} نیست.",
    "User {username} is not an accredited observer of branch {branch}.",
)
