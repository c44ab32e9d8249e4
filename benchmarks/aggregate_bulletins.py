"""Aggregate 60,000 branch bulletins and allocate every seat (target: under 2 s).

A synthetic country (seeded): 30 provinces × 10 counties × 3 cities, 30,000 branches; every
branch reports its city council (plurality; the first city's council is list PR, 21 seats) and
its province's Assembly of Experts by-election: 60,000 bulletins. Timed separately:

* content checks of every bulletin (``domain.bulletin_rules``);
* aggregation from scratch at every rollup level (``domain.tally.aggregate``);
* allocation of every seat of every contest;
* signature checks (two Ed25519 verifications per bulletin) on a sample, with the cost per
  signature and the projection to all 120,000;
* the incremental path: bulletins accepted one by one through ``service.counting.bulletins`` into
SQLite.

Figures depend on the machine and on what else runs; they are printed, never asserted.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.allocate_samples import allocate_every_contest
from entekhab.crypto.signing import keypair_from_seed, verify
from entekhab.domain.bulletin_rules import check_bulletin
from entekhab.domain.canonical import canonical_json, sha256_hex
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.results import Bulletin, SignedBulletin
from entekhab.domain.tally import CONTEST_AREA, aggregate
from entekhab.service.counting.aggregation import AreaTotals
from entekhab.service.counting.bulletins import (
    EnrolledKey,
    SqlKeyDirectory,
    enroll_head_key,
    receive_bulletin,
)
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

PROVINCES, COUNTIES, CITIES, BRANCHES_PER_CITY = 30, 10, 3, 33  # 29,700 + 300 branches
SEED = 1405


def _person(i: int, contest: str, code: str) -> dict[str, Any]:
    return {
        "national_code": f"{2000000000 + i}",
        "ballot_code": code,
        "contest": contest,
        "given_name_fa": "نام",
        "family_name_fa": f"نامزد{i}",
        "birth_date": "1975-03-21",
        "education": "master",
    }


def synthetic_definition(rng: random.Random) -> dict[str, Any]:
    divisions: list[dict[str, Any]] = []
    contests: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    lists: list[dict[str, Any]] = []
    styles: list[dict[str, Any]] = []
    branches: list[dict[str, Any]] = []
    n = 0

    def div(code: str, kind: str, parent: str | None, pop: int) -> None:
        divisions.append(
            {
                "code": code,
                "kind": kind,
                "name_fa": code,
                "name_en": code,
                "parent": parent,
                "population": pop,
            }
        )

    for p in range(PROVINCES):
        prov = f"P{p}"
        div(prov, "province", None, 3_000_000)
        ae = f"AE{p}"
        contests.append(
            {
                "code": ae,
                "name_fa": "خبرگان",
                "name_en": "AE",
                "kind": "plurality",
                "constituency": [prov],
                "seats": 1 + p % 3,
                "alternates": 0,
            }
        )
        for k in range(5):
            n += 1
            candidates.append(_person(n, ae, f"{k + 1}"))
        for c in range(COUNTIES):
            county, district = f"{prov}C{c}", f"{prov}C{c}D"
            div(county, "county", prov, 300_000)
            div(district, "district", county, 300_000)
            for t in range(CITIES):
                city = f"{district}T{t}"
                div(city, "city", district, 100_000)
                council = f"K{city}"
                pr = p == 0 and c == 0 and t == 0
                contest: dict[str, Any] = {
                    "code": council,
                    "name_fa": "شورا",
                    "name_en": "Council",
                    "kind": "list_pr" if pr else "plurality",
                    "constituency": [city],
                    "seats": 21 if pr else 5 + 2 * (t % 3),
                    "alternates": 11 if pr else 3 + t % 3,
                }
                if pr:
                    contest["pr"] = {"method": "hare"}
                contests.append(contest)
                size = 300 if pr else rng.randint(15, 40)
                codes = [f"{100 + i}" for i in range(size)]
                for code in codes:
                    n += 1
                    candidates.append(_person(n, council, code))
                if pr:
                    for li in range(10):
                        lists.append(
                            {
                                "code": f"L{li}",
                                "contest": council,
                                "name_fa": f"فهرست {li}",
                                "members": codes[li * 28 : li * 28 + 28],
                            }
                        )
                style = f"S{city}"
                styles.append({"code": style, "contests": [council, ae]})
                for b in range(BRANCHES_PER_CITY + (300 if pr else 0)):
                    branches.append(
                        {
                            "code": f"{city}B{b}",
                            "site": "school",
                            "division": city,
                            "expected_voters": 800,
                            "network": "fibre",
                            "ballot_style": style,
                        }
                    )
    return {
        "id": "bench-1405",
        "name_fa": "محک",
        "name_en": "Bench",
        "polling_day": "2026-06-18",
        "divisions": divisions,
        "contests": contests,
        "candidates": candidates,
        "party_lists": lists,
        "ballot_styles": styles,
        "branches": branches,
    }


def make_bulletins(
    definition: ElectionDefinition, digest: str, rng: random.Random
) -> list[Bulletin]:
    out = []
    for branch in definition.branches:
        for contest_code in definition.style_by_code[branch.ballot_style].contests:
            contest = definition.contest_by_code[contest_code]
            voters = rng.randint(300, 700)
            blank = rng.randint(0, 10)
            valid = voters - blank
            codes = list(definition.candidates_by_contest[contest_code])
            seats = contest.seats or 1
            marks = {c: 0 for c in codes}
            for _ in range(valid * seats // 2):
                marks[codes[int(rng.random() ** 2 * len(codes))]] += 1
            list_votes: dict[str, int] = {}
            if contest.kind == "list_pr":
                for li in range(10):
                    list_votes[f"L{li}"] = valid // 12
            out.append(
                Bulletin(
                    election_id=definition.id,
                    definition_hash=digest,
                    contest=contest_code,
                    branch=branch.code,
                    voters_checked_in=voters,
                    ballots_cast=voters,
                    blank=blank,
                    invalid=0,
                    candidate_votes=marks,
                    list_votes=list_votes,
                    ballot_records=voters,
                    merkle_root="0" * 64,
                    closed_at="2026-06-18T18:00:00+00:00",
                )
            )
    return out


def _timed(label: str, fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:8.3f} s", flush=True)
    return elapsed, value


def _allocate_all(definition: ElectionDefinition, totals: dict[str, Any]) -> int:
    areas = {}
    for contest_code, per_key in totals.items():
        parts: dict[str, dict[str, int]] = {"candidate": {}, "list": {}, "meta": {}}
        for (level, _area, kind, code), value in per_key.items():
            if level == "contest":
                parts[kind][code] = value
        areas[contest_code] = AreaTotals(
            "contest", CONTEST_AREA, parts["candidate"], parts["list"], parts["meta"]
        )
    seats, _draws = allocate_every_contest(definition, areas)
    return seats


def main() -> None:
    rng = random.Random(SEED)
    document = synthetic_definition(rng)
    definition = ElectionDefinition.model_validate(document)
    digest = sha256_hex(canonical_json(definition.model_dump(mode="json")))
    bulletins = make_bulletins(definition, digest, rng)
    print(
        f"{len(definition.branches):,} branches, {len(definition.contests):,} contests, "
        f"{len(bulletins):,} bulletins, {len(definition.candidates):,} candidates"
    )

    t_check, _ = _timed(
        "content checks (all bulletins)",
        lambda: [check_bulletin(definition, digest, b) for b in bulletins],
    )
    t_agg, totals = _timed(
        "aggregate, every rollup level", lambda: aggregate(definition, bulletins)
    )
    t_alloc, seats = _timed("allocate every seat", lambda: _allocate_all(definition, totals))
    total = t_agg + t_alloc
    print(
        f"{'aggregate + allocate (target < 2 s)':<52} {total:8.3f} s   "
        f"({len(bulletins) / t_agg:,.0f} bulletins/s, {seats:,} seats)"
    )
    print(f"{'with content checks':<52} {total + t_check:8.3f} s")

    sample = bulletins[:2000]
    station, head = keypair_from_seed(b"s" * 32), keypair_from_seed(b"h" * 32)
    signed = [
        (b.canonical(), station.sign(b.canonical()), head.sign(b.canonical())) for b in sample
    ]

    def verify_all() -> None:
        for message, s1, s2 in signed:
            assert verify(station.public_hex, message, s1)
            assert verify(head.public_hex, message, s2)

    t_sig, _ = _timed(f"signature checks ({2 * len(sample):,} Ed25519 verify)", verify_all)
    per = t_sig / (2 * len(sample))
    print(f"{'  per signature':<52} {per * 1e6:8.1f} µs")
    print(f"{'  projected for all bulletins (2 each)':<52} {per * 2 * len(bulletins):8.3f} s")

    _incremental(definition, document, digest, rng.sample(bulletins, 1000))


def _incremental(
    definition: ElectionDefinition, document: dict[str, Any], digest: str, sample: list[Bulletin]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        uow = UnitOfWorkFactory(engine)
        with uow() as u:
            u.session.add(
                ElectionRow(
                    id=definition.id,
                    definition_hash=digest,
                    document=document,
                    loaded_at=datetime.now(UTC),
                )
            )
            u.commit()
        station = keypair_from_seed(b"s" * 32)
        # One key pair per role for the whole sample, enrolled per branch through a directory.
        keys = SqlKeyDirectory(
            lambda _s, kid: EnrolledKey(kid, station.public_hex, _current[0], True)
        )
        _current = [""]
        heads = {}
        for branch in sorted({b.branch for b in sample}):
            hk = keypair_from_seed(sha256_hex(branch.encode()).encode()[:32])
            heads[branch] = hk
            enroll_head_key(
                uow,
                election_id=definition.id,
                branch=branch,
                public_hex=hk.public_hex,
                enrolled_by="bench",
            )
        payloads = []
        for b in sample:
            m = b.canonical()
            payloads.append(
                SignedBulletin(
                    bulletin=b,
                    station_key_id=station.key_id,
                    station_signature=station.sign(m),
                    head_key_id=heads[b.branch].key_id,
                    head_signature=heads[b.branch].sign(m),
                )
            )
        start = time.perf_counter()
        for p in payloads:
            _current[0] = p.bulletin.branch
            receive_bulletin(uow, p, actor="bench", keys=keys)
        elapsed = time.perf_counter() - start
        print(
            f"{'incremental acceptance, SQLite (1,000 random, all checks)':<52} {elapsed:8.3f} s   "
            f"({len(sample) / elapsed:,.0f} bulletins/s)"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
