"""A sample election's candidate history, from registration to the published list, from a seed.

``make_history`` turns a sample definition (whose candidates and lists are the outcome) into
what happened before: the definition as loaded before registration (no candidates, no lists),
the candidates' entries in the civil registry, their applications (some holding posts they
resigned in time, with the evidence), a few applications the office must refuse (under age, a
resignation missing, an invalid national code, a candidate on two lists), the parties and their
lists, and the seeded fates of qualification: a few disqualified by the executive board, some
restored on review, some appealing, a few withdrawals. ``run_history`` plays it through the
services at instants inside each phase of the election's calendar and publishes every list, so
the definition ends as a new version carrying the official lists with drawn codes.
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from entekhab.crypto.confidential import KeyProvider
from entekhab.domain.candidates.eligibility import rule_for_contest
from entekhab.domain.definition import Candidate, ElectionDefinition
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import generate
from entekhab.service.candidates import (
    ballot_codes,
    official_list,
    parties,
    qualification,
    registration,
    vetting,
)
from entekhab.service.candidates.registration import Registration
from entekhab.service.registry.importing import CitizenRecord, import_registry
from entekhab.service.registry.lookup import missing_citizens
from entekhab.sim.names import FEMALE_GIVEN_NAMES
from entekhab.store.uow import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "CandidateHistory",
    "HistoryOutcome",
    "make_history",
    "phase_instant",
    "run_history",
    "tiny_png",
]

OCCUPATIONS = (
    "استاد دانشگاه",
    "پزشک",
    "مهندس عمران",
    "وکیل",
    "آموزگار",
    "کارمند",
    "کشاورز",
    "بازرگان",
    "روزنامه‌نگار",
    "مدیر بازنشسته",
)
_FEMALE = frozenset(name[0] for name in FEMALE_GIVEN_NAMES)


def tiny_png(seed: bytes) -> bytes:
    """A valid 1×1 PNG whose colour comes from ``seed`` (a stand-in for a portrait)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    colour = hashlib.sha256(seed).digest()[:3]
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" + colour))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Fate:
    """What qualification does with one candidate."""

    disqualified_by_board: bool = False
    restored_on_review: bool = False
    appeals: bool = False
    restored_on_appeal: bool = False
    withdraws: bool = False


@dataclass
class CandidateHistory:
    base: ElectionDefinition
    citizens: list[CitizenRecord]
    applications: list[tuple[str, Registration]]
    """(sample ballot code, application) in registration order."""
    refused: list[tuple[str, Registration]]
    """(expected error code, application) the office must turn away."""
    parties: list[tuple[str, str, str]]
    lists: list[tuple[str, str, str, str, str, tuple[str, ...]]]
    """(contest, code, name_fa, name_en, party, sample ballot codes of the members)."""
    fates: dict[tuple[str, str], Fate] = field(default_factory=dict)
    """By (contest, sample ballot code)."""


def _application(
    election: str, cand: Candidate, rng: random.Random, opens: date, days: int
) -> Registration:
    held = rng.random() < 0.05
    return Registration(
        election_id=election,
        contest=cand.contest,
        national_code=cand.national_code,
        given_name_fa=cand.given_name_fa,
        family_name_fa=cand.family_name_fa,
        given_name_en=cand.given_name_en,
        family_name_en=cand.family_name_en,
        birth_date=cand.birth_date,
        education=cand.education.value,
        isargar=cand.isargar,
        occupation=rng.choice(OCCUPATIONS),
        photo=tiny_png(f"{election}|{cand.national_code}".encode()),
        held_post=rng.choice(("mayor", "council_staff", "governor")) if held else None,
        resigned_on=opens - timedelta(days=days + rng.randint(1, 60)) if held else None,
        resignation_evidence=f"استعفانامه {cand.national_code}".encode() if held else None,
        via=rng.choice(("officer", "in_person")),
    )


def _fate(rng: random.Random) -> Fate:
    roll = rng.random()
    if roll < 0.01:
        return Fate(withdraws=True)
    if roll < 0.05:
        restored = rng.random() < 0.3
        appeals = not restored and rng.random() < 0.6
        return Fate(True, restored, appeals, appeals and rng.random() < 0.4)
    return Fate()


