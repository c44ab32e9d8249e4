"""Open-data exports of results: NIST SP 1500-100 ERR JSON (v2), CSV, NIST SP 1500-103 CVR JSON.

Every export carries its label. The ERR report's ``Status`` is ``certified`` when every contest
in it is confirmed or published, else ``unofficial-partial``; each contest also carries the
documented extension ``x-entekhab`` (label, certification state, elected members, alternates,
list-PR votes and the allocation working) described in docs/exports.md. Only published contests
are exported unless ``published_only=False`` (officials' exports).

Totals always come from the running totals: any change to them after approval returns the
contest to unofficial, so for an approved (or later) contest they are the certified ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.contest_seats import max_marks, seats_and_alternates
from entekhab.domain.definition import Contest, ContestKind, ElectionDefinition
from entekhab.domain.error_codes import counting as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import DivisionKind
from entekhab.service.counting.certification import (
    PUBLISHED,
    CertificationStatus,
    shown_status,
    status,
)
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.counting import ResultTotal
from entekhab.store.tables.election_day import BallotRecordRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["FORMATS", "contest_csv", "cvr_report", "election_cvr", "err_report"]

FORMATS = ("err", "csv", "cvr")
VENDOR = "Entekhab 0.1.0"
_UNIT_TYPE = {
    DivisionKind.PROVINCE: "state",
    DivisionKind.COUNTY: "county",
    DivisionKind.CITY: "city",
    DivisionKind.VILLAGE: "village",
}


def _text(fa: str, en: str = "") -> dict[str, Any]:
    strings = [{"@type": "ElectionResults.LanguageString", "Language": "fa", "Content": fa}]
    if en:
        strings.append({"@type": "ElectionResults.LanguageString", "Language": "en", "Content": en})
    return {"@type": "ElectionResults.InternationalizedText", "Text": strings}


def _gp(code: str) -> str:
    return f"gpu-{code}"


def _gp_units(definition: ElectionDefinition) -> list[dict[str, Any]]:
    children: dict[str, list[str]] = {}
    for d in definition.divisions:
        if d.parent:
            children.setdefault(d.parent, []).append(_gp(d.code))
    for b in definition.branches:
        children.setdefault(b.division, []).append(_gp(b.code))
    units = []
    for d in definition.divisions:
        unit: dict[str, Any] = {
            "@type": "ElectionResults.ReportingUnit",
            "@id": _gp(d.code),
            "Name": _text(d.name_fa, d.name_en),
            "Type": _UNIT_TYPE.get(d.kind, "other"),
            "ComposingGpUnitIds": sorted(children.get(d.code, [])),
        }
        if unit["Type"] == "other":
            unit["OtherType"] = str(d.kind)
        units.append(unit)
    for b in definition.branches:
        units.append(
            {
                "@type": "ElectionResults.ReportingUnit",
                "@id": _gp(b.code),
                "Name": _text(b.name_fa or b.code, b.code),
                "Type": "polling-place",
            }
        )
    return units


def _area_gp(level: str, area: str, contest: Contest) -> str:
    if level == "contest":
        return _gp(contest.constituency[0]) if len(contest.constituency) == 1 else _gp("*")
    return _gp(area)


class _Total(NamedTuple):
    level: str
    area: str
    kind: str
    code: str
    value: int


def _totals(session: Session, election_id: str, contest: str) -> list[_Total]:
    rows = session.execute(
        select(
            ResultTotal.level,
            ResultTotal.area,
            ResultTotal.kind,
            ResultTotal.code,
            ResultTotal.value,
        ).where(ResultTotal.election_id == election_id, ResultTotal.contest == contest)
    ).all()
    return sorted(_Total(str(a), str(b), str(c), str(d), int(v)) for a, b, c, d, v in rows)


def _err_contest(
    definition: ElectionDefinition,
    contest: Contest,
    rows: list[_Total],
    state: CertificationStatus,
) -> dict[str, Any]:
    counts: dict[tuple[str, str], list[dict[str, Any]]] = {}
    other: list[dict[str, Any]] = []
    for r in sorted(rows, key=lambda r: (r.level, r.area, r.kind, r.code)):
        gp = _area_gp(r.level, r.area, contest)
        if r.kind in ("candidate", "list"):
            counts.setdefault((r.kind, r.code), []).append(
                {
                    "@type": "ElectionResults.VoteCounts",
                    "GpUnitId": gp,
                    "Type": "total",
                    "Count": r.value,
                }
            )
        elif r.code == "blank" and r.level != "branch":
            other.append(
                {"@type": "ElectionResults.OtherCounts", "GpUnitId": gp, "Undervotes": r.value}
            )
    outcome = state.outcome or {}
    elected = set(outcome.get("elected", []))
    selections: list[dict[str, Any]] = [
        {
            "@type": "ElectionResults.CandidateSelection",
            "@id": f"cs-{contest.code}-{code}",
            "CandidateIds": [f"cand-{contest.code}-{code}"],
            "VoteCounts": counts.get(("candidate", code), []),
            **({"x-entekhab-elected": True} if code in elected else {}),
        }
        for code in sorted(definition.candidates_by_contest.get(contest.code, {}))
    ]
    selections += [
        {
            "@type": "ElectionResults.PartySelection",
            "@id": f"ps-{contest.code}-{code}",
            "PartyIds": [f"party-{contest.code}-{code}"],
            "VoteCounts": counts.get(("list", code), []),
        }
        for code in sorted(definition.lists_by_contest.get(contest.code, {}))
    ]
    seats, alternates = seats_and_alternates(definition, contest)
    return {
        "@type": "ElectionResults.CandidateContest",
        "@id": f"contest-{contest.code}",
        "Name": contest.name_fa,
        "ElectionDistrictId": _area_gp("contest", "*", contest),
        "NumberElected": seats,
        "VotesAllowed": max_marks(definition, contest),
        "ContestSelection": selections,
        "OtherCounts": other,
        "x-entekhab": {
            "label": state.label,
            "certification": state.state,
            "kind": str(contest.kind),
            "alternates_allowed": alternates,
            "bulletins_root": state.bulletins_root,
            "ceremony_nonce": state.ceremony_nonce,
            "outcome": outcome or None,
            "branches_not_counted": _not_counted(state),
        },
    }


def _candidates(definition: ElectionDefinition, contests: list[Contest]) -> list[dict[str, Any]]:
    wanted = {c.code for c in contests}
    membership = {(p.contest, m): p.code for p in definition.party_lists for m in p.members}
    out = []
    for c in definition.candidates:
        if c.contest not in wanted:
            continue
        entry: dict[str, Any] = {
            "@type": "ElectionResults.Candidate",
            "@id": f"cand-{c.contest}-{c.ballot_code}",
            "BallotName": _text(
                f"{c.given_name_fa} {c.family_name_fa}",
                f"{c.given_name_en} {c.family_name_en}".strip(),
            ),
        }
        party = membership.get((c.contest, c.ballot_code))
        if party:
            entry["PartyId"] = f"party-{c.contest}-{party}"
        out.append(entry)
    return out


def err_report(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    *,
    generated: datetime,
    published_only: bool = True,
) -> dict[str, Any]:
    """The NIST SP 1500-100 v2 Election Results Report of ``election_id`` (JSON-ready).

    With ``published_only`` (the public side) only published contests appear, and an election
    with none published is refused (RESULT_NOT_PUBLISHED).
    """
    with uow_factory() as uow:
        definition, definition_hash = get_definition(uow.session, election_id)
        contests_out, chosen, certified = [], [], True
        for contest in definition.contests:
            state = status(uow.session, election_id, contest.code)
            if published_only and state.state != PUBLISHED:
                continue
            certified = certified and state.label == "official"
            chosen.append(contest)
            rows = _totals(uow.session, election_id, contest.code)
            contests_out.append(_err_contest(definition, contest, rows, state))
    if published_only and not chosen:
        # The public side has nothing to say until a result is published.
        raise EntekhabError(codes.RESULT_NOT_PUBLISHED, {"contest": "*"})
    parties = [
        {
            "@type": "ElectionResults.Party",
            "@id": f"party-{p.contest}-{p.code}",
            "Name": _text(p.name_fa, p.name_en),
        }
        for p in definition.party_lists
        if p.contest in {c.code for c in chosen}
    ]
    top = [d.code for d in definition.divisions if d.parent is None]
    return {
        "@type": "ElectionResults.ElectionReport",
        "Format": "summary-contest",
        "GeneratedDate": generated.isoformat(),
        "Issuer": "Entekhab",
        "IssuerAbbreviation": "ENTEKHAB",
        "IsTest": False,
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": "certified" if certified and chosen else "unofficial-partial",
        "VendorApplicationId": VENDOR,
        "Version": "2.0.0",
        "GpUnit": _gp_units(definition),
        "Party": parties,
        "Election": [
            {
                "@type": "ElectionResults.Election",
                "@id": f"election-{definition.id}",
                "Name": _text(definition.name_fa, definition.name_en),
                "StartDate": definition.polling_day.isoformat(),
                "EndDate": definition.polling_day.isoformat(),
                "Type": "general",
                "ElectionScopeId": _gp(top[0]) if len(top) == 1 else _gp("*"),
                "Candidate": _candidates(definition, chosen),
                "Contest": contests_out,
            }
        ],
        "x-entekhab": {"definition_hash": definition_hash},
    }


def contest_csv(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    *,
    published_only: bool = True,
) -> str:
    """One CSV of ``contest``: a row per (level, area, candidate | list | count), labelled."""
    with uow_factory() as uow:
        definition, _hash = get_definition(uow.session, election_id)
        _contest, state = shown_status(
            uow.session, definition, contest, published_only=published_only
        )
        rows = _totals(uow.session, election_id, contest)
    names = {
        code: f"{c.given_name_fa} {c.family_name_fa}"
        for code, c in definition.candidates_by_contest.get(contest, {}).items()
    }
    names |= {code: p.name_fa for code, p in definition.lists_by_contest.get(contest, {}).items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["election_id", "contest", "level", "area", "kind", "code", "name", "value", "label"]
    )
    for r in sorted(rows, key=lambda r: (r.level, r.area, r.kind, r.code)):
        name = names.get(r.code, "") if r.kind != "meta" else ""
        writer.writerow(
            [election_id, contest, r.level, r.area, r.kind, r.code, name, r.value, state.label]
        )
    for n in _not_counted(state):  # the reason stands where a name would
        branch = n["branch"]
        row = [election_id, contest, "branch", branch, "not_counted", branch, n["reason"], ""]
        writer.writerow([*row, state.label])
    return out.getvalue()


def _not_counted(state: CertificationStatus) -> list[dict[str, Any]]:
    """Branches recorded as not counted when the result was approved (reporting.py)."""
    reporting = (state.outcome or {}).get("reporting") or {}
    return list(reporting.get("not_counted", []))


def _cvr_contest(contest: str, sel: ContestSelection) -> dict[str, Any]:
    marks = [
        {
            "@type": "CVR.CVRContestSelection",
            "ContestSelectionId": f"cs-{contest}-{code}",
            "SelectionPosition": [
                {
                    "@type": "CVR.SelectionPosition",
                    "HasIndication": "yes",
                    "NumberVotes": 1,
                    "Position": 0,
                    "IsAllocable": "yes",
                }
            ],
        }
        for code in sel.candidates
    ]
    if sel.list_code is not None:
        marks.append(
            {
                "@type": "CVR.CVRContestSelection",
                "ContestSelectionId": f"ps-{contest}-{sel.list_code}",
                "SelectionPosition": [
                    {
                        "@type": "CVR.SelectionPosition",
                        "HasIndication": "yes",
                        "NumberVotes": 1,
                        "Position": 0,
                        "IsAllocable": "yes",
                    }
                ],
            }
        )
    return {
        "@type": "CVR.CVRContest",
        "ContestId": f"contest-{contest}",
        "CVRContestSelection": marks,
    }


def cvr_report(
    definition: ElectionDefinition, records: Iterable[BallotRecord], *, generated: datetime
) -> dict[str, Any]:
    """NIST SP 1500-103 Cast Vote Records of ``records``, sorted by their random ballot id
    (never in cast order) and without their hour."""
    contests = []
    for c in definition.contests:
        selections: list[dict[str, Any]] = [
            {
                "@type": "CVR.CandidateSelection",
                "@id": f"cs-{c.code}-{code}",
                "CandidateIds": [f"cand-{c.code}-{code}"],
            }
            for code in sorted(definition.candidates_by_contest.get(c.code, {}))
        ]
        if c.kind == ContestKind.LIST_PR:
            selections += [
                {
                    "@type": "CVR.PartySelection",
                    "@id": f"ps-{c.code}-{code}",
                    "PartyIds": [f"party-{c.code}-{code}"],
                }
                for code in sorted(definition.lists_by_contest.get(c.code, {}))
            ]
        contests.append(
            {
                "@type": "CVR.CandidateContest"
                if c.kind == ContestKind.PLURALITY
                else "CVR.PartyContest",
                "@id": f"contest-{c.code}",
                "Name": c.name_fa,
                "ContestSelection": selections,
            }
        )
    cvrs = []
    for record in sorted(records, key=lambda r: r.ballot_id):
        snapshot = f"snap-{record.ballot_id}"
        cvrs.append(
            {
                "@type": "CVR.CVR",
                "UniqueId": record.ballot_id,
                "BallotStyleId": f"style-{record.ballot_style}",
                "BallotStyleUnitId": _gp(record.branch),
                "ElectionId": f"election-{record.election_id}",
                "CurrentSnapshotId": snapshot,
                "CVRSnapshot": [
                    {
                        "@type": "CVR.CVRSnapshot",
                        "@id": snapshot,
                        "Type": "original",
                        "CVRContest": [_cvr_contest(s.contest, s) for s in record.selections],
                    }
                ],
                **({"x-entekhab-provisional": True} if record.provisional else {}),
            }
        )
    return {
        "@type": "CVR.CastVoteRecordReport",
        "Version": "1.0.0",
        "GeneratedDate": generated.isoformat(),
        "ReportGeneratingDeviceIds": ["device-entekhab-hq"],
        "ReportingDevice": [
            {"@type": "CVR.ReportingDevice", "@id": "device-entekhab-hq", "Application": VENDOR}
        ],
        "Election": [
            {
                "@type": "CVR.Election",
                "@id": f"election-{definition.id}",
                "Name": definition.name_fa,
                "ElectionScopeId": _gp(definition.divisions[0].code)
                if definition.divisions
                else _gp("*"),
                "Candidate": [
                    {
                        "@type": "CVR.Candidate",
                        "@id": f"cand-{c.contest}-{c.ballot_code}",
                        "Name": f"{c.given_name_fa} {c.family_name_fa}",
                    }
                    for c in definition.candidates
                ],
                "Contest": contests,
            }
        ],
        "GpUnit": [
            {"@type": "CVR.GpUnit", "@id": _gp(b.code), "Type": "polling-place", "Name": b.code}
            for b in definition.branches
        ],
        "Party": [
            {"@type": "CVR.Party", "@id": f"party-{p.contest}-{p.code}", "Name": p.name_fa}
            for p in definition.party_lists
        ],
        "CVR": cvrs,
    }


def election_cvr(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    *,
    generated: datetime,
    published_only: bool = True,
) -> dict[str, Any]:
    """The CVR report of every counted ballot record of ``election_id`` (held ones excluded).

    A ballot carries every contest of its style, so the public export waits until every contest
    of the election is published (RESULT_NOT_PUBLISHED names the first that is not).
    """
    with uow_factory() as uow:
        definition, _hash = get_definition(uow.session, election_id)
        if published_only:
            for contest in definition.contests:
                if status(uow.session, election_id, contest.code).state != PUBLISHED:
                    raise EntekhabError(codes.RESULT_NOT_PUBLISHED, {"contest": contest.code})
        rows = uow.session.scalars(
            select(BallotRecordRow.record).where(
                BallotRecordRow.election_id == election_id, BallotRecordRow.held.is_(False)
            )
        ).all()
    records = [BallotRecord.model_validate(r) for r in rows]
    return cvr_report(definition, records, generated=generated)
