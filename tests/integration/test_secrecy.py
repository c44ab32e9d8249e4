"""Ballot secrecy, tested the way an attacker would (issue 4 item 8, issue 10 item 9): a polling
day run through the real server (HTTP, uvicorn) and real stations (journal, removable copy,
signed client) on SQLite and PostgreSQL, with dumps of the database taken in the middle of the
day — while some branches have closed and others still vote — and after every branch closed.

The day: three branches, one station (one booth) each, voting side by side. B3 votes its queue
and closes while B1 and B2 go on (first mid-day dump). B1's link is then cut: it goes on
provisionally (two of its offline voters had voted at B2: held), reconciles when the link is
back and closes while B2 still votes (second mid-day dump). B2 closes, and the board counts one
held ballot and rejects the other (final dump). What is checked on each dump:

* no row anywhere holds both something that names a voter (national code, card serial) and
  something that names a ballot (ballot id, record digest);
* ballot ids and digests live only in ``ballot_records``; card serials nowhere;
* the voter side (``participations``, ``citizens``, ``incidents``) and the ballot side share no
  value other than the election, the branch and the hour — except, while the board has not
  decided, the incident a held ballot sits under (the one deliberate link);
* no column next to a voter or a ballot keeps a time finer than the hour: ``participations``,
  ``ballot_records``, ``incidents``, ``station_nonces`` (whose ``seen_at`` is the hour), and the
  CVR export;
* **the linking attack**: the best of several attacks that pair voters and ballots by the order
  PostgreSQL keeps beside the data — ``xmin`` (the writing transaction, readable with SELECT
  rights), ``ctid`` (physical order), and, through pageinspect, every dead row version still on
  disk — links no more ballots than a blind guess within (branch, hour, provisional) would
  (one-sided, 5 standard deviations). The attack is shown to work on a table written the old
  way (one transaction per cast): it links every ballot there.
* the stored order of ballots and the published order (CVR) are independent of the cast order
  (Spearman and runs z-scores, |z| < 5; see ``test_the_order_statistics_see_cast_order``).

Voters are drawn, assigned and ordered with a fixed seed; ballot ids come from the stations'
own random source, as in production.
"""

from __future__ import annotations

import random
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from sqlalchemy import Engine, text

from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.errors import EntekhabError
from entekhab.service.counting.exports import cvr_report, err_report
from entekhab.service.definitions.loading import get_definition
from entekhab.service.election_day.held_ballots import decide_held_ballot, held_ballots
from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.offline import OfflineBranch
from entekhab.station.station import Station
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import add_citizens, load_election
from tests.http_support import running_server
from tests.link_proxy import LinkProxy
from tests.secrecy_support import (
    Row,
    Version,
    all_versions,
    dump_database,
    ensure_pageinspect,
    identifiers_in,
    informative_values,
    linking_rate,
    live_versions,
    ranks_in,
    row_text,
    runs_z,
    spearman_z,
    times_finer_than_hour,
    times_finer_than_the_hour,
)
from tests.station_support import enrol_station_and_head, make_station

SEED = 1806
ONLINE = {"B1": 50, "B2": 70, "B3": 30}
OFFLINE_VOTERS = 20
STYLE_CHOICES = {
    "TEH": (("L1", "L2", None), ("101", "102", "103", "104"), 3),
    "SML": ((None,), ("201", "202", "203"), 2),
    "EXP": ((None,), ("301", "302"), 1),
}
CONTESTS = {"B1": ("TEH", "EXP"), "B2": ("TEH", "EXP"), "B3": ("SML", "EXP")}
VOTER_SIDE = ("participations", "citizens", "incidents")
BALLOT_SIDE = ("ballot_records",)
NEXT_TO_A_VOTER_OR_BALLOT = ("participations", "ballot_records", "incidents", "station_nonces")
Z_BOUND = 5.0