def make_history(definition: ElectionDefinition, seed: int) -> CandidateHistory:
    """The candidate history behind ``definition``'s candidates and lists (see module doc)."""
    rng = random.Random(seed)
    opens = definition.calendar.registration.first_day
    days = definition.candidacy.resignation.days_before_registration
    # Rebuilt, not model_copy'd: a copy would keep the original's cached indexes.
    base = type(definition).model_validate(
        definition.model_dump() | {"candidates": (), "party_lists": ()}
    )
    citizens, applications = [], []
    history = CandidateHistory(base, citizens, applications, [], [], [])
    for cand in definition.candidates:
        contest = definition.contest_by_code[cand.contest]
        residence = rng.choice(contest.constituency)
        gender = "f" if cand.given_name_fa in _FEMALE else "m"
        since = cand.birth_date + timedelta(days=365 * rng.randint(18, 30))
        citizens.append(
            CitizenRecord(cand.national_code, cand.birth_date, gender, residence, since)
        )
        applications.append((cand.ballot_code, _application(definition.id, cand, rng, opens, days)))
        history.fates[(cand.contest, cand.ballot_code)] = _fate(rng)
    for plist in definition.party_lists:
        party = f"PT-{plist.code}"
        history.parties.append((party, f"حزب {plist.name_fa}", f"Party of {plist.name_en}"))
        history.lists.append(
            (plist.contest, plist.code, plist.name_fa, plist.name_en, party, plist.members)
        )
        for member in plist.members:  # list members stay on: a list is not left half empty
            fate = history.fates[(plist.contest, member)]
            if fate.withdraws:
                history.fates[(plist.contest, member)] = Fate()
    _add_refusals(definition, history, rng)
    return history


def _add_refusals(
    definition: ElectionDefinition, history: CandidateHistory, rng: random.Random
) -> None:
    """Applications the office must turn away, each for one reason (checked in this order by
    the service: national code, eligibility, resignation)."""
    if not history.applications:
        return
    _code, model = history.applications[0]
    born = model.birth_date
    young = date(definition.polling_day.year - 20, born.month, min(born.day, 28))
    taken = {c.national_code for c in history.citizens}
    young_code = next(code for code in iter(lambda: generate(rng), "") if code not in taken)
    history.citizens.append(
        CitizenRecord(young_code, young, "m", history.citizens[0].residence_division, young)
    )
    broken = model.national_code[:9] + str((int(model.national_code[9]) + 1) % 10)
    history.refused += [
        ("INVALID_NATIONAL_CODE", _with(model, national_code=broken)),
        ("CANDIDATE_UNDER_AGE", _with(model, national_code=young_code, birth_date=young)),
        ("CANDIDATE_RESIGNATION_MISSING", _with(model, held_post="mayor", resigned_on=None)),
    ]


def _with(reg: Registration, **changes: object) -> Registration:
    values = dict(reg.__dict__)
    values.update(changes)
    return Registration(**values)  # type: ignore[arg-type]


@dataclass
class HistoryOutcome:
    registered: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    disqualified: int = 0
    appealed: int = 0
    withdrawn: int = 0
    published: dict[str, str] = field(default_factory=dict)
    """Contest → definition hash after its list was published."""
    registrations: dict[tuple[str, str], str] = field(default_factory=dict)
    """(contest, sample ballot code) → registration number."""


class _Batch(UnitOfWork):
    """Many use cases in one transaction: a service's ``commit`` only flushes, the batch commits
    every ``size`` of them and at the end. For the sample history only, and only for steps known
    to succeed (a refusal would undo the batch): a few thousand fsynced commits become a few."""

    def __init__(self, factory: UnitOfWorkFactory, size: int = 500) -> None:
        self._factory, self._size, self._done = factory, size, 0

    def __enter__(self) -> _Batch:
        self._real = self._factory().__enter__()
        self.session = self._real.session
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self._real.commit()
        self._real.__exit__(None, None, None)

    def commit(self) -> None:
        self.session.flush()
        self._done += 1
        if self._done % self._size == 0:
            self._real.commit()

    def rollback(self) -> None:
        self._real.rollback()


def phase_instant(definition: ElectionDefinition, day: date, hour: int) -> Callable[[], datetime]:
    moment = datetime.combine(day, time(hour)).replace(tzinfo=ZoneInfo(definition.timezone))
    return lambda: moment.astimezone(UTC)


