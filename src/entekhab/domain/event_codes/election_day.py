"""Events of the election-day area."""

from entekhab.domain.event_codes import EventSpec

__all__ = [
    "BRANCH_CLOSED",
    "HELD_BALLOT_COUNTED",
    "HELD_BALLOT_REJECTED",
    "INCIDENT_RESOLVED",
    "PROVISIONAL_RECONCILED",
    "EventSpec",
]

PROVISIONAL_RECONCILED = EventSpec(
    "PROVISIONAL_RECONCILED",
    "پذیرش‌های موقت ایستگاه پس از وصل شدن دوباره تطبیق داده شد",
    "A station's provisional check-ins were reconciled after the link came back",
)
HELD_BALLOT_COUNTED = EventSpec(
    "HELD_BALLOT_COUNTED",
    "هیئت اجرایی رای موقت نگه‌داشته را شمردنی دانست",
    "The executive board decided that a held provisional ballot counts",
)
HELD_BALLOT_REJECTED = EventSpec(
    "HELD_BALLOT_REJECTED",
    "هیئت اجرایی رای موقت نگه‌داشته را رد کرد",
    "The executive board rejected a held provisional ballot",
)
BRANCH_CLOSED = EventSpec(
    "BRANCH_CLOSED",
    "شعبه بسته شد و سوابق رای و برگ‌های نتیجه‌اش یک‌جا رسید",
    "A branch closed: its ballot records and bulletins arrived at once",
)
INCIDENT_RESOLVED = EventSpec(
    "INCIDENT_RESOLVED",
    "مسئول ستاد رخداد روز رای‌گیری را رسیدگی‌شده بست و نوشت چرا",
    "An official resolved an election-day incident and recorded why",
)
