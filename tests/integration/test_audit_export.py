"""``entekhab audit export``: NIST SP 1500-101 JSON that validates against the standard's
structure and from which an auditor recomputes the whole chain without the database."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import jsonschema
from sqlalchemy import Engine

from entekhab.service.audit.export import disposition_of, export_event_log, verify_export
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import SERVER_KEY, append_events, entekhab, signing_checkpoints

_STRING = {"type": "string"}
# The structure of NIST SP 1500-101 V1 (EventLogging.*): required properties, enumerations and
# no properties beyond the standard's.
NIST_1500_101 = {
    "$ref": "#/definitions/ElectionEventLog",
    "definitions": {
        "ElectionEventLog": {
            "type": "object",
            "required": ["@type", "GeneratedTime"],
            "additionalProperties": False,
            "properties": {
                "@type": {"enum": ["EventLogging.ElectionEventLog"]},
                "Details": _STRING,
                "Device": {"type": "array", "items": {"$ref": "#/definitions/Device"}},
                "ElectionId": _STRING,
                "GeneratedTime": {"type": "string", "format": "date-time"},
            },
        },
        "Device": {
            "type": "object",
            "required": ["@type", "Id"],
            "additionalProperties": False,
            "properties": {
                "@type": {"enum": ["EventLogging.Device"]},
                "Details": _STRING,
                "Event": {"type": "array", "items": {"$ref": "#/definitions/Event"}},
                "HashType": {"enum": ["md6", "other", "sha-256", "sha-512"]},
                "Id": _STRING,
                "Manufacturer": _STRING,
                "Model": _STRING,
                "OtherHashType": _STRING,
                "OtherType": _STRING,
                "Type": {
                    "enum": [
                        "adjudication",
                        "ballot-activation",
                        "ballot-printing",
                        "blank-ballot-printing",
                        "bmd",
                        "dre",
                        "dre-controller",
                        "electronic-cast",
                        "electronic-cast-paper",
                        "electronic-poll-book",
                        "ems",
                        "other",
                        "scan-batch",
                        "scan-single",
                        "transmission-receiving",
                        "transmission-sending",
                    ]
                },
                "Version": _STRING,
            },
        },
        "Event": {
            "type": "object",
            "required": ["@type", "Disposition", "Id", "Sequence", "TimeStamp", "Type"],
            "additionalProperties": False,
            "properties": {
                "@type": {"enum": ["EventLogging.Event"]},
                "Description": _STRING,
                "Details": _STRING,
                "Disposition": {"enum": ["failure", "na", "other", "success"]},
                "Hash": _STRING,
                "Id": _STRING,
                "OtherDisposition": _STRING,
                "Sequence": _STRING,
                "Severity": _STRING,
                "TimeStamp": {"type": "string", "format": "date-time"},
                "Type": _STRING,
                "UserId": _STRING,
            },
        },
    },
}


def _export(engine: Engine) -> dict:
    out = StringIO()
    summary = export_event_log(
        engine,
        out,
        generated_at=datetime(2026, 6, 18, 20, 0, tzinfo=UTC),
        server_id="hq-1",
        version="test",
        election_id="E7",
    )
    document = json.loads(out.getvalue())
    assert summary.entries == len(document["Device"][0]["Event"])
    return document


def test_export_follows_nist_1500_101_and_maps_every_field(uow_factory: UnitOfWorkFactory) -> None:
    with signing_checkpoints(3):
        append_events(uow_factory, 7)
    document = _export(uow_factory.engine)
    jsonschema.validate(
        document, NIST_1500_101, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    events = document["Device"][0]["Event"]
    assert [e["Sequence"] for e in events] == [str(i) for i in range(1, 8)]
    first = events[0]
    assert first["Id"] == "USER_ADDED" and first["Type"] == "security"
    assert first["UserId"] == "user:admin" and first["Disposition"] == "success"
    assert json.loads(json.loads(first["Details"])["payload"]) == {"i": 0, "name": "علی"}
    anchors = json.loads(document["Device"][0]["Details"])
    assert [c["seq"] for c in anchors["checkpoints"]] == [3, 6]
    assert anchors["head"] == [{"seq": 7, "hash": events[-1]["Hash"]}]


def test_refusals_are_exported_as_failures() -> None:
    assert disposition_of("SIGN_IN_FAILED") == "failure"
    assert disposition_of("STATION_REQUEST_REFUSED") == "failure"
    assert disposition_of("BULLETIN_ACCEPTED") == "success"


def test_an_auditor_recomputes_the_chain_from_the_export_alone(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    with signing_checkpoints(3):
        append_events(uow_factory, 7)
    url = uow_factory.engine.url.render_as_string(hide_password=False)
    path = tmp_path / "log.json"
    done = entekhab("audit", "export", "--out", str(path), database_url=url)
    assert done.returncode == 0, done.stderr
    report = verify_export(path, trusted_key=SERVER_KEY.public_hex)
    assert report.ok and report.entries == 7 and report.checkpoints == 2
    document = json.loads(path.read_text(encoding="utf-8"))
    document["Device"][0]["Event"][3]["UserId"] = "user:someone-else"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert [p.kind for p in verify_export(path).problems] == ["entry_edited"]
    checked = entekhab("audit", "verify-export", str(path), database_url=url)
    assert checked.returncode == 2 and "CHAIN_INVALID" in checked.stderr


def test_an_empty_log_exports_an_empty_event_list(uow_factory: UnitOfWorkFactory) -> None:
    document = _export(uow_factory.engine)
    assert document["Device"][0]["Event"] == []
    jsonschema.validate(document, NIST_1500_101)
