"""The candidate side through the services, on SQLite and PostgreSQL: the tiny sample from
registration to its published lists, and every refusal the issue names with proof that it wrote
nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from entekhab.api.app import create_app
from entekhab.crypto.signing import keypair_from_seed
from entekhab.domain.access import Role
from entekhab.domain.national_code import check_digit
from entekhab.errors import EntekhabError
from entekhab.service.candidates import (
    ballot_codes,
    official_list,
    parties,
    qualification,
    registration,
    representatives,
)
from entekhab.service.candidates.registration import Registration
from entekhab.service.definitions.loading import get_definition
from entekhab.service.definitions.versions import versions_of
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.stations import StationInfo, enrol_station
from entekhab.service.registry.importing import CitizenRecord, import_registry
from entekhab.settings import Settings
from entekhab.sim.candidate_history import phase_instant
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user
from tests.candidates_support import TinyWorld, table_counts, tiny_world


def refused(uow_factory: UnitOfWorkFactory, code: str, call: Callable[[], object]) -> None:
    before = table_counts(uow_factory)
    with pytest.raises(EntekhabError) as caught:
        call()
    assert caught.value.code == code, caught.value
    assert caught.value.message_fa and caught.value.message_en
    assert table_counts(uow_factory) == before, "a refusal must write nothing"


def test_the_tiny_sample_goes_from_registration_to_published_lists(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = tiny_world(uow_factory, "published")
    out = world.outcome
    assert out.refused == {
        "INVALID_NATIONAL_CODE": 1,
        "CANDIDATE_UNDER_AGE": 1,
        "CANDIDATE_RESIGNATION_MISSING": 1,
        "CANDIDATE_ON_TWO_LISTS": 1,
    }
    contests = [c.code for c in world.history.base.contests]
    assert sorted(out.published) == sorted(contests)
    with uow_factory() as uow:
        definition, digest = get_definition(uow.session, world.election)
        versions = versions_of(uow, world.election)
        lists = {c: official_list.official_list(uow, world.election, c) for c in contests}
    assert digest == out.published[contests[-1]]
    assert [v["version"] for v in versions] == [1, 2, 3, 4]
    assert versions[0]["definition_hash"] != digest
    standing = len(definition.candidates)
    assert standing == sum(len(found.lines) for found in lists.values()) > 0
    assert standing <= out.registered - out.withdrawn
    for contest, found in lists.items():
        codes = [line.ballot_code for line in found.lines]
        assert len(set(codes)) == len(codes)
        assert set(codes) == set(definition.candidates_by_contest[contest])
    semnan = lists["CC-SEMNAN"]
    assert {code for code, _fa, _en in semnan.lists} == {
        p.code for p in definition.party_lists if p.contest == "CC-SEMNAN"
    }
    rows = list(csv.reader(io.StringIO(official_list.list_csv(semnan))))
    assert rows[0][0] == "ballot_code" and len(rows) == len(semnan.lines) + 1


def test_registration_outside_its_phase_writes_nothing(uow_factory: UnitOfWorkFactory) -> None:
    world = tiny_world(uow_factory, "registration")
    _sample, app = world.history.applications[1]
    before = world.history.base.calendar.registration.first_day - timedelta(days=1)
    early = phase_instant(world.history.base, before, 12)
    newcomer = _fresh(uow_factory, world, app)
    refused(uow_factory, "PHASE_NOT_OPEN", lambda: _register(uow_factory, newcomer, early))


def _register(uow_factory: UnitOfWorkFactory, app: Registration, clock: object) -> None:
    with uow_factory() as uow:
        registration.register_candidate(uow, app, actor="test:officer", clock=clock)  # type: ignore[arg-type]


def _fresh(
    uow_factory: UnitOfWorkFactory, world: TinyWorld, model: Registration, **changes: object
) -> Registration:
    """A new person in the registry, applying like ``model``."""
    values = dict(model.__dict__)
    values.update(changes)
    code = "2" + model.national_code[1:9]
    code = code + str(check_digit(code))
    birth = values["birth_date"]
    assert isinstance(birth, date)
    import_registry(
        uow_factory,
        [CitizenRecord(code, birth, "m", world.history.citizens[0].residence_division, birth)],
    )
    values["national_code"] = code
    return Registration(**values)  # type: ignore[arg-type]


def test_bad_applications_are_refused_and_write_nothing(uow_factory: UnitOfWorkFactory) -> None:
    world = tiny_world(uow_factory, "registration")
    d = world.history.base
    at = phase_instant(d, d.calendar.registration.first_day + timedelta(days=1), 10)
    _sample, model = world.history.applications[0]
    bad_code = model.national_code[:9] + str((int(model.national_code[9]) + 3) % 10)
    refused(
        uow_factory,
        "INVALID_NATIONAL_CODE",
        lambda: _register(
            uow_factory, Registration(**{**model.__dict__, "national_code": bad_code}), at
        ),
    )
    young = date(d.polling_day.year - 24, 1, 1)
    kid = _fresh(uow_factory, world, model, birth_date=young)
    refused(uow_factory, "CANDIDATE_UNDER_AGE", lambda: _register(uow_factory, kid, at))
    mayor = Registration(
        **{
            **model.__dict__,
            "held_post": "mayor",
            "resigned_on": None,
            "resignation_evidence": b"x",
        }
    )
    refused(uow_factory, "CANDIDATE_RESIGNATION_MISSING", lambda: _register(uow_factory, mayor, at))
    again = model
    refused(uow_factory, "CANDIDATE_ALREADY_REGISTERED", lambda: _register(uow_factory, again, at))
    no_photo = Registration(**{**model.__dict__, "photo": b"GIF89a..."})
    refused(uow_factory, "CANDIDATE_PHOTO_INVALID", lambda: _register(uow_factory, no_photo, at))


def test_a_candidate_on_two_lists_and_a_list_too_long_are_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = tiny_world(uow_factory, "registration")
    d = world.history.base
    at = phase_instant(d, d.calendar.registration.first_day, 15)
    contest, _code, *_rest, members = world.history.lists[0]
    on_first = world.outcome.registrations[(contest, members[0])]

    def second_list(numbers: list[str]) -> Callable[[], object]:
        def call() -> object:
            with uow_factory() as uow:
                return parties.register_list(
                    uow, election_id=d.id, contest=contest, code="L99", name_fa="دوم",
                    name_en="", members=numbers, party=None, actor="test:officer", clock=at,
                )  # fmt: skip

        return call

    refused(uow_factory, "CANDIDATE_ON_TWO_LISTS", second_list([on_first]))
    with uow_factory() as uow:
        limit = parties.list_limit(uow, d.id, contest)
    refused(uow_factory, "LIST_TOO_LONG", second_list([f"R{n:05d}" for n in range(limit + 1)]))


def test_an_appeal_after_its_deadline_is_refused_and_writes_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = tiny_world(uow_factory, "vetting")
    d = world.history.base
    number = world.number("CC-SEMNAN", 2)
    q = d.calendar.qualification.first_day + timedelta(days=1)
    with uow_factory() as uow:
        qualification.decide(
            uow, election_id=d.id, candidate=number, qualified=False, ground="conduct",
            actor="test:board", role="executive_board", clock=phase_instant(d, q, 10),
        )  # fmt: skip
    refused(
        uow_factory,
        "WRONG_SUPERVISING_BODY",
        lambda: _review(uow_factory, d.id, number, "experts_supervisor", phase_instant(d, q, 12)),
    )
    with uow_factory() as uow:
        row = _review(uow_factory, d.id, number, "supervisor", phase_instant(d, q, 12))
    assert row.status == "disqualified" and row.appeal_deadline is not None
    late = row.appeal_deadline + timedelta(minutes=1)

    def appeal() -> object:
        with uow_factory() as uow:
            return qualification.appeal(
                uow, election_id=d.id, candidate=number, actor="test:officer",
                role="district_officer", clock=lambda: late,
            )  # fmt: skip

    refused(uow_factory, "APPEAL_DEADLINE_PASSED", appeal)
    with uow_factory() as uow:
        steps = qualification.steps_of(uow, d.id, number)
    assert [(s.step, s.role) for s in steps] == [
        ("executive_decision", "executive_board"),
        ("supervisory_review", "supervisor"),
    ]
    assert all(s.actor and s.at for s in steps)


def _review(
    uow_factory: UnitOfWorkFactory, election: str, number: str, role: str, clock: object
) -> object:
    with uow_factory() as uow:
        return qualification.review(
            uow, election_id=election, candidate=number, qualified=False, ground="conduct",
            actor=f"test:{role}", role=role, clock=clock,  # type: ignore[arg-type]
        )  # fmt: skip


def test_a_decision_waits_for_every_vetting_answer(uow_factory: UnitOfWorkFactory) -> None:
    world = tiny_world(uow_factory, "registration")
    d = world.history.base
    q = phase_instant(d, d.calendar.qualification.first_day, 10)

    def decide() -> object:
        with uow_factory() as uow:
            return qualification.decide(
                uow, election_id=d.id, candidate=world.number("EXPERTS-P20"), qualified=True,
                ground=None, actor="test:board", role="executive_board", clock=q,
            )  # fmt: skip

    refused(uow_factory, "VETTING_INCOMPLETE", decide)


def test_nothing_is_published_while_a_candidate_is_undecided(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = tiny_world(uow_factory, "vetting")
    d = world.history.base
    after = phase_instant(d, d.calendar.appeals.last_day + timedelta(days=1), 10)

    def draw() -> object:
        with uow_factory() as uow:
            return ballot_codes.draw_codes(
                uow, election_id=d.id, contest="EXPERTS-P20", ceremony_nonce="ceremony-x",
                actor="test:board", clock=after,
            )  # fmt: skip

    refused(uow_factory, "LIST_UNDECIDED", draw)
    with uow_factory() as uow, pytest.raises(EntekhabError) as caught:
        official_list.official_list(uow, d.id, "EXPERTS-P20")
    assert caught.value.code == "CANDIDATE_LIST_NOT_FINAL"


def test_an_accredited_observer_sees_their_branch_and_no_other(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = tiny_world(uow_factory, "registration")
    d = world.history.base
    contest = d.contest_by_code["CC-SEMNAN"]
    inside = [
        b.code for b in d.branches if set(d.ancestors(b.division)) & set(contest.constituency)
    ]
    outside = [b.code for b in d.branches if b.code not in inside]
    assert inside and outside
    number = world.number("CC-SEMNAN")
    person = world.history.citizens[5].national_code

    def accredit(branch: str) -> object:
        with uow_factory() as uow:
            return representatives.accredit(
                uow, election_id=d.id, branch=branch, contest="CC-SEMNAN", candidate=number,
                list_code=None, person_code=person, full_name="نماینده", account="obs-1",
                actor="test:officer",
            )  # fmt: skip

    refused(uow_factory, "REPRESENTATIVE_INVALID", lambda: accredit(outside[0]))
    accredit(inside[0])
    client = TestClient(create_app(Settings(), uow_factory))
    mine = {"Authorization": "Bearer " + mint_user(uow_factory, "obs-1", Role.OBSERVER, inside[0])}
    other = {"Authorization": "Bearer " + mint_user(uow_factory, "obs-2", Role.OBSERVER, inside[0])}
    url = f"/api/v1/observers/{d.id}/branches/{{}}"
    seen = client.get(url.format(inside[0]), headers=mine)
    assert seen.status_code == 200, seen.text
    assert seen.json()["branch"] == inside[0] and seen.json()["bulletins"] == []
    stranger = client.get(url.format(inside[0]), headers=other)
    assert stranger.status_code == 403
    assert stranger.json()["error"]["code"] == "OBSERVER_NOT_ACCREDITED"
    elsewhere = client.get(url.format(outside[0]), headers=mine)
    assert elsewhere.json()["error"]["code"] == "OUT_OF_JURISDICTION"


def test_no_ballot_is_issued_until_the_contests_list_is_final(
    uow_factory: UnitOfWorkFactory,
) -> None:
    world = tiny_world(uow_factory, "qualification")
    d = world.history.base
    semnan = d.contest_by_code["CC-SEMNAN"]
    branches = [
        b.code for b in d.branches if set(d.ancestors(b.division)) & set(semnan.constituency)
    ]
    voter = next(
        c.national_code
        for c in world.history.citizens
        if c.residence_division in semnan.constituency and c.birth_date.year < 1990
    )
    polling = phase_instant(d, d.polling_day, 9)()

    def open_station(branch: str, seed: int) -> StationInfo:
        info = enrol_station(
            uow_factory, election_id=d.id, branch=branch,
            public_key_hex=keypair_from_seed(bytes([seed]) * 32).public_hex,
            enrolled_by="test:hq", now=polling,
        )  # fmt: skip
        with uow_factory() as uow:
            digest = get_definition(uow.session, d.id).definition_hash
        open_branch(uow_factory, info, opened_by="head", definition_hash=digest, now=polling)
        return info

    early = open_station(branches[0], 1)
    request = CheckInRequest(voter, "SER1", "match", None)
    refused(
        uow_factory,
        "CANDIDATE_LIST_NOT_FINAL",
        lambda: check_in(uow_factory, early, request, now=polling),
    )
    after = phase_instant(d, d.calendar.appeals.last_day + timedelta(days=1), 10)
    for contest in d.contests:
        with uow_factory() as uow:
            ballot_codes.draw_codes(
                uow, election_id=d.id, contest=contest.code, ceremony_nonce="ceremony-1405",
                actor="test:board", clock=after,
            )  # fmt: skip
        with uow_factory() as uow:
            official_list.publish(
                uow, election_id=d.id, contest=contest.code, actor="test:hq", clock=after
            )
    late = open_station(branches[-1], 2)
    result = check_in(uow_factory, late, request, now=polling)
    assert "CC-SEMNAN" in result.contests
