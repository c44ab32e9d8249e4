"""A tiny election and signed bulletins for the counting tests (results area)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import definition_hash, validate_definition
from entekhab.domain.national_code import check_digit
from entekhab.domain.results import Bulletin, SignedBulletin
from entekhab.service.counting.bulletins import SqlKeyDirectory, enroll_head_key
from entekhab.service.election_day.stations import enrol_station
from entekhab.sim.sample_common import sample_calendar
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

ELECTION = "tiny-1405"


def _division(code: str, kind: str, parent: str | None, population: int) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "name_fa": f"بخش {code}",
        "name_en": code,
        "parent": parent,
        "population": population,
    }


def _candidate(i: int, contest: str, code: str, **extra: Any) -> dict[str, Any]:
    return {
        "national_code": f"{100000000 + i}{check_digit(str(100000000 + i))}",
        "ballot_code": code,
        "contest": contest,
        "given_name_fa": "نام",
        "family_name_fa": f"نامزد{i}",
        "given_name_en": "Name",
        "family_name_en": f"Candidate{i}",
        "birth_date": "1980-01-01",
        "education": "bachelor",
        **extra,
    }


def tiny_document(extra_city_branches: int = 0) -> dict[str, Any]:
    """Province P1 > county C1 > district D1 > city T1; rural district R1 > village V1.

    Contests: council of T1 (plurality, 3 seats + 2 alternates), a list-PR council PR1 (3 seats,
    lists L1 and L2, independent 305) and an Assembly of Experts by-election AE (1 seat,
    province P1). Branches B1, B2 in T1 offer all three; B3 in V1 offers AE only.
    """
    divisions = [
        _division("P1", "province", None, 100_000),
        _division("C1", "county", "P1", 100_000),
        _division("D1", "district", "C1", 100_000),
        _division("T1", "city", "D1", 90_000),
        _division("R1", "rural_district", "D1", 10_000),
        _division("V1", "village", "R1", 1_000),
    ]
    contests = [
        {
            "code": "CT1",
            "name_fa": "شورای شهر ت۱",
            "name_en": "T1 council",
            "kind": "plurality",
            "constituency": ["T1"],
            "seats": 3,
            "alternates": 2,
        },
        {
            "code": "PR1",
            "name_fa": "شورای فهرستی",
            "name_en": "List council",
            "kind": "list_pr",
            "constituency": ["T1"],
            "seats": 3,
            "alternates": 1,
            "max_selections": 3,
            "pr": {"method": "hare", "threshold": "0", "open_list": True},
        },
        {
            "code": "AE",
            "name_fa": "میان‌دوره‌ای خبرگان",
            "name_en": "Assembly of Experts by-election",
            "kind": "plurality",
            "constituency": ["P1"],
            "seats": 1,
            "alternates": 0,
        },
    ]
    candidates = [_candidate(i, "CT1", f"{100 + i}") for i in range(1, 6)]
    candidates += [_candidate(10 + i, "PR1", f"{300 + i}") for i in range(1, 6)]
    candidates += [_candidate(20 + i, "AE", f"{500 + i}") for i in range(1, 3)]
    return {
        "id": ELECTION,
        "name_fa": "انتخابات کوچک",
        "name_en": "Tiny election",
        "polling_day": "2026-06-18",
        "calendar": sample_calendar().model_dump(mode="json"),
        "divisions": divisions,
        "contests": contests,
        "candidates": candidates,
        "party_lists": [
            {"code": "L1", "contest": "PR1", "name_fa": "فهرست ۱", "members": ["301", "302"]},
            {"code": "L2", "contest": "PR1", "name_fa": "فهرست ۲", "members": ["303", "304"]},
        ],
        "ballot_styles": [
            {"code": "S-CITY", "contests": ["CT1", "PR1", "AE"]},
            {"code": "S-VILLAGE", "contests": ["AE"]},
        ],
        "branches": [
            {
                "code": code,
                "site": "school",
                "division": division,
                "expected_voters": voters,
                "network": "fibre",
                "ballot_style": style,
            }
            for code, division, voters, style in (
                ("B1", "T1", 500, "S-CITY"),
                ("B2", "T1", 400, "S-CITY"),
                ("B3", "V1", 100, "S-VILLAGE"),
                *((f"X{i}", "T1", 100, "S-CITY") for i in range(extra_city_branches)),
            )
        ],
    }


def tiny_definition(extra_city_branches: int = 0) -> ElectionDefinition:
    definition = ElectionDefinition.model_validate(tiny_document(extra_city_branches))
    validate_definition(definition)  # the test world keeps every rule of a real definition
    return definition


def load_election(session: Session, definition: ElectionDefinition) -> str:
    digest = definition_hash(definition)
    session.add(
        ElectionRow(
            id=definition.id,
            definition_hash=digest,
            document=definition.model_dump(mode="json"),
            loaded_at=datetime(2026, 6, 1, tzinfo=UTC),
        )
    )
    return digest


def keypair(name: str) -> KeyPair:
    return keypair_from_seed(hashlib.sha256(name.encode()).digest())


@dataclass
class Keys:
    """Station keys enrolled through the election-day service, branch-head keys through ours;
    both are looked up by the real directory."""

    def directory(self) -> SqlKeyDirectory:
        return SqlKeyDirectory()


@dataclass
class TinyElection:
    uow_factory: UnitOfWorkFactory
    definition: ElectionDefinition
    definition_hash: str
    keys: Keys

    def station(self, branch: str) -> KeyPair:
        return keypair(f"station-{branch}")

    def head(self, branch: str) -> KeyPair:
        return keypair(f"head-{branch}")

    def bulletin(self, branch: str, contest: str, **counts: Any) -> Bulletin:
        base: dict[str, Any] = {
            "election_id": self.definition.id,
            "definition_hash": self.definition_hash,
            "contest": contest,
            "branch": branch,
            "voters_checked_in": 100,
            "ballots_cast": 100,
            "blank": 0,
            "invalid": 0,
            "candidate_votes": {},
            "list_votes": {},
            "ballot_records": 100,
            "merkle_root": "0" * 64,
            "closed_at": "2026-06-18T18:00:00+00:00",
        }
        base.update(counts)
        return Bulletin.model_validate(base)

    def sign(self, bulletin: Bulletin, **override: str) -> SignedBulletin:
        station, head = self.station(bulletin.branch), self.head(bulletin.branch)
        message = bulletin.canonical()
        fields = {
            "bulletin": bulletin,
            "station_key_id": station.key_id,
            "station_signature": station.sign(message),
            "head_key_id": head.key_id,
            "head_signature": head.sign(message),
        }
        fields.update(override)
        return SignedBulletin.model_validate(fields)


def setup_tiny_election(
    uow_factory: UnitOfWorkFactory,
    extra_city_branches: int = 0,
    definition: ElectionDefinition | None = None,
) -> TinyElection:
    """Load the tiny election (or ``definition``, a variant of it) and enrol its keys."""
    definition = definition or tiny_definition(extra_city_branches)
    with uow_factory() as uow:
        digest = load_election(uow.session, definition)
        uow.commit()
    keys = Keys()
    election = TinyElection(uow_factory, definition, digest, keys)
    for branch in [b.code for b in definition.branches]:
        enrol_station(
            uow_factory,
            election_id=definition.id,
            branch=branch,
            public_key_hex=election.station(branch).public_hex,
            enrolled_by="user:hq",
            now=datetime(2026, 6, 17, tzinfo=UTC),
        )
        enroll_head_key(
            uow_factory,
            election_id=definition.id,
            branch=branch,
            public_hex=election.head(branch).public_hex,
            enrolled_by="user:hq",
            now=datetime(2026, 6, 17, tzinfo=UTC),
        )
    return election


def registry_day() -> date:
    return date(2026, 6, 18)
