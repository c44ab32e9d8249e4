"""A small election for election-day tests: two cities, a village, a list-PR council, a plurality
council with the one-year residence rule and an Experts by-election; helpers to load it, add
citizens and enrol stations."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from entekhab.crypto.hashing import digest_of
from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import validate_definition
from entekhab.domain.national_code import check_digit, generate
from entekhab.service.definitions.signing import sign_definition_package
from entekhab.service.election_day.stations import StationInfo, enrol_station
from entekhab.sim.sample_common import sample_calendar
from entekhab.store.tables.counting import BulletinRow, ResultTotal
from entekhab.store.tables.election_day import (
    BallotRecordRow,
    BranchSession,
    IdempotencyRow,
    IncidentRow,
    Participation,
    Station,
)
from entekhab.store.tables.foundation import Citizen, ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

ELECTION = "E7"
POLLING_DAY = date(2026, 6, 18)
NOW = datetime(2026, 6, 18, 7, 30, tzinfo=UTC)


def _div(code: str, kind: str, parent: str | None, pop: int) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "name_fa": code,
        "name_en": code,
        "parent": parent,
        "population": pop,
    }


def _cand(code: str, contest: str, n: int) -> dict[str, Any]:
    return {
        "national_code": f"{n:09d}{check_digit(f'{n:09d}')}",
        "ballot_code": code,
        "contest": contest,
        "given_name_fa": "نام",
        "family_name_fa": code,
        "birth_date": "1970-01-01",
        "education": "bachelor",
    }


def definition_document(offline_policy: str = "refuse") -> dict[str, Any]:
    return {
        "id": ELECTION,
        "name_fa": "انتخابات آزمایشی",
        "name_en": "Test election",
        "polling_day": POLLING_DAY.isoformat(),
        "calendar": sample_calendar(POLLING_DAY).model_dump(mode="json"),
        "offline_policy": offline_policy,
        "divisions": [
            _div("P", "province", None, 2_000_000),
            _div("C", "county", "P", 1_500_000),
            _div("D", "district", "C", 1_500_000),
            _div("T", "city", "D", 1_000_000),
            _div("S", "city", "D", 40_000),
        ],
        "contests": [
            {
                "code": "TEH",
                "name_fa": "شورای ت",
                "name_en": "T council",
                "kind": "list_pr",
                "constituency": ["T"],
                "seats": 3,
                "alternates": 1,
                "pr": {"method": "hare"},
            },
            {
                "code": "SML",
                "name_fa": "شورای س",
                "name_en": "S council",
                "kind": "plurality",
                "constituency": ["S"],
                "seats": 2,
                "alternates": 1,
                "residence_rule": "one_year_residence",
            },
            {
                "code": "EXP",
                "name_fa": "خبرگان",
                "name_en": "Experts",
                "kind": "plurality",
                "constituency": ["P"],
                "seats": 1,
                "alternates": 0,
                "max_selections": 1,
            },
        ],
        "candidates": [
            _cand("101", "TEH", 1),
            _cand("102", "TEH", 2),
            _cand("103", "TEH", 3),
            _cand("104", "TEH", 4),
            _cand("201", "SML", 5),
            _cand("202", "SML", 6),
            _cand("203", "SML", 7),
            _cand("301", "EXP", 8),
            _cand("302", "EXP", 9),
        ],
        "party_lists": [
            {"code": "L1", "contest": "TEH", "name_fa": "فهرست ۱", "members": ["101", "102"]},
            {"code": "L2", "contest": "TEH", "name_fa": "فهرست ۲", "members": ["103"]},
        ],
        "ballot_styles": [
            {"code": "ST1", "contests": ["TEH", "EXP"]},
            {"code": "ST2", "contests": ["SML", "EXP"]},
        ],
        "branches": [
            {
                "code": code,
                "site": "school",
                "division": div,
                "expected_voters": 500,
                "network": "fibre",
                "ballot_style": style,
            }
            for code, div, style in (("B1", "T", "ST1"), ("B2", "T", "ST1"), ("B3", "S", "ST2"))
        ],
    }


HQ_KEY = keypair_from_seed(b"headquarters-test-key".ljust(32, b"\0"))
"""Headquarters' key in the test worlds: it signs the test definition; stations trust it."""


def load_election(uow_factory: UnitOfWorkFactory, offline_policy: str = "refuse") -> str:
    """Store the test definition; its hash."""
    definition = ElectionDefinition.model_validate(definition_document(offline_policy))
    validate_definition(definition)  # the test world keeps every rule of a real definition
    document = definition.model_dump(mode="json")
    digest = digest_of(document)
    with uow_factory() as uow:
        uow.session.add(
            ElectionRow(id=ELECTION, definition_hash=digest, document=document, loaded_at=NOW)
        )
        uow.commit()
    sign_definition_package(uow_factory, ELECTION, HQ_KEY, actor="hq-test", now=NOW)
    return digest


def add_citizens(
    uow_factory: UnitOfWorkFactory,
    count: int,
    *,
    seed: int = 1,
    division: str = "T",
    birth: date = date(1980, 5, 5),
    since: date = date(2000, 1, 1),
) -> list[str]:
    rng = random.Random(seed)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(generate(rng))
    ordered = sorted(codes)
    with uow_factory() as uow:
        uow.session.add_all(
            Citizen(
                national_code=c,
                birth_date=birth,
                gender="f",
                residence_division=division,
                residence_since=since,
            )
            for c in ordered
        )
        uow.commit()
    return ordered


def enrol(uow_factory: UnitOfWorkFactory, branch: str, seed: int) -> tuple[KeyPair, StationInfo]:
    kp = keypair_from_seed(seed.to_bytes(32, "big"))
    info = enrol_station(
        uow_factory,
        election_id=ELECTION,
        branch=branch,
        public_key_hex=kp.public_hex,
        enrolled_by="hq-test",
        now=NOW,
    )
    return kp, info


COUNTED = (
    Participation,
    BallotRecordRow,
    IncidentRow,
    IdempotencyRow,
    BranchSession,
    Station,
    BulletinRow,
    ResultTotal,
)


def table_counts(uow_factory: UnitOfWorkFactory) -> dict[str, int]:
    """Rows in every election-day table: a refused request must leave these unchanged."""
    with uow_factory() as uow:
        return {
            t.__tablename__: int(uow.session.scalar(select(func.count()).select_from(t)) or 0)
            for t in COUNTED
        }
