"""Nothing the practice ballot records can reach a real count: it lives in its own file, which a
station journal refuses (and which refuses a journal); its records name the practice election,
so headquarters' closing refuses them even when a real, enrolled station sends them; and the
portal's practice page writes nothing to the server's database."""

from __future__ import annotations

import random
import secrets
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from entekhab.api.app import create_app
from entekhab.domain.ballot import ContestSelection
from entekhab.domain.errors import EntekhabError
from entekhab.domain.practice import is_practice
from entekhab.domain.station_protocol import api_path, branch_route
from entekhab.settings import Settings
from entekhab.station.client import ServerRefusal
from entekhab.station.closing import signed_bulletins
from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.journal import Journal, encode_body
from entekhab.store.tables.election_day import BallotRecordRow, BranchSession
from entekhab.store.uow import UnitOfWorkFactory
from entekhab.web.practice import PracticeBox, cast_step, practice_definition
from tests.election_day_support import add_citizens, load_election
from tests.http_support import running_server
from tests.station_support import enrol_station_and_head, make_station

SEMNAN = "S-CC-SEMNAN"


def practice_vote(box: PracticeBox) -> None:
    definition = practice_definition()
    some = next(iter(definition.candidates_by_contest["CC-SEMNAN"]))
    step = cast_step(box, {"style": [SEMNAN], "cand:CC-SEMNAN": [some]})
    assert step.status == 200, step.context


def rows(uow_factory: UnitOfWorkFactory, table: type) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_practice_store_and_journal_refuse_each_other(tmp_path: Path) -> None:
    box = PracticeBox(tmp_path / "practice.sqlite")
    practice_vote(box)
    box.close()
    with pytest.raises(EntekhabError) as refused:
        Journal(tmp_path / "practice.sqlite")
    assert refused.value.code == "PRACTICE_STORE_MISMATCH"
    Journal(tmp_path / "b1.journal").close()
    with pytest.raises(EntekhabError) as refused:
        PracticeBox(tmp_path / "b1.journal")
    assert refused.value.code == "PRACTICE_STORE_MISMATCH"
    assert PracticeBox(tmp_path / "practice.sqlite").count() == 1  # untouched by the attempt


def test_practice_records_sent_by_a_real_station_are_refused_by_headquarters(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    load_election(uow_factory)
    voters = add_citizens(uow_factory, 1)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    box = PracticeBox(tmp_path / "practice.sqlite")
    practice_vote(box)
    records = box.records()
    assert records and all(is_practice(r.election_id) for r in records)
    with running_server(uow_factory) as url:
        verifier = SimulatedIdentityVerifier(0, random.Random(1))
        station = make_station(url, keys, tmp_path / "b1.journal", "B1", verifier=verifier)
        station.open("head")
        verifier.present(voters[0], "S1")
        checked = station.check_in()  # a participation, so the count alone would not refuse
        station.cast(
            checked.ticket,
            [ContestSelection(contest="TEH"), ContestSelection(contest="EXP")],
        )
        real = station.journal.ballot_records()
        body = {  # the station's real closing, with the practice ballots slipped in
            "closed_by": "head",
            "records": [r.as_json() for r in [*real, *records]],
            "held": [],
            "bulletins": [s.model_dump(mode="json") for s in signed_bulletins(station)],
        }
        with pytest.raises(ServerRefusal) as refused:
            path = api_path(branch_route("close"), branch="B1")
            station.client.send(
                "POST", path, encode_body(body), idempotency_key=secrets.token_hex(16)
            )
        assert refused.value.code == "BALLOT_RECORD_INVALID", refused.value.details
    assert rows(uow_factory, BallotRecordRow) == 0
    with uow_factory() as uow:
        session = uow.session.get(BranchSession, ("E7", "B1"))
        assert session is not None and session.closed_at is None  # still open, nothing counted


def test_the_portal_practice_page_writes_nothing_to_the_server_database(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    load_election(uow_factory)
    settings = Settings(
        database_url=str(uow_factory.engine.url), var_dir=str(tmp_path), rate_per_address=0
    )
    before = {t: rows(uow_factory, t) for t in (BallotRecordRow, BranchSession)}
    with TestClient(create_app(settings, uow_factory=uow_factory)) as client:
        start = client.get("/practice")
        assert start.status_code == 200 and "watermark" in start.text
        csrf = client.cookies.get("entekhab_csrf")
        some = next(iter(practice_definition().candidates_by_contest["CC-SEMNAN"]))
        cast = client.post(
            "/practice/cast",
            data={"csrf_token": csrf, "style": SEMNAN, "cand:CC-SEMNAN": some},
        )
        assert cast.status_code == 200 and "watermark" in cast.text
        forged = client.post("/practice/cast", data={"style": SEMNAN})
        assert forged.status_code == 403  # CSRF on every form
        assert "CSRF_INVALID" in forged.text and "watermark" in forged.text
    assert {t: rows(uow_factory, t) for t in before} == before
    assert PracticeBox(tmp_path / "practice.sqlite").count() == 1
