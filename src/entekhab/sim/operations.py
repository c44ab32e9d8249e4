"""Sample headquarters operations for a loaded sample election, drawn from a seed.

For every county of the definition: a headquarters with its head, secretary and each committee's
head and members (appointed by decree eight weeks before polling day); a directive to every
district of the county, acknowledged and answered by each; the rules library's councils law and
e-voting instruction, with an amendment the weekly review cites; that review, with decisions and
owned action items; lessons from site assessments and the past election; the six standard
playbooks; commitments with the telecom, power, police and education offices; a media meeting;
and a statement drafted by the publicity committee, approved by the head and published signed.

Everything — names, times, which branches are assessed — comes from the seed and the
definition, so the same seed gives the same operations (ids aside). The statement is signed with
``signer`` (the server key when one is configured; the CLI derives one from the seed otherwise).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.domain.access import Principal, Role
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.operations.organisation import CommitteeKind
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.definitions.loading import get_definition
from entekhab.service.operations import (
    commitments,
    contingency,
    directives,
    lessons,
    meetings,
    organisation,
    rules_library,
    statements,
)
from entekhab.service.operations.meetings import NewAction, NewDecision
from entekhab.sim.names import draw_person

__all__ = ["OperationsSummary", "seed_key", "seed_operations"]

ACTOR = "sim:operations"
_LAW = "LAW-COUNCILS-ELECTIONS"
_INSTRUCTION = "INSTR-EVOTING"


@dataclass(frozen=True)
class OperationsSummary:
    headquarters: int
    appointments: int
    directives: int
    reports: int
    meetings: int
    lessons: int
    scenarios: int
    commitments: int
    statements: int


def seed_key(seed: int) -> KeyPair:
    """A statement-signing key drawn from the seed (for samples without a server key)."""
    return keypair_from_seed(hashlib.sha256(f"entekhab/sim/operations/{seed}".encode()).digest())


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _person(rng: random.Random) -> str:
    name = draw_person(rng)
    return f"{name.given_fa} {name.family_fa}"


def _rules(factory: UnitOfWorkFactory, polling: date) -> None:
    with factory() as uow:
        if rules_library.rules_in_force(uow, on=polling):
            return
    with factory() as uow:
        rules_library.add_rule(
            uow,
            code=_LAW,
            kind="law",
            title="قانون تشکیلات، وظایف و انتخابات شوراهای اسلامی کشور",
            issuer="مجلس شورای اسلامی",
            text="ماده ۱ ... (متن قانون)",
            effective_from=date(2017, 1, 1),
            actor=ACTOR,
        )
    with factory() as uow:
        rules_library.add_version(
            uow,
            _LAW,
            text="ماده ۱ ... (متن اصلاح‌شده: برگزاری تمام‌الکترونیکی)",
            effective_from=polling - timedelta(weeks=10),
            change_note="برگزاری انتخابات به صورت تمام‌الکترونیکی در همه شعب",
            actor=ACTOR,
        )
    with factory() as uow:
        rules_library.add_rule(
            uow,
            code=_INSTRUCTION,
            kind="instruction",
            title="دستورالعمل اجرایی رای‌گیری الکترونیکی",
            issuer="ستاد انتخابات کشور",
            text="بند ۱ ... (احراز هویت با کارت ملی هوشمند و اثر انگشت)",
            effective_from=polling - timedelta(weeks=9),
            actor=ACTOR,
        )


def _organise(
    factory: UnitOfWorkFactory, rng: random.Random, county: str, name_fa: str, start: date
) -> tuple[Principal, Principal, int]:
    """The county's HQ and appointments; its head's and press officer's principals."""
    with factory() as uow:
        organisation.set_up_headquarters(
            uow, jurisdiction=county, name_fa=f"ستاد انتخابات شهرستان {name_fa}", actor=ACTOR
        )
    posts: list[tuple[str | None, str, str | None]] = [
        (None, "head", f"head-{county}"),
        (None, "secretary", None),
    ]
    for kind in CommitteeKind:
        posts.append((kind.value, "head", None))
        posts.append(
            (kind.value, "member", f"press-{county}" if kind is CommitteeKind.PUBLICITY else None)
        )
    for number, (committee, post, account) in enumerate(posts, 1):
        with factory() as uow:
            organisation.appoint(
                uow,
                hq=county,
                committee=committee,
                post=post,
                person=_person(rng),
                username=account,
                decree=f"{county}/{1400 + rng.randrange(5, 6)}/{100 + number}",
                starts_on=start,
                actor=ACTOR,
            )
    head = Principal(0, f"head-{county}", Role.COUNTY_OFFICER, county)
    press = Principal(0, f"press-{county}", Role.COUNTY_OFFICER, county)
    return head, press, len(posts)