@dataclass
class PollingDay:
    """What the test knows and the database must not reveal."""

    cast_order: list[str] = field(default_factory=list)  # ballot ids, in the order cast
    voter_of: dict[str, str] = field(default_factory=dict)  # ballot id -> national code
    card_serials: list[str] = field(default_factory=list)
    records: dict[str, BallotRecord] = field(default_factory=dict)
    hours: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    held_incidents: set[str] = field(default_factory=set)
    dumps: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    versions: dict[str, tuple[list[Version], list[Version]]] = field(default_factory=dict)


def _selections(rng: random.Random, branch: str) -> list[ContestSelection]:
    out = []
    for contest in CONTESTS[branch]:
        lists, candidates, most = STYLE_CHOICES[contest]
        out.append(
            ContestSelection(
                contest=contest,
                list_code=rng.choice(lists),
                candidates=tuple(rng.sample(candidates, rng.randint(0, most))),
            )
        )
    return out


def _vote(branch: OfflineBranch, day: PollingDay, rng: random.Random, code: str) -> None:
    serial = f"CARD{secrets.token_hex(6)}"
    verifier = branch.station.verifier
    assert isinstance(verifier, SimulatedIdentityVerifier)
    verifier.present(code, serial)
    override = "head checked the card photo" if rng.random() < 0.05 else None
    checked = branch.check_in(override_reason=override)
    receipt = branch.cast(checked.ticket, _selections(rng, branch.station.branch))
    with day.lock:  # the order of receipts is the cast order
        day.cast_order.append(receipt.ballot_id)
        day.voter_of[receipt.ballot_id] = code
        day.card_serials.append(serial)
        day.hours.add(receipt.hour)


def _queue(branch: OfflineBranch, day: PollingDay, codes: list[str], close: bool = False) -> None:
    rng = random.Random(f"{SEED}-{branch.station.branch}-{codes[:1]}")
    for code in codes:
        _vote(branch, day, rng, code)
    if close:
        closed = branch.close("head")
        assert closed.matches, closed


def _snapshot(uow_factory: UnitOfWorkFactory, day: PollingDay, name: str) -> None:
    """A dump as a reader of the database sees it; on PostgreSQL also the system columns and,
    with pageinspect, every row version still on disk."""
    engine = uow_factory.engine
    day.dumps[name] = dump_database(engine)
    if engine.dialect.name != "postgresql":
        return
    voters = live_versions(engine, "participations", "national_code")
    ballots = live_versions(engine, "ballot_records", "ballot_id")
    if ensure_pageinspect(engine):
        voters = all_versions(engine, "participations", voters)
        ballots = all_versions(engine, "ballot_records", ballots)
    day.versions[name] = (voters, ballots)


def _stations(url: str, proxy_url: str, uow_factory, tmp_path: Path) -> dict[str, OfflineBranch]:
    out = {}
    for seed, branch in enumerate(ONLINE, start=1):
        keys = enrol_station_and_head(uow_factory, branch, seed)
        verifier = SimulatedIdentityVerifier(0, random.Random(seed))
        station = make_station(
            proxy_url if branch == "B1" else url,
            keys,
            tmp_path / f"{branch}.journal",
            branch,
            verifier=verifier,
            offline_policy="provisional",
        )
        station.open("head")
        out[branch] = OfflineBranch(station)
    return out


