"""The official candidate list of a contest (فهرست رسمی نامزدها): publication and its forms.

Publishing needs every candidate decided and the ballot codes drawn; each list member who is
qualified must have consented. The qualified candidates (with their drawn codes) and the lists
(their qualified members, in list order) are merged into the election definition as a new
version with a new hash (``service.definitions.versions``), all in one transaction with the
events. From then on the contest's list is final: the definition carries it, so check-in — which
already holds the cached definition — can tell without a query whether a ballot may be issued.

The published forms: ``official_list`` (the data of the HTML/PDF sheet, ``web.candidate_list``),
``list_csv`` and ``nist_candidates`` (NIST SP 1500-100 v2 Candidate, Party and CandidateContest
structures, status ``pre-election``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from entekhab.domain.candidates.qualification import Status
from entekhab.domain.contest_seats import max_marks, seats_and_alternates
from entekhab.domain.definition import Candidate, EducationLevel, PartyList
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.service.audit.events import record_event
from entekhab.service.candidates.ballot_codes import contest_candidates, ensure_all_decided
from entekhab.service.candidates.common import (
    contest_of,
    definition_of,
    ensure_not_published,
    utc_now,
)
from entekhab.service.definitions.versions import add_version
from entekhab.store.tables.candidates import BallotDrawRow, CandidateListRow, PublishedListRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "ListLine",
    "OfficialList",
    "PublishedContest",
    "list_csv",
    "nist_candidates",
    "official_list",
    "publish",
    "published_contests",
]


@dataclass(frozen=True)
class ListLine:
    ballot_code: str
    given_name_fa: str
    family_name_fa: str
    given_name_en: str
    family_name_en: str
    education: str
    occupation: str
    list_code: str | None
    list_name_fa: str | None
    photo_sha256: str


@dataclass(frozen=True)
class OfficialList:
    election_id: str
    election_name_fa: str
    contest: str
    contest_name_fa: str
    contest_name_en: str
    seats: int
    definition_hash: str
    published_at: datetime
    lines: tuple[ListLine, ...]
    lists: tuple[tuple[str, str, str], ...]  # (code, name_fa, name_en)
    draw: dict[str, Any]


def publish(
    uow: UnitOfWork,
    *,
    election_id: str,
    contest: str,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> str:
    """Publish the contest's official list and merge it into the definition; the new hash."""
    session = uow.session
    now = clock()
    definition = definition_of(session, election_id)
    found = contest_of(definition, contest)
    ensure_not_published(session, election_id, contest)
    if session.get(BallotDrawRow, (election_id, contest)) is None:
        raise EntekhabError(codes.BALLOT_CODES_NOT_DRAWN, {"contest": contest})
    rows = contest_candidates(uow, election_id, contest)
    ensure_all_decided(rows, contest, now)
    qualified = [r for r in rows if r.status == Status.QUALIFIED.value and r.ballot_code]
    for r in qualified:
        if r.list_code is not None and r.consented_at is None:
            raise EntekhabError(
                codes.LIST_MEMBER_INVALID,
                {"candidate": r.registration, "list": r.list_code, "reason": "no consent"},
            )
    candidates = [
        Candidate(
            national_code=r.national_code,
            ballot_code=r.ballot_code or "",
            contest=contest,
            given_name_fa=r.given_name_fa,
            family_name_fa=r.family_name_fa,
            given_name_en=r.given_name_en,
            family_name_en=r.family_name_en,
            birth_date=r.birth_date,
            education=EducationLevel(r.education),
            isargar=r.isargar,
        )
        for r in sorted(qualified, key=lambda r: int(r.ballot_code or 0))
    ]
    lists = []
    for lrow in session.scalars(
        select(CandidateListRow)
        .where(CandidateListRow.election_id == election_id, CandidateListRow.contest == contest)
        .order_by(CandidateListRow.code)
    ):
        members = sorted(
            (r for r in qualified if r.list_code == lrow.code), key=lambda r: r.list_position or 0
        )
        if members:
            lists.append(
                PartyList(
                    code=lrow.code,
                    contest=contest,
                    name_fa=lrow.name_fa,
                    name_en=lrow.name_en,
                    members=tuple(r.ballot_code or "" for r in members),
                )
            )
    # Rebuilt from its document, not model_copy'd: a copy would keep stale cached indexes.
    merged = type(definition).model_validate(
        definition.model_dump()
        | {
            "candidates": (*definition.candidates, *candidates),
            "party_lists": (*definition.party_lists, *lists),
        }
    )
    digest = add_version(
        uow, merged, reason=f"official candidate list of {found.code}", actor=actor, now=now
    )
    session.add(
        PublishedListRow(
            election_id=election_id,
            contest=contest,
            definition_hash=digest,
            published_by=actor,
            published_at=now,
        )
    )
    record_event(
        session,
        events.CANDIDATE_LIST_PUBLISHED,
        actor=actor,
        payload={
            "election_id": election_id,
            "contest": contest,
            "candidates": len(candidates),
            "lists": len(lists),
            "definition_hash": digest,
        },
    )
    uow.commit()
    return digest


@dataclass(frozen=True)
class PublishedContest:
    contest: str
    name_fa: str
    name_en: str
    published_at: datetime


def published_contests(uow: UnitOfWork, election_id: str) -> list[PublishedContest]:
    """The contests of ``election_id`` whose official list is published, in the definition's
    order (ELECTION_UNKNOWN for an unknown election)."""
    session = uow.session
    definition = definition_of(session, election_id)
    when = {
        row.contest: row.published_at
        for row in session.scalars(
            select(PublishedListRow).where(PublishedListRow.election_id == election_id)
        )
    }
    return [
        PublishedContest(c.code, c.name_fa, c.name_en, when[c.code])
        for c in definition.contests
        if c.code in when
    ]


