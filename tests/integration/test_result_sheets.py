"""Result sheets (HTML and PDF, Persian) and the ``entekhab results`` command, on both back ends."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from entekhab.cli import app
from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.counting.reporting import record_branch_not_counted
from entekhab.service.counting.result_sheets import contest_sheet
from entekhab.store.tables.counting import ResultTotal
from entekhab.store.uow import UnitOfWorkFactory
from entekhab.web.sheets import html_to_pdf, render_bulletin_sheet, render_result_sheet
from tests.results_support import TinyElection, setup_tiny_election

NOW = datetime(2026, 6, 19, 8, 0, tzinfo=UTC)
NONCE = "5eed" * 8


def _counted(uow_factory: UnitOfWorkFactory) -> TinyElection:
    tiny = setup_tiny_election(uow_factory)
    keys = tiny.keys.directory()
    for bulletin in (
        tiny.bulletin("B1", "CT1", blank=10, candidate_votes={"101": 80, "102": 70, "103": 20}),
        tiny.bulletin("B2", "CT1", candidate_votes={"101": 30, "104": 75, "105": 10}),
        tiny.bulletin("B1", "PR1", list_votes={"L1": 50, "L2": 30}, candidate_votes={"305": 20}),
        tiny.bulletin("B1", "AE", candidate_votes={"501": 60, "502": 40}),
    ):
        receive_bulletin(uow_factory, tiny.sign(bulletin), actor="station", keys=keys, now=NOW)
    return tiny


def _publish(uow_factory: UnitOfWorkFactory, election: str, contest: str) -> None:
    cert.approve(
        uow_factory,
        election,
        contest,
        actor="user:exec",
        role="executive_board",
        reason="all in",
        ceremony_nonce=NONCE,
    )
    cert.confirm(uow_factory, election, contest, actor="user:sup", role="supervisor", reason="ok")
    cert.publish(uow_factory, election, contest, actor="user:hq", role="hq_admin", reason="go")


def test_unofficial_sheet_is_labelled_and_public_side_refuses_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = _counted(uow_factory)
    with pytest.raises(EntekhabError) as refused:
        contest_sheet(uow_factory, tiny.definition.id, "CT1", generated_at=NOW)
    assert refused.value.code == "RESULT_NOT_PUBLISHED"

    sheet = contest_sheet(
        uow_factory, tiny.definition.id, "CT1", generated_at=NOW, published_only=False
    )
    assert sheet.label == "unofficial" and sheet.allocation is None
    html = render_result_sheet(sheet)
    assert 'dir="rtl"' in html and "نتیجه غیررسمی" in html and "UNOFFICIAL" in html
    assert "نتیجه رسمی" not in html
    assert "۱۴۰۵/۰۳/۲۸" in html  # the polling day, Jalali, Persian digits
    assert "۱۱۰" in html  # 80 + 30 votes for 101


def test_published_sheet_shows_elected_alternates_and_the_working(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = _counted(uow_factory)
    e = tiny.definition.id
    record_branch_not_counted(
        uow_factory,
        e,
        "PR1",
        "B2",
        reason="records lost",
        actor="user:exec",
        now=NOW,
        role="executive_board",
    )
    for contest in ("CT1", "PR1"):
        _publish(uow_factory, e, contest)
    sheet = contest_sheet(uow_factory, e, "CT1", generated_at=NOW)
    assert sheet.label == "official"
    outcome = {c.code: (c.outcome, c.rank) for c in sheet.candidates}
    assert outcome["101"] == ("elected", 1)
    assert outcome["104"] == ("elected", 2)
    assert outcome["102"] == ("elected", 3)
    assert outcome["103"][0] == "alternate"
    html = render_result_sheet(sheet)
    assert "نتیجه رسمی" in html and "منتخب" in html and "علی‌البدل" in html
    assert NONCE in html and sheet.certification.bulletins_root in html

    pr = contest_sheet(uow_factory, e, "PR1", generated_at=NOW)
    assert sum(line.seats or 0 for line in pr.lists) <= pr.seats
    pr_html = render_result_sheet(pr)
    assert "فهرست ۱" in pr_html and 'class="chart"' in pr_html

    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000


def test_bulletin_sheet_has_qr_and_digest(uow_factory: UnitOfWorkFactory) -> None:
    tiny = setup_tiny_election(uow_factory)
    signed = tiny.sign(tiny.bulletin("B1", "PR1", list_votes={"L1": 60}, blank=40))
    html = render_bulletin_sheet(signed, tiny.definition)
    assert signed.bulletin.digest() in html and "<svg" in html
    assert "فهرست ۱" in html and "۶۰" in html


def test_results_cli_exports_and_sheets(
    uow_factory: UnitOfWorkFactory, database_url: str, tmp_path: Path
) -> None:
    tiny = _counted(uow_factory)
    e = tiny.definition.id
    runner = CliRunner()
    env = {"ENTEKHAB_DATABASE_URL": database_url}

    # Nothing is published: the public export is refused with a coded error, no file written.
    refused = runner.invoke(
        app,
        ["results", "export", "--election", e, "--format", "err", "--out", str(tmp_path / "x")],
        env=env,
    )
    assert refused.exit_code != 0 and not (tmp_path / "x").exists()

    _publish(uow_factory, e, "CT1")
    ok = runner.invoke(
        app,
        [
            "results",
            "export",
            "--election",
            e,
            "--format",
            "err",
            "--out",
            str(tmp_path / "err.json"),
        ],
        env=env,
    )
    assert ok.exit_code == 0, ok.output
    report = json.loads((tmp_path / "err.json").read_text(encoding="utf-8"))
    assert [c["@id"] for c in report["Election"][0]["Contest"]] == ["contest-CT1"]

    ok = runner.invoke(
        app,
        [
            "results",
            "export",
            "--election",
            e,
            "--format",
            "csv",
            "--contest",
            "CT1",
            "--out",
            str(tmp_path / "csv"),
        ],
        env=env,
    )
    assert ok.exit_code == 0, ok.output
    rows = list(csv.DictReader((tmp_path / "csv" / f"{e}-CT1.csv").open(encoding="utf-8")))
    assert {r["label"] for r in rows} == {"official"}

    ok = runner.invoke(
        app,
        [
            "results",
            "sheet",
            "--election",
            e,
            "--contest",
            "CT1",
            "--out",
            str(tmp_path / "s.html"),
        ],
        env=env,
    )
    assert ok.exit_code == 0, ok.output
    assert "نتیجه رسمی" in (tmp_path / "s.html").read_text(encoding="utf-8")


def test_bulletin_sheet_cli_refuses_a_broken_file_and_writes_nothing(
    uow_factory: UnitOfWorkFactory, database_url: str, tmp_path: Path
) -> None:
    setup_tiny_election(uow_factory)
    broken = tmp_path / "b.json"
    broken.write_text("{not json", encoding="utf-8")
    with uow_factory() as uow:
        before = uow.session.scalar(select(func.count()).select_from(ResultTotal))
    result = CliRunner().invoke(
        app,
        ["results", "bulletin-sheet", str(broken), "--out", str(tmp_path / "out.html")],
        env={"ENTEKHAB_DATABASE_URL": database_url},
    )
    assert result.exit_code != 0
    assert not (tmp_path / "out.html").exists()
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ResultTotal)) == before


def test_public_sheet_and_export_routes_serve_published_results_only(
    uow_factory: UnitOfWorkFactory,
) -> None:
    from fastapi.testclient import TestClient

    from entekhab.api.app import create_app
    from entekhab.settings import Settings

    tiny = _counted(uow_factory)
    e = tiny.definition.id
    client = TestClient(create_app(Settings(), uow_factory))
    for url in (
        f"/api/v1/public/results/{e}/CT1/sheet",
        f"/api/v1/public/results/{e}/CT1/sheet.pdf",
        f"/api/v1/public/results/{e}/CT1/csv",
        f"/api/v1/public/exports/{e}/err",
    ):
        refused = client.get(url)
        assert refused.status_code == 404, url
        assert refused.json()["error"]["code"] == "RESULT_NOT_PUBLISHED"
    assert client.get(f"/api/v1/results/{e}/CT1/sheet").status_code == 401

    _publish(uow_factory, e, "CT1")
    html = client.get(f"/api/v1/public/results/{e}/CT1/sheet")
    assert html.status_code == 200 and "نتیجه رسمی" in html.text
    assert html.headers["content-type"].startswith("text/html")
    pdf = client.get(f"/api/v1/public/results/{e}/CT1/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "official" in client.get(f"/api/v1/public/results/{e}/CT1/csv").text
    err = client.get(f"/api/v1/public/exports/{e}/err").json()
    assert [c["@id"] for c in err["Election"][0]["Contest"]] == ["contest-CT1"]
