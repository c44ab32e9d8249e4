"""Receiving branch bulletins: every refusal is coded, recorded, and changes no totals."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from entekhab.domain.results import SignedBulletin
from entekhab.errors import EntekhabError
from entekhab.service.counting.aggregation import area_totals, reporting_progress
from entekhab.service.counting.bulletins import receive_bulletin, revoke_head_key
from entekhab.store.tables.counting import BulletinRow, RejectedBulletin, ResultTotal
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import TinyElection, keypair, setup_tiny_election


@pytest.fixture
def tiny(uow_factory: UnitOfWorkFactory) -> TinyElection:
    return setup_tiny_election(uow_factory)


def _receive(tiny: TinyElection, payload: Any) -> Any:
    return receive_bulletin(
        tiny.uow_factory, payload, actor="station:test", keys=tiny.keys.directory()
    )


def _totals(tiny: TinyElection) -> list[tuple[Any, ...]]:
    with tiny.uow_factory() as uow:
        rows = uow.session.execute(select(ResultTotal)).scalars().all()
        counted = uow.session.scalars(select(BulletinRow.digest)).all()
        return sorted(
            [(r.contest, r.level, r.area, r.kind, r.code, r.value) for r in rows]
        ) + sorted((d,) for d in counted)


def _rejections(tiny: TinyElection) -> list[str]:
    """Codes of the recorded refusals; each has its BULLETIN_REJECTED event in the log."""
    with tiny.uow_factory() as uow:
        codes = list(uow.session.scalars(select(RejectedBulletin.code)).all())
        logged = uow.session.scalars(
            select(EventLogEntry.payload).where(EventLogEntry.code == "BULLETIN_REJECTED")
        ).all()
    assert sorted(json.loads(p)["code"] for p in logged) == sorted(codes)
    return codes


def _accept_first(tiny: TinyElection) -> SignedBulletin:
    signed = tiny.sign(tiny.bulletin("B1", "CT1", candidate_votes={"101": 60, "102": 40}))
    _receive(tiny, signed)
    return signed


def test_an_accepted_bulletin_adds_to_every_level_of_the_rollup(tiny: TinyElection) -> None:
    receipt = _receive(
        tiny,
        tiny.sign(tiny.bulletin("B1", "CT1", blank=5, candidate_votes={"101": 60, "102": 90})),
    )
    assert receipt.status == "accepted" and receipt.label == "unofficial"
    _receive(tiny, tiny.sign(tiny.bulletin("B2", "CT1", candidate_votes={"101": 7})))
    with tiny.uow_factory() as uow:
        contest = area_totals(uow.session, tiny.definition.id, "CT1")
        county = area_totals(uow.session, tiny.definition.id, "CT1", "county", "C1")
        branch = area_totals(uow.session, tiny.definition.id, "CT1", "branch", "B2")
        progress = reporting_progress(uow.session, tiny.definition, "CT1")
    assert contest.candidates == {"101": 67, "102": 90}
    assert county.candidates == contest.candidates
    assert branch.candidates == {"101": 7}
    assert contest.meta["ballots_cast"] == 200 and contest.meta["blank"] == 5
    assert (progress.branches_reported, progress.branches_expected) == (2, 2)
    assert (progress.voters_reported, progress.voters_expected) == (900, 900)


def test_a_retry_of_the_same_bulletin_counts_once(tiny: TinyElection) -> None:
    signed = _accept_first(tiny)
    before = _totals(tiny)
    assert _receive(tiny, signed).status == "already_accepted"
    assert _totals(tiny) == before


def test_a_correction_replaces_the_superseded_bulletin(tiny: TinyElection) -> None:
    first = _accept_first(tiny)
    correction = tiny.bulletin(
        "B1",
        "CT1",
        candidate_votes={"101": 50, "103": 30},
        supersedes=first.bulletin.digest(),
        correction_reason="recount ordered by the board",
    )
    assert _receive(tiny, tiny.sign(correction)).status == "corrected"
    with tiny.uow_factory() as uow:
        totals = area_totals(uow.session, tiny.definition.id, "CT1", "city", "T1")
        kept = uow.session.scalars(select(BulletinRow.digest)).all()
    assert {k: v for k, v in totals.candidates.items() if v} == {"101": 50, "103": 30}
    assert totals.meta["branches_reported"] == 1
    assert set(kept) == {first.bulletin.digest(), correction.digest()}


def _wrong_signature(tiny: TinyElection) -> Any:
    b = tiny.bulletin("B1", "CT1", candidate_votes={"101": 1})
    other = tiny.bulletin("B1", "CT1", candidate_votes={"101": 2})
    return tiny.sign(b, station_signature=tiny.station("B1").sign(other.canonical()))


def _wrong_head_signature(tiny: TinyElection) -> Any:
    b = tiny.bulletin("B1", "CT1", candidate_votes={"101": 1})
    return tiny.sign(b, head_signature="00" * 64)


def _unenrolled_station(tiny: TinyElection) -> Any:
    b = tiny.bulletin("B1", "CT1")
    rogue = keypair("rogue")
    return tiny.sign(b, station_key_id=rogue.key_id, station_signature=rogue.sign(b.canonical()))


def _other_branch_station(tiny: TinyElection) -> Any:
    b = tiny.bulletin("B1", "CT1")
    b2 = tiny.station("B2")
    return tiny.sign(b, station_key_id=b2.key_id, station_signature=b2.sign(b.canonical()))


def _raw(tiny: TinyElection, **counts: Any) -> dict[str, Any]:
    signed = tiny.sign(tiny.bulletin("B1", "CT1"))
    doc = signed.model_dump(mode="json")
    doc["bulletin"].update(counts)
    return doc


CASES: dict[str, tuple[str, Callable[[TinyElection], Any]]] = {
    "unknown election": (
        "BULLETIN_UNKNOWN_ELECTION",
        lambda t: t.sign(t.bulletin("B1", "CT1", election_id="other")),
    ),
    "definition hash": (
        "BULLETIN_DEFINITION_MISMATCH",
        lambda t: t.sign(t.bulletin("B1", "CT1", definition_hash="a" * 64)),
    ),
    "unknown branch": ("BULLETIN_UNKNOWN_BRANCH", lambda t: t.sign(t.bulletin("B9", "CT1"))),
    "contest not on the branch's ballot": (
        "BULLETIN_UNKNOWN_CONTEST",
        lambda t: t.sign(t.bulletin("B3", "CT1")),
    ),
    "station signature": ("BULLETIN_STATION_SIGNATURE_INVALID", _wrong_signature),
    "head signature": ("BULLETIN_HEAD_SIGNATURE_INVALID", _wrong_head_signature),
    "unenrolled station key": ("BULLETIN_STATION_KEY_UNKNOWN", _unenrolled_station),
    "another branch's station key": ("BULLETIN_KEY_WRONG_BRANCH", _other_branch_station),
    "negative ballots": ("BULLETIN_NEGATIVE_COUNT", lambda t: _raw(t, ballots_cast=-1)),
    "negative candidate votes": (
        "BULLETIN_NEGATIVE_COUNT",
        lambda t: _raw(t, candidate_votes={"101": -5}),
    ),
    "malformed": ("BULLETIN_MALFORMED", lambda t: {"bulletin": {"contest": "CT1"}}),
    "plurality marks beyond seats x ballots": (
        "BULLETIN_VOTES_EXCEED_BALLOTS",
        lambda t: t.sign(
            t.bulletin("B1", "CT1", candidate_votes={"101": 100, "102": 100, "103": 101})
        ),
    ),
    "list votes beyond valid ballots": (
        "BULLETIN_VOTES_EXCEED_BALLOTS",
        lambda t: t.sign(t.bulletin("B1", "PR1", blank=10, list_votes={"L1": 50, "L2": 41})),
    ),
    "blank + invalid beyond ballots": (
        "BULLETIN_BLANK_INVALID_EXCEED_BALLOTS",
        lambda t: t.sign(t.bulletin("B1", "CT1", blank=60, invalid=41)),
    ),
    "unknown candidate": (
        "BULLETIN_UNKNOWN_CANDIDATE",
        lambda t: t.sign(t.bulletin("B1", "CT1", candidate_votes={"301": 1})),
    ),
    "unknown list": (
        "BULLETIN_UNKNOWN_LIST",
        lambda t: t.sign(t.bulletin("B1", "PR1", list_votes={"L9": 1})),
    ),
    "list votes in a plurality contest": (
        "BULLETIN_LIST_VOTES_IN_PLURALITY",
        lambda t: t.sign(t.bulletin("B1", "CT1", list_votes={"L1": 1})),
    ),
    "ballots beyond voters checked in": (
        "BULLETIN_BALLOTS_EXCEED_VOTERS",
        lambda t: t.sign(t.bulletin("B1", "CT1", voters_checked_in=99)),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_bulletin_is_refused_with_its_code_and_changes_no_totals(
    tiny: TinyElection, case: str
) -> None:
    _accept_first_other(tiny)
    code, make = CASES[case]
    payload = make(tiny)
    before = _totals(tiny)
    with pytest.raises(EntekhabError) as refused:
        _receive(tiny, payload)
    assert refused.value.code == code
    assert _totals(tiny) == before
    assert _rejections(tiny) == [code]


def _accept_first_other(tiny: TinyElection) -> None:
    """Some totals exist already, so "unchanged" is not trivially "empty"."""
    _receive(tiny, tiny.sign(tiny.bulletin("B2", "CT1", candidate_votes={"101": 3})))


def test_a_second_bulletin_for_the_same_branch_is_refused(tiny: TinyElection) -> None:
    _accept_first(tiny)
    before = _totals(tiny)
    with pytest.raises(EntekhabError) as refused:
        _receive(tiny, tiny.sign(tiny.bulletin("B1", "CT1", candidate_votes={"101": 99})))
    assert refused.value.code == "BULLETIN_DUPLICATE"
    assert _totals(tiny) == before
    assert _rejections(tiny) == ["BULLETIN_DUPLICATE"]


@pytest.mark.parametrize(
    ("supersedes", "reason", "code"),
    [
        ("b" * 64, "recount", "BULLETIN_SUPERSEDES_UNKNOWN"),
        (None, "", "BULLETIN_CORRECTION_REASON_MISSING"),
    ],
)
def test_a_correction_must_name_the_current_bulletin_and_give_a_reason(
    tiny: TinyElection, supersedes: str | None, reason: str, code: str
) -> None:
    first = _accept_first(tiny)
    before = _totals(tiny)
    correction = tiny.bulletin(
        "B1",
        "CT1",
        candidate_votes={"101": 1},
        supersedes=supersedes or first.bulletin.digest(),
        correction_reason=reason,
    )
    with pytest.raises(EntekhabError) as refused:
        _receive(tiny, tiny.sign(correction))
    assert refused.value.code == code
    assert _totals(tiny) == before


def test_a_revoked_head_key_no_longer_countersigns(tiny: TinyElection) -> None:
    revoke_head_key(
        tiny.uow_factory, tiny.head("B1").key_id, actor="user:hq", now=datetime.now(UTC)
    )
    before = _totals(tiny)
    with pytest.raises(EntekhabError) as refused:
        _receive(tiny, tiny.sign(tiny.bulletin("B1", "CT1")))
    assert refused.value.code == "BULLETIN_HEAD_KEY_UNKNOWN"
    assert _totals(tiny) == before
