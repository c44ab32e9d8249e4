"""The network plan: each branch's links and the provider's commitments, the branches at risk
with the offline policy recommended for each, the expected upload per branch, and who secures
the network of each governorate.

Upload sizes are measured, not guessed: ``measure_formats`` builds the very objects a station
sends — a signed check-in request (body and signature headers), a ballot record with every
selection of the branch's ballot style filled, and the signed bulletins of its contests with a
count for every candidate and list — and takes their sizes on the wire.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from entekhab.crypto.signing import generate_keypair
from entekhab.crypto.station_request import signed_headers
from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import planning as events
from entekhab.domain.results import Bulletin, SignedBulletin
from entekhab.planning.capacity import branch_demands
from entekhab.planning.network import (
    BranchLink,
    Commitment,
    LinkKind,
    NetworkAssessment,
    UploadSizes,
    assess_link,
)
from entekhab.service.audit.events import record_event
from entekhab.service.planning.capacity import DEFAULT_TURNOUT
from entekhab.service.planning.context import (
    branch_of,
    branches_in,
    definition_of,
    division_of,
    eligible_by_division,
)
from entekhab.store.tables.planning import NetworkLinkRow, NetworkSecurityRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "NetworkReport",
    "assign_network_security",
    "measure_formats",
    "network_report",
    "set_link",
]


def _wire(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def measure_formats(definition: ElectionDefinition, branch: str) -> UploadSizes:
    """Bytes a station at ``branch`` sends per voter and at closing, from the landed formats."""
    found = branch_of(definition, branch)
    keys = generate_keypair()
    body = {
        "national_code": "0012345679",
        "card_serial": "X" * 16,
        "fingerprint": "match",
        "override_reason": None,
    }
    raw = json.dumps(body, separators=(",", ":")).encode()
    headers = signed_headers(
        keys,
        "POST",
        "/api/v1/checkins",
        raw,
        timestamp="2026-06-18T08:00:00Z",
        nonce=secrets.token_hex(16),
        idempotency_key=secrets.token_hex(16),
    )
    check_in = len(raw) + sum(len(k) + len(v) + 4 for k, v in headers.items())
    style = definition.style_by_code[found.ballot_style]
    selections = []
    bulletins = 0
    for code in style.contests:
        contest = definition.contest_by_code[code]
        cands = list(definition.candidates_by_contest.get(code, {}))
        lists = list(definition.lists_by_contest.get(code, {}))
        seats = contest.max_selections or contest.seats or 1
        selections.append(
            ContestSelection(
                contest=code, list_code=lists[0] if lists else None, candidates=tuple(cands[:seats])
            )
        )
        bulletin = Bulletin(
            election_id=definition.id,
            definition_hash="0" * 64,
            contest=code,
            branch=branch,
            voters_checked_in=found.expected_voters,
            ballots_cast=found.expected_voters,
            blank=0,
            invalid=0,
            candidate_votes={c: found.expected_voters for c in cands},
            list_votes={c: found.expected_voters for c in lists},
            ballot_records=found.expected_voters,
            merkle_root="0" * 64,
            closed_at="2026-06-18T17:30:00Z",
        )
        signed = SignedBulletin(
            bulletin=bulletin,
            station_key_id=keys.key_id,
            station_signature=keys.sign(bulletin.canonical()),
            head_key_id=keys.key_id,
            head_signature=keys.sign(bulletin.canonical()),
        )
        bulletins += _wire(signed.model_dump(mode="json"))
    record = BallotRecord(
        ballot_id="0" * 32,
        election_id=definition.id,
        branch=branch,
        ballot_style=style.code,
        hour="2026-06-18T08",
        selections=tuple(selections),
    )
    return UploadSizes(check_in, _wire(record.as_json()) + 1, bulletins)


def set_link(
    uow: UnitOfWork,
    *,
    election_id: str,
    branch: str,
    primary: str,
    backup: str,
    provider: str,
    primary_commitment: str,
    backup_commitment: str,
    due: date | None,
    actor: str,
) -> None:
    """Record (or replace) a branch's links and the provider's commitment for each."""
    branch_of(definition_of(uow.session, election_id), branch)
    kinds = {k.value for k in LinkKind}
    states = {c.value for c in Commitment}
    if primary not in kinds or backup not in kinds:
        raise EntekhabError(INVALID_INPUT, {"reason": f"link kinds are {sorted(kinds)}"})
    if primary_commitment not in states or backup_commitment not in states:
        raise EntekhabError(INVALID_INPUT, {"reason": f"commitments are {sorted(states)}"})
    row = uow.session.get(NetworkLinkRow, (election_id, branch))
    if row is None:
        row = NetworkLinkRow(election_id=election_id, branch=branch)
        uow.session.add(row)
    row.primary, row.backup, row.provider = primary, backup, provider
    row.primary_commitment, row.backup_commitment, row.due = (
        primary_commitment,
        backup_commitment,
        due,
    )
    row.updated_at = datetime.now(UTC)
    record_event(
        uow.session,
        events.NETWORK_LINK_SET,
        actor=actor,
        payload={
            "election_id": election_id,
            "branch": branch,
            "primary": primary,
            "backup": backup,
            "primary_commitment": primary_commitment,
        },
    )
    uow.commit()


def assign_network_security(
    uow: UnitOfWork,
    *,
    election_id: str,
    governorate: str,
    responsible: str,
    contact: str,
    actor: str,
) -> None:
    division_of(definition_of(uow.session, election_id), governorate)
    if not responsible.strip():
        raise EntekhabError(INVALID_INPUT, {"reason": "name who is responsible"})
    row = uow.session.get(NetworkSecurityRow, (election_id, governorate))
    if row is None:
        row = NetworkSecurityRow(election_id=election_id, governorate=governorate)
        uow.session.add(row)
    row.responsible, row.contact = responsible, contact
    record_event(
        uow.session,
        events.NETWORK_SECURITY_ASSIGNED,
        actor=actor,
        payload={"election_id": election_id, "governorate": governorate},
    )
    uow.commit()


@dataclass(frozen=True)
class NetworkReport:
    links: dict[str, BranchLink]
    assessments: list[NetworkAssessment]
    security: dict[str, tuple[str, str]]
    sizes: dict[str, UploadSizes]


def network_report(
    uow: UnitOfWork, election_id: str, area: str | None = None, *, today: date | None = None
) -> NetworkReport:
    """Every branch inside ``area``: its links (a branch with none recorded gets the
    definition's ``network`` field and no commitment), risk, offline policy and upload."""
    definition = definition_of(uow.session, election_id)
    branches = branches_in(definition, area)
    rows = {
        r.branch: r
        for r in uow.session.scalars(
            select(NetworkLinkRow).where(NetworkLinkRow.election_id == election_id)
        )
    }
    eligible = eligible_by_division(uow.session, definition) or None
    voters = {d.branch: d.voters for d in branch_demands(definition, DEFAULT_TURNOUT, eligible)}
    sizes_by_style: dict[str, UploadSizes] = {}
    links: dict[str, BranchLink] = {}
    out: list[NetworkAssessment] = []
    sizes: dict[str, UploadSizes] = {}
    day = today or datetime.now(UTC).date()
    for b in branches:
        row = rows.get(b.code)
        if row is None:
            kind = {"fibre": LinkKind.FIBRE, "mobile": LinkKind.MOBILE_4G}.get(
                b.network.value, LinkKind.NONE
            )
            link = BranchLink(
                b.code, kind, LinkKind.NONE, "", Commitment.REQUESTED, Commitment.REQUESTED
            )
        else:
            link = BranchLink(
                b.code,
                LinkKind(row.primary),
                LinkKind(row.backup),
                row.provider,
                Commitment(row.primary_commitment),
                Commitment(row.backup_commitment),
                row.due,
            )
        links[b.code] = link
        if b.ballot_style not in sizes_by_style:
            sizes_by_style[b.ballot_style] = measure_formats(definition, b.code)
        sizes[b.code] = sizes_by_style[b.ballot_style]
        out.append(assess_link(link, voters[b.code], sizes[b.code], definition.polling_day, day))
    security = {
        r.governorate: (r.responsible, r.contact)
        for r in uow.session.scalars(
            select(NetworkSecurityRow).where(NetworkSecurityRow.election_id == election_id)
        )
    }
    return NetworkReport(links, out, security, sizes)
