"""Site readiness from the YAML checklist, the roll-up by area and the order of the work."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from entekhab.domain.definition_io import load_definition_text
from entekhab.domain.errors import EntekhabError
from entekhab.planning.readiness import (
    Readiness,
    SiteAssessment,
    assess_branch,
    default_checklist,
    load_checklist,
    roll_up,
    sensitivity_of,
    work_order,
)

SARI = Path(__file__).resolve().parents[3] / "examples" / "sari.yaml"
DAY = date(2026, 6, 18)
AT = datetime(2026, 6, 1, 9, tzinfo=UTC)


def _scores(**low: int) -> dict[str, int]:
    checklist = default_checklist()
    return {i.code: low.get(i.code, checklist.max_score) for i in checklist.items}


def test_the_shipped_checklist_covers_the_issue_items() -> None:
    codes = set(default_checklist().by_code)
    assert {
        "power",
        "backup_power",
        "fibre",
        "mobile_signal",
        "ground_floor",
        "ramp",
        "queue_space",
        "security",
        "heating_cooling",
    } <= codes


def test_status_from_the_latest_assessment() -> None:
    checklist = default_checklist()
    good = SiteAssessment("B1", AT, "a", _scores())
    assert assess_branch("B1", good, checklist, DAY).status == Readiness.READY
    ramp = SiteAssessment("B1", AT, "a", _scores(ramp=0))
    result = assess_branch("B1", ramp, checklist, DAY)
    assert result.status == Readiness.AT_RISK
    assert [(b.item, b.owner) for b in result.blockers] == [("ramp", "site_owner")]
    dark = SiteAssessment("B1", AT, "a", _scores(power=1))
    result = assess_branch("B1", dark, checklist, DAY, {("B1", "power"): ("Ali", date(2026, 6, 2))})
    assert result.status == Readiness.NOT_READY
    assert result.blockers[0].owner == "Ali"
    assert assess_branch("B1", None, checklist, DAY).status == Readiness.NOT_READY


def test_bad_assessments_and_checklists_are_refused() -> None:
    checklist = default_checklist()
    with pytest.raises(EntekhabError) as caught:
        SiteAssessment("B1", AT, "a", {**_scores(), "power": 9}).check(checklist)
    assert caught.value.code == "PLANNING_ASSESSMENT_INVALID"
    with pytest.raises(EntekhabError):
        SiteAssessment("B1", AT, "a", {"power": 4}).check(checklist)
    with pytest.raises(EntekhabError) as caught:
        load_checklist("version: 1\nmax_score: 4\nitems: []\n")
    assert caught.value.code == "PLANNING_CHECKLIST_INVALID"


def test_roll_up_takes_the_worst_branch_and_orders_work_by_sensitivity() -> None:
    definition = load_definition_text(SARI.read_bytes(), "yaml")
    checklist = default_checklist()
    a, b, c = definition.branches[:3]
    results = [
        assess_branch(a.code, SiteAssessment(a.code, AT, "x", _scores()), checklist, DAY),
        assess_branch(
            b.code, SiteAssessment(b.code, AT, "x", _scores(ramp=0)), checklist, DAY, sensitivity=1
        ),
        assess_branch(
            c.code,
            SiteAssessment(c.code, AT, "x", _scores(heating_cooling=0)),
            checklist,
            DAY,
            sensitivity=sensitivity_of(definition, c.code, {"C02-01": 3}, {}),
        ),
    ]
    areas = {x.code: x for x in roll_up(definition, results)}
    assert areas["P02"].status == Readiness.AT_RISK
    assert areas["C02-01"].counts == {"ready": 1, "at_risk": 2, "not_ready": 0}
    assert [x.kind for x in roll_up(definition, results)][:2] == ["province", "county"]
    assert [x.branch for x in work_order(results)] == [c.code, b.code]
