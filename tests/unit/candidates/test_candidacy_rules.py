"""The candidacy rules as pure functions: eligibility, the resignation rule, the qualification
steps and the ballot-code draw."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest

from entekhab.domain.access import Role
from entekhab.domain.candidates.ballot_codes import draw_ballot_codes, draw_seed
from entekhab.domain.candidates.eligibility import Applicant, check_eligibility, check_resignation
from entekhab.domain.candidates.final_list import require_final_lists
from entekhab.domain.candidates.qualification import Status, Step, is_decided, next_status
from entekhab.domain.candidates.rules import Office, SupervisingBody
from entekhab.domain.definition import EducationLevel, ElectionDefinition
from entekhab.domain.errors import EntekhabError
from entekhab.sim.sample_election import make_election


@pytest.fixture(scope="module")
def tiny() -> ElectionDefinition:
    return make_election("tiny", 1405)


def _applicant(d: ElectionDefinition, contest: str, **changes: object) -> Applicant:
    division = d.contest_by_code[contest].constituency[0]
    values: dict[str, object] = {
        "national_code": "0012345679",
        "birth_date": date(1975, 5, 1),
        "education": EducationLevel.MASTER,
        "residence_division": division,
        "residence_since": date(2000, 1, 1),
    }
    values.update(changes)
    return Applicant(**values)  # type: ignore[arg-type]


def _code(call: object) -> str:
    with pytest.raises(EntekhabError) as caught:
        call()  # type: ignore[operator]
    return caught.value.code


def test_offices_follow_the_council_or_say_so(tiny: ElectionDefinition) -> None:
    offices = {c.code: tiny.office_of(c) for c in tiny.contests}
    assert offices["CC-SEMNAN"] == Office.CITY_COUNCIL
    assert offices["EXPERTS-P20"] == Office.ASSEMBLY_OF_EXPERTS


def test_an_under_age_candidate_is_refused_on_polling_day(tiny: ElectionDefinition) -> None:
    contest = tiny.contest_by_code["CC-SEMNAN"]
    day = tiny.polling_day
    just_25 = date(day.year - 25, day.month, day.day)
    check_eligibility(tiny, contest, _applicant(tiny, "CC-SEMNAN", birth_date=just_25))
    a_day_short = just_25 + timedelta(days=1)
    young = _applicant(tiny, "CC-SEMNAN", birth_date=a_day_short)
    assert _code(lambda: check_eligibility(tiny, contest, young)) == "CANDIDATE_UNDER_AGE"


def test_the_experts_need_a_master_and_no_residence(tiny: ElectionDefinition) -> None:
    contest = tiny.contest_by_code["EXPERTS-P20"]
    bachelor = _applicant(tiny, "EXPERTS-P20", education=EducationLevel.BACHELOR)
    assert _code(lambda: check_eligibility(tiny, contest, bachelor)) == (
        "CANDIDATE_EDUCATION_TOO_LOW"
    )
    elsewhere = _applicant(tiny, "EXPERTS-P20", residence_division="NOWHERE")
    check_eligibility(tiny, contest, elsewhere)  # the Experts rule asks no residence


def test_a_council_candidate_must_live_in_the_constituency(tiny: ElectionDefinition) -> None:
    contest = tiny.contest_by_code["CC-SEMNAN"]
    other = tiny.contest_by_code["CC-T20-01-1-02"].constituency[0]
    away = _applicant(tiny, "CC-SEMNAN", residence_division=other)
    assert _code(lambda: check_eligibility(tiny, contest, away)) == "CANDIDATE_RESIDENCE_NOT_MET"


def test_the_resignation_rule_counts_back_from_registration(tiny: ElectionDefinition) -> None:
    opens = tiny.calendar.registration.first_day
    days = tiny.candidacy.resignation.days_before_registration
    latest = opens - timedelta(days=days)
    ok = _applicant(
        tiny, "CC-SEMNAN", held_post="mayor", resigned_on=latest, has_resignation_evidence=True
    )
    check_resignation(tiny, ok, registration_opens=opens)
    late = _applicant(
        tiny,
        "CC-SEMNAN",
        held_post="mayor",
        resigned_on=latest + timedelta(days=1),
        has_resignation_evidence=True,
    )
    assert _code(lambda: check_resignation(tiny, late, registration_opens=opens)) == (
        "CANDIDATE_RESIGNATION_LATE"
    )
    no_evidence = _applicant(tiny, "CC-SEMNAN", held_post="mayor", resigned_on=latest)
    assert _code(lambda: check_resignation(tiny, no_evidence, registration_opens=opens)) == (
        "CANDIDATE_RESIGNATION_MISSING"
    )
    unknown = _applicant(tiny, "CC-SEMNAN", held_post="astronaut")
    assert _code(lambda: check_resignation(tiny, unknown, registration_opens=opens)) == (
        "CANDIDATE_POST_UNKNOWN"
    )


def test_qualification_runs_decision_review_appeal_in_that_order() -> None:
    s = next_status("R1", Status.REGISTERED, Step.EXECUTIVE_DECISION, False)
    assert s == Status.BOARD_DISQUALIFIED
    s = next_status("R1", s, Step.SUPERVISORY_REVIEW, False)
    assert s == Status.DISQUALIFIED
    s = next_status("R1", s, Step.APPEAL, None)
    assert s == Status.APPEALED
    assert next_status("R1", s, Step.APPEAL_DECISION, True) == Status.QUALIFIED
    for status, step in (
        (Status.REGISTERED, Step.SUPERVISORY_REVIEW),
        (Status.QUALIFIED, Step.APPEAL),
        (Status.BOARD_QUALIFIED, Step.EXECUTIVE_DECISION),
        (Status.WITHDRAWN, Step.WITHDRAWAL),
    ):
        assert _code(lambda s=status, t=step: next_status("R1", s, t, True)) == (
            "QUALIFICATION_OUT_OF_ORDER"
        )


def test_a_disqualification_is_settled_when_the_time_to_appeal_has_run_out() -> None:
    deadline = datetime(2026, 5, 1, tzinfo=UTC)
    assert not is_decided(Status.DISQUALIFIED, deadline, deadline)
    assert is_decided(Status.DISQUALIFIED, deadline, deadline + timedelta(seconds=1))
    assert not is_decided(Status.APPEALED, deadline, deadline + timedelta(days=9))


def test_the_experts_office_is_its_own_supervising_body(tiny: ElectionDefinition) -> None:
    rule = tiny.candidacy.rule_for(Office.ASSEMBLY_OF_EXPERTS)
    assert rule is not None and rule.supervised_by == SupervisingBody.EXPERTS_OFFICE
    assert rule.supervised_by.role == Role.EXPERTS_SUPERVISOR
    council = tiny.candidacy.rule_for(Office.CITY_COUNCIL)
    assert council is not None and council.supervised_by.role == Role.SUPERVISOR


def test_the_ballot_code_draw_is_repeatable_from_its_published_inputs() -> None:
    numbers = [f"R{n:05d}" for n in range(1, 30)]
    first = draw_ballot_codes("e", "C", "nonce-of-the-day", numbers)
    again = draw_ballot_codes("e", "C", "nonce-of-the-day", reversed(numbers))
    assert first == again
    assert sorted(code for _, code in first.codes) == [str(101 + i) for i in range(29)]
    other = draw_ballot_codes("e", "C", "another-nonce", numbers)
    assert other.codes != first.codes
    # The procedure as published, with hashlib alone (docs/candidates.md).
    seed = hashlib.sha256(b"ballot-codes|e|C|nonce-of-the-day").hexdigest()
    assert seed == draw_seed("e", "C", "nonce-of-the-day") == first.seed
    order = sorted(numbers, key=lambda n: hashlib.sha256(f"{seed}|{n}".encode()).hexdigest())
    assert [n for n, _ in first.codes] == order


def test_a_ballot_waits_for_the_final_list(tiny: ElectionDefinition) -> None:
    require_final_lists(tiny, [c.code for c in tiny.contests])
    document = tiny.model_dump() | {"candidates": (), "party_lists": ()}
    empty = ElectionDefinition.model_validate(document)
    assert _code(lambda: require_final_lists(empty, ["CC-SEMNAN"])) == "CANDIDATE_LIST_NOT_FINAL"