def _directive(
    factory: UnitOfWorkFactory, county: str, districts: list[str], issued: datetime
) -> int:
    with factory() as uow:
        made = directives.issue_directive(
            uow,
            hq=county,
            number=f"{county}/۱۴۰۵/۱۲",
            title="بازدید از محل شعب و آزمون برق اضطراری",
            text="هر بخشداری محل شعب خود را بازدید کند، برق اضطراری را بیازماید و گزارش دهد.",
            deadline=issued + timedelta(days=7),
            offices=districts,
            attachments=(
                directives.NewAttachment(
                    "checklist.txt", "text/plain", "۱. برق اضطراری\n۲. شبکه\n".encode()
                ),
            ),
            actor=ACTOR,
            now=issued,
        )
    for n, district in enumerate(districts):
        with factory() as uow:
            directives.acknowledge(
                uow,
                made.id,
                office=district,
                actor=f"sim:{district}",
                now=issued + timedelta(hours=2 + n),
            )
        with factory() as uow:
            directives.file_report(
                uow,
                made.id,
                office=district,
                text=f"بازدید انجام شد؛ برق اضطراری همه شعب {district} آزموده شد.",
                done=True,
                actor=f"sim:{district}",
                now=issued + timedelta(days=2, hours=n),
            )
    return len(districts)


def _meeting(factory: UnitOfWorkFactory, rng: random.Random, county: str, held: datetime) -> None:
    with factory() as uow:
        meetings.record_meeting(
            uow,
            hq=county,
            kind="weekly_review",
            title="بررسی هفتگی قوانین و دستورالعمل‌ها",
            held_at=held,
            attendees=tuple(_person(rng) for _ in range(6)),
            agenda=("اصلاحیه قانون انتخابات شوراها", "دستورالعمل رای‌گیری الکترونیکی"),
            minutes="اصلاحیه قانون و دستورالعمل اجرایی خوانده و اثر آن بر شعب بررسی شد.",
            decisions=(
                NewDecision(
                    "آموزش عوامل شعب درباره احراز هویت الکترونیکی",
                    (
                        NewAction(
                            "برگزاری وبینار برای بخشداری‌ها",
                            "دبیر ستاد",
                            held.date() + timedelta(days=7),
                        ),
                    ),
                ),
                NewDecision(
                    "آزمون پشتیبان شبکه همراه در شعب بدون فیبر",
                    (
                        NewAction(
                            "فهرست شعب بدون فیبر و آزمون اینترنت همراه",
                            "رئیس کمیته زیرساخت",
                            held.date() + timedelta(days=10),
                        ),
                    ),
                ),
            ),
            reviewed=(rules_library.Citation(_LAW, 2), rules_library.Citation(_INSTRUCTION, 1)),
            actor=ACTOR,
            now=held,
        )


def _lessons(
    factory: UnitOfWorkFactory,
    rng: random.Random,
    definition: ElectionDefinition,
    county: str,
    branches: list[str],
) -> int:
    assessed = rng.sample(branches, min(3, len(branches)))
    drafts = [
        lessons.LessonDraft(
            jurisdiction=branch,
            kind=rng.choice(("weakness", "strength")),
            title=f"ارزیابی محل شعبه {branch}",
            description="دسترسی، برق، شبکه و فضای صف در بازدید محل بررسی شد.",
            source="site_assessment",
            source_ref=f"assessment {branch}",
            owner="کمیته پشتیبانی",
            election_id=definition.id,
        )
        for branch in assessed
    ]
    drafts.append(
        lessons.LessonDraft(
            jurisdiction=county,
            kind="problem",
            title="صف طولانی در ساعات پایانی دوره پیشین",
            description="در انتخابات گذشته صف‌ها در دو ساعت پایانی طولانی شد.",
            source="past_election",
            source_ref="انتخابات ۱۴۰۰",
            owner="کمیته انتظامی",
            election_id=definition.id,
        )
    )
    for draft in drafts:
        with factory() as uow:
            lessons.record_lesson(uow, draft, actor=ACTOR)
    return len(drafts)


