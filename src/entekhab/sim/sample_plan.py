"""A generated, seeded plan for a sample election's county, written through the services:
site assessments, sensitivity ratings, network links and their commitments, the network-security
officer, the device inventory with part of its chain of custody, the roster, and training.

Also the places the definition does not hold: planar coordinates (km) of the district centres
and the villages, drawn around the county centre. The same seed gives the same plan every time
(the record times come from the clock, the content does not).

Villages of Tehran province are rated more sensitive (4) than others (2), as the seeds say;
a few branches carry their own rating of 5.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from entekhab.domain.definition import Branch, ElectionDefinition
from entekhab.domain.geography import DivisionKind
from entekhab.domain.national_code import generate as national_code
from entekhab.planning.capacity import county_of
from entekhab.planning.custody import DeviceStatus
from entekhab.planning.readiness import default_checklist
from entekhab.planning.staffing import default_staff_rules, roster_size
from entekhab.service.planning.capacity import capacity_report
from entekhab.service.planning.equipment import change_status, hand_over, register_devices
from entekhab.service.planning.network import assign_network_security, set_link
from entekhab.service.planning.sites import record_assessment, set_sensitivity
from entekhab.service.planning.staffing import RosterEntry, roster_people, sign_impartiality
from entekhab.service.planning.training import AttendanceEntry, add_course, record_attendance
from entekhab.sim.names import draw_person
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["SamplePlan", "generate_sample_plan", "sample_places"]

ACTOR = "sample-plan"
STRENGTHS = (
    "حیاط بزرگ مدرسه برای صف رای‌دهندگان",
    "نزدیکی به ایستگاه پلیس",
    "سالن همکف با دو در ورودی",
)
WEAKNESSES = (
    "نبود سطح شیب‌دار برای ویلچر",
    "قطعی مکرر برق در ساعات عصر",
    "سیگنال ضعیف اینترنت همراه در سالن",
    "نبود سرمایش در سالن",
)


@dataclass(frozen=True)
class SamplePlan:
    county: str
    places: dict[str, tuple[float, float]]
    assessments: int
    devices: int
    rostered: int
    courses: int


def _score(rng: random.Random) -> int:
    draw = rng.random()
    return 1 if draw < 0.015 else 2 if draw < 0.04 else 3 if draw < 0.2 else 4


def sample_places(
    definition: ElectionDefinition, county: str, seed: int
) -> dict[str, tuple[float, float]]:
    """Coordinates (km) of the county's districts (about 20 km from the centre) and of their
    villages (within 15 km of their district centre)."""
    rng = random.Random(f"{seed}:places:{county}")
    districts = [
        d for d in definition.divisions if d.kind == DivisionKind.DISTRICT and d.parent == county
    ]
    places: dict[str, tuple[float, float]] = {}
    for i, d in enumerate(districts):
        angle = 2 * math.pi * i / max(1, len(districts))
        r = 0.0 if i == 0 else 20.0
        places[d.code] = (round(r * math.cos(angle), 3), round(r * math.sin(angle), 3))
    for v in definition.divisions:
        if v.kind != DivisionKind.VILLAGE or county_of(definition, v.code) != county:
            continue
        district = next(c for c in definition.ancestors(v.code) if c in places)
        x0, y0 = places[district]
        angle, r = rng.uniform(0, 2 * math.pi), rng.uniform(2.0, 15.0)
        places[v.code] = (round(x0 + r * math.cos(angle), 3), round(y0 + r * math.sin(angle), 3))
    return places


def generate_sample_plan(
    uow_factory: UnitOfWorkFactory, definition: ElectionDefinition, county: str, seed: int
) -> SamplePlan:
    """Write the seeded plan data for ``county`` of the loaded ``definition``."""
    rng = random.Random(f"{seed}:plan:{county}")
    branches = [b for b in definition.branches if county_of(definition, b.division) == county]
    day = definition.polling_day
    at = datetime(day.year, day.month, day.day, 6, tzinfo=UTC) - timedelta(days=30)
    checklist = default_checklist()
    for b in branches:
        scores = {i.code: _score(rng) for i in checklist.items}
        scores["fibre"] = {"fibre": 4, "mobile": 2}.get(b.network.value, 0)
        strengths = rng.choice(STRENGTHS) if rng.random() < 0.15 else ""
        weaknesses = rng.choice(WEAKNESSES) if rng.random() < 0.15 else ""
        with uow_factory() as uow:
            record_assessment(
                uow,
                election_id=definition.id,
                branch=b.code,
                scores=scores,
                assessor="کارشناس فرمانداری",
                strengths=strengths,
                weaknesses=weaknesses,
                assessed_at=at,
                actor=ACTOR,
            )
    _sensitivity(uow_factory, definition, county, branches, rng)
    _network(uow_factory, definition, county, branches, rng)
    devices = _equipment(uow_factory, definition, county, branches, rng)
    rostered = _roster(uow_factory, definition, county, branches, rng)
    courses = _training(uow_factory, definition, county, rostered, rng, at)
    return SamplePlan(
        county,
        sample_places(definition, county, seed),
        len(branches),
        devices,
        len(rostered),
        courses,
    )


def _sensitivity(
    uow_factory: UnitOfWorkFactory,
    definition: ElectionDefinition,
    county: str,
    branches: list[Branch],
    rng: random.Random,
) -> None:
    tehran = any(
        d.name_en == "Tehran" and d.kind == DivisionKind.PROVINCE for d in definition.divisions
    )
    for v in definition.divisions:
        if v.kind == DivisionKind.VILLAGE and county_of(definition, v.code) == county:
            with uow_factory() as uow:
                set_sensitivity(
                    uow,
                    election_id=definition.id,
                    code=v.code,
                    rating=4 if tehran else 2,
                    actor=ACTOR,
                )
    for b in rng.sample(branches, k=min(3, len(branches))):
        with uow_factory() as uow:
            set_sensitivity(uow, election_id=definition.id, code=b.code, rating=5, actor=ACTOR)


def _network(
    uow_factory: UnitOfWorkFactory,
    definition: ElectionDefinition,
    county: str,
    branches: list[Branch],
    rng: random.Random,
) -> None:
    providers = ("مخابرات", "همراه اول", "ایرانسل")
    for b in branches:
        net = b.network.value
        primary = {
            "fibre": "fibre",
            "mobile": rng.choice(("mobile_4g", "mobile_4g", "mobile_3g")),
        }.get(net, "none")
        backup = (
            rng.choice(("mobile_4g", "mobile_4g", "none"))
            if primary == "fibre"
            else (rng.choice(("satellite", "none")))
        )
        commitment = rng.choice(("delivered", "delivered", "committed", "requested", "refused"))
        with uow_factory() as uow:
            set_link(
                uow,
                election_id=definition.id,
                branch=b.code,
                primary=primary,
                backup=backup,
                provider=rng.choice(providers),
                primary_commitment="requested" if primary == "none" else commitment,
                backup_commitment="committed" if backup != "none" else "requested",
                due=definition.polling_day - timedelta(days=10),
                actor=ACTOR,
            )
    with uow_factory() as uow:
        assign_network_security(
            uow,
            election_id=definition.id,
            governorate=county,
            responsible="مدیر فناوری اطلاعات فرمانداری",
            contact="IT office of the governorate",
            actor=ACTOR,
        )


def _equipment(
    uow_factory: UnitOfWorkFactory,
    definition: ElectionDefinition,
    county: str,
    branches: list[Branch],
    rng: random.Random,
) -> int:
    with uow_factory() as uow:
        plan = capacity_report(uow, definition.id, county)
    needed: dict[str, int] = {}
    for bc in plan.branches:
        for kind, n in bc.devices.items():
            needed[kind] = needed.get(kind, 0) + n
    for kind in ("printer", "router", "ups"):
        needed[kind] = len(branches)
    store = "انبار فرمانداری"
    rows = []
    for kind, n in sorted(needed.items()):
        have = math.floor(n * Fraction(rng.randint(85, 105), 100))
        rows += [(f"{county}-{kind[:3].upper()}-{i:05d}", kind, county, store) for i in range(have)]
    with uow_factory() as uow:
        register_devices(uow, election_id=definition.id, devices=rows, actor=ACTOR)
    # The chain of custody in full for the first branches' identity devices.
    for (serial, _kind, _c, _h), b in zip(
        [r for r in rows if r[1] == "identity_device"][:6], branches[:6], strict=False
    ):
        with uow_factory() as uow:
            change_status(
                uow,
                serial=serial,
                target=DeviceStatus.TESTED.value,
                actor=ACTOR,
                test_result={"fingerprint_reader": "pass", "battery": 98},
            )
        with uow_factory() as uow:
            change_status(
                uow,
                serial=serial,
                target=DeviceStatus.SEALED.value,
                actor=ACTOR,
                seal=f"S-{serial[-5:]}",
            )
        with uow_factory() as uow:
            hand_over(
                uow,
                serial=serial,
                giver=store,
                receiver=f"رئیس شعبه {b.code}",
                giver_signature=f"sig:{store}",
                receiver_signature=f"sig:{b.code}",
                actor=ACTOR,
            )
        with uow_factory() as uow:
            change_status(
                uow, serial=serial, target=DeviceStatus.DEPLOYED.value, branch=b.code, actor=ACTOR
            )
    return len(rows)


def _roster(
    uow_factory: UnitOfWorkFactory,
    definition: ElectionDefinition,
    county: str,
    branches: list[Branch],
    rng: random.Random,
) -> list[RosterEntry]:
    rules = default_staff_rules()
    with uow_factory() as uow:
        plan = capacity_report(uow, definition.id, county)
    entries: list[RosterEntry] = []
    used: set[str] = {c.national_code for c in definition.candidates}
    for b in plan.branches:
        for role, need in roster_size(b.voters, rules).items():
            for _ in range(need):
                if rng.random() < 0.05:
                    continue  # a gap the county still has to fill
                code = national_code(rng)
                while code in used:
                    code = national_code(rng)
                used.add(code)
                person = draw_person(rng)
                born = date(rng.randint(1960, 1998), rng.randint(1, 12), rng.randint(1, 28))
                education = (
                    "police"
                    if role == "police"
                    else rng.choice(("bachelor", "bachelor", "master", "diploma"))
                )
                if role == "governor_rep":
                    education = "bachelor"
                conflict = "از بستگان یکی از نامزدها" if rng.random() < 0.01 else ""
                entries.append(
                    RosterEntry(
                        b.branch,
                        role,
                        code,
                        f"{person.given_fa} {person.family_fa}",
                        born,
                        "diploma" if education == "police" else education,
                        conflict,
                    )
                )
    with uow_factory() as uow:
        roster_people(uow, election_id=definition.id, entries=entries, actor=ACTOR)
    signed = [e.national_code for e in entries if rng.random() < 0.9]
    with uow_factory() as uow:
        sign_impartiality(uow, election_id=definition.id, national_codes=signed, actor=ACTOR)
    return entries


def _training(
    uow_factory: UnitOfWorkFactory,
    definition: ElectionDefinition,
    county: str,
    rostered: list[RosterEntry],
    rng: random.Random,
    at: datetime,
) -> int:
    courses = (
        ("GOV-1", "آموزش کارکنان فرمانداری", "governorate_staff", "in_person", 1),
        ("DIS-1", "آموزش کارکنان بخشداری", "district_staff", "webinar", 1),
        ("AGT-1", "آموزش عوامل شعب — مرحله اول", "branch_agents", "webinar", 2),
        ("AGT-2", "آموزش عوامل شعب — مرحله دوم", "branch_agents", "in_person", 3),
    )
    for code, title, audience, mode, stage in courses:
        with uow_factory() as uow:
            add_course(
                uow,
                election_id=definition.id,
                code=f"{county}-{code}",
                title=title,
                audience=audience,
                mode=mode,
                county=county,
                stage=stage,
                trainer="مربی با سابقه اجرایی",
                trainer_experience="سه دوره رئیس شعبه",
                starts_at=at + timedelta(days=stage * 5),
                actor=ACTOR,
            )
    by_course: dict[str, list[AttendanceEntry]] = {}
    for e in rostered:
        course = {"governor_rep": "GOV-1", "police": None}.get(
            e.role, rng.choice(("AGT-1", "AGT-2"))
        )
        if course is None or rng.random() < 0.12:
            continue
        entry = AttendanceEntry(
            e.national_code, rng.random() < 0.95, rng.choice((2, 3, 4, 4, 5, 5))
        )
        by_course.setdefault(course, []).append(entry)
    for course, entries in sorted(by_course.items()):
        with uow_factory() as uow:
            record_attendance(
                uow,
                election_id=definition.id,
                course=f"{county}-{course}",
                entries=entries,
                actor=ACTOR,
            )
    return len(courses)
