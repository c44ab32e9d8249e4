"""Done-when of issue 13: a county's full plan from the Sari sample with one command, the same
every time for the same seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from entekhab.cli import app

SARI = Path(__file__).resolve().parents[2] / "examples" / "sari.yaml"


def _plan(out: Path) -> dict[str, str]:
    result = CliRunner().invoke(
        app,
        [
            "plan",
            "county",
            "C02-01",
            "--definition",
            str(SARI),
            "--seed",
            "1405",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "mobile boxes:" in result.output and "readiness of C02-01" in result.output
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.csv"))}


@pytest.mark.slow
def test_sari_county_plan_in_one_command_is_reproducible(tmp_path: Path) -> None:
    first = _plan(tmp_path / "a")
    second = _plan(tmp_path / "b")
    assert first == second
    for table in (
        "readiness_areas.csv",
        "device_shortfall.csv",
        "network.csv",
        "mobile_boxes.csv",
        "equipment.csv",
        "roster.csv",
        "training_gaps.csv",
    ):
        assert len(first[table].splitlines()) > 1, table
    html = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "ساری" in html and "<svg" in html
    # A second run on the same database does not write the sample twice.
    again = _plan(tmp_path / "a")
    assert again == first