def run_history(
    uow_factory: UnitOfWorkFactory,
    keys: KeyProvider,
    history: CandidateHistory,
    *,
    ceremony_nonce: str,
    progress: Callable[[str], None] | None = None,
    until: str = "published",
) -> HistoryOutcome:
    """Play ``history`` through the services (its base definition must already be loaded);
    ``until`` stops after ``registration`` (lists included), ``vetting`` or ``qualification``."""
    d = history.base
    cal = d.calendar
    say = progress or (lambda _text: None)
    outcome = HistoryOutcome()
    with uow_factory() as uow:
        wanted = [c.national_code for c in history.citizens]
        missing = set(missing_citizens(uow, wanted))
    import_registry(
        uow_factory,
        [c for c in history.citizens if c.national_code in missing],
        actor="sim:registry",
    )
    say("registration")
    registered = outcome.registrations
    at = phase_instant(d, cal.registration.first_day, 10)
    with _Batch(uow_factory) as batch:
        for sample_code, app in history.applications:
            row = registration.register_candidate(batch, app, actor="sim:district", clock=at)
            registered[(app.contest, sample_code)] = row.registration
            outcome.registered += 1
    for expected, app in history.refused:
        try:
            with uow_factory() as uow:
                registration.register_candidate(uow, app, actor="sim:district", clock=at)
        except EntekhabError as error:
            outcome.refused[error.code] = outcome.refused.get(error.code, 0) + 1
            if error.code != expected:
                raise
        else:
            raise AssertionError(f"the office accepted an application it must refuse: {expected}")
    _parties_and_lists(uow_factory, history, registered, at, outcome)
    if until == "registration":
        return outcome
    say("vetting")
    _vet(uow_factory, keys, d, registered)
    if until == "vetting":
        return outcome
    say("qualification")
    _qualify(uow_factory, history, registered, outcome)
    if until == "qualification":
        return outcome
    say("ballot codes and publication")
    after = phase_instant(d, cal.appeals.last_day + timedelta(days=1), 10)
    for contest in d.contests:
        if not any(key[0] == contest.code for key in registered):
            continue
        with uow_factory() as uow:
            ballot_codes.draw_codes(
                uow, election_id=d.id, contest=contest.code, ceremony_nonce=ceremony_nonce,
                actor="sim:executive_board", clock=after,
            )  # fmt: skip
        with uow_factory() as uow:
            outcome.published[contest.code] = official_list.publish(
                uow, election_id=d.id, contest=contest.code, actor="sim:hq", clock=after
            )
    return outcome


def _parties_and_lists(
    uow_factory: UnitOfWorkFactory,
    history: CandidateHistory,
    registered: dict[tuple[str, str], str],
    at: Callable[[], datetime],
    outcome: HistoryOutcome,
) -> None:
    d = history.base
    for code, name_fa, name_en in history.parties:
        with uow_factory() as uow:
            parties.register_party(
                uow, code=code, name_fa=name_fa, name_en=name_en, actor="sim:hq", clock=at,
                contacts=[parties.Contact("دبیر کل", "secretary general", "021-00000000")],
            )  # fmt: skip
        with uow_factory() as uow:
            parties.record_meeting(
                uow, party=code, held_at=at(), subject="هماهنگی ثبت‌نام فهرست",
                minutes="قوانین ثبت‌نام و استعفا و گاه‌شمار انتخابات ابلاغ شد.",
                actor="sim:hq", clock=at,
            )  # fmt: skip
    for contest, code, name_fa, name_en, party, members in history.lists:
        numbers = [registered[(contest, m)] for m in members]
        with uow_factory() as uow:
            parties.register_list(
                uow, election_id=d.id, contest=contest, code=code, name_fa=name_fa,
                name_en=name_en, members=numbers, party=party, actor="sim:district", clock=at,
            )  # fmt: skip
        with _Batch(uow_factory) as uow:
            for number in numbers:
                parties.consent_to_list(
                    uow, election_id=d.id, contest=contest, list_code=code,
                    candidate=number, actor="sim:district", clock=at,
                )  # fmt: skip
    if len(history.lists) >= 2:  # a member of the first list offered on a second one
        contest, _code, *_rest = history.lists[1]
        first = history.lists[0]
        if first[0] == contest:
            try:
                with uow_factory() as uow:
                    parties.register_list(
                        uow, election_id=d.id, contest=contest, code="DUP", name_fa="تکراری",
                        name_en="", members=[registered[(contest, first[5][0])]], party=None,
                        actor="sim:district", clock=at,
                    )  # fmt: skip
            except EntekhabError as error:
                outcome.refused[error.code] = outcome.refused.get(error.code, 0) + 1
                if error.code != "CANDIDATE_ON_TWO_LISTS":
                    raise


