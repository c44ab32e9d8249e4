"""``entekhab plan`` commands that change state: roster and device imports, a handover, a site
assessment; a bad file is a coded refusal (exit 2) that writes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from entekhab.cli import app
from entekhab.domain.errors import EntekhabError
from entekhab.planning.readiness import default_checklist
from entekhab.service.bootstrap import open_database
from entekhab.service.definitions.loading import load_definition, read_definition_file
from entekhab.store.tables.planning import DeviceRow, RosterRow, SiteAssessmentRow

SARI = Path(__file__).resolve().parents[2] / "examples" / "sari.yaml"


def _coded(result: Result, code: str) -> None:
    """The command stopped on a coded error (``entekhab`` prints it and exits 2)."""
    assert isinstance(result.exception, EntekhabError), result.output
    assert result.exception.code == code


def _count(url: str, table: object) -> int:
    with open_database(url)() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_plan_imports_handover_and_assessment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    load_definition(open_database(url, migrate=True), read_definition_file(SARI), actor="t")
    run = CliRunner().invoke
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "branch,role,national_code,full_name,birth_date,education,conflict\n"
        "B02-00001,head,0012345679,مریم احمدی,1980-03-01,bachelor,\n"
        "B02-00001,agent,0000000019,علی رضایی,1990-03-01,diploma,برادر نامزد\n",
        encoding="utf-8",
    )
    ok = run(
        app,
        ["plan", "import-roster", str(roster), "--election", "sari-1405", "--database-url", url],
    )
    assert ok.exit_code == 0, ok.output
    again = tmp_path / "again.csv"
    again.write_text(
        "branch,role,national_code,full_name,birth_date,education,conflict\n"
        "B02-00002,head,0000000027,x y,1980-03-01,bachelor,\n"
        "B02-00002,agent,0012345679,مریم احمدی,1980-03-01,bachelor,\n",
        encoding="utf-8",
    )
    refused = run(
        app, ["plan", "import-roster", str(again), "--election", "sari-1405", "--database-url", url]
    )
    _coded(refused, "PLANNING_PERSON_DOUBLE_BOOKED")
    assert _count(url, RosterRow) == 2  # the file's first, good row was not written either

    devices = tmp_path / "devices.csv"
    devices.write_text("serial,kind,county,holder\nID-1,identity_device,C02-01,store\n")
    assert (
        run(
            app,
            [
                "plan",
                "import-devices",
                str(devices),
                "--election",
                "sari-1405",
                "--database-url",
                url,
            ],
        ).exit_code
        == 0
    )
    half = run(
        app,
        [
            "plan",
            "handover",
            "ID-1",
            "--giver",
            "store",
            "--receiver",
            "head",
            "--giver-signature",
            "g",
            "--receiver-signature",
            " ",
            "--database-url",
            url,
        ],
    )
    _coded(half, "PLANNING_CUSTODY_PARTY_MISSING")
    both = run(
        app,
        [
            "plan",
            "handover",
            "ID-1",
            "--giver",
            "store",
            "--receiver",
            "head",
            "--giver-signature",
            "g",
            "--receiver-signature",
            "r",
            "--database-url",
            url,
        ],
    )
    assert both.exit_code == 0, both.output
    with open_database(url)() as uow:
        device = uow.session.get(DeviceRow, "ID-1")
        assert device is not None and device.holder == "head"

    scores = ",".join(f"{i.code}=4" for i in default_checklist().items)
    made = run(
        app,
        [
            "plan",
            "assess",
            "B02-00001",
            "--election",
            "sari-1405",
            "--scores",
            scores,
            "--assessor",
            "A",
            "--database-url",
            url,
        ],
    )
    assert made.exit_code == 0, made.output
    unknown = run(
        app,
        [
            "plan",
            "assess",
            "B99",
            "--election",
            "sari-1405",
            "--scores",
            scores,
            "--assessor",
            "A",
            "--database-url",
            url,
        ],
    )
    _coded(unknown, "PLANNING_BRANCH_UNKNOWN")
    assert _count(url, SiteAssessmentRow) == 1

    zero = run(app, ["plan", "capacity", "--arrivals", "60", "--service", "0"])
    _coded(zero, "PLANNING_SERVICE_TIME_INVALID")
    calibration = run(app, ["plan", "capacity", "--arrivals", "60", "--service", "1.5"])
    assert "desks needed: 2" in calibration.output and "0.0229" in calibration.output
