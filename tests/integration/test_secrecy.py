"""Ballot secrecy, tested (issue 4, item 8): an election day run through the real server (HTTP,
uvicorn, signed stations) on SQLite and PostgreSQL, then a full dump of the database and every
export, and proof that nothing in them links a voter to a ballot.

The day has online voting at three branches and a provisional batch reconciled at B1 after its
link came back (two of those voters had voted elsewhere: their ballots are held, then one counted
and one rejected by the board). What "nothing links" means here, each checked on the dump taken
after the branches closed:

* no row anywhere holds both something that names a voter (national code, card serial) and
  something that names a ballot (ballot id, record digest, token or token hash);
* ballot ids and digests live only in ``ballot_records``, token hashes only in ``ballot_tokens``,
  raw tokens and card serials nowhere;
* the voter side (``participations``, ``citizens``, ``incidents``) and the ballot side
  (``ballot_records``, ``ballot_tokens``) share no value other than the election, the branch and
  the hour (on PostgreSQL this includes each row's writing transaction id, ``xmin``);
* ballot rows and the CVR export carry no time finer than the hour;
* the stored order of ballots (heap order on PostgreSQL, table order on SQLite) and the published
  order (the CVR export) are independent of the cast order and of the voters' stored order.

The order statistics. For a permutation (the cast index of each ballot, read in stored order)
two z-scores are computed: Spearman's rank correlation times sqrt(n-1), which is close to a
standard normal when the orders are independent and catches any monotone trend; and the
Wald–Wolfowitz runs test on "cast in the first or second half", which catches early and late
ballots stored in clusters even when the trend is not monotone. The bound |z| < 5 is generous:
an honest random order fails it with probability about 1e-6 per statistic, while an order that
follows the cast order gives z near sqrt(n) ≈ 12 (see ``test_the_order_statistics_see_cast_order``).
Voters are drawn, assigned and ordered with a fixed seed; ballot ids come from the server's own
random source, as in production.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from entekhab.crypto.merkle import merkle_root
from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.service.counting.exports import cvr_report, err_report
from entekhab.service.definitions.loading import get_definition
from entekhab.service.election_day.held_ballots import decide_held_ballot
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import add_citizens, enrol, load_election
from tests.http_support import StationClient, running_server
from tests.provisional_support import item_json, provisional_item
from tests.secrecy_support import (
    Row,
    dump_database,
    identifiers_in,
    informative_values,
    ranks_in,
    row_text,
    runs_z,
    spearman_z,
    times_finer_than_hour,
)

SEED = 1806
VOTERS = {"B1": 60, "B2": 60, "B3": 30}
STYLE_CHOICES = {
    "TEH": (("L1", "L2", None), ("101", "102", "103", "104"), 3),
    "SML": ((None,), ("201", "202", "203"), 2),
    "EXP": ((None,), ("301", "302"), 1),
}
CONTESTS = {"B1": ("TEH", "EXP"), "B2": ("TEH", "EXP"), "B3": ("SML", "EXP")}
VOTER_SIDE = ("participations", "citizens", "incidents")
BALLOT_SIDE = ("ballot_records", "ballot_tokens")
Z_BOUND = 5.0
OFFLINE_VOTERS = 30
OFFLINE_HOUR = "2026-06-18T08"


@dataclass
class PollingDay:
    """What the test knows and the database must not reveal."""

    cast_order: list[str] = field(default_factory=list)  # ballot ids, in the order cast
    voter_of: dict[str, str] = field(default_factory=dict)  # ballot id -> national code
    tokens: list[str] = field(default_factory=list)
    card_serials: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    hours: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    b2_voters: list[str] = field(default_factory=list)
    held_incidents: set[str] = field(default_factory=set)
    pending_dump: dict[str, list[Row]] = field(default_factory=dict)


def _selections(rng: random.Random, branch: str) -> list[dict[str, Any]]:
    out = []
    for contest in CONTESTS[branch]:
        lists, candidates, most = STYLE_CHOICES[contest]
        out.append(
            {
                "contest": contest,
                "list_code": rng.choice(lists),
                "candidates": rng.sample(candidates, rng.randint(0, most)),
            }
        )
    return out


def _vote(client: StationClient, day: PollingDay, rng: random.Random, branch: str, code: str):
    serial = f"CARD{secrets.token_hex(6)}"
    body: dict[str, Any] = {"national_code": code, "card_serial": serial, "fingerprint": "match"}
    if rng.random() < 0.05:
        body |= {"fingerprint": "no_match", "override_reason": "head checked the card photo"}
    checked = client.post("/api/v1/checkins", body)
    assert checked.status_code == 201, checked.text
    token = checked.json()["token"]
    cast = client.post("/api/v1/ballots", {"token": token, "selections": _selections(rng, branch)})
    assert cast.status_code == 201, cast.text
    receipt = cast.json()
    with day.lock:  # the order of receipts is the cast order
        day.cast_order.append(receipt["ballot_id"])
        day.voter_of[receipt["ballot_id"]] = code
        day.tokens.append(token)
        day.card_serials.append(serial)
        day.records.append(receipt["record"])
        day.hours.add(receipt["hour"])


def _station_day(client: StationClient, day: PollingDay, branch: str, codes: list[str]) -> None:
    rng = random.Random(f"{SEED}-{branch}")
    for code in rng.sample(codes, len(codes)):  # the queue at the door, in a seeded order
        _vote(client, day, rng, branch, code)


def _close(client: StationClient, day: PollingDay, branch: str) -> None:
    mine = [BallotRecord.model_validate(r) for r in day.records if r["branch"] == branch]
    mine.sort(key=lambda r: r.ballot_id)
    upload = client.post(
        f"/api/v1/branches/{branch}/records", {"records": [r.as_json() for r in mine]}
    )
    assert upload.json()["matched"] == len(mine), upload.text
    closing = client.post(
        f"/api/v1/branches/{branch}/close",
        {
            "closed_by": "head",
            "ballots_cast": len(mine),
            "merkle_root": merkle_root([r.canonical() for r in mine]),
        },
    )
    assert closing.json()["matches"] is True, closing.text


def _offline_batch(uow_factory: UnitOfWorkFactory, client: StationClient, day: PollingDay):
    """B1 was offline (policy ``provisional``): its provisional items arrive in one batch —
    new voters (accepted) and two who had voted online at B2 (held) — then the board counts one
    held ballot and rejects the other. The database is dumped while they are held."""
    rng = random.Random(f"{SEED}-offline")
    fresh = add_citizens(uow_factory, OFFLINE_VOTERS, seed=SEED + 2)
    twice = [v for b, v in day.voter_of.items() if b in day.cast_order and v not in fresh]
    twice = sorted(set(twice) & set(day.b2_voters))[:2]
    items = []
    for code in [*fresh, *twice]:
        record = BallotRecord(
            ballot_id=secrets.token_hex(16),
            election_id="E7",
            branch="B1",
            ballot_style="ST1",
            hour=OFFLINE_HOUR,
            selections=tuple(ContestSelection.model_validate(s) for s in _selections(rng, "B1")),
            provisional=True,
        )
        items.append(
            provisional_item(code, ballot=record, card_serial=f"CARD{secrets.token_hex(6)}")
        )
    answer = client.post(
        "/api/v1/branches/B1/provisional", {"items": [item_json(i) for i in items]}
    )
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["accepted"] * len(fresh) + ["held"] * 2
    for item in items:  # provisional ballots were cast after the online ones, in item order
        day.cast_order.append(item.ballot.ballot_id)
        day.voter_of[item.ballot.ballot_id] = item.national_code
        day.card_serials.append(item.card_serial)
        day.records.append(item.ballot.as_json())
    day.hours.add(OFFLINE_HOUR)
    held = [(r["incident_id"], r["ballot_id"]) for r in results if r["status"] == "held"]
    day.held_incidents = {str(i) for i, _b in held}
    day.pending_dump = dump_database(uow_factory.engine)
    for (incident_id, ballot_id), decision in zip(held, ("count", "reject"), strict=True):
        decide_held_ballot(
            uow_factory,
            "E7",
            "B1",
            incident_id,
            decision=decision,
            reason="board",
            actor="user:b",
            role="executive_board",
            now=datetime.now(UTC),
        )
        if decision == "reject":
            day.cast_order.remove(ballot_id)
            del day.voter_of[ballot_id]
            day.records = [r for r in day.records if r["ballot_id"] != ballot_id]


def run_polling_day(uow_factory: UnitOfWorkFactory, *, offline: bool = False) -> PollingDay:
    """Open three branches; their stations check voters in and cast side by side (each queue in
    a seeded order, some identity overrides); a few voters then try again at the other city
    branch (ALREADY_VOTED incidents); with ``offline``, B1's provisional batch is reconciled and
    the board decides its held ballots; records are uploaded and the branches closed."""
    digest = load_election(uow_factory, "provisional" if offline else "refuse")
    keys = {b: enrol(uow_factory, b, seed)[0] for seed, b in enumerate(VOTERS, start=1)}
    city = add_citizens(uow_factory, VOTERS["B1"] + VOTERS["B2"], seed=SEED)
    small = add_citizens(uow_factory, VOTERS["B3"], seed=SEED + 1, division="S")
    assert not set(city) & set(small)
    queues = {"B1": city[: VOTERS["B1"]], "B2": city[VOTERS["B1"] :], "B3": small}
    day = PollingDay(b2_voters=queues["B2"])
    with running_server(uow_factory) as url:
        clients = {b: StationClient(url, kp) for b, kp in keys.items()}
        for branch, client in clients.items():
            opened = client.post(
                f"/api/v1/branches/{branch}/open", {"opened_by": "head", "definition_hash": digest}
            )
            assert opened.status_code == 200, opened.text
        with ThreadPoolExecutor(len(clients)) as pool:
            running = [pool.submit(_station_day, clients[b], day, b, q) for b, q in queues.items()]
            for future in running:
                future.result()
        for code in queues["B1"][:3]:
            again = {"national_code": code, "card_serial": "X", "fingerprint": "match"}
            refused = clients["B2"].post("/api/v1/checkins", again)
            assert refused.json()["error"]["code"] == "ALREADY_VOTED"
        if offline:
            _offline_batch(uow_factory, clients["B1"], day)
        for branch, client in clients.items():
            _close(client, day, branch)
            client.close()
    return day


def exports(uow_factory: UnitOfWorkFactory, dump: dict[str, list[Row]]) -> dict[str, Any]:
    """Everything the server publishes about ballots and results."""
    generated = datetime.now(UTC)
    with uow_factory() as uow:
        definition, _hash = get_definition(uow.session, "E7")
    records = [
        BallotRecord.model_validate(row["record"])
        for row in dump["ballot_records"]
        if not row["held"]
    ]
    return {
        "cvr": cvr_report(definition, records, generated=generated),
        "err": err_report(uow_factory, "E7", generated=generated, published_only=False),
    }


def assert_no_row_names_a_voter_and_a_ballot(dump: dict[str, list[Row]], day: PollingDay) -> None:
    voters = set(day.voter_of.values())
    ballots = set(day.cast_order) | {
        hashlib.sha256(bytes.fromhex(t)).hexdigest() for t in day.tokens
    }
    ballots |= {BallotRecord.model_validate(r).digest() for r in day.records}
    for table, rows in dump.items():
        for row in rows:
            found = identifiers_in(row)
            assert not (found & voters and found & ballots), (table, row)
            assert not found & set(day.tokens), f"a raw token is stored in {table}"
            text = row_text(row)
            assert not any(s in text for s in day.card_serials), f"a card serial in {table}"


def assert_ballot_identifiers_stay_in_their_tables(
    dump: dict[str, list[Row]], day: PollingDay
) -> None:
    token_hashes = {hashlib.sha256(bytes.fromhex(t)).hexdigest() for t in day.tokens}
    homes = {
        "ballot_records": set(day.cast_order),
        "ballot_tokens": token_hashes,
    }
    for table, rows in dump.items():
        found = set().union(*(identifiers_in(r) for r in rows)) if rows else set()
        for home, ids in homes.items():
            if table != home:
                assert not found & ids, f"{home} identifiers found in {table}"
        if table in BALLOT_SIDE:
            assert not found & set(day.voter_of.values()), f"a national code in {table}"
    # The detector sees what it looks for: every voter in participations, every ballot at home.
    in_participations = set().union(*(identifiers_in(r) for r in dump["participations"]))
    assert set(day.voter_of.values()) <= in_participations
    assert set(day.cast_order) <= set().union(*(identifiers_in(r) for r in dump["ballot_records"]))
    stored_hashes = {r["token_hash"] for r in dump["ballot_tokens"]}
    assert stored_hashes == token_hashes  # every token is stored, and only hashed


def assert_sides_share_only_election_branch_and_hour(
    dump: dict[str, list[Row]], day: PollingDay
) -> None:
    voter_side = informative_values([r for t in VOTER_SIDE for r in dump[t]])
    ballot_side = informative_values([r for t in BALLOT_SIDE for r in dump[t]])
    allowed = {"E7", *VOTERS, *day.hours}
    assert voter_side & ballot_side <= allowed, sorted(voter_side & ballot_side - allowed)


def assert_no_time_finer_than_the_hour(dump: dict[str, list[Row]], published: dict) -> None:
    for table in BALLOT_SIDE:
        assert times_finer_than_hour(dump[table]) == [], table
    cvrs = published["cvr"]["CVR"]
    assert times_finer_than_hour(cvrs) == []


def order_z(order: list[str], reference: list[str]) -> tuple[float, float]:
    ranks = ranks_in(order, reference)
    return spearman_z(ranks), runs_z(ranks)


def assert_orders_are_independent_of_cast_order(
    dump: dict[str, list[Row]], day: PollingDay, published: dict
) -> None:
    stored = [r["ballot_id"] for r in dump["ballot_records"]]
    cvr = [c["UniqueId"] for c in published["cvr"]["CVR"]]
    stored_voters = [r["national_code"] for r in dump["participations"]]
    voter_position = {code: i for i, code in enumerate(stored_voters)}
    # The join an attacker would try: k-th stored participation <-> k-th stored ballot.
    by_voter_position = sorted(day.cast_order, key=lambda b: voter_position[day.voter_of[b]])
    checks = {
        "stored vs cast": order_z(stored, day.cast_order),
        "published vs cast": order_z(cvr, day.cast_order),
        "stored ballots vs stored voters": order_z(stored, by_voter_position),
    }
    for name, zs in checks.items():
        assert all(abs(z) < Z_BOUND for z in zs), (name, zs)


@pytest.mark.slow
def test_no_join_links_a_voter_to_a_ballot(uow_factory: UnitOfWorkFactory) -> None:
    """One polling day with online voting at three branches and B1's provisional batch (both
    kinds of ballot, held ones decided by the board), then every check on the full dump."""
    day = run_polling_day(uow_factory, offline=True)
    dump = dump_database(uow_factory.engine)
    published = exports(uow_factory, dump)
    assert len(dump["ballot_records"]) == len(day.cast_order)
    assert len(dump["participations"]) == sum(VOTERS.values()) + OFFLINE_VOTERS
    # Stored responses are forgotten when a branch closes; only the closings' own remain.
    assert [r["status"] for r in dump["idempotency_keys"]] == [200] * len(VOTERS)
    assert_no_row_names_a_voter_and_a_ballot(dump, day)
    assert_ballot_identifiers_stay_in_their_tables(dump, day)
    assert_sides_share_only_election_branch_and_hour(dump, day)
    assert_no_time_finer_than_the_hour(dump, published)
    assert_orders_are_independent_of_cast_order(dump, day, published)
    if uow_factory.engine.dialect.name == "postgresql":
        for branch in VOTERS:  # rewritten in one transaction when the branch closed
            xmins = {r["_xmin"] for r in dump["ballot_records"] if r["branch"] == branch}
            assert len(xmins) == 1, branch
    # While the board had not decided, the held ballots pointed at their incidents (and so at
    # their voters) — the one deliberate link, and nothing else.
    pending = day.pending_dump
    voter_side = informative_values([r for t in VOTER_SIDE for r in pending[t]])
    ballot_side = informative_values([r for t in BALLOT_SIDE for r in pending[t]])
    assert voter_side & ballot_side - {"E7", *VOTERS, *day.hours} == day.held_incidents


def test_the_order_statistics_see_cast_order() -> None:
    """The statistics are not blind: orders that follow the cast order, even loosely or in
    blocks, are flagged; a seeded shuffle is not."""
    n = sum(VOTERS.values())
    cast = list(range(n))
    rng = random.Random(SEED)
    noisy = sorted(cast, key=lambda i: i + rng.gauss(0, n / 6))
    blocks = [i for start in rng.sample(range(0, n, 20), n // 20) for i in range(start, start + 20)]
    shuffled = rng.sample(cast, n)
    assert spearman_z(cast) > Z_BOUND and spearman_z(noisy) > Z_BOUND
    assert abs(runs_z(blocks)) > Z_BOUND
    assert abs(spearman_z(shuffled)) < Z_BOUND and abs(runs_z(shuffled)) < Z_BOUND
