"""The Tehran sample's candidates from registration to the published list, end to end: through
the API (the Tehran council with its lists and the Assembly of Experts by-election, over HTTP
with real sessions, roles and jurisdictions) and through the CLI (every contest of the Sari
sample — of the whole Tehran sample with ``ENTEKHAB_WHOLE_TEHRAN=1`` — and the office's commands
one by one on the tiny sample).

The server's clock is set to instants inside each phase of the sample's calendar, the way a
rehearsal would run it; the event log still records the real time.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from entekhab.api.app import create_app
from entekhab.cli import app as cli_app
from entekhab.domain.access import Role
from entekhab.service.definitions.loading import get_definition
from entekhab.service.registry.importing import import_registry
from entekhab.service.security.accounts import add_user
from entekhab.settings import Settings, get_settings
from entekhab.sim.candidate_history import make_history, phase_instant, registration_body
from entekhab.sim.sample_election import make_election, write_definition
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user, person
from tests.candidates_support import KEY_HEX

pytestmark = pytest.mark.slow

API_CONTESTS = ("EXPERTS-P23", "CC-TEHRAN")


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[UnitOfWorkFactory]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.db'}")
    upgrade(engine)
    yield UnitOfWorkFactory(engine)
    engine.dispose()


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text[:400]
    return response.json() if "json" in response.headers.get("content-type", "") else response


def test_the_tehran_council_and_the_experts_by_election_through_the_api(
    factory: UnitOfWorkFactory,
) -> None:
    history = make_history(make_election("tehran", 1405), 1405)
    d = history.base
    app = create_app(Settings(confidential_key=KEY_HEX, rate_per_address=0), factory)
    clock = Clock()
    app.state.clock = clock
    http = TestClient(app)
    tokens = {
        role: mint_user(factory, f"{role.value}-p23", role, place)
        for role, place in (
            (Role.HQ_ADMIN, "country"),
            (Role.PROVINCE_OFFICER, "P23"),
            (Role.EXECUTIVE_BOARD, "P23"),
            (Role.SUPERVISOR, "P23"),
            (Role.EXPERTS_SUPERVISOR, "P23"),
            (Role.VETTING_OFFICER, "P23"),
        )
    }

    def as_(role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[role]}"}

    document = json.dumps(d.model_dump(mode="json"), ensure_ascii=False).encode()
    _ok(
        http.post(
            "/api/v1/definitions",
            content=document,
            headers={**as_(Role.HQ_ADMIN), "content-type": "application/json"},
        ),
        201,
    )
    import_registry(factory, history.citizens)
    info = _ok(http.get(f"/api/v1/public/elections/{d.id}/information"))
    assert info["calendar"][0]["phase"] == "registration"
    assert info["proportional"][0]["contest"] == "CC-TEHRAN"
    assert "قاعده استعفا" in _ok(http.get(f"/api/v1/public/elections/{d.id}/information.html")).text

    # Registration over HTTP: every Experts candidate; on the council, the members of the first
    # two lists and a few independents (the CLI test below registers every one of them).
    lists = [spec for spec in history.lists if spec[0] == "CC-TEHRAN"][:2]
    on_lists = {("CC-TEHRAN", m) for spec in lists for m in spec[5]}
    independents = [
        ("CC-TEHRAN", s)
        for s, a in history.applications
        if a.contest == "CC-TEHRAN" and ("CC-TEHRAN", s) not in on_lists
    ][:6]
    experts = {(a.contest, s) for s, a in history.applications if a.contest == "EXPERTS-P23"}
    chosen = on_lists | set(independents) | experts
    clock.now = phase_instant(d, d.calendar.registration.first_day, 10)()
    numbers: dict[tuple[str, str], str] = {}
    officer = as_(Role.PROVINCE_OFFICER)
    for sample, app_ in history.applications:
        if (app_.contest, sample) not in chosen:
            continue
        body = {
            "contest": app_.contest,
            "national_code": app_.national_code,
            "given_name_fa": app_.given_name_fa,
            "family_name_fa": app_.family_name_fa,
            "given_name_en": app_.given_name_en,
            "family_name_en": app_.family_name_en,
            "birth_date": app_.birth_date.isoformat(),
            "education": app_.education,
            "isargar": app_.isargar,
            "occupation": app_.occupation,
            "photo_base64": base64.b64encode(app_.photo).decode(),
            "held_post": app_.held_post,
            "resigned_on": app_.resigned_on.isoformat() if app_.resigned_on else None,
            "resignation_evidence_base64": base64.b64encode(app_.resignation_evidence).decode()
            if app_.resignation_evidence
            else None,
            "via": app_.via,
        }
        out = _ok(
            http.post(f"/api/v1/candidates/{d.id}/registrations", json=body, headers=officer), 201
        )
        numbers[(app_.contest, sample)] = out["registration"]
    # An under-age applicant is refused with a coded error in both languages.
    expected, young = history.refused[1]
    assert expected == "CANDIDATE_UNDER_AGE"
    refusal = http.post(
        f"/api/v1/candidates/{d.id}/registrations",
        json={
            **body,
            "national_code": young.national_code,
            "birth_date": young.birth_date.isoformat(),
            "contest": "CC-TEHRAN",
            "held_post": None,
            "resigned_on": None,
            "resignation_evidence_base64": None,
        },
        headers=officer,
    )
    assert refusal.status_code == 422
    assert refusal.json()["error"]["code"] == "CANDIDATE_UNDER_AGE"
    assert refusal.json()["error"]["message_fa"]

    # Parties, their meetings with HQ, the Tehran lists and every member's consent.
    for code, name_fa, name_en in history.parties[:2]:
        _ok(
            http.post(
                "/api/v1/parties",
                json={
                    "code": code,
                    "name_fa": name_fa,
                    "name_en": name_en,
                    "contacts": [{"name": "دبیر", "role": "secretary", "phone": "021-1"}],
                },
                headers=as_(Role.HQ_ADMIN),
            ),
            201,
        )
        _ok(
            http.post(
                f"/api/v1/parties/{code}/meetings",
                json={"held_at": clock.now.isoformat(), "subject": "ثبت‌نام", "minutes": "..."},
                headers=as_(Role.HQ_ADMIN),
            ),
            201,
        )
    for contest, code, name_fa, name_en, party, members in lists:
        regs = [numbers[(contest, m)] for m in members]
        _ok(
            http.post(
                f"/api/v1/candidates/{d.id}/contests/{contest}/lists",
                json={
                    "code": code,
                    "name_fa": name_fa,
                    "name_en": name_en,
                    "party": party,
                    "members": regs,
                },
                headers=officer,
            ),
            201,
        )
        for reg in regs:
            _ok(
                http.post(
                    f"/api/v1/candidates/{d.id}/registrations/{reg}/consent",
                    json={"contest": contest, "list_code": code},
                    headers=officer,
                )
            )
    two = http.post(
        f"/api/v1/candidates/{d.id}/contests/CC-TEHRAN/lists",
        json={
            "code": "L99",
            "name_fa": "دو",
            "members": [numbers[("CC-TEHRAN", history.lists[0][5][0])]],
        },
        headers=officer,
    )
    assert two.json()["error"]["code"] == "CANDIDATE_ON_TWO_LISTS"

    # Vetting: sealed inquiries and answers; the status is visible, the content is not.
    clock.now = phase_instant(d, d.calendar.vetting.first_day, 10)()
    vetter = as_(Role.VETTING_OFFICER)
    answers: list[str] = []
    for reg in numbers.values():
        sent = _ok(
            http.post(f"/api/v1/candidates/{d.id}/registrations/{reg}/inquiries", headers=vetter),
            201,
        )
        assert {s["body"] for s in sent} == {
            "judiciary",
            "police",
            "civil_registry",
            "intelligence_ministry",
        }
        for s in sent:
            done = _ok(
                http.post(
                    f"/api/v1/candidates/{d.id}/registrations/{reg}/inquiries/{s['inquiry']}/answer",
                    json={"text": "سابقه‌ای یافت نشد."},
                    headers=vetter,
                )
            )
            answers.append(done["answer_record"])
    listed = _ok(
        http.get(
            f"/api/v1/candidates/{d.id}/registrations/{reg}/inquiries",
            headers=as_(Role.EXECUTIVE_BOARD),
        )
    )
    assert {s["status"] for s in listed} == {"answered"}
    assert "سابقه" not in json.dumps(listed, ensure_ascii=False)
    _vetting_answers_stay_confidential(http, factory, as_, answers[0])

    # Qualification: the board decides, the right body reviews; one disqualified, appeals, wins.
    q = d.calendar.qualification.first_day
    clock.now = phase_instant(d, q, 10)()
    board = as_(Role.EXECUTIVE_BOARD)
    target = numbers[("CC-TEHRAN", history.applications[0][0])]
    for reg in numbers.values():
        verdict = {"qualified": reg != target}
        if reg == target:
            verdict["ground"] = "conduct"
        _ok(
            http.post(
                f"/api/v1/candidates/{d.id}/registrations/{reg}/decision",
                json=verdict,
                headers=board,
            )
        )
    clock.now = phase_instant(d, q + timedelta(days=2), 10)()
    on_experts = [v for (c, _s), v in numbers.items() if c == "EXPERTS-P23"]
    wrong = http.post(
        f"/api/v1/candidates/{d.id}/registrations/{on_experts[0]}/review",
        json={"qualified": True},
        headers=as_(Role.SUPERVISOR),
    )
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "WRONG_SUPERVISING_BODY"
    for (contest, _s), reg in numbers.items():
        body_role = Role(registration_body(d, contest))
        verdict = {"qualified": reg != target}
        if reg == target:
            verdict["ground"] = "conduct"
        _ok(
            http.post(
                f"/api/v1/candidates/{d.id}/registrations/{reg}/review",
                json=verdict,
                headers=as_(body_role),
            )
        )
    clock.now = phase_instant(d, d.calendar.appeals.first_day, 10)()
    _ok(
        http.post(
            f"/api/v1/candidates/{d.id}/registrations/{target}/appeal",
            json={"statement_received": True},
            headers=officer,
        )
    )
    restored = _ok(
        http.post(
            f"/api/v1/candidates/{d.id}/registrations/{target}/appeal-decision",
            json={"qualified": True},
            headers=as_(Role.SUPERVISOR),
        )
    )
    assert restored["status"] == "qualified"
    steps = _ok(http.get(f"/api/v1/candidates/{d.id}/registrations/{target}/steps", headers=board))
    assert [s["step"] for s in steps] == [
        "executive_decision",
        "supervisory_review",
        "appeal",
        "appeal_decision",
    ]

    # The draw, publication, and the published forms.
    clock.now = phase_instant(d, d.calendar.appeals.last_day + timedelta(days=1), 10)()
    hashes = []
    for contest in API_CONTESTS:
        drawn = _ok(
            http.post(
                f"/api/v1/candidates/{d.id}/contests/{contest}/ballot-codes",
                json={"ceremony_nonce": "ceremony-1405"},
                headers=board,
            )
        )
        assert drawn["seed"] and drawn["procedure"]
        hashes.append(
            _ok(
                http.post(
                    f"/api/v1/candidates/{d.id}/contests/{contest}/publish",
                    json={"reason": "صورت‌جلسه هیئت"},
                    headers=as_(Role.HQ_ADMIN),
                )
            )["definition_hash"]
        )
    report = _ok(http.get(f"/api/v1/public/candidates/{d.id}/CC-TEHRAN"))
    election = report["Election"][0]
    assert report["Status"] == "pre-election"
    assert len(election["Candidate"]) == sum(1 for c, _s in numbers if c == "CC-TEHRAN")
    assert {p["Abbreviation"] for p in report["Party"]} == {spec[1] for spec in lists}
    rows = list(
        csv.reader(
            io.StringIO(_ok(http.get(f"/api/v1/public/candidates/{d.id}/CC-TEHRAN/csv")).text)
        )
    )
    assert len(rows) == len(election["Candidate"]) + 1
    page = _ok(http.get(f"/api/v1/public/candidates/{d.id}/EXPERTS-P23/sheet")).text
    assert "فهرست رسمی نامزدها" in page
    assert _ok(http.get(f"/api/v1/public/candidates/{d.id}/EXPERTS-P23/draw"))["ceremony_nonce"]
    versions = _ok(http.get(f"/api/v1/definitions/{d.id}/versions"))
    assert [v["definition_hash"] for v in versions[1:]] == hashes
    loaded = _ok(http.get(f"/api/v1/definitions/{d.id}"))
    assert hashes[-1] in json.dumps(loaded)
    with factory() as uow:
        merged, _digest = get_definition(uow.session, d.id)
    assert {c.contest for c in merged.candidates} == set(API_CONTESTS)
    late = http.post(
        f"/api/v1/candidates/{d.id}/registrations/{target}/withdrawal",
        json={"statement_received": True},
        headers=officer,
    )
    assert late.json()["error"]["code"] == "WITHDRAWAL_TOO_LATE"


def _vetting_answers_stay_confidential(
    http: TestClient, factory: UnitOfWorkFactory, as_: Any, record: str
) -> None:
    """An out-of-role user cannot read a vetting answer, and the attempt is logged; a vetting
    officer of the jurisdiction can, with a reason, and that read is logged too."""
    with factory() as uow:
        before = uow.session.scalar(select(EventLogEntry.seq).order_by(EventLogEntry.seq.desc()))
    denied = http.post(
        f"/api/v1/confidential/records/{record}/read",
        json={"reason": "کنجکاوی درباره داوطلب"},
        headers=as_(Role.EXECUTIVE_BOARD),
    )
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "ROLE_NOT_ALLOWED"
    assert "سابقه" not in denied.text
    read = _ok(
        http.post(
            f"/api/v1/confidential/records/{record}/read",
            json={"reason": "بررسی پرونده برای هیئت اجرایی"},
            headers=as_(Role.VETTING_OFFICER),
        )
    )
    assert read["text"] == "سابقه‌ای یافت نشد."
    with factory() as uow:
        logged = [
            (e.code, e.actor, e.payload)
            for e in uow.session.scalars(
                select(EventLogEntry).where(EventLogEntry.seq > before).order_by(EventLogEntry.seq)
            )
        ]
    codes = [(code, actor) for code, actor, _payload in logged]
    assert ("PERMISSION_DENIED", "user:executive_board-p23") in codes
    assert ("CONFIDENTIAL_RECORD_READ", "user:vetting_officer-p23") in codes
    denial = next(payload for code, _a, payload in logged if code == "PERMISSION_DENIED")
    assert record in denial and "سابقه" not in denial


WHOLE_TEHRAN = os.environ.get("ENTEKHAB_WHOLE_TEHRAN") == "1"
"""The whole Tehran sample (165 contests, about six minutes) is an opt-in: the suite runs the
same commands on the Sari sample (52 contests), which takes every path the Tehran one does."""

CLI_SAMPLES = [
    pytest.param("sari", "sari-1405", "CC-T02-01-1-01", 52, id="sari"),
    pytest.param(
        "tehran",
        "tehran-1405",
        "CC-TEHRAN",
        165,
        id="whole-tehran",
        marks=pytest.mark.skipif(
            not WHOLE_TEHRAN, reason="opt-in: ENTEKHAB_WHOLE_TEHRAN=1 (the suite runs Sari)"
        ),
    ),
]


@pytest.mark.parametrize(("kind", "election", "council", "lists"), CLI_SAMPLES)
def test_a_whole_sample_through_the_cli(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    election: str,
    council: str,
    lists: int,
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ENTEKHAB_CONFIDENTIAL_KEY", KEY_HEX)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            cli_app, ["sim", "candidate-history", "--kind", kind, "--database-url", url]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert f"{lists} lists published" in result.output
    out = tmp_path / "council.csv"
    done = CliRunner().invoke(
        cli_app,
        ["candidates", "export", election, council, "--out", str(out), "--database-url", url],
    )
    assert done.exit_code == 0, done.output
    assert out.read_text("utf-8").startswith("ballot_code,")


PASSWORD = "a long enough passphrase 1405"


def _account(url: str, name: str, role: Role, place: str, who: int) -> pyotp.TOTP | None:
    with UnitOfWorkFactory(make_engine(url))() as uow:
        secret = add_user(
            uow, username=name, full_name=name, role=role, jurisdiction=place,
            national_code=person(who), password=PASSWORD, actor="operator:test",
        ).totp_secret  # fmt: skip
    return pyotp.TOTP(secret) if secret else None


def test_the_office_commands_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One Experts candidate of the tiny sample through every command, each signed in as the
    official whose duty it is, from registration to the exported list; a bad application, and
    a step by the wrong official, are coded refusals."""
    history = make_history(make_election("tiny", 1405), 1405)
    d = history.base
    url = f"sqlite:///{tmp_path / 'office.db'}"
    base = tmp_path / "base.json"
    write_definition(d, base)
    monkeypatch.setenv("ENTEKHAB_CONFIDENTIAL_KEY", KEY_HEX)
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(user: str, *args: str) -> Any:
        codes = totps.get(user)
        who = ["--user", user, *(["--totp", codes.now()] if codes else []), "--password-stdin"]
        return runner.invoke(cli_app, [*args, *who, "--database-url", url], input=PASSWORD + "\n")

    def run(user: str | None, *args: str) -> str:
        if user is None:
            result = runner.invoke(cli_app, [*args, "--database-url", url])
        else:
            result = invoke(user, *args)
        assert result.exit_code == 0, (args, result.output, result.exception)
        return str(result.output)

    def at(day: Any, hour: int = 10) -> str:
        return phase_instant(d, day, hour)().isoformat()

    try:
        run(None, "definition", "load", str(base))
        province = d.contest_by_code["EXPERTS-P20"].constituency[0]
        totps = {
            name: _account(url, name, role, place, i)
            for i, (name, role, place) in enumerate(
                (
                    ("officer", Role.PROVINCE_OFFICER, province),
                    ("vetter", Role.VETTING_OFFICER, province),
                    ("board1", Role.EXECUTIVE_BOARD, province),
                    ("board2", Role.EXECUTIVE_BOARD, province),
                    ("council-sup", Role.SUPERVISOR, province),
                    ("experts-sup", Role.EXPERTS_SUPERVISOR, province),
                    ("hq", Role.HQ_ADMIN, "country"),
                ),
                start=1,
            )
        }
        import_registry(UnitOfWorkFactory(make_engine(url)), history.citizens)
        sample, app_ = next((s, a) for s, a in history.applications if a.contest == "EXPERTS-P20")
        (tmp_path / "photo.png").write_bytes(app_.photo)
        item = {
            "contest": app_.contest,
            "national_code": app_.national_code,
            "given_name_fa": app_.given_name_fa,
            "family_name_fa": app_.family_name_fa,
            "birth_date": app_.birth_date.isoformat(),
            "education": app_.education,
            "occupation": app_.occupation,
            "photo": "photo.png",
        }
        form = tmp_path / "application.json"
        form.write_text(json.dumps(item, ensure_ascii=False), "utf-8")
        cal = d.calendar
        early = invoke("officer", "candidates", "register", d.id, str(form), "--at",
                       at(cal.vetting.first_day))  # fmt: skip
        assert early.exit_code != 0 and early.exception.code == "PHASE_NOT_OPEN"  # type: ignore[union-attr]
        out = run(
            "officer",
            "candidates",
            "register",
            d.id,
            str(form),
            "--at",
            at(cal.registration.first_day),
        )
        number = out.split()[0]
        assert number.startswith("R")
        sent = run(
            "vetter", "candidates", "inquire", d.id, number, "--at", at(cal.vetting.first_day)
        )
        ids = [arg for line in sent.strip().splitlines() for arg in ("--inquiry", line.split()[0])]
        run("vetter", "candidates", "answer", d.id, number, *ids, "--text", "سابقه‌ای یافت نشد.")
        q = cal.qualification.first_day
        run("board1", "candidates", "decide", d.id, number, "--qualified", "--at", at(q))
        wrong = invoke("council-sup", "candidates", "review", d.id, number, "--qualified",
                       "--at", at(q + timedelta(days=1)))  # fmt: skip
        assert wrong.exception.code == "WRONG_SUPERVISING_BODY"  # type: ignore[union-attr]
        not_theirs = invoke("officer", "candidates", "review", d.id, number, "--qualified",
                            "--at", at(q + timedelta(days=1)))  # fmt: skip
        assert not_theirs.exception.code == "ROLE_NOT_ALLOWED"  # type: ignore[union-attr]
        run("experts-sup", "candidates", "review", d.id, number, "--qualified",
            "--at", at(q + timedelta(days=1)))  # fmt: skip
        assert "qualified" in run(None, "candidates", "list", d.id, "EXPERTS-P20")
        run("board2", "candidates", "draw", d.id, "EXPERTS-P20", "--nonce", "ceremony-1405")
        assert "definition now" in run("hq", "candidates", "publish", d.id, "EXPERTS-P20")
        for suffix in ("json", "csv", "html", "pdf"):
            target = tmp_path / f"list.{suffix}"
            run(None, "candidates", "export", d.id, "EXPERTS-P20", "--out", str(target))
            assert target.stat().st_size > 0
        assert target.read_bytes().startswith(b"%PDF")
        report = json.loads((tmp_path / "list.json").read_text("utf-8"))
        assert report["Election"][0]["Candidate"][0]["@id"] == "cand-EXPERTS-P20-101"
        run(None, "candidates", "info", d.id, "--out", str(tmp_path / "info.html"))
        assert "قاعده استعفا" in (tmp_path / "info.html").read_text("utf-8")
        assert sample
    finally:
        get_settings.cache_clear()
