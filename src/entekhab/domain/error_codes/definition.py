"""Errors of the election definition, geography, national codes and the civil registry.

Every problem a definition file can have has its own code here. Problems carry the place in the
document where they were found as ``details["location"]`` (e.g. ``contests[3].seats``).
"""

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

# --- reading the file ---------------------------------------------------------------------
DEFINITION_SYNTAX = ErrorSpec(
    "DEFINITION_SYNTAX",
    422,
    "پرونده تعریف قابل خواندن نیست ({format}): {reason}",
    "The definition file cannot be read as {format}: {reason}",
)
DEFINITION_FORMAT_UNKNOWN = ErrorSpec(
    "DEFINITION_FORMAT_UNKNOWN",
    422,
    "قالب {format} شناخته نیست؛ yaml یا json به کار ببرید.",
    "Unknown format {format}; use yaml or json.",
)
DEFINITION_NOT_A_MAPPING = ErrorSpec(
    "DEFINITION_NOT_A_MAPPING",
    422,
    "تعریف انتخابات باید یک نگاشت (کلید: مقدار) باشد.",
    "The election definition must be a mapping (key: value).",
)
DEFINITION_DUPLICATE_KEY = ErrorSpec(
    "DEFINITION_DUPLICATE_KEY",
    422,
    "کلید {key} در {location} دو بار آمده است.",
    "Key {key} appears twice at {location}.",
)

# --- the shape of the document (from the pydantic model) ------------------------------------
DEFINITION_UNKNOWN_FIELD = ErrorSpec(
    "DEFINITION_UNKNOWN_FIELD",
    422,
    "فیلد ناشناخته در {location}.",
    "Unknown field at {location}.",
)
DEFINITION_MISSING_FIELD = ErrorSpec(
    "DEFINITION_MISSING_FIELD",
    422,
    "فیلد لازم {location} نیامده است.",
    "Required field {location} is missing.",
)
DEFINITION_FIELD_INVALID = ErrorSpec(
    "DEFINITION_FIELD_INVALID",
    422,
    "مقدار {location} نامعتبر است: {reason}",
    "Invalid value at {location}: {reason}",
)
SEATS_NOT_POSITIVE = ErrorSpec(
    "SEATS_NOT_POSITIVE",
    422,
    "شمار کرسی‌ها در {location} باید بیش از صفر باشد.",
    "The number of seats at {location} must be greater than zero.",
)
ALTERNATES_NEGATIVE = ErrorSpec(
    "ALTERNATES_NEGATIVE",
    422,
    "شمار اعضای علی‌البدل در {location} نمی‌تواند منفی باشد.",
    "The number of alternates at {location} cannot be negative.",
)