def _commitments(factory: UnitOfWorkFactory, county: str, polling: date) -> int:
    items = (
        ("telecom", "اتصال فیبر نوری همه شعب مدرسه‌ای", "شرکت مخابرات استان", 21),
        ("power", "برق پایدار و آماده‌باش اکیپ‌های اضطراری در روز رای‌گیری", "شرکت توزیع برق", 7),
        ("police", "استقرار مأمور در همه شعب", "فرماندهی انتظامی شهرستان", 3),
        ("education", "تحویل کلاس‌ها برای شعب مدرسه‌ای", "اداره آموزش و پرورش", 10),
    )
    for agency, text, owner, days_before in items:
        with factory() as uow:
            commitments.record_commitment(
                uow,
                hq=county,
                agency=agency,
                memorandum=f"MOU-{agency}-{county}",
                text=text,
                owner=owner,
                due_on=polling - timedelta(days=days_before),
                actor=ACTOR,
            )
    return len(items)


def _statement(
    factory: UnitOfWorkFactory,
    county: str,
    head: Principal,
    press: Principal,
    signer: KeyPair,
    when: datetime,
) -> None:
    with factory() as uow:
        statements.record_media_meeting(
            uow,
            hq=county,
            held_at=when - timedelta(hours=3),
            outlets=("خبرگزاری ایرنا", "صدا و سیمای مرکز"),
            subject="آمادگی شعب برای رای‌گیری الکترونیکی",
            notes="پرسش‌ها درباره احراز هویت و ساعت رای‌گیری بود.",
            actor=ACTOR,
            now=when,
        )
    with factory() as uow:
        draft = statements.draft_statement(
            uow,
            hq=county,
            title="ساعت رای‌گیری و مدارک لازم",
            text="رای‌گیری از ساعت ۸ تا ۲۰ برگزار می‌شود؛ همراه داشتن کارت ملی هوشمند الزامی است.",
            drafter=press,
            now=when,
        )
    with factory() as uow:
        statements.approve_statement(
            uow, draft.id, jurisdiction=county, approver=head, now=when + timedelta(hours=1)
        )
    with factory() as uow:
        statements.publish_statement(
            uow,
            draft.id,
            jurisdiction=county,
            signer=signer,
            actor=ACTOR,
            now=when + timedelta(hours=2),
        )


def seed_operations(
    factory: UnitOfWorkFactory, election_id: str, seed: int, *, signer: KeyPair | None = None
) -> OperationsSummary:
    """Headquarters operations for every county of a loaded election, from ``seed``."""
    with factory() as uow:
        definition, _hash = get_definition(uow.session, election_id)
    rng = random.Random(f"operations/{election_id}/{seed}")
    polling = definition.polling_day
    key = signer or seed_key(seed)
    _rules(factory, polling)
    counties = [d for d in definition.divisions if d.kind == "county"]
    totals = dict.fromkeys(OperationsSummary.__dataclass_fields__, 0)
    for county in counties:
        districts = [d.code for d in definition.divisions if d.parent == county.code]
        inside = {county.code, *districts}
        inside |= {d.code for d in definition.divisions if d.parent in inside}
        inside |= {d.code for d in definition.divisions if d.parent in inside}
        branches = [b.code for b in definition.branches if b.division in inside]
        head, press, posts = _organise(
            factory, rng, county.code, county.name_fa, polling - timedelta(weeks=8)
        )
        issued = _at(polling - timedelta(weeks=6), 6)
        totals["reports"] += _directive(factory, county.code, districts, issued) if districts else 0
        _meeting(factory, rng, county.code, _at(polling - timedelta(weeks=5), 7))
        totals["lessons"] += _lessons(factory, rng, definition, county.code, branches)
        with factory() as uow:
            made = contingency.install_standard_playbooks(uow, county.code, actor=ACTOR)
        totals["commitments"] += _commitments(factory, county.code, polling)
        _statement(factory, county.code, head, press, key, _at(polling - timedelta(days=2), 6))
        totals["headquarters"] += 1
        totals["appointments"] += posts
        totals["directives"] += 1 if districts else 0
        totals["meetings"] += 1
        totals["scenarios"] += len(made)
        totals["statements"] += 1
    return OperationsSummary(**totals)