def _vet(
    uow_factory: UnitOfWorkFactory,
    keys: KeyProvider,
    d: ElectionDefinition,
    registered: dict[tuple[str, str], str],
) -> None:
    sent_at = phase_instant(d, d.calendar.vetting.first_day, 9)
    answered_at = phase_instant(d, d.calendar.vetting.first_day + timedelta(days=3), 11)
    with _Batch(uow_factory) as uow:
        views = [
            view
            for number in registered.values()
            for view in vetting.send_inquiries(
                uow, keys, election_id=d.id, candidate=number, actor="sim:vetting", clock=sent_at
            )
        ]
    with _Batch(uow_factory) as uow:
        for view in views:
            vetting.record_answer(
                    uow, keys, inquiry=view.inquiry, text="سابقه‌ای یافت نشد.",
                    actor="sim:vetting", clock=answered_at,
                )  # fmt: skip


def _qualify(
    uow_factory: UnitOfWorkFactory,
    history: CandidateHistory,
    registered: dict[tuple[str, str], str],
    outcome: HistoryOutcome,
) -> None:
    d = history.base
    q = d.calendar.qualification
    decided, reviewed = (
        phase_instant(d, q.first_day, 10),
        phase_instant(d, q.first_day + timedelta(days=3), 10),
    )
    appealed = phase_instant(d, d.calendar.appeals.first_day, 10)
    settled = phase_instant(d, d.calendar.appeals.first_day + timedelta(days=2), 10)
    to_review: list[tuple[str, str, bool]] = []
    with _Batch(uow_factory) as uow:
        for key, number in registered.items():
            fate = history.fates.get(key, Fate())
            ids = {"election_id": d.id, "candidate": number}
            if fate.withdraws:
                qualification.withdraw(uow, **ids, actor="sim:district", role="district_officer",
                                       clock=decided)  # fmt: skip
                outcome.withdrawn += 1
                continue
            qualification.decide(
                uow, **ids, qualified=not fate.disqualified_by_board,
                ground="conduct" if fate.disqualified_by_board else None,
                actor="sim:executive_board", role="executive_board", clock=decided,
            )  # fmt: skip
            stays = not fate.disqualified_by_board or fate.restored_on_review
            to_review.append((key[0], number, stays))
    appeals: list[tuple[str, str, bool]] = []
    with _Batch(uow_factory) as uow:
        for contest, number, stays in to_review:
            body = registration_body(d, contest)
            qualification.review(
                uow, election_id=d.id, candidate=number, qualified=stays,
                ground=None if stays else "conduct", actor=f"sim:{body}", role=body,
                clock=reviewed,
            )  # fmt: skip
            if stays:
                continue
            outcome.disqualified += 1
            fate = history.fates[next(k for k, v in registered.items() if v == number)]
            if fate.appeals:
                appeals.append((contest, number, fate.restored_on_appeal))
    with _Batch(uow_factory) as uow:
        for contest, number, restored in appeals:
            body = registration_body(d, contest)
            outcome.appealed += 1
            qualification.appeal(uow, election_id=d.id, candidate=number, actor="sim:district",
                                 role="district_officer", clock=appealed)  # fmt: skip
            qualification.decide_appeal(
                uow, election_id=d.id, candidate=number, qualified=restored,
                ground=None if restored else "conduct", actor=f"sim:{body}", role=body,
                clock=settled,
            )  # fmt: skip


def registration_body(d: ElectionDefinition, contest: str) -> str:
    """The role acting for the contest's supervising body."""
    return rule_for_contest(d, d.contest_by_code[contest]).supervised_by.role.value