# --- cross-references (definition_rules) -----------------------------------------------------
DUPLICATE_CODE = ErrorSpec(
    "DUPLICATE_CODE",
    422,
    "کد {code} ({what}) تکراری است.",
    "Code {code} ({what}) is used more than once.",
)
DIVISION_PARENT_UNKNOWN = ErrorSpec(
    "DIVISION_PARENT_UNKNOWN",
    422,
    "تقسیم بالادست {parent} برای {code} تعریف نشده است.",
    "Parent division {parent} of {code} is not defined.",
)
DIVISION_PARENT_MISSING = ErrorSpec(
    "DIVISION_PARENT_MISSING",
    422,
    "{code} ({kind}) باید تقسیم بالادست داشته باشد؛ تنها استان بی‌بالادست است.",
    "{code} ({kind}) needs a parent division; only a province stands alone.",
)
DIVISION_NESTING = ErrorSpec(
    "DIVISION_NESTING",
    422,
    "{code} ({kind}) نمی‌تواند زیرمجموعه {parent} ({parent_kind}) باشد.",
    "{code} ({kind}) cannot lie inside {parent} ({parent_kind}).",
)
CONSTITUENCY_DIVISION_UNKNOWN = ErrorSpec(
    "CONSTITUENCY_DIVISION_UNKNOWN",
    422,
    "حوزه انتخابیه رقابت {contest} تقسیم ناشناخته {division} دارد.",
    "The constituency of contest {contest} names unknown division {division}.",
)
CONSTITUENCY_DIVISION_REPEATED = ErrorSpec(
    "CONSTITUENCY_DIVISION_REPEATED",
    422,
    "تقسیم {division} در حوزه رقابت {contest} تکرار شده است.",
    "Division {division} is repeated in the constituency of contest {contest}.",
)
COUNCIL_DIVISION_UNKNOWN = ErrorSpec(
    "COUNCIL_DIVISION_UNKNOWN",
    422,
    "شورای رقابت {contest} از آنِ تقسیم ناشناخته {division} است.",
    "Contest {contest} is the council of unknown division {division}.",
)
COUNCIL_DIVISION_KIND = ErrorSpec(
    "COUNCIL_DIVISION_KIND",
    422,
    "شورا تنها برای شهر یا روستا است، نه {kind} ({division}).",
    "A council is for a city or a village, not a {kind} ({division}).",
)
COUNCIL_OUTSIDE_CONSTITUENCY = ErrorSpec(
    "COUNCIL_OUTSIDE_CONSTITUENCY",
    422,
    "{division} که شورای رقابت {contest} از آنِ اوست در حوزه انتخابیه‌اش نیست.",
    "{division}, whose council contest {contest} elects, is not in its constituency.",
)
CONTEST_SEATS_UNDEFINED = ErrorSpec(
    "CONTEST_SEATS_UNDEFINED",
    422,
    "شمار کرسی‌های رقابت {contest} معلوم نیست (seats یا council_of یا seat_override).",
    "Contest {contest} has no seats (give seats, council_of or seat_override).",
)
COUNCIL_SEATS_OFF_BAND = ErrorSpec(
    "COUNCIL_SEATS_OFF_BAND",
    422,
    "رقابت {contest}: {given} با قاعده جمعیتی ({population} نفر: {seats} کرسی، {alternates} "
    "علی‌البدل) نمی‌خواند؛ برای استثنا seat_override با دلیل بیاورید.",
    "Contest {contest}: {given} differs from the population band ({population} people: {seats} "
    "seats, {alternates} alternates); use seat_override with a reason for an exception.",
)
SEAT_OVERRIDE_CONFLICT = ErrorSpec(
    "SEAT_OVERRIDE_CONFLICT",
    422,
    "رقابت {contest} هم seats/alternates دارد و هم seat_override با مقدار دیگر.",
    "Contest {contest} gives seats/alternates and a different seat_override.",
)
MAX_SELECTIONS_ABOVE_SEATS = ErrorSpec(
    "MAX_SELECTIONS_ABOVE_SEATS",
    422,
    "در رقابت {contest} رای‌دهنده نمی‌تواند {max_selections} نام بنویسد؛ کرسی‌ها {seats} است.",
    "Contest {contest} lets a voter mark {max_selections}, more than its {seats} seats.",
)
PR_RULES_MISSING = ErrorSpec(
    "PR_RULES_MISSING",
    422,
    "رقابت تناسبی {contest} قواعد pr (روش، آستانه، فهرست باز یا بسته) ندارد.",
    "List-PR contest {contest} has no pr rules (method, threshold, open or closed list).",
)
PR_RULES_ON_PLURALITY = ErrorSpec(
    "PR_RULES_ON_PLURALITY",
    422,
    "رقابت اکثریتی {contest} نباید قواعد pr داشته باشد.",
    "Plurality contest {contest} must not have pr rules.",
)
TIE_BREAK_UNKNOWN = ErrorSpec(
    "TIE_BREAK_UNKNOWN",
    422,
    "قاعده رفع تساوی {rule} در رقابت {contest} شناخته نیست.",
    "Tie-break rule {rule} of contest {contest} is unknown.",
)
CANDIDATE_CONTEST_UNKNOWN = ErrorSpec(
    "CANDIDATE_CONTEST_UNKNOWN",
    422,
    "نامزد {ballot_code} در رقابت ناشناخته {contest} است.",
    "Candidate {ballot_code} stands in unknown contest {contest}.",
)
CANDIDATE_NATIONAL_CODE_INVALID = ErrorSpec(
    "CANDIDATE_NATIONAL_CODE_INVALID",
    422,
    "کد ملی نامزد {ballot_code} ({national_code}) نامعتبر است.",
    "National code {national_code} of candidate {ballot_code} is invalid.",
)
CANDIDATE_STANDS_TWICE = ErrorSpec(
    "CANDIDATE_STANDS_TWICE",
    422,
    "دارنده کد ملی {national_code} بیش از یک بار نامزد شده است ({first} و {second}).",
    "The holder of national code {national_code} stands more than once ({first} and {second}).",
)
LIST_CONTEST_UNKNOWN = ErrorSpec(
    "LIST_CONTEST_UNKNOWN",
    422,
    "فهرست {list} در رقابت ناشناخته {contest} است.",
    "List {list} belongs to unknown contest {contest}.",
)
LIST_IN_PLURALITY_CONTEST = ErrorSpec(
    "LIST_IN_PLURALITY_CONTEST",
    422,
    "رقابت اکثریتی {contest} فهرست ندارد؛ فهرست {list} نابجاست.",
    "Plurality contest {contest} has no lists; list {list} does not belong there.",
)
LIST_MEMBER_NOT_CANDIDATE = ErrorSpec(
    "LIST_MEMBER_NOT_CANDIDATE",
    422,
    "عضو {member} فهرست {list} نامزد رقابت {contest} نیست.",
    "Member {member} of list {list} is not a candidate of contest {contest}.",
)
LIST_MEMBER_REPEATED = ErrorSpec(
    "LIST_MEMBER_REPEATED",
    422,
    "نامزد {member} دو بار در فهرست {list} آمده است.",
    "Candidate {member} appears twice in list {list}.",
)
CANDIDATE_IN_TWO_LISTS = ErrorSpec(
    "CANDIDATE_IN_TWO_LISTS",
    422,
    "نامزد {member} در دو فهرست {first} و {second} است؛ هر نامزد حداکثر در یک فهرست.",
    "Candidate {member} is in lists {first} and {second}; a candidate joins at most one list.",
)
STYLE_CONTEST_UNKNOWN = ErrorSpec(
    "STYLE_CONTEST_UNKNOWN",
    422,
    "برگه رای {style} رقابت ناشناخته {contest} دارد.",
    "Ballot style {style} offers unknown contest {contest}.",
)
STYLE_CONTEST_REPEATED = ErrorSpec(
    "STYLE_CONTEST_REPEATED",
    422,
    "رقابت {contest} دو بار در برگه رای {style} آمده است.",
    "Contest {contest} appears twice in ballot style {style}.",
)
BRANCH_DIVISION_UNKNOWN = ErrorSpec(
    "BRANCH_DIVISION_UNKNOWN",
    422,
    "شعبه {branch} در تقسیم ناشناخته {division} است.",
    "Branch {branch} lies in unknown division {division}.",
)
BRANCH_STYLE_UNKNOWN = ErrorSpec(
    "BRANCH_STYLE_UNKNOWN",
    422,
    "برگه رای {style} شعبه {branch} تعریف نشده است.",
    "Ballot style {style} of branch {branch} is not defined.",
)
BRANCH_SERVES_NO_CONTEST = ErrorSpec(
    "BRANCH_SERVES_NO_CONTEST",
    422,
    "شعبه {branch} هیچ رقابتی را برگزار نمی‌کند.",
    "Branch {branch} serves no contest.",
)
BRANCH_OUTSIDE_CONSTITUENCY = ErrorSpec(
    "BRANCH_OUTSIDE_CONSTITUENCY",
    422,
    "شعبه {branch} در {division} است، بیرون از حوزه انتخابیه رقابت {contest}.",
    "Branch {branch} lies in {division}, outside the constituency of contest {contest}.",
)
CONTEST_ON_NO_BALLOT = ErrorSpec(
    "CONTEST_ON_NO_BALLOT",
    422,
    "هیچ شعبه‌ای رقابت {contest} را برگزار نمی‌کند.",
    "No branch offers contest {contest}.",
)
VILLAGE_COUNCIL_NOT_QUALIFIED = ErrorSpec(
    "VILLAGE_COUNCIL_NOT_QUALIFIED",
    422,
    "روستای {division} شرایط تشکیل شورا را ندارد ({reason_fa})؛ رقابت {contest} نابجاست.",
    "Village {division} does not qualify for a council ({reason_en}); contest {contest} is "
    "not allowed.",
)

# --- loading at headquarters ---------------------------------------------------------------
DEFINITION_ID_TAKEN = ErrorSpec(
    "DEFINITION_ID_TAKEN",
    409,
    "انتخابات {election_id} پیش‌تر با تعریف دیگری ({loaded}) بارگذاری شده است.",
    "Election {election_id} is already loaded with a different definition ({loaded}).",
)
