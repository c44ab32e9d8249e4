"""A signed election definition (issue 10 item 5), through a real station over real HTTP, on
both back ends: headquarters signs the package with its key; the station verifies signature and
hash before it opens; a definition whose hash matches but whose signature is missing or wrong is
refused with a coded error, the branch is not opened, and the refusal is kept and reported."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select, update

from entekhab.api.app import create_app
from entekhab.crypto.definition_signature import verify_definition
from entekhab.crypto.signing import keypair_from_seed
from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.definitions.signing import sign_definition_package
from entekhab.settings import Settings
from entekhab.store.tables.election_day import BranchSession, IncidentRow
from entekhab.store.tables.rules import DefinitionSignature
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user
from tests.election_day_support import ELECTION, HQ_KEY, NOW, definition_document, load_election
from tests.http_support import running_server
from tests.station_support import enrol_station_and_head, make_station

IMPOSTOR = keypair_from_seed(b"not-headquarters".ljust(32, b"\0"))


def _opened(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return len(uow.session.scalars(select(BranchSession)).all())


def _refused_at_opening(uow_factory: UnitOfWorkFactory, tmp_path: Path, code: str) -> None:
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    with running_server(uow_factory) as url:
        station = make_station(url, keys, tmp_path / "b1.journal", "B1")
        with pytest.raises(EntekhabError) as refused:
            station.open("head")
        assert refused.value.code == code
        assert station.session is None
        assert station.journal.get_meta("definition_refused")["code"] == code
    assert _opened(uow_factory) == 0, "the branch must not be opened"
    with uow_factory() as uow:
        kinds = uow.session.scalars(select(IncidentRow.kind)).all()
    assert list(kinds) == ["definition_refused"], "the refusal is reported to headquarters"


def test_a_station_opens_only_a_definition_headquarters_signed(uow_factory, tmp_path) -> None:
    load_election(uow_factory)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    with running_server(uow_factory) as url:
        station = make_station(url, keys, tmp_path / "b1.journal", "B1")
        assert station.open("head").session["branch"] == "B1"
    assert _opened(uow_factory) == 1


def test_a_signature_by_another_key_is_refused(uow_factory, tmp_path) -> None:
    load_election(uow_factory)
    with uow_factory() as uow:  # the right hash, signed by a key the station does not trust
        uow.session.execute(delete(DefinitionSignature))
        uow.commit()
    sign_definition_package(uow_factory, ELECTION, IMPOSTOR, actor="intruder", now=NOW)
    _refused_at_opening(uow_factory, tmp_path, "DEFINITION_SIGNATURE_INVALID")


def test_a_forged_signature_under_the_right_key_is_refused(uow_factory, tmp_path) -> None:
    load_election(uow_factory)
    with uow_factory() as uow:
        row = uow.session.scalars(select(DefinitionSignature)).one()
        forged = ("0" if row.signature[0] != "0" else "1") + row.signature[1:]
        uow.session.execute(update(DefinitionSignature).values(signature=forged))
        uow.commit()
    _refused_at_opening(uow_factory, tmp_path, "DEFINITION_SIGNATURE_INVALID")


def test_a_missing_signature_is_refused(uow_factory, tmp_path) -> None:
    load_election(uow_factory)
    with uow_factory() as uow:
        uow.session.execute(delete(DefinitionSignature))
        uow.commit()
    _refused_at_opening(uow_factory, tmp_path, "DEFINITION_SIGNATURE_MISSING")


def test_headquarters_signs_what_it_loads_and_serves_the_signature(uow_factory, tmp_path) -> None:
    key_file = tmp_path / "server.key"
    key_file.write_text(HQ_KEY.secret_hex + "\n")
    settings = Settings(database_url=str(uow_factory.engine.url), server_key_file=str(key_file))
    hq = mint_user(uow_factory, "hq", Role.HQ_ADMIN, "country")
    with running_server(uow_factory, app=create_app(settings, uow_factory=uow_factory)) as url:
        loaded = httpx.post(
            f"{url}/api/v1/definitions",
            content=json.dumps(definition_document()),
            headers={"Authorization": f"Bearer {hq}", "Content-Type": "application/json"},
            timeout=60,
        )
        assert loaded.status_code == 201, loaded.text
        digest = loaded.json()["definition_hash"]
        signed = httpx.get(f"{url}/api/v1/definitions/{ELECTION}/signature", timeout=60).json()
    assert signed["definition_hash"] == digest and signed["key_id"] == HQ_KEY.key_id
    assert verify_definition(
        HQ_KEY.public_hex,
        ELECTION,
        digest,
        public_hex=signed["public_key"],
        signature_hex=signed["signature"],
    )
    assert not verify_definition(
        HQ_KEY.public_hex,
        ELECTION,
        "0" * 64,
        public_hex=signed["public_key"],
        signature_hex=signed["signature"],
    )
    with uow_factory() as uow:
        codes = uow.session.scalars(select(EventLogEntry.code)).all()
    assert "DEFINITION_SIGNED" in codes