def run_polling_day(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> PollingDay:
    """The day of the module docstring; dumps in ``day.dumps`` (``midday``, ``b1_closing``,
    ``held``, ``final``)."""
    load_election(uow_factory, "provisional")
    city = add_citizens(uow_factory, ONLINE["B1"] + ONLINE["B2"] + OFFLINE_VOTERS, seed=SEED)
    small = add_citizens(uow_factory, ONLINE["B3"], seed=SEED + 1, division="S")
    rng = random.Random(SEED)
    rng.shuffle(city)
    b1_online, rest = city[: ONLINE["B1"]], city[ONLINE["B1"] :]
    b2_voters, b1_offline = rest[: ONLINE["B2"]], rest[ONLINE["B2"] :]
    day = PollingDay()
    with running_server(uow_factory) as url, LinkProxy(urlparse(url).port or 0) as proxy:
        branches = _stations(url, proxy.url, uow_factory, tmp_path)
        b1, b2, b3 = branches["B1"], branches["B2"], branches["B3"]
        with ThreadPoolExecutor(3) as pool:
            # All three vote; B3 closes while B1 and B2 go on.
            jobs = [
                pool.submit(_queue, b1, day, b1_online[:25]),
                pool.submit(_queue, b2, day, b2_voters[:40]),
                pool.submit(_queue, b3, day, small, True),
            ]
            for job in jobs:
                job.result()
        _snapshot(uow_factory, day, "midday")
        # A few B1 voters try again at B2: ALREADY_VOTED, an incident each.
        reader = b2.station.verifier
        assert isinstance(reader, SimulatedIdentityVerifier)
        for code in b1_online[:3]:
            reader.present(code, "X")
            with pytest.raises(EntekhabError) as refused:
                b2.check_in()
            assert refused.value.code == "ALREADY_VOTED"
        # B1's link is cut: it goes on provisionally (two of them had voted at B2: held).
        proxy.set_mode("refuse")
        _queue(b1, day, [*b1_offline, *sorted(b2_voters[:40])[:2]])
        proxy.set_mode("pass")
        totals = b1.reconnect()
        assert totals == {"accepted": OFFLINE_VOTERS, "held": 2}
        with ThreadPoolExecutor(2) as pool:  # B1 finishes and closes while B2 still votes
            jobs = [
                pool.submit(_queue, b1, day, b1_online[25:], True),
                pool.submit(_queue, b2, day, b2_voters[40:60]),
            ]
            for job in jobs:
                job.result()
        _snapshot(uow_factory, day, "b1_closing")
        _queue(b2, day, b2_voters[60:], close=True)
        board = [h for h in held_ballots(uow_factory, "E7") if h["ballot"] == "held"]
        day.held_incidents = {str(h["id"]) for h in board}
        _snapshot(uow_factory, day, "held")
        day.records = {r.ballot_id: r for b in branches.values() for r in _ballots_of(b.station)}
        for incident, decision in zip(board, ("count", "reject"), strict=True):
            decide_held_ballot(
                uow_factory,
                "E7",
                "B1",
                incident["id"],
                decision=decision,
                reason="board",
                actor="user:b",
                role="executive_board",
                now=datetime.now(UTC),
            )
        for branch in branches.values():
            branch.station.journal.close()
    _snapshot(uow_factory, day, "final")
    return day


def _ballots_of(station: Station) -> list[BallotRecord]:
    return station.journal.all_ballot_records()


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
    ballots = set(day.cast_order) | {r.digest() for r in day.records.values()}
    for table, rows in dump.items():
        for row in rows:
            found = identifiers_in(row)
            assert not (found & voters and found & ballots), (table, row)
            text_ = row_text(row)
            assert not any(s in text_ for s in day.card_serials), f"a card serial in {table}"


def assert_ballot_identifiers_stay_in_their_table(
    dump: dict[str, list[Row]], day: PollingDay, *, complete: bool
) -> None:
    ids = set(day.cast_order)
    for table, rows in dump.items():
        found = set().union(*(identifiers_in(r) for r in rows)) if rows else set()
        if table != "ballot_records":
            assert not found & ids, f"ballot identifiers found in {table}"
        else:
            assert not found & set(day.voter_of.values()), f"a national code in {table}"
    if complete:  # the detector sees what it looks for: every voter in participations
        in_participations = set().union(*(identifiers_in(r) for r in dump["participations"]))
        assert set(day.voter_of.values()) <= in_participations


def assert_sides_share_only_election_branch_and_hour(
    dump: dict[str, list[Row]], day: PollingDay, deliberate: set[str] = frozenset()
) -> None:
    voter_side = informative_values([r for t in VOTER_SIDE for r in dump[t]])
    ballot_side = informative_values([r for t in BALLOT_SIDE for r in dump[t]])
    allowed = {"E7", *ONLINE, *day.hours, *_whole_branch_xmins(dump)}
    assert voter_side & ballot_side - allowed == deliberate, sorted(voter_side & ballot_side)


def _whole_branch_xmins(dump: dict[str, list[Row]]) -> set[str]:
    """PostgreSQL: transaction ids carried by *every* ballot of a branch (its closing, or a
    board decision that rewrote the branch's counted ballots with the one it counted). Such an
    id, shared with a voter-side row (the decided incident), names the whole branch — no
    ballot in particular."""
    rows = dump["ballot_records"]
    whole = set()
    for branch in {r["branch"] for r in rows}:
        mine = [r for r in rows if r["branch"] == branch and not r["held"]]
        xmins = {r.get("_xmin") for r in mine}
        if len(xmins) == 1 and None not in xmins and len(mine) > 1:
            whole |= {str(x) for x in xmins}
    return whole


def assert_no_time_finer_than_the_hour(dump: dict[str, list[Row]]) -> None:
    for table in NEXT_TO_A_VOTER_OR_BALLOT:
        assert times_finer_than_the_hour(dump[table]) == [], table
    assert dump["station_nonces"], "the detector looks at the nonces the day left"


def order_z(order: list[str], reference: list[str]) -> tuple[float, float]:
    ranks = ranks_in(order, reference)
    return spearman_z(ranks), runs_z(ranks)


def assert_orders_are_independent_of_cast_order(
    dump: dict[str, list[Row]], day: PollingDay, published: dict
) -> None:
    stored = [r["ballot_id"] for r in dump["ballot_records"]]
    cast = [b for b in day.cast_order if b in set(stored)]
    cvr = [c["UniqueId"] for c in published["cvr"]["CVR"]]
    stored_voters = [r["national_code"] for r in dump["participations"]]
    voter_position = {code: i for i, code in enumerate(stored_voters)}
    # The join an attacker would try: k-th stored participation <-> k-th stored ballot.
    by_voter_position = sorted(cast, key=lambda b: voter_position[day.voter_of[b]])
    checks = {
        "stored vs cast": order_z(stored, cast),
        "published vs cast": order_z(cvr, [b for b in cast if b in set(cvr)]),
        "stored ballots vs stored voters": order_z(stored, by_voter_position),
    }
    for name, zs in checks.items():
        assert all(abs(z) < Z_BOUND for z in zs), (name, zs)


def assert_linking_is_at_chance(day: PollingDay, name: str) -> tuple[float, float]:
    """The best linking attack on the dump ``name`` (PostgreSQL system columns and, with
    pageinspect, dead row versions) does no better than chance; (rate, chance)."""
    voters, ballots = day.versions[name]
    rate, chance, correct, expected, variance = linking_rate(voters, ballots, day.voter_of)
    print(f"linking {name}: {rate:.1%} of {len({b.names for b in ballots})} (chance {chance:.1%})")
    assert correct <= expected + Z_BOUND * variance**0.5 + 1, (name, rate, chance)
    return rate, chance


@pytest.mark.slow
def test_no_join_links_a_voter_to_a_ballot(uow_factory: UnitOfWorkFactory, tmp_path) -> None:
    day = run_polling_day(uow_factory, tmp_path)
    midday, final = day.dumps["midday"], day.dumps["final"]
    # Mid-day: only the closed branch's ballots are at headquarters.
    assert {r["branch"] for r in midday["ballot_records"]} == {"B3"}
    assert {r["branch"] for r in day.dumps["b1_closing"]["ballot_records"]} == {"B1", "B3"}
    voters_total = sum(ONLINE.values()) + OFFLINE_VOTERS
    assert len(final["participations"]) == voters_total
    assert len(final["ballot_records"]) == len(day.cast_order) - 1  # one held ballot rejected
    for name, dump in day.dumps.items():
        assert_no_row_names_a_voter_and_a_ballot(dump, day)
        assert_ballot_identifiers_stay_in_their_table(dump, day, complete=name == "final")
        assert_no_time_finer_than_the_hour(dump)
        # While the board has not decided, a held ballot points at its incident (and so at its
        # voter): the one deliberate link, and nothing else.
        deliberate = {str(r["held_incident_id"]) for r in dump["ballot_records"] if r["held"]}
        assert deliberate == (day.held_incidents if name in ("b1_closing", "held") else set())
        assert_sides_share_only_election_branch_and_hour(dump, day, deliberate)
    published = exports(uow_factory, final)
    assert times_finer_than_hour(published["cvr"]["CVR"]) == []
    assert_orders_are_independent_of_cast_order(final, day, published)
    # Stored responses are forgotten when a branch closes; only the closings' own remain.
    assert [r["status"] for r in final["idempotency_keys"]] == [200] * len(ONLINE)
    if uow_factory.engine.dialect.name == "postgresql":
        for name in day.versions:
            assert_linking_is_at_chance(day, name)
        for branch in ONLINE:  # a branch's records arrive in one transaction
            xmins = {
                r["_xmin"] for r in day.dumps["held"]["ballot_records"] if r["branch"] == branch
            }
            assert len(xmins) == 1, branch


def _write_the_old_way(engine: Engine, day: PollingDay) -> list[Version]:
    """Ballots written as the old protocol did — one transaction per cast, in cast order — to a
    scratch table: what the attack must see through."""
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE old_way (ballot_id text PRIMARY KEY, branch text)"))
    for ballot_id in (b for b in day.cast_order if not day.records[b].provisional):
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO old_way VALUES (:b, :br)"),
                {"b": ballot_id, "br": day.records[ballot_id].branch},
            )
    out = []
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT xmin::text::bigint AS x, ctid::text AS c, * FROM old_way"))
        for r in rows:
            page, item = (int(p) for p in r.c.strip("()").split(","))
            record = day.records[r.ballot_id]
            out.append(
                Version(r.ballot_id, r.branch, record.hour, record.provisional, r.x, (page, item))
            )
    return out


