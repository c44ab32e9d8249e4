"""Events of branch planning (issue 13): assessments, network, equipment custody, roster,
training."""

from entekhab.domain.event_codes import EventSpec

__all__ = [
    "ATTENDANCE_RECORDED",
    "BLOCKER_ASSIGNED",
    "COURSE_ADDED",
    "CUSTODY_HANDED_OVER",
    "DEVICE_REGISTERED",
    "DEVICE_STATUS_CHANGED",
    "IMPARTIALITY_SIGNED",
    "NETWORK_LINK_SET",
    "NETWORK_SECURITY_ASSIGNED",
    "SENSITIVITY_SET",
    "SITE_ASSESSED",
    "STAFF_ROSTERED",
]

SITE_ASSESSED = EventSpec("SITE_ASSESSED", "محل شعبه ارزیابی شد", "Branch site assessed")
BLOCKER_ASSIGNED = EventSpec(
    "BLOCKER_ASSIGNED", "مسئول و مهلت رفع مانع تعیین شد", "Blocker owner and due date assigned"
)
SENSITIVITY_SET = EventSpec(
    "SENSITIVITY_SET", "درجه حساسیت حوزه یا شعبه ثبت شد", "Area or branch sensitivity set"
)
NETWORK_LINK_SET = EventSpec(
    "NETWORK_LINK_SET", "ارتباط شبکه شعبه ثبت شد", "Branch network link recorded"
)
NETWORK_SECURITY_ASSIGNED = EventSpec(
    "NETWORK_SECURITY_ASSIGNED",
    "مسئول امنیت شبکه فرمانداری تعیین شد",
    "Governorate network-security responsibility assigned",
)
DEVICE_REGISTERED = EventSpec("DEVICE_REGISTERED", "تجهیز ثبت شد", "Device registered")
DEVICE_STATUS_CHANGED = EventSpec(
    "DEVICE_STATUS_CHANGED", "وضعیت تجهیز تغییر کرد", "Device status changed"
)
CUSTODY_HANDED_OVER = EventSpec(
    "CUSTODY_HANDED_OVER",
    "تجهیز با امضای دو طرف تحویل شد",
    "Device handed over, signed by both parties",
)
STAFF_ROSTERED = EventSpec("STAFF_ROSTERED", "عامل شعبه گمارده شد", "Branch staff rostered")
COURSE_ADDED = EventSpec("COURSE_ADDED", "دوره آموزشی ثبت شد", "Training course added")
ATTENDANCE_RECORDED = EventSpec(
    "ATTENDANCE_RECORDED", "حضور و ارزشیابی آموزش ثبت شد", "Training attendance recorded"
)
IMPARTIALITY_SIGNED = EventSpec(
    "IMPARTIALITY_SIGNED", "تعهدنامه بی‌طرفی امضا شد", "Impartiality declaration signed"
)
