"""End to end at the service level: bulletins of a tiny election → totals → certified →
published → exported (ERR JSON, CSV, CVR JSON)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.service.counting.exports import contest_csv, cvr_report, err_report
from entekhab.service.counting.reporting import record_branch_not_counted
from entekhab.service.counting.results import published_result
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import setup_tiny_election

NOW = datetime(2026, 6, 19, 8, 0, tzinfo=UTC)
NONCE = "c0ffee" * 6


def test_a_tiny_election_is_counted_certified_published_and_exported(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tiny = setup_tiny_election(uow_factory)
    keys = tiny.keys.directory()
    sent = [
        tiny.bulletin("B1", "CT1", blank=10, candidate_votes={"101": 80, "102": 70, "103": 20}),
        tiny.bulletin("B2", "CT1", candidate_votes={"101": 30, "104": 75, "105": 10}),
        tiny.bulletin("B1", "AE", candidate_votes={"501": 60, "502": 40}),
        tiny.bulletin("B3", "AE", candidate_votes={"501": 10, "502": 70}),
        tiny.bulletin("B1", "PR1", list_votes={"L1": 50, "L2": 30}, candidate_votes={"305": 20}),
    ]
    for bulletin in sent:
        receive_bulletin(uow_factory, tiny.sign(bulletin), actor="station", keys=keys, now=NOW)

    e = tiny.definition.id
    with pytest.raises(EntekhabError):
        published_result(uow_factory, e, "CT1")
    # B2 never reported for AE: the board records it as not counted, with its reason.
    record_branch_not_counted(
        uow_factory,
        e,
        "AE",
        "B2",
        reason="box destroyed in transit",
        actor="user:exec",
        now=NOW,
        role="executive_board",
    )
    for contest in ("CT1", "AE"):
        cert.approve(
            uow_factory,
            e,
            contest,
            actor="user:exec",
            role="executive_board",
            reason="all branches in",
            ceremony_nonce=NONCE,
        )
        cert.confirm(uow_factory, e, contest, actor="user:sup", role="supervisor", reason="ok")
        cert.publish(uow_factory, e, contest, actor="user:hq", role="hq_admin", reason="go")

    public = published_result(uow_factory, e, "CT1")
    assert public["label"] == "official"
    assert public["outcome"]["elected"] == ["101", "104", "102"]
    assert public["outcome"]["totals"]["candidates"]["101"] == 110

    report = err_report(uow_factory, e, generated=NOW)
    json.dumps(report)  # JSON-ready
    assert report["Status"] == "certified"
    contests = {c["@id"]: c for c in report["Election"][0]["Contest"]}
    assert set(contests) == {"contest-CT1", "contest-AE"}  # PR1 is not published
    ae = contests["contest-AE"]
    by_candidate = {
        s["@id"]: {v["GpUnitId"]: v["Count"] for v in s["VoteCounts"]}
        for s in ae["ContestSelection"]
    }
    assert by_candidate["cs-AE-502"]["gpu-P1"] == 110
    assert by_candidate["cs-AE-502"]["gpu-V1"] == 70
    assert ae["x-entekhab"]["label"] == "official"

    rows = list(csv.DictReader(io.StringIO(contest_csv(uow_factory, e, "AE"))))
    county = {
        r["code"]: int(r["value"]) for r in rows if r["area"] == "C1" and r["kind"] == "candidate"
    }
    assert county == {"501": 70, "502": 110}
    assert {r["label"] for r in rows} == {"official"}
    with pytest.raises(EntekhabError) as unpublished:
        contest_csv(uow_factory, e, "PR1")
    assert unpublished.value.code == "RESULT_NOT_PUBLISHED"

    records = [
        BallotRecord(
            ballot_id=f"{i:032x}",
            election_id=e,
            branch="B1",
            ballot_style="S-CITY",
            hour="2026-06-18T09",
            selections=(
                ContestSelection(contest="CT1", candidates=("101", "102")),
                ContestSelection(contest="PR1", list_code="L1"),
                ContestSelection(contest="AE"),
            ),
        )
        for i in (3, 1, 2)
    ]
    cvr = cvr_report(tiny.definition, records, generated=NOW)
    assert [c["UniqueId"] for c in cvr["CVR"]] == [f"{i:032x}" for i in (1, 2, 3)]
    first = cvr["CVR"][0]["CVRSnapshot"][0]["CVRContest"]
    assert [len(c["CVRContestSelection"]) for c in first] == [2, 1, 0]
    assert "2026-06-18T09" not in json.dumps(cvr)  # no hour leaves in the records