@pytest.mark.postgres
@pytest.mark.slow
def test_the_linking_attack_links_ballots_written_one_per_cast(
    pg_engine: Engine, tmp_path: Path
) -> None:
    """The attack is not blind: the same day's ballots, written one transaction per cast as
        the old protocol did, are linked to their voters for the most part (the offline batch's
    participations, written at once on reconnection, shift a naive pairing); the real tables at
    chance."""
    uow_factory = UnitOfWorkFactory(pg_engine)
    day = run_polling_day(uow_factory, tmp_path)
    voters, _ballots = day.versions["final"]
    old = _write_the_old_way(pg_engine, day)
    online = {b: v for b, v in day.voter_of.items() if not day.records[b].provisional}
    rate, chance, *_ = linking_rate(voters, old, online)
    print(f"linking, one transaction per cast: {rate:.1%} (chance {chance:.1%})")
    assert rate > 0.75 and rate > 10 * chance
    assert_linking_is_at_chance(day, "final")


def test_the_order_statistics_see_cast_order() -> None:
    """The statistics are not blind: orders that follow the cast order, even loosely or in
    blocks, are flagged; a seeded shuffle is not."""
    n = sum(ONLINE.values())
    cast = list(range(n))
    rng = random.Random(SEED)
    noisy = sorted(cast, key=lambda i: i + rng.gauss(0, n / 6))
    blocks = [i for start in rng.sample(range(0, n, 25), n // 25) for i in range(start, start + 25)]
    shuffled = rng.sample(cast, n)
    assert spearman_z(cast) > Z_BOUND and spearman_z(noisy) > Z_BOUND
    assert abs(runs_z(blocks)) > Z_BOUND
    assert abs(spearman_z(shuffled)) < Z_BOUND and abs(runs_z(shuffled)) < Z_BOUND
