"""Provisional check-ins reconciled after the link comes back, their ballots arriving with the
branch's closing (counted, or held under their incident), and the board's decision on held
ballots — through the service layer on SQLite and PostgreSQL, and once over real HTTP."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from entekhab.domain.access import Role
from entekhab.domain.ballot import BallotRecord
from entekhab.errors import EntekhabError
from entekhab.service.election_day.ballots import branch_root
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.closing import close_branch
from entekhab.service.election_day.held_ballots import decide_held_ballot, held_ballots
from entekhab.service.election_day.provisional import ProvisionalItem, reconcile_provisional
from entekhab.service.election_day.stations import StationInfo
from entekhab.store.tables.election_day import BallotRecordRow, IncidentRow, Participation
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user
from tests.closing_support import closing, closing_body, enrol_head
from tests.election_day_support import NOW, POLLING_DAY, add_citizens, enrol, load_election
from tests.http_support import StationClient, running_server
from tests.provisional_support import (
    counts_with_events,
    item_json,
    provisional_ballot,
    provisional_item,
)


def _open_day(uow_factory: UnitOfWorkFactory, policy: str) -> dict[str, Any]:
    digest = load_election(uow_factory, policy)
    stations: dict[str, Any] = {"digest": digest, "policy": policy}
    for seed, branch in enumerate(("B1", "B2", "B3"), start=1):
        kp, info = enrol(uow_factory, branch, seed)
        open_branch(uow_factory, info, opened_by="head", definition_hash=digest, now=NOW)
        stations[branch] = info
        stations[f"{branch}-keys"] = (kp, enrol_head(uow_factory, branch))
    return stations


def close(
    uow_factory,
    day,
    branch: str,
    counted: list[BallotRecord],
    held: list[tuple[int, BallotRecord]] = (),
    voters: int | None = None,
):
    """Close ``branch`` as its station would: the counted ballots and the held ones at once."""
    kp, head = day[f"{branch}-keys"]
    upload = closing(
        day["digest"],
        branch,
        counted,
        station_key=kp,
        head=head,
        held=held,
        voters_checked_in=voters,
        offline_policy=day["policy"],
    )
    return close_branch(uow_factory, day[branch], upload, now=NOW)


@pytest.fixture
def day(uow_factory: UnitOfWorkFactory) -> dict[str, StationInfo]:
    return _open_day(uow_factory, "provisional")


def reconcile(uow_factory, station, *items: ProvisionalItem) -> list[dict[str, Any]]:
    return reconcile_provisional(uow_factory, station, list(items), now=NOW)["results"]


def refused(uow_factory, code: str, call: Callable[[], object]) -> EntekhabError:
    before = counts_with_events(uow_factory)
    with pytest.raises(EntekhabError) as info:
        call()
    assert info.value.code == code, info.value.to_dict()
    assert counts_with_events(uow_factory) == before, "a refusal must write nothing"
    return info.value


def ballot_row(uow_factory, ballot_id: str) -> SimpleNamespace | None:
    with uow_factory() as uow:
        row = uow.session.get(BallotRecordRow, ballot_id)
        return row and SimpleNamespace(held=row.held, held_incident_id=row.held_incident_id)


def incident(uow_factory, incident_id: int) -> SimpleNamespace:
    with uow_factory() as uow:
        row = uow.session.get(IncidentRow, incident_id)
        assert row is not None
        return SimpleNamespace(id=row.id, kind=row.kind, branch=row.branch, details=row.details)


def test_a_provisional_voter_with_no_other_participation_is_accepted_and_counted(
    uow_factory, day
) -> None:
    [code] = add_citizens(uow_factory, 1)
    item = provisional_item(code)
    [result] = reconcile(uow_factory, day["B1"], item)
    assert result == {
        "provisional_id": item.provisional_id,
        "status": "accepted",
        "incident_id": None,
        "error": None,
    }
    with uow_factory() as uow:
        p = uow.session.get(Participation, ("E7", code))
        assert (p.branch, p.hour, p.provisional, p.provisional_ref) == ("B1", item.hour, True, None)
        assert uow.session.scalars(select(IncidentRow)).all() == []
    assert branch_root(uow_factory, "E7", "B1")[0] == 0, "the ballot stays in the station"
    ballot = provisional_ballot("B1")
    close(uow_factory, day, "B1", [ballot])
    row = ballot_row(uow_factory, ballot.ballot_id)
    assert row is not None and not row.held and row.held_incident_id is None
    assert branch_root(uow_factory, "E7", "B1")[0] == 1
    # The person is now a participant: an online check-in elsewhere is ALREADY_VOTED.
    with pytest.raises(EntekhabError) as info:
        check_in(uow_factory, day["B2"], CheckInRequest(code, "S", "match"), now=NOW)
    assert info.value.details["first_branch"] == "B1"


def test_a_voter_who_also_voted_elsewhere_is_held_with_both_records(uow_factory, day) -> None:
    [code] = add_citizens(uow_factory, 1, seed=2)
    check_in(uow_factory, day["B2"], CheckInRequest(code, "S", "match"), now=NOW)
    item = provisional_item(code)
    [result] = reconcile(uow_factory, day["B1"], item)
    assert result["status"] == "held" and "ballot_id" not in result
    assert result["error"]["code"] == "ALREADY_VOTED"
    assert result["error"]["details"]["first_branch"] == "B2"
    held = incident(uow_factory, result["incident_id"])
    assert held.kind == "PROVISIONAL_DUPLICATE" and held.branch == "B1"
    assert held.details["national_code"] == code
    assert held.details["first"] == {"branch": "B2", "hour": "2026-06-18T07", "provisional": False}
    assert held.details["second"]["branch"] == "B1" and held.details["second"]["ballot"] == "held"
    assert [h["ballot"] for h in held_ballots(uow_factory, "E7")] == ["at_station"]
    ballot = provisional_ballot("B1")
    close(uow_factory, day, "B1", [], held=[(held.id, ballot)])
    row = ballot_row(uow_factory, ballot.ballot_id)
    assert row.held and row.held_incident_id == held.id
    assert [h["ballot"] for h in held_ballots(uow_factory, "E7")] == ["held"]
    assert branch_root(uow_factory, "E7", "B1")[0] == 0, "a held ballot is not counted"
    with uow_factory() as uow:
        assert uow.session.get(Participation, ("E7", code)).branch == "B2"


def test_twice_provisionally_the_second_is_held(uow_factory, day) -> None:
    a, b = add_citizens(uow_factory, 2, seed=3)
    first, again = provisional_item(a), provisional_item(a)
    other = provisional_item(b)
    results = reconcile(uow_factory, day["B1"], first, other, again)
    assert [r["status"] for r in results] == ["accepted", "accepted", "held"]
    assert results[2]["error"]["details"]["first_branch"] == "B1"
    # And at another branch's station, reconciled later: held too.
    [later] = reconcile(uow_factory, day["B2"], provisional_item(b))
    assert later["status"] == "held"
    assert incident(uow_factory, later["incident_id"]).details["first"]["provisional"] is True
    with uow_factory() as uow:
        assert {p.national_code: p.branch for p in uow.session.scalars(select(Participation))} == {
            a: "B1",
            b: "B1",
        }


def test_an_ineligible_provisional_voter_is_held_not_refused(uow_factory, day) -> None:
    [minor] = add_citizens(uow_factory, 1, seed=4, birth=POLLING_DAY - timedelta(days=365 * 18 - 3))
    [newcomer] = add_citizens(uow_factory, 1, seed=5, division="S", since=date(2025, 12, 1))
    results = reconcile(
        uow_factory,
        day["B1"],
        provisional_item(minor),
        provisional_item("0012345679", cast=False),  # valid code, not in the registry
    )
    assert [r["status"] for r in results] == ["held", "held"]
    assert [r["error"]["code"] for r in results] == ["UNDER_AGE", "CITIZEN_UNKNOWN"]
    assert incident(uow_factory, results[1]["incident_id"]).details["second"]["ballot"] == "none"
    [b3] = reconcile(uow_factory, day["B3"], provisional_item(newcomer))
    assert b3["error"]["code"] == "NOT_ENTITLED"
    kinds = {incident(uow_factory, r["incident_id"]).kind for r in [*results, b3]}
    assert kinds == {"PROVISIONAL_NOT_ELIGIBLE"}
    with uow_factory() as uow:
        assert uow.session.scalars(select(Participation)).all() == []


def test_an_identity_override_offline_is_an_incident(uow_factory, day) -> None:
    [code] = add_citizens(uow_factory, 1, seed=6)
    item = provisional_item(code, fingerprint="no_match", override_reason="photo checked")
    [result] = reconcile(uow_factory, day["B1"], item)
    assert result["status"] == "accepted"
    with uow_factory() as uow:
        [row] = uow.session.scalars(select(IncidentRow)).all()
        assert row.kind == "IDENTITY_OVERRIDE" and row.details["provisional"] is True


def test_resending_returns_the_earlier_results_and_writes_nothing(uow_factory, day) -> None:
    a, b, c = add_citizens(uow_factory, 3, seed=7)
    check_in(uow_factory, day["B2"], CheckInRequest(b, "S", "match"), now=NOW)
    items = [provisional_item(a), provisional_item(b)]
    first = reconcile(uow_factory, day["B1"], *items)
    before = counts_with_events(uow_factory)
    assert reconcile(uow_factory, day["B1"], *items) == first
    assert counts_with_events(uow_factory) == before
    # A new batch with an old item: the old one is replayed, the new one reconciled.
    fresh = provisional_item(c)
    mixed = reconcile(uow_factory, day["B1"], items[1], fresh)
    assert mixed[0] == first[1] and mixed[1]["status"] == "accepted"
    # The same provisional id with other content is refused, and nothing is written.
    changed = provisional_item(a, provisional_id=items[0].provisional_id, card_serial="SER2")
    refused(
        uow_factory, "IDEMPOTENCY_KEY_REUSED", lambda: reconcile(uow_factory, day["B1"], changed)
    )


def test_refuse_policy_refuses_provisional_uploads(uow_factory) -> None:
    stations = _open_day(uow_factory, "refuse")
    [code] = add_citizens(uow_factory, 1, seed=8)
    error = refused(
        uow_factory,
        "PROVISIONAL_NOT_ALLOWED",
        lambda: reconcile(uow_factory, stations["B1"], provisional_item(code)),
    )
    assert error.status == 409 and error.details["policy"] == "refuse"


def test_bad_batches_are_refused_whole_and_write_nothing(uow_factory, day) -> None:
    [code, other] = add_citizens(uow_factory, 2, seed=9)
    b1 = day["B1"]
    stored = provisional_item(other)
    reconcile(uow_factory, b1, stored)

    def bad(code_expected: str, *items: ProvisionalItem) -> None:
        good = provisional_item(code)
        refused(uow_factory, code_expected, lambda: reconcile(uow_factory, b1, good, *items))

    bad("INVALID_NATIONAL_CODE", provisional_item("0012345678"))
    bad("IDENTITY_NOT_VERIFIED", provisional_item(code, fingerprint="no_match"))
    twin = provisional_item(code)
    bad("PROVISIONAL_ITEM_INVALID", twin, twin)
    close(uow_factory, day, "B1", [provisional_ballot("B1")])
    refused(
        uow_factory, "BRANCH_CLOSED", lambda: reconcile(uow_factory, b1, provisional_item(code))
    )


def test_a_held_ballot_must_name_a_held_incident_of_the_branch(uow_factory, day) -> None:
    ballot, result = _held(uow_factory, day, seed=15)
    [none] = reconcile(uow_factory, day["B1"], provisional_item("0012345679", cast=False))
    kp, head = day["B1-keys"]

    def bad_close(held, reason: str) -> None:
        up = closing(
            day["digest"],
            "B1",
            [],
            station_key=kp,
            head=head,
            held=held,
            offline_policy="provisional",
        )
        error = refused(
            uow_factory,
            "CLOSING_HELD_BALLOT_INVALID",
            lambda: close_branch(uow_factory, day["B1"], up, now=NOW),
        )
        assert error.details["reason"] == reason

    incident_id = result["incident_id"]
    other = provisional_ballot("B1")
    bad_close([(none["incident_id"], other)], "no ballot was cast under this incident")
    bad_close([(incident_id, ballot), (incident_id, other)], "incident named twice")
    bad_close(
        [(incident_id, ballot.model_copy(update={"provisional": False}))],
        "ballot not marked provisional",
    )
    bad_close([(10_000, ballot)], "not a provisional incident of this branch")
    close(uow_factory, day, "B1", [], held=[(incident_id, ballot)], voters=0)


def _held(uow_factory, day, seed: int) -> tuple[BallotRecord, dict[str, Any]]:
    """A provisional voter of B1 who had voted at B2: the result, and the ballot B1 keeps."""
    [code] = add_citizens(uow_factory, 1, seed=seed)
    check_in(uow_factory, day["B2"], CheckInRequest(code, "S", "match"), now=NOW)
    item = provisional_item(code)
    [result] = reconcile(uow_factory, day["B1"], item)
    assert result["status"] == "held"
    return provisional_ballot("B1"), result


def _held_and_closed(uow_factory, day, seed: int) -> tuple[str, dict[str, Any]]:
    ballot, result = _held(uow_factory, day, seed)
    close(uow_factory, day, "B1", [], held=[(result["incident_id"], ballot)], voters=0)
    return ballot.ballot_id, result


def decide(uow_factory, incident_id: int, decision: str, branch: str = "B1") -> dict[str, Any]:
    return decide_held_ballot(
        uow_factory,
        "E7",
        branch,
        incident_id,
        decision=decision,
        reason="the board heard both branches",
        actor="user:board",
        role="executive_board",
        now=NOW,
    )


def test_the_board_counts_a_held_ballot_and_the_link_is_cut(uow_factory, day) -> None:
    ballot_id, result = _held_and_closed(uow_factory, day, seed=10)
    incident_id = result["incident_id"]
    assert [h["ballot"] for h in held_ballots(uow_factory, "E7")] == ["held"]
    decided = decide(uow_factory, incident_id, "count")
    assert decided["ballot"] == "counted" and decided["details"]["decision"]["outcome"] == "count"
    row = ballot_row(uow_factory, ballot_id)
    assert not row.held and row.held_incident_id is None
    assert branch_root(uow_factory, "E7", "B1")[0] == 1
    assert [h["ballot"] for h in held_ballots(uow_factory, "E7")] == ["counted"]
    with uow_factory() as uow:
        event = uow.session.scalars(
            select(EventLogEntry).where(EventLogEntry.code == "HELD_BALLOT_COUNTED")
        ).one()
        assert ballot_id not in event.payload and str(incident_id) in event.payload
    refused(uow_factory, "HELD_BALLOT_DECIDED", lambda: decide(uow_factory, incident_id, "reject"))


def test_the_board_rejects_a_held_ballot(uow_factory, day) -> None:
    ballot_id, result = _held_and_closed(uow_factory, day, seed=11)
    decide(uow_factory, result["incident_id"], "reject")
    assert ballot_row(uow_factory, ballot_id) is None
    assert branch_root(uow_factory, "E7", "B1")[0] == 0
    assert [h["ballot"] for h in held_ballots(uow_factory, "E7")] == ["rejected"]


def test_deciding_what_is_not_held_is_refused_and_writes_nothing(uow_factory, day) -> None:
    _ballot, result = _held(uow_factory, day, seed=12)
    incident_id = result["incident_id"]
    [code] = add_citizens(uow_factory, 1, seed=13)
    [no_ballot] = reconcile(uow_factory, day["B1"], provisional_item("0012345679", cast=False))
    check_in(
        uow_factory, day["B1"], CheckInRequest(code, "S", "no_match", "reason"), now=NOW
    )  # override
    with uow_factory() as uow:
        override = uow.session.scalars(
            select(IncidentRow.id).where(IncidentRow.kind == "IDENTITY_OVERRIDE")
        ).one()
    for wrong in (
        lambda: decide(uow_factory, incident_id, "count", branch="B2"),  # not that branch
        lambda: decide(uow_factory, 10_000, "count"),
        lambda: decide(uow_factory, override, "count"),  # not a provisional incident
        lambda: decide(uow_factory, no_ballot["incident_id"], "count"),  # no ballot was cast
        lambda: decide(uow_factory, incident_id, "count"),  # still in the station (not closed)
    ):
        refused(uow_factory, "HELD_BALLOT_UNKNOWN", wrong)


def test_provisional_upload_and_board_decision_over_http(uow_factory) -> None:
    digest = load_election(uow_factory, "provisional")
    kp1, _ = enrol(uow_factory, "B1", 1)
    kp2, _ = enrol(uow_factory, "B2", 2)
    [accepted, duplicate] = add_citizens(uow_factory, 2, seed=14)
    board = mint_user(uow_factory, "board", Role.EXECUTIVE_BOARD, "country")
    agent = mint_user(uow_factory, "agent", Role.BRANCH_AGENT, "B1")
    with running_server(uow_factory) as url:
        s1, s2 = StationClient(url, kp1), StationClient(url, kp2)
        for client, branch in ((s1, "B1"), (s2, "B2")):
            opened = client.post(
                f"/api/v1/branches/{branch}/open", {"opened_by": "h", "definition_hash": digest}
            )
            assert opened.status_code == 200
        online = {"national_code": duplicate, "card_serial": "S", "fingerprint": "match"}
        assert s2.post("/api/v1/checkins", online).status_code == 201
        items = [provisional_item(accepted), provisional_item(duplicate)]
        body = {"items": [item_json(i) for i in items]}
        key = secrets.token_hex(16)
        first = s1.post("/api/v1/branches/B1/provisional", body, key=key)
        assert first.status_code == 200, first.text
        assert [r["status"] for r in first.json()["results"]] == ["accepted", "held"]
        again = s1.post("/api/v1/branches/B1/provisional", body, key=key)
        assert again.json() == first.json() and again.headers["x-entekhab-replayed"] == "true"
        wrong = s2.post("/api/v1/branches/B1/provisional", body)
        assert wrong.json()["error"]["code"] == "WRONG_BRANCH"
        incident_id = first.json()["results"][1]["incident_id"]
        counted, held = provisional_ballot("B1"), provisional_ballot("B1")
        upload = closing(
            digest,
            "B1",
            [counted],
            station_key=kp1,
            head=enrol_head(uow_factory, "B1"),
            held=[(incident_id, held)],
            offline_policy="provisional",
        )
        closed = s1.post("/api/v1/branches/B1/close", closing_body(upload))
        assert closed.status_code == 200, closed.text
        assert (closed.json()["ballots"], closed.json()["held"]) == (1, 1)
        http = s1.http
        path = f"/api/v1/elections/E7/branches/B1/held-ballots/{incident_id}/decision"
        decision = {"decision": "count", "reason": "first branch confirmed an error"}
        denied = http.post(path, json=decision, headers={"Authorization": f"Bearer {agent}"})
        assert denied.status_code == 403
        listed = http.get(
            "/api/v1/elections/E7/held-ballots", headers={"Authorization": f"Bearer {board}"}
        )
        assert [h["ballot"] for h in listed.json()] == ["held"]
        done = http.post(path, json=decision, headers={"Authorization": f"Bearer {board}"})
        assert done.status_code == 200, done.text
        assert done.json()["ballot"] == "counted"
        twice = http.post(path, json=decision, headers={"Authorization": f"Bearer {board}"})
        assert twice.json()["error"]["code"] == "HELD_BALLOT_DECIDED"
        s1.close()
        s2.close()
    assert branch_root(uow_factory, "E7", "B1")[0] == 2