def official_list(uow: UnitOfWork, election_id: str, contest: str) -> OfficialList:
    """The published list of a contest (CANDIDATE_LIST_NOT_FINAL before publication)."""
    session = uow.session
    published = session.get(PublishedListRow, (election_id, contest))
    if published is None:
        raise EntekhabError(codes.CANDIDATE_LIST_NOT_FINAL, {"contest": contest})
    definition = definition_of(session, election_id)
    found = contest_of(definition, contest)
    names = {
        r.code: (r.name_fa, r.name_en)
        for r in session.scalars(
            select(CandidateListRow).where(
                CandidateListRow.election_id == election_id, CandidateListRow.contest == contest
            )
        )
    }
    rows = [
        r
        for r in contest_candidates(uow, election_id, contest)
        if r.status == Status.QUALIFIED.value and r.ballot_code
    ]
    lines = tuple(
        ListLine(
            r.ballot_code or "",
            r.given_name_fa,
            r.family_name_fa,
            r.given_name_en,
            r.family_name_en,
            r.education,
            r.occupation,
            r.list_code,
            names[r.list_code][0] if r.list_code in names else None,
            r.photo_sha256,
        )
        for r in sorted(rows, key=lambda r: int(r.ballot_code or 0))
    )
    used = sorted({line.list_code for line in lines if line.list_code})
    draw = session.get(BallotDrawRow, (election_id, contest))
    return OfficialList(
        election_id,
        definition.name_fa,
        contest,
        found.name_fa,
        found.name_en,
        seats_and_alternates(definition, found)[0],
        published.definition_hash,
        published.published_at,
        lines,
        tuple((code, *names[code]) for code in used),
        dict(draw.document) if draw else {},
    )


CSV_COLUMNS = (
    "ballot_code",
    "given_name_fa",
    "family_name_fa",
    "given_name_en",
    "family_name_en",
    "education",
    "occupation",
    "list_code",
    "list_name_fa",
    "photo_sha256",
)


def list_csv(found: OfficialList) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in found.lines:
        writer.writerow([getattr(line, name) or "" for name in CSV_COLUMNS])
    return out.getvalue()


def _text(fa: str, en: str = "") -> dict[str, Any]:
    strings = [{"@type": "ElectionResults.LanguageString", "Language": "fa", "Content": fa}]
    if en:
        strings.append({"@type": "ElectionResults.LanguageString", "Language": "en", "Content": en})
    return {"@type": "ElectionResults.InternationalizedText", "Text": strings}


def nist_candidates(uow: UnitOfWork, found: OfficialList, generated: datetime) -> dict[str, Any]:
    """The list as a NIST SP 1500-100 v2 ElectionReport (pre-election: candidates, parties and
    the contest with its selections, no counts)."""
    definition = definition_of(uow.session, found.election_id)
    contest = contest_of(definition, found.contest)
    cid = f"contest-{found.contest}"
    candidates = []
    for line in found.lines:
        entry: dict[str, Any] = {
            "@type": "ElectionResults.Candidate",
            "@id": f"cand-{found.contest}-{line.ballot_code}",
            "BallotName": _text(
                f"{line.given_name_fa} {line.family_name_fa}",
                f"{line.given_name_en} {line.family_name_en}".strip(),
            ),
            "PreElectionStatus": "qualified",
        }
        if line.list_code:
            entry["PartyId"] = f"party-{found.contest}-{line.list_code}"
        candidates.append(entry)
    selections = [
        {
            "@type": "ElectionResults.CandidateSelection",
            "@id": f"sel-{found.contest}-{line.ballot_code}",
            "CandidateIds": [f"cand-{found.contest}-{line.ballot_code}"],
            "SequenceOrder": index,
        }
        for index, line in enumerate(found.lines, start=1)
    ]
    return {
        "@type": "ElectionResults.ElectionReport",
        "Format": "summary-contest",
        "GeneratedDate": generated.isoformat(),
        "Issuer": "Entekhab",
        "IssuerAbbreviation": "ENTEKHAB",
        "IsTest": False,
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": "pre-election",
        "VendorApplicationId": "Entekhab 0.1.0",
        "Version": "2.0.0",
        "Party": [
            {
                "@type": "ElectionResults.Party",
                "@id": f"party-{found.contest}-{code}",
                "Name": _text(name_fa, name_en),
                "Abbreviation": code,
            }
            for code, name_fa, name_en in found.lists
        ],
        "Election": [
            {
                "@type": "ElectionResults.Election",
                "@id": f"election-{found.election_id}",
                "Name": _text(definition.name_fa, definition.name_en),
                "StartDate": definition.polling_day.isoformat(),
                "EndDate": definition.polling_day.isoformat(),
                "Type": "general",
                "ElectionScopeId": f"gp-{contest.constituency[0]}",
                "Candidate": candidates,
                "Contest": [
                    {
                        "@type": "ElectionResults.CandidateContest",
                        "@id": cid,
                        "Name": contest.name_fa,
                        "ElectionDistrictId": f"gp-{contest.constituency[0]}",
                        "NumberElected": found.seats,
                        "VotesAllowed": max_marks(definition, contest),
                        "ContestSelection": selections,
                    }
                ],
            }
        ],
        "x-entekhab": {
            "definition_hash": found.definition_hash,
            "ballot_code_draw": found.draw,
        },
    }
