"""Two elections over a two-province geography, users of every role and minted sessions, for the
security tests (permission matrix, accounts, confidential records).

Geography: P1 > C1 > D1 > T1 (branches B1, B2), R1 > V1 (B3) from the counting tests' tiny
election, plus P9 > C9 > D9 > T9 (branch B9, contest CT9). ``TWO`` covers both provinces; ``TINY``
only P1. Users sit inside P1, so P9's objects are outside every jurisdiction but the country's.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from entekhab.crypto.confidential import StaticKeyProvider
from entekhab.crypto.signing import KeyPair
from entekhab.domain.access import COUNTRY, Role
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import validate_definition
from entekhab.domain.national_code import check_digit
from entekhab.service.definitions.signing import sign_definition_package
from entekhab.service.election_day.stations import enrol_station
from entekhab.service.security.accounts import token_hash
from entekhab.service.security.confidential import VETTING_INQUIRY, create_record
from entekhab.store.tables.security import UserRow, UserSessionRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import HQ_KEY
from tests.results_support import keypair, load_election, tiny_document

TINY = "tiny-1405"
TWO = "two-1405"

ROLE_JURISDICTIONS: dict[Role, str] = {
    Role.HQ_ADMIN: COUNTRY,
    Role.PROVINCE_OFFICER: "P1",
    Role.COUNTY_OFFICER: "C1",
    Role.DISTRICT_OFFICER: "D1",
    Role.BRANCH_HEAD: "B1",
    Role.BRANCH_AGENT: "B1",
    Role.EXECUTIVE_BOARD: "C1",
    Role.SUPERVISOR: "C1",
    Role.VETTING_OFFICER: "C1",
    Role.AUDITOR: "P1",
    Role.EXPERTS_SUPERVISOR: "P1",
    Role.OBSERVER: "B1",
}
"""Each role's user in the test world; HQ is country-wide, everyone else inside P1."""

CHAINS: dict[str, list[str]] = {
    "country": ["country"],
    "P1": ["P1"],
    "C1": ["C1", "P1"],
    "D1": ["D1", "C1", "P1"],
    "T1": ["T1", "D1", "C1", "P1"],
    "B1": ["B1", "T1", "D1", "C1", "P1"],
    "P9": ["P9"],
    "C9": ["C9", "P9"],
    "T9": ["T9", "D9", "C9", "P9"],
    "B9": ["B9", "T9", "D9", "C9", "P9"],
}
"""The test's own knowledge of the geography (an oracle independent of the server's lookup)."""


def _division(code: str, kind: str, parent: str | None) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "name_fa": f"بخش {code}",
        "name_en": code,
        "parent": parent,
        "population": 50_000,
    }


def two_province_document() -> dict[str, Any]:
    """The tiny election plus province P9 with contest CT9 and branch B9 (a valid definition)."""
    doc = copy.deepcopy(tiny_document())
    doc["id"] = TWO
    doc["divisions"] += [
        _division("P9", "province", None),
        _division("C9", "county", "P9"),
        _division("D9", "district", "C9"),
        _division("T9", "city", "D9"),
    ]
    doc["contests"].append(
        {
            "code": "CT9",
            "name_fa": "شورای شهر ت۹",
            "name_en": "T9 council",
            "kind": "plurality",
            "constituency": ["T9"],
            "seats": 1,
            "alternates": 0,
        }
    )
    doc["candidates"] += [
        {
            "national_code": f"{200000090 + i}{check_digit(str(200000090 + i))}",
            "ballot_code": f"{900 + i}",
            "contest": "CT9",
            "given_name_fa": "نام",
            "family_name_fa": f"نامزد{90 + i}",
            "birth_date": "1980-01-01",
            "education": "bachelor",
        }
        for i in (1, 2)
    ]
    doc["ballot_styles"].append({"code": "S-T9", "contests": ["CT9"]})
    doc["branches"].append(
        {
            "code": "B9",
            "site": "school",
            "division": "T9",
            "expected_voters": 300,
            "network": "fibre",
            "ballot_style": "S-T9",
        }
    )
    return doc


