"""Events of the candidate side: registration, parties and lists, vetting, qualification,
ballot codes, the official list and representatives."""

from entekhab.domain.event_codes import EventSpec

__all__ = [
    "BALLOT_CODES_DRAWN",
    "CANDIDATE_CONSENTED",
    "CANDIDATE_LIST_PUBLISHED",
    "CANDIDATE_QUALIFICATION_STEP",
    "CANDIDATE_REGISTERED",
    "DEFINITION_VERSION_ADDED",
    "PARTY_LIST_REGISTERED",
    "PARTY_MEETING_RECORDED",
    "PARTY_REGISTERED",
    "REPRESENTATIVE_ACCREDITED",
    "VETTING_ANSWER_RECORDED",
    "VETTING_INQUIRIES_SENT",
]

CANDIDATE_REGISTERED = EventSpec("CANDIDATE_REGISTERED", "داوطلب ثبت‌نام شد", "Candidate registered")
PARTY_REGISTERED = EventSpec(
    "PARTY_REGISTERED", "حزب یا گروه سیاسی ثبت شد", "Party or political group registered"
)
PARTY_MEETING_RECORDED = EventSpec(
    "PARTY_MEETING_RECORDED",
    "جلسه حزب با ستاد ثبت شد",
    "Meeting of a party with headquarters recorded",
)
PARTY_LIST_REGISTERED = EventSpec(
    "PARTY_LIST_REGISTERED", "فهرست انتخاباتی ثبت شد", "List-PR list registered"
)
CANDIDATE_CONSENTED = EventSpec(
    "CANDIDATE_CONSENTED", "داوطلب عضویت در فهرست را پذیرفت", "Candidate consented to a list"
)
VETTING_INQUIRIES_SENT = EventSpec(
    "VETTING_INQUIRIES_SENT", "استعلام‌های داوطلب فرستاده شد", "Vetting inquiries sent"
)
VETTING_ANSWER_RECORDED = EventSpec(
    "VETTING_ANSWER_RECORDED", "پاسخ استعلام ثبت شد", "Vetting answer recorded (sealed)"
)
CANDIDATE_QUALIFICATION_STEP = EventSpec(
    "CANDIDATE_QUALIFICATION_STEP",
    "گام احراز صلاحیت داوطلب ثبت شد",
    "Qualification step recorded (decision, review, appeal or withdrawal)",
)
BALLOT_CODES_DRAWN = EventSpec(
    "BALLOT_CODES_DRAWN", "کد نامزدها به قرعه تعیین شد", "Ballot codes drawn"
)
CANDIDATE_LIST_PUBLISHED = EventSpec(
    "CANDIDATE_LIST_PUBLISHED",
    "فهرست رسمی نامزدها منتشر شد",
    "Official candidate list published",
)
DEFINITION_VERSION_ADDED = EventSpec(
    "DEFINITION_VERSION_ADDED",
    "نسخه تازه تعریف انتخابات ثبت شد",
    "New version of the election definition stored",
)
REPRESENTATIVE_ACCREDITED = EventSpec(
    "REPRESENTATIVE_ACCREDITED",
    "نماینده نامزد یا فهرست در شعبه معرفی شد",
    "Representative accredited to a branch",
)
