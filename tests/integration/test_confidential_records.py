"""Confidential records over real HTTP on both back ends: sealed at rest (a dump of every table
holds no plaintext), readable only by vetting officers of the record's jurisdiction, each read
with a reason and logged without the content, never in exports; bad input writes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, inspect, select, text, update

from entekhab.crypto.confidential import StaticKeyProvider, key_id_of
from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.audit.export import export_event_log
from entekhab.service.counting.exports import election_cvr, err_report
from entekhab.service.security.confidential import read_record
from entekhab.store.tables.security import ConfidentialRecordRow, EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import CONFIDENTIAL_KEY, TWO, build_access_world, mint_user
from tests.http_support import running_server

SUBJECT = "نامزد ۱۰۰۰۰۰۰۰۰۱ — MARKER-SUBJECT-7f3a"
TEXT = "سابقه و پاسخ استعلام MARKER-TEXT-91c2 درباره خانواده"
MARKERS = ("MARKER-SUBJECT-7f3a", "MARKER-TEXT-91c2", "سابقه و پاسخ استعلام")


def _count(uow_factory: UnitOfWorkFactory, model: type, *where: object) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _dump(engine: Engine) -> str:
    """Every row of every table, as text and as decoded bytes."""
    parts: list[str] = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, (bytes, bytearray, memoryview)):
                        parts.append(bytes(value).decode("utf-8", "replace"))
                        parts.append(bytes(value).hex())
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def _no_markers(blob: str) -> None:
    for marker in MARKERS:
        assert marker not in blob
        assert marker.encode().hex() not in blob


def test_vetting_records_are_sealed_read_with_a_reason_and_logged(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    world = build_access_world(uow_factory)
    engine = uow_factory.engine
    vet_c9 = mint_user(uow_factory, "vetting-c9", Role.VETTING_OFFICER, "C9")
    with (
        running_server(uow_factory, confidential_key=CONFIDENTIAL_KEY) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        vet = world.auth(Role.VETTING_OFFICER)  # C1
        inquiry = {
            "kind": "vetting_inquiry",
            "jurisdiction": "T1",
            "election_id": TWO,
            "subject": SUBJECT,
            "text": TEXT,
        }
        made = http.post("/api/v1/confidential/records", json=inquiry, headers=vet)
        assert made.status_code == 201, made.text
        record_id = made.json()["record_id"]
        assert set(made.json()) == {
            "record_id",
            "kind",
            "jurisdiction",
            "election_id",
            "reply_to",
            "created_by",
            "created_at",
        }
        answer = {**inquiry, "kind": "vetting_answer", "reply_to": record_id, "text": TEXT}
        assert (
            http.post("/api/v1/confidential/records", json=answer, headers=vet).status_code == 201
        )
        report = {"jurisdiction": "B1", "subject": SUBJECT, "text": TEXT}
        head = world.auth(Role.BRANCH_HEAD)
        filed = http.post("/api/v1/confidential/incident-reports", json=report, headers=head)
        assert filed.status_code == 201, filed.text

        listed = http.get("/api/v1/confidential/records", headers=vet)
        assert listed.status_code == 200
        assert record_id in {r["record_id"] for r in listed.json()}
        _no_markers(listed.text)
        other = http.get(
            "/api/v1/confidential/records", headers={"Authorization": f"Bearer {vet_c9}"}
        )
        assert record_id not in {r["record_id"] for r in other.json()}, "C9 sees no C1 record"

        url = f"/api/v1/confidential/records/{record_id}/read"
        reads_before = _count(
            uow_factory, EventLogEntry, EventLogEntry.code == "CONFIDENTIAL_RECORD_READ"
        )
        no_reason = http.post(url, json={"reason": "   why   "}, headers=vet)
        assert (no_reason.status_code, no_reason.json()["error"]["code"]) == (
            422,
            "CONFIDENTIAL_REASON_REQUIRED",
        )
        for role in (Role.HQ_ADMIN, Role.COUNTY_OFFICER, Role.SUPERVISOR, Role.BRANCH_HEAD):
            refused = http.post(url, json={"reason": "curious about it"}, headers=world.auth(role))
            assert (refused.status_code, refused.json()["error"]["code"]) == (
                403,
                "ROLE_NOT_ALLOWED",
            )
            _no_markers(refused.text)
        outside = http.post(
            url, json={"reason": "checking the file"}, headers={"Authorization": f"Bearer {vet_c9}"}
        )
        assert (outside.status_code, outside.json()["error"]["code"]) == (
            403,
            "OUT_OF_JURISDICTION",
        )
        assert (
            _count(uow_factory, EventLogEntry, EventLogEntry.code == "CONFIDENTIAL_RECORD_READ")
            == reads_before
        ), "refused reads are no reads"

        read = http.post(url, json={"reason": "board meeting on candidate 1"}, headers=vet)
        assert read.status_code == 200, read.text
        assert (read.json()["subject"], read.json()["text"]) == (SUBJECT, TEXT)

    with uow_factory() as uow:
        logged = uow.session.execute(
            select(EventLogEntry.actor, EventLogEntry.payload)
            .where(EventLogEntry.code == "CONFIDENTIAL_RECORD_READ")
            .order_by(EventLogEntry.seq)
        ).all()
    assert len(logged) == reads_before + 1
    assert logged[-1].actor == "user:vetting_officer-user"
    assert json.loads(logged[-1].payload) == {
        "record_id": record_id,
        "reason": "board meeting on candidate 1",
    }

    # At rest: no table holds the plaintext, in any column, as text or bytes.
    _no_markers(_dump(engine))
    # Exports: the event log (NIST SP 1500-101) and the results reports hold none of it.
    out = tmp_path / "events.json"
    with out.open("w", encoding="utf-8") as stream:
        export_event_log(
            engine, stream, generated_at=datetime.now(UTC), server_id="hq", version="test"
        )
    exported = out.read_text(encoding="utf-8")
    assert "CONFIDENTIAL_RECORD_READ" in exported
    _no_markers(exported)
    now = datetime.now(UTC)
    for report_json in (
        err_report(uow_factory, TWO, generated=now, published_only=False),
        election_cvr(uow_factory, TWO, generated=now, published_only=False),
    ):
        _no_markers(json.dumps(report_json, ensure_ascii=False))


def test_bad_confidential_input_writes_nothing(uow_factory: UnitOfWorkFactory) -> None:
    world = build_access_world(uow_factory)
    records = _count(uow_factory, ConfidentialRecordRow)
    events = _count(uow_factory, EventLogEntry)
    good = {"kind": "vetting_inquiry", "jurisdiction": "C1", "subject": "s", "text": "t"}
    bad_bodies = [
        {**good, "extra": 1},
        {**good, "text": ""},
        {**good, "kind": "gossip"},
        {**good, "kind": "vetting_answer", "reply_to": "0" * 32},
        {**good, "reply_to": world.records["C1"]},
        {**good, "election_id": "no-such-election"},
        {**good, "subject": "x" * 301},
    ]
    with (
        running_server(uow_factory, confidential_key=CONFIDENTIAL_KEY) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        vet = world.auth(Role.VETTING_OFFICER)
        for body in bad_bodies:
            got = http.post("/api/v1/confidential/records", json=body, headers=vet)
            assert got.status_code == 422, (body, got.text)
            assert "error" in got.json() or "detail" in got.json()
        assert _count(uow_factory, ConfidentialRecordRow) == records
        assert _count(uow_factory, EventLogEntry) == events, "bad input is not an event either"
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=120) as http:
        keyless = http.post(
            "/api/v1/confidential/records", json=good, headers=world.auth(Role.VETTING_OFFICER)
        )
        assert (keyless.status_code, keyless.json()["error"]["code"]) == (
            503,
            "CONFIDENTIAL_KEY_MISSING",
        )
    assert _count(uow_factory, ConfidentialRecordRow) == records


def test_a_moved_or_altered_sealed_value_does_not_open(uow_factory: UnitOfWorkFactory) -> None:
    world = build_access_world(uow_factory)
    keys = StaticKeyProvider.from_hex(CONFIDENTIAL_KEY)
    c1, c9 = world.records["C1"], world.records["C9"]
    with uow_factory() as uow:
        sealed_c9 = uow.session.get(ConfidentialRecordRow, c9).sealed  # type: ignore[union-attr]
        uow.session.execute(
            update(ConfidentialRecordRow)
            .where(ConfidentialRecordRow.id == c1)
            .values(sealed=sealed_c9)
        )
        uow.commit()
    with uow_factory() as uow, pytest.raises(EntekhabError) as moved:
        read_record(uow, keys, c1, reader="user:v", reason="a good long reason")
    assert moved.value.code == "CONFIDENTIAL_RECORD_UNREADABLE"
    flipped = bytearray(sealed_c9)
    flipped[-1] ^= 1
    with uow_factory() as uow:
        uow.session.execute(
            update(ConfidentialRecordRow)
            .where(ConfidentialRecordRow.id == c9)
            .values(sealed=bytes(flipped))
        )
        uow.commit()
    with uow_factory() as uow, pytest.raises(EntekhabError) as altered:
        read_record(uow, keys, c9, reader="user:v", reason="a good long reason")
    assert altered.value.code == "CONFIDENTIAL_RECORD_UNREADABLE"
    assert _count(uow_factory, EventLogEntry, EventLogEntry.code == "CONFIDENTIAL_RECORD_READ") == 0


def test_records_sealed_before_a_key_rotation_still_open() -> None:
    old, new = bytes(range(32)), bytes(range(1, 33))
    from entekhab.crypto.confidential import open_sealed, seal

    key_id, sealed = seal(StaticKeyProvider(old), b"inquiry", bytes(24))
    assert key_id == key_id_of(old) != key_id_of(new)
    rotated = StaticKeyProvider(new, older=[old])
    assert rotated.current_key_id() == key_id_of(new)
    assert open_sealed(rotated, key_id, sealed) == b"inquiry"