CONFIDENTIAL_KEY = "5e" * 32
"""The test world's confidential-record key (hex)."""


@dataclass
class AccessWorld:
    uow_factory: UnitOfWorkFactory
    tokens: dict[Role, str]
    stations: dict[str, KeyPair]
    station_key_ids: dict[str, str]
    records: dict[str, str]
    """Confidential record ids by the jurisdiction they were filed under (C1, C9)."""

    def auth(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def fresh_auth(self, role: Role) -> dict[str, str]:
        """A new session of the role's user (for calls that end their session)."""
        token = mint_session(self.uow_factory, f"{role.value}-user")
        return {"Authorization": f"Bearer {token}"}


def mint_session(uow_factory: UnitOfWorkFactory, username: str) -> str:
    """A fresh live session for an existing user."""
    now = datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    with uow_factory() as uow:
        user_id = uow.session.scalars(select(UserRow.id).where(UserRow.username == username)).one()
        uow.session.add(
            UserSessionRow(
                token_hash=token_hash(token),
                user_id=user_id,
                created_at=now,
                expires_at=now + timedelta(hours=2),
                revoked=False,
            )
        )
        uow.commit()
    return token


def mint_user(
    uow_factory: UnitOfWorkFactory,
    username: str,
    role: Role,
    jurisdiction: str,
    national_code: str | None = None,
) -> str:
    """A user row and a live session for it, written directly (no argon2: tests stay fast)."""
    now = datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    with uow_factory() as uow:
        row = UserRow(
            username=username,
            full_name=username,
            role=role.value,
            jurisdiction=jurisdiction,
            national_code=national_code,
            password_hash="$argon2id$not-a-real-hash",
            totp_secret=None,
            disabled=False,
            failed_sign_ins=0,
            locked_until=None,
            created_at=now,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.session.add(
            UserSessionRow(
                token_hash=token_hash(token),
                user_id=row.id,
                created_at=now,
                expires_at=now + timedelta(hours=2),
                revoked=False,
            )
        )
        uow.commit()
    return token


def person(n: int) -> str:
    """The n-th test person's valid national code."""
    first = f"{300000000 + n:09d}"
    return first + str(check_digit(first))


def build_access_world(uow_factory: UnitOfWorkFactory) -> AccessWorld:
    """Load TINY and TWO, enrol stations for B1, B9 and a spare, and mint one user per role."""
    two = ElectionDefinition.model_validate(two_province_document())
    validate_definition(two)  # the test world keeps every rule of a real definition
    with uow_factory() as uow:
        load_election(uow.session, ElectionDefinition.model_validate(tiny_document()))
        load_election(uow.session, two)
        uow.commit()
    for election in (TINY, TWO):  # headquarters signs what it loads
        sign_definition_package(uow_factory, election, HQ_KEY, actor="hq", now=datetime.now(UTC))
    stations = {name: keypair(f"access-station-{name}") for name in ("B1", "B9", "spare")}
    key_ids: dict[str, str] = {}
    for name, pair in stations.items():
        info = enrol_station(
            uow_factory,
            election_id=TWO,
            branch="B2" if name == "spare" else name,
            public_key_hex=pair.public_hex,
            enrolled_by="user:hq",
            now=datetime.now(UTC),
        )
        key_ids[name] = info.key_id
    tokens = {
        role: mint_user(uow_factory, f"{role.value}-user", role, place)
        for role, place in ROLE_JURISDICTIONS.items()
    }
    keys = StaticKeyProvider.from_hex(CONFIDENTIAL_KEY)
    records: dict[str, str] = {}
    for place in ("C1", "C9"):
        with uow_factory() as uow:
            records[place] = create_record(
                uow,
                keys,
                kind=VETTING_INQUIRY,
                jurisdiction=place,
                subject=f"candidate in {place}",
                text="inquiry text",
                actor="user:vetting",
            ).record_id
    return AccessWorld(uow_factory, tokens, stations, key_ids, records)
