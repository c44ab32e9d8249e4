"""Registration of candidates (ثبت‌نام داوطلبان), by a district officer or by the candidate in
person at the office.

Everything is checked before anything is written: the registration phase is open, the contest's
list is not yet final, the national code is valid and in the civil registry with the declared
birth date, the office's eligibility rule (age on polling day, education, residence as the
registry has it), the resignation rule (a listed post resigned in time, with evidence), the
photo. The photo and the evidence are stored as bytes with their SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from entekhab.domain import national_code
from entekhab.domain.candidates.eligibility import Applicant, check_eligibility, check_resignation
from entekhab.domain.candidates.qualification import Status
from entekhab.domain.definition import EducationLevel, ElectionDefinition, Phase
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.service.audit.events import record_event
from entekhab.service.candidates.common import (
    contest_of,
    definition_of,
    ensure_not_published,
    in_phase,
    utc_now,
)
from entekhab.store.tables.candidates import CandidateRow
from entekhab.store.tables.foundation import Citizen
from entekhab.store.uow import UnitOfWork

__all__ = [
    "MAX_PHOTO_BYTES",
    "Registration",
    "candidate_view",
    "candidates_in",
    "register_candidate",
    "registration_opens",
]

MAX_PHOTO_BYTES = 2_000_000
_PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
VIA = ("officer", "in_person")


@dataclass(frozen=True)
class Registration:
    """What a candidate (or the officer for them) hands in."""

    election_id: str
    contest: str
    national_code: str
    given_name_fa: str
    family_name_fa: str
    birth_date: date
    education: str
    occupation: str
    photo: bytes
    given_name_en: str = ""
    family_name_en: str = ""
    isargar: bool = False
    held_post: str | None = None
    resigned_on: date | None = None
    resignation_evidence: bytes | None = None
    via: str = "officer"


def registration_opens(definition: ElectionDefinition) -> date:
    """The first day of the registration phase (local date): the resignation rule counts back
    from it."""
    return definition.calendar.registration.first_day


def _check_form(reg: Registration) -> tuple[str, EducationLevel]:
    code = national_code.require_valid(reg.national_code)
    try:
        education = EducationLevel(reg.education)
    except ValueError:
        raise EntekhabError(
            INVALID_INPUT, {"reason": f"unknown education {reg.education}"}
        ) from None
    if reg.via not in VIA:
        raise EntekhabError(INVALID_INPUT, {"reason": f"via must be one of {', '.join(VIA)}"})
    for name in ("given_name_fa", "family_name_fa", "occupation"):
        if not getattr(reg, name).strip():
            raise EntekhabError(INVALID_INPUT, {"reason": f"{name} is required"})
    if len(reg.photo) > MAX_PHOTO_BYTES or not reg.photo.startswith(_PHOTO_MAGIC):
        raise EntekhabError(
            codes.CANDIDATE_PHOTO_INVALID,
            {"reason": f"a JPEG or PNG image of at most {MAX_PHOTO_BYTES} bytes"},
        )
    return code, education


def _next_number(uow: UnitOfWork, election_id: str) -> str:
    count = uow.session.scalar(
        select(func.count())
        .select_from(CandidateRow)
        .where(CandidateRow.election_id == election_id)
    )
    return f"R{int(count or 0) + 1:05d}"


def register_candidate(
    uow: UnitOfWork,
    reg: Registration,
    *,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateRow:
    """Register one candidate; every refusal is coded and writes nothing."""
    session = uow.session
    now = clock()
    definition = definition_of(session, reg.election_id)
    contest = contest_of(definition, reg.contest)
    in_phase(definition, Phase.REGISTRATION, now)
    ensure_not_published(session, reg.election_id, contest.code)
    code, education = _check_form(reg)
    citizen = session.get(Citizen, code)
    if citizen is None:
        raise EntekhabError(codes.CANDIDATE_NOT_IN_REGISTRY, {"national_code": code})
    if citizen.birth_date != reg.birth_date:
        raise EntekhabError(codes.CANDIDATE_BIRTH_DATE_MISMATCH, {"national_code": code})
    applicant = Applicant(
        national_code=code,
        birth_date=citizen.birth_date,
        education=education,
        residence_division=citizen.residence_division,
        residence_since=citizen.residence_since,
        held_post=reg.held_post,
        resigned_on=reg.resigned_on,
        has_resignation_evidence=bool(reg.resignation_evidence),
    )
    check_eligibility(definition, contest, applicant)
    check_resignation(
        definition,
        applicant,
        registration_opens=registration_opens(definition),
    )
    taken = session.scalar(
        select(CandidateRow.contest).where(
            CandidateRow.election_id == reg.election_id, CandidateRow.national_code == code
        )
    )
    if taken is not None:
        raise EntekhabError(
            codes.CANDIDATE_ALREADY_REGISTERED, {"national_code": code, "contest": taken}
        )
    evidence = reg.resignation_evidence if reg.held_post else None
    row = CandidateRow(
        election_id=reg.election_id,
        contest=contest.code,
        registration=_next_number(uow, reg.election_id),
        national_code=code,
        given_name_fa=reg.given_name_fa.strip(),
        family_name_fa=reg.family_name_fa.strip(),
        given_name_en=reg.given_name_en.strip(),
        family_name_en=reg.family_name_en.strip(),
        birth_date=citizen.birth_date,
        education=education.value,
        isargar=reg.isargar,
        residence_division=citizen.residence_division,
        occupation=reg.occupation.strip(),
        photo=reg.photo,
        photo_sha256=hashlib.sha256(reg.photo).hexdigest(),
        held_post=reg.held_post,
        resigned_on=reg.resigned_on if reg.held_post else None,
        resignation_evidence=evidence,
        resignation_sha256=hashlib.sha256(evidence).hexdigest() if evidence else None,
        registered_via=reg.via,
        registered_by=actor,
        registered_at=now,
        status=Status.REGISTERED.value,
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        events.CANDIDATE_REGISTERED,
        actor=actor,
        payload={
            "election_id": reg.election_id,
            "contest": contest.code,
            "registration": row.registration,
            "via": reg.via,
            "photo_sha256": row.photo_sha256,
            "resignation_sha256": row.resignation_sha256,
        },
    )
    uow.commit()
    return row


def candidate_view(row: CandidateRow) -> dict[str, object]:
    """A registration as officials see it: standing, list, code, digests — no vetting content,
    no photo bytes, no national code."""
    return {
        "registration": row.registration,
        "contest": row.contest,
        "given_name_fa": row.given_name_fa,
        "family_name_fa": row.family_name_fa,
        "education": row.education,
        "occupation": row.occupation,
        "status": row.status,
        "ground": row.ground,
        "appeal_deadline": row.appeal_deadline,
        "list_code": row.list_code,
        "list_position": row.list_position,
        "consented": row.consented_at is not None,
        "ballot_code": row.ballot_code,
        "photo_sha256": row.photo_sha256,
        "resignation_sha256": row.resignation_sha256,
        "registered_via": row.registered_via,
        "registered_at": row.registered_at,
    }


def candidates_in(uow: UnitOfWork, election_id: str, contest: str) -> list[CandidateRow]:
    contest_of(definition_of(uow.session, election_id), contest)
    return list(
        uow.session.scalars(
            select(CandidateRow)
            .where(CandidateRow.election_id == election_id, CandidateRow.contest == contest)
            .order_by(CandidateRow.registration)
        )
    )
