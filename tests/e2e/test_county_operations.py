"""Sari county's headquarters runs its weeks before the election through the CLI and the API:
organisation by decree, a directive answered by every district, the weekly review citing the
rule versions it read, action items, lessons exported, playbooks, agency commitments escalated,
a public complaint decided by the supervisory board, and a statement that reaches the public
side only once the head has approved it and the server has signed it.

The refusals the issue names are checked on the way, each writing nothing: a report for a
directive not addressed to the office, an action item without an owner, a statement published
without approval, a classified directive read without the clearance.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
import yaml
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from entekhab.cli import app
from entekhab.crypto.hashing import canonical_json
from entekhab.crypto.signing import keypair_from_seed, verify
from entekhab.domain.operations.statements import signed_document
from entekhab.service.audit.events import configure_checkpoints
from entekhab.store.tables import operations as tables
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.http_support import running_server

ROOT = Path(__file__).resolve().parents[2]
SARI, PROVINCE = "C02-01", "P02"
DISTRICTS = [f"D02-01-{n}" for n in range(1, 6)]
PASSWORD = "a passphrase long enough 1405"
SERVER = keypair_from_seed(b"sari-server-key-for-the-e2e-test")
CONFIDENTIAL = "3c" * 32
TIMEOUT = 120.0
"""Generous: the machine running the suite may be heavily loaded (no timing is asserted)."""


def _cli(url: str, *args: str, stdin: str | None = None, ok: bool = True) -> str:
    result = CliRunner().invoke(app, [*args, "--database-url", url], input=stdin)
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code != 0, result.output
    return result.output


TOTP_SECRETS: dict[str, str] = {}
"""TOTP secrets of the accounts that need a second factor (filled by the fixture)."""


def _ops(url: str, who: str, *args: str, ok: bool | None = True) -> Any:
    """``entekhab ops`` signed in as ``who`` (password on standard input, TOTP if needed): its
    JSON output (``ok``), its output (``ok=None``: not JSON), or the refusal (``ok=False``)."""
    second = ["--totp", pyotp.TOTP(TOTP_SECRETS[who]).now()] if who in TOTP_SECRETS else []
    result = CliRunner().invoke(
        app,
        ["ops", "--user", who, "--password-stdin", *second, *args, "--database-url", url],
        input=PASSWORD + "\n",
    )
    if ok is False:
        assert result.exit_code != 0, result.output
        return f"{result.output} {result.exception!r}"
    assert result.exit_code == 0, f"{result.output} {result.exception!r}"
    return json.loads(result.output) if ok else result.output


def _national_code(n: int) -> str:
    body = f"{n:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(total if total < 2 else 11 - total)


ACCOUNTS = {
    "head": ("county_officer", SARI),
    "press": ("county_officer", SARI),
    "province": ("province_officer", PROVINCE),
    "board": ("supervisor", SARI),
    **{f"officer-{d}": ("district_officer", d) for d in DISTRICTS},
}


@pytest.fixture
def sari(engine: Engine, tmp_path: Path) -> Iterator[tuple[str, UnitOfWorkFactory, dict[str, str]]]:
    url = engine.url.render_as_string(hide_password=False)
    _cli(url, "definition", "load", str(ROOT / "examples" / "sari.yaml"))
    secrets: dict[str, str] = {}
    for n, (name, (role, place)) in enumerate(ACCOUNTS.items(), 1):
        out = _cli(
            url,
            "users",
            "add",
            name,
            "--role",
            role,
            "--jurisdiction",
            place,
            "--full-name",
            name,
            "--national-code",
            _national_code(1000 + n),
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        found = re.search(r"secret=([A-Z2-7]+)", out)
        if found:
            secrets[name] = found.group(1)
    TOTP_SECRETS.clear()
    TOTP_SECRETS.update(secrets)
    yield url, UnitOfWorkFactory(engine), secrets
    configure_checkpoints(None)


def _sign_in(base: str, name: str, secrets: dict[str, str]) -> httpx.Client:
    body: dict[str, str] = {"username": name, "password": PASSWORD}
    if name in secrets:
        body["totp_code"] = pyotp.TOTP(secrets[name]).now()
    answer = httpx.post(f"{base}/api/v1/auth/sign-in", json=body, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    token = answer.json()["token"]
    return httpx.Client(
        base_url=f"{base}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
    )


def _count(factory: UnitOfWorkFactory, table: type) -> int:
    with factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def _error(answer: httpx.Response) -> str:
    return str(answer.json()["error"]["code"])


@pytest.mark.slow
def test_sari_county_runs_its_weeks_before_the_election(
    sari: tuple[str, UnitOfWorkFactory, dict[str, str]], tmp_path: Path
) -> None:
    url, factory, secrets = sari
    key_file = tmp_path / "server.key"
    key_file.write_text(bytes.fromhex(SERVER.secret_hex).hex(), encoding="ascii")
    today = datetime.now(UTC).date()

    # Organisation, by the county's own officer on the command line.
    _ops(url, "head", "setup", SARI, "--name", "ستاد انتخابات شهرستان ساری")
    for post, committee, person, account in (
        ("head", None, "فرماندار ساری", "head"),
        ("secretary", None, "معاون فرماندار", None),
        ("head", "security", "رئیس کمیته امنیت", None),
        ("member", "publicity", "مسئول روابط عمومی", "press"),
    ):
        args = ["appoint", SARI, "--post", post, "--person", person, "--decree", "1405/77"]
        args += ["--from", str(today - timedelta(days=30))]
        args += ["--committee", committee] if committee else []
        args += ["--account", account] if account else []
        _ops(url, "head", *args)
    chart = tmp_path / "chart.pdf"
    _ops(url, "head", "organisation", SARI, "--pdf", str(chart), ok=None)
    assert chart.read_bytes().startswith(b"%PDF")

    # The rules library, kept by the province.
    law = tmp_path / "law.txt"
    law.write_text("ماده ۱ ...", encoding="utf-8")
    _ops(
        url,
        "province",
        "rule",
        "add",
        "LAW-COUNCILS",
        "--kind",
        "law",
        "--title",
        "Law",
        "--issuer",
        "Parliament",
        "--text-file",
        str(law),
        "--from",
        "2020-01-01",
    )
    law.write_text("ماده ۱ ... (اصلاح: رای‌گیری الکترونیکی)", encoding="utf-8")
    _ops(
        url,
        "province",
        "rule",
        "version",
        "LAW-COUNCILS",
        "--text-file",
        str(law),
        "--from",
        str(today - timedelta(days=20)),
        "--note",
        "electronic voting",
    )

    with running_server(
        factory, confidential_key=CONFIDENTIAL, server_key_file=str(key_file)
    ) as base:
        head = _sign_in(base, "head", secrets)
        press = _sign_in(base, "press", secrets)
        offices = {d: _sign_in(base, f"officer-{d}", secrets) for d in DISTRICTS}

        # A directive to every district, with an attachment; each answers, half by API.
        issued = head.post(
            f"/operations/{SARI}/directives",
            json={
                "number": "C02-01/1405/12",
                "title": "Test the standby power of every branch",
                "text": "Each district tests its branches' UPS and reports.",
                "deadline": (datetime.now(UTC) + timedelta(days=5)).isoformat(),
                "offices": DISTRICTS,
                "attachments": [
                    {
                        "filename": "checklist.txt",
                        "media_type": "text/plain",
                        "content_base64": base64.b64encode(b"1. UPS\n").decode(),
                    }
                ],
            },
        )
        assert issued.status_code == 201, issued.text
        directive = issued.json()["id"]
        for n, district in enumerate(DISTRICTS):
            if n % 2:
                _ops(
                    url,
                    f"officer-{district}",
                    "directive",
                    "ack",
                    str(directive),
                    "--office",
                    district,
                )
                _ops(
                    url,
                    f"officer-{district}",
                    "directive",
                    "report",
                    str(directive),
                    "--office",
                    district,
                    "--text",
                    "UPS tested",
                    "--done",
                )
            else:
                api = offices[district]
                base_path = f"/operations/{district}/directives/{directive}"
                assert api.post(f"{base_path}/acknowledge").status_code == 200
                done = api.post(f"{base_path}/reports", json={"text": "UPS tested", "done": True})
                assert done.status_code == 201, done.text
        states = {
            o["office"]: o["state"]
            for o in head.get(f"/operations/{SARI}/directives").json()[0]["offices"]
        }
        assert states == dict.fromkeys(DISTRICTS, "done")
        assert head.get(f"/operations/{SARI}/overdue-directives").json() == []

        # Bad input 1: a report for a directive not addressed to that office writes nothing.
        only_one = head.post(
            f"/operations/{SARI}/directives",
            json={
                "number": "C02-01/1405/13",
                "title": "Central district only",
                "text": "For the central district.",
                "deadline": (datetime.now(UTC) + timedelta(days=5)).isoformat(),
                "offices": [DISTRICTS[0]],
            },
        ).json()["id"]
        reports = _count(factory, tables.DirectiveReportRow)
        refused = offices[DISTRICTS[1]].post(
            f"/operations/{DISTRICTS[1]}/directives/{only_one}/reports",
            json={"text": "not ours", "done": True},
        )
        assert (refused.status_code, _error(refused)) == (422, "OPS_NOT_ADDRESSED")
        assert refused.json()["error"]["message_fa"]
        out = _ops(
            url,
            f"officer-{DISTRICTS[1]}",
            "directive",
            "report",
            str(only_one),
            "--office",
            DISTRICTS[1],
            "--text",
            "x",
            ok=False,
        )
        assert "OPS_NOT_ADDRESSED" in out
        assert _count(factory, tables.DirectiveReportRow) == reports

        # Bad input 4: a secret directive read without the clearance: refused, not logged.
        secret = head.post(
            f"/operations/{SARI}/directives",
            json={
                "number": "C02-01/1405/14",
                "title": "Security plan",
                "text": "Routes of the ballot escorts.",
                "deadline": (datetime.now(UTC) + timedelta(days=5)).isoformat(),
                "offices": [DISTRICTS[0]],
                "classification": "confidential",
            },
        ).json()["id"]
        reads = _logged(factory, "OPS_CLASSIFIED_READ")
        denied = offices[DISTRICTS[0]].get(f"/operations/{DISTRICTS[0]}/directives/{secret}")
        assert (denied.status_code, _error(denied)) == (403, "OPS_CLEARANCE_REQUIRED")
        assert _logged(factory, "OPS_CLASSIFIED_READ") == reads
        assert head.get(f"/operations/{SARI}/directives/{secret}").status_code == 200
        assert _logged(factory, "OPS_CLASSIFIED_READ") == reads + 1

        # The weekly review, recorded from a file on the command line, cites version 2.
        minutes = tmp_path / "review.yaml"
        minutes.write_text(
            yaml.safe_dump(
                {
                    "kind": "weekly_review",
                    "title": "Weekly review",
                    "held_at": datetime.now(UTC).isoformat(),
                    "attendees": ["فرماندار ساری", "رئیس کمیته امنیت"],
                    "agenda": ["Amended councils law"],
                    "minutes": "The amendment was read.",
                    "decisions": [
                        {
                            "text": "Brief the districts",
                            "actions": [
                                {"text": "Webinar", "owner": "Secretary", "due_on": str(today)}
                            ],
                        }
                    ],
                    "reviewed": [{"rule": "LAW-COUNCILS", "version": 2}],
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        meeting = _ops(url, "head", "meeting", "record", SARI, "--file", str(minutes))
        assert meeting["summary"]["reviewed"][0]["version"] == 2
        [item] = head.get(f"/operations/{SARI}/action-items").json()
        moved = head.post(
            f"/operations/{SARI}/action-items/{item['id']}/status", json={"status": "done"}
        )
        assert moved.json()["status"] == "done"

        # Bad input 2: an action item without an owner: nothing of the meeting is written.
        meetings_before = _count(factory, tables.MeetingRow), _count(factory, tables.ActionItemRow)
        ownerless = head.post(
            f"/operations/{SARI}/meetings",
            json={
                "kind": "headquarters",
                "title": "HQ",
                "held_at": datetime.now(UTC).isoformat(),
                "attendees": ["فرماندار ساری"],
                "agenda": ["Ramps"],
                "minutes": "Ramps",
                "decisions": [
                    {
                        "text": "Build ramps",
                        "actions": [{"text": "B1", "owner": "", "due_on": str(today)}],
                    }
                ],
            },
        )
        assert (ownerless.status_code, _error(ownerless)) == (422, "OPS_ACTION_OWNER_REQUIRED")
        assert (
            _count(factory, tables.MeetingRow),
            _count(factory, tables.ActionItemRow),
        ) == meetings_before

        # Lessons, searchable and exported; playbooks; commitments escalated when overdue.
        lesson = head.post(
            f"/operations/{SARI}/lessons",
            json={
                "kind": "weakness",
                "title": "No ramp at a school branch",
                "description": "Wheelchair access is missing.",
                "source": "site_assessment",
                "source_ref": "assessment 1405-03-01",
                "owner": "Support committee",
                "election_id": "sari-1405",
            },
        )
        assert lesson.status_code == 201, lesson.text
        exported = head.get(f"/operations/{SARI}/lessons", params={"text": "ramp", "format": "csv"})
        assert [row["title"] for row in csv.DictReader(io.StringIO(exported.text))] == [
            "No ramp at a school branch"
        ]
        assert len(_ops(url, "head", "scenario", "standard", SARI)) == 6
        assert len(head.get(f"/operations/{SARI}/scenarios").json()) == 6
        fibre = head.post(
            f"/operations/{SARI}/commitments",
            json={
                "agency": "telecom",
                "memorandum": "MOU-1405-TEL",
                "text": "Fibre to every school branch",
                "owner": "Mazandaran telecom company",
                "due_on": str(today - timedelta(days=1)),
            },
        ).json()
        [escalated] = _ops(url, "head", "commitment", "escalate", SARI)
        assert (escalated["id"], escalated["escalated_to"]) == (fibre["id"], PROVINCE)

        # A citizen's complaint, decided by the county's supervisory board on the command line.
        filed = httpx.post(
            f"{base}/api/v1/public/complaints",
            timeout=TIMEOUT,
            json={
                "election_id": "sari-1405",
                "jurisdiction": DISTRICTS[0],
                "complainant_kind": "citizen",
                "category": "campaign_violation",
                "summary": "Posters at a polling school.",
                "complainant_name": "شهروند",
            },
        )
        assert filed.status_code == 201, filed.text
        decided = _ops(
            url,
            "board",
            "complaint",
            "decide",
            SARI,
            str(filed.json()["id"]),
            "--status",
            "upheld",
            "--decision",
            "Posters removed.",
        )
        assert decided["status"] == "upheld"

        # A statement: drafted by publicity, refused unapproved, approved by the head, signed.
        draft = press.post(
            f"/operations/{SARI}/statements",
            json={"title": "Polling hours", "text": "Branches open 08:00 to 20:00."},
        ).json()
        published_before = _logged(factory, "OPS_STATEMENT_PUBLISHED")
        early = press.post(f"/operations/{SARI}/statements/{draft['id']}/publish")
        assert (early.status_code, _error(early)) == (409, "OPS_STATEMENT_NOT_APPROVED")
        assert _logged(factory, "OPS_STATEMENT_PUBLISHED") == published_before
        assert httpx.get(f"{base}/api/v1/public/statements", timeout=TIMEOUT).json() == []
        assert (
            httpx.get(f"{base}/api/v1/public/statements/{draft['id']}", timeout=TIMEOUT).status_code
            == 404
        )
        _ops(url, "head", "statement", "approve", SARI, str(draft["id"]))
        signed = press.post(f"/operations/{SARI}/statements/{draft['id']}/publish")
        assert signed.status_code == 200, signed.text
        [shown] = httpx.get(f"{base}/api/v1/public/statements", timeout=TIMEOUT).json()
        document = signed_document(
            statement_id=shown["id"],
            hq=SARI,
            title=shown["title"],
            text=shown["text"],
            approved_by=shown["approved_by"],
            published_at=datetime.fromisoformat(shown["published_at"]),
        )
        assert shown["public_key"] == SERVER.public_hex
        assert verify(SERVER.public_hex, canonical_json(document), shown["signature"])

    # Every change went through the event log, and the chain still verifies, its checkpoints
    # signed by the server this test ran (not whatever key the working directory holds).
    assert _logged(factory, "OPS_DIRECTIVE_REPORTED") == len(DISTRICTS)
    _cli(url, "audit", "verify", "--trusted-key", SERVER.public_hex)


def _logged(factory: UnitOfWorkFactory, code: str) -> int:
    with factory() as uow:
        return int(
            uow.session.scalar(
                select(func.count()).select_from(EventLogEntry).where(EventLogEntry.code == code)
            )
            or 0
        )
