"""Public information generated from the election definition (اطلاع‌رسانی عمومی).

The seeds ask that the public be told in time how the proportional system works, how to enter
the race, the resignation rule and the calendar. Every figure here is read from the loaded
definition — the same data the services enforce — so the published text cannot drift from the
rules: change the definition and both change together, under its hash.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from entekhab.domain.calendar import PHASE_NAMES_FA, phase_window
from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition import ContestKind, ElectionDefinition, Phase, PRMethod
from entekhab.service.definitions.loading import get_definition
from entekhab.store.uow import UnitOfWork

__all__ = ["METHOD_TEXT", "public_information"]

METHOD_TEXT: dict[PRMethod, tuple[str, str]] = {
    PRMethod.HARE: (
        "سهمیه هر کرسی برابر است با کل آرای معتبر فهرست‌ها تقسیم بر تعداد کرسی‌ها؛ هر فهرست به "
        "تعداد سهمیه‌های کامل خود کرسی می‌گیرد و کرسی‌های باقی‌مانده به بزرگ‌ترین باقی‌مانده‌ها "
        "می‌رسد.",
        "The quota is the valid list votes divided by the seats; each list gets one seat per whole "
        "quota, and the seats left go to the largest remainders.",
    ),
    PRMethod.DROOP: (
        "سهمیه برابر است با جزء صحیح (آرا تقسیم بر کرسی‌ها به‌علاوه یک) به‌علاوه یک؛ باقی کرسی‌ها "
        "به بزرگ‌ترین باقی‌مانده‌ها می‌رسد.",
        "The quota is floor(votes / (seats + 1)) + 1; the seats left go to the largest remainders.",
    ),
    PRMethod.DHONDT: (
        "آرای هر فهرست بر ۱، ۲، ۳، ... تقسیم می‌شود و کرسی‌ها به بزرگ‌ترین خارج‌قسمت‌ها می‌رسد.",
        "Each list's votes are divided by 1, 2, 3, ...; the seats go to the largest quotients.",
    ),
    PRMethod.SAINTE_LAGUE: (
        "آرای هر فهرست بر ۱، ۳، ۵، ... تقسیم می‌شود و کرسی‌ها به بزرگ‌ترین خارج‌قسمت‌ها می‌رسد.",
        "Each list's votes are divided by 1, 3, 5, ...; the seats go to the largest quotients.",
    ),
    PRMethod.MODIFIED_SAINTE_LAGUE: (
        "مانند سنت‌لاگو، با مقسوم‌علیه نخست ۱٫۴.",
        "As Sainte-Laguë, with 1.4 as the first divisor.",
    ),
}


def _window(definition: ElectionDefinition, phase: Phase) -> dict[str, Any]:
    window = phase_window(definition, phase)
    zone = ZoneInfo(definition.timezone)
    return {
        "phase": phase.value,
        "name_fa": PHASE_NAMES_FA[phase],
        "opens": window.opens.astimezone(zone),
        "closes": window.closes.astimezone(zone),
    }


def _entry(definition: ElectionDefinition) -> list[dict[str, Any]]:
    offices: dict[str, list[str]] = {}
    for contest in definition.contests:
        office = definition.office_of(contest)
        if office is not None:
            offices.setdefault(office.value, []).append(contest.code)
    out = []
    for rule in definition.candidacy.eligibility:
        out.append(
            {
                "office": rule.office.value,
                "contests": offices.get(rule.office.value, []),
                "min_age": rule.min_age,
                "max_age": rule.max_age,
                "min_education": rule.min_education,
                "residence": rule.residence.value,
                "supervised_by": rule.supervised_by.value,
            }
        )
    return out


def _proportional(definition: ElectionDefinition) -> list[dict[str, Any]]:
    out = []
    for contest in definition.contests:
        if contest.kind != ContestKind.LIST_PR or contest.pr is None:
            continue
        seats, alternates = seats_and_alternates(definition, contest)
        text_fa, text_en = METHOD_TEXT[contest.pr.method]
        out.append(
            {
                "contest": contest.code,
                "name_fa": contest.name_fa,
                "seats": seats,
                "alternates": alternates,
                "method": contest.pr.method.value,
                "explained_fa": text_fa,
                "explained_en": text_en,
                "threshold": str(contest.pr.threshold),
                "open_list": contest.pr.open_list,
                "max_list_members": definition.candidacy.max_list_members or seats,
            }
        )
    return out


def public_information(uow: UnitOfWork, election_id: str) -> dict[str, Any]:
    """Everything the public is told before registration, from the definition in force."""
    definition, digest = get_definition(uow.session, election_id)
    opens: date = definition.calendar.registration.first_day
    rule = definition.candidacy.resignation
    latest = opens - timedelta(days=rule.days_before_registration)
    return {
        "election_id": definition.id,
        "name_fa": definition.name_fa,
        "name_en": definition.name_en,
        "polling_day": definition.polling_day,
        "definition_hash": digest,
        "calendar": [_window(definition, phase) for phase in Phase],
        "how_to_enter": _entry(definition),
        "documents_fa": [
            "اصل کارت ملی و شناسنامه",
            "یک قطعه عکس",
            "مدرک تحصیلی",
            "مدرک پذیرش استعفا برای دارندگان سمت‌های مشمول",
        ],
        "resignation": {
            "posts": [post.model_dump() for post in rule.posts],
            "days_before_registration": rule.days_before_registration,
            "latest": latest,
        },
        "vetting": {
            "bodies": [body.value for body in definition.candidacy.vetting_bodies],
            "bodies_fa": [body.name_fa for body in definition.candidacy.vetting_bodies],
            "days": definition.candidacy.vetting_days,
        },
        "appeal_days": definition.candidacy.appeal_days,
        "proportional": _proportional(definition),
        "generated_at": datetime.now(ZoneInfo(definition.timezone)),
    }
