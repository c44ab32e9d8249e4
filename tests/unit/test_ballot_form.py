"""The voter's ballot as a form (web/ballot_form.py): contests with many candidates ask for
ballot codes (Persian or Latin digits), contests with few show boxes; the ballot rules decide
what is refused, beside the contest, with the marks kept; the review names each choice."""

from __future__ import annotations

import pytest

from entekhab.domain.definition import ElectionDefinition
from entekhab.web import ballot_form
from entekhab.web.ballot_form import (
    ballot_views,
    carried_fields,
    read_ballot,
    receipt_hour,
    review_lines,
)
from entekhab.web.i18n import LANGUAGES
from entekhab.web.page_frame import Page
from entekhab.web.pages import render_page
from tests.election_day_support import definition_document

STYLE = ("TEH", "EXP")


@pytest.fixture
def definition() -> ElectionDefinition:
    return ElectionDefinition.model_validate(definition_document())


@pytest.fixture
def codes_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ballot_form, "PICK_LIMIT", 2)  # TEH (4 candidates) asks for codes


def test_few_candidates_are_boxes_and_seats_bound_the_marks(definition) -> None:
    teh, exp = ballot_views(definition, STYLE)
    assert not teh.by_codes and [c.code for c in teh.lists] == ["L1", "L2"]
    assert teh.allowed == 3 and exp.allowed == 1 and exp.lists == ()


def test_codes_in_persian_digits_are_read_and_named(definition, codes_mode) -> None:
    teh, _exp = ballot_views(definition, STYLE)
    assert teh.by_codes and list(teh.slots) == [0, 1, 2]
    form = {"list:TEH": ["L1"], "code:TEH:0": ["۱۰۱"], "code:TEH:2": [" 103 "]}
    marked = read_ballot(definition, STYLE, form)
    assert not marked and marked.candidates["TEH"] == ["101", "103"]
    [line, blank] = review_lines(definition, STYLE, marked)
    assert line.party_list is not None and line.party_list.code == "L1"
    assert [c.code for c in line.candidates] == ["101", "103"] and blank.blank


def test_an_unknown_code_is_refused_beside_its_contest_and_kept(definition, codes_mode) -> None:
    marked = read_ballot(definition, STYLE, {"code:TEH:0": ["999"], "cand:EXP": ["301", "302"]})
    assert marked.get("TEH") is not None and marked.get("TEH").code == "UNKNOWN_CANDIDATE"
    assert marked.get("EXP") is not None and marked.get("EXP").code == "TOO_MANY_SELECTIONS"
    assert marked.slot("TEH", 0) == "999" and marked.slot("TEH", 1) == ""
    html = render_page(
        "station/ballot.html.j2",
        {
            "page": Page("fa", "rtl", LANGUAGES["en"], "/voter?lang=en", "t" * 32),
            "contests": ballot_views(definition, STYLE),
            "marked": marked,
            "hidden": {"ballot": "n"},
            "urls": {"review": "/voter/review", "home": "/voter"},
        },
        "fa",
    )
    assert 'name="code:TEH:0" inputmode="numeric" autocomplete="off" value="999"' in html
    assert 'id="err-TEH"' in html and 'id="err-EXP"' in html


def test_a_list_of_another_contest_is_refused(definition) -> None:
    marked = read_ballot(definition, STYLE, {"list:EXP": ["L1"]})  # a forged field
    assert marked.get("EXP") is not None and marked.get("EXP").code == "UNKNOWN_LIST"
    marked = read_ballot(definition, STYLE, {"list:TEH": ["L9"]})
    assert marked.get("TEH") is not None and marked.get("TEH").code == "UNKNOWN_LIST"


def test_the_review_carries_only_ballot_fields() -> None:
    items = [("csrf_token", "x"), ("list:TEH", "L1"), ("cand:EXP", "301"), ("ballot", "n")]
    assert carried_fields(items, "ballot") == items[1:]
    assert carried_fields(items) == items[1:3]


def test_the_receipt_hour_is_jalali_in_tehran() -> None:
    from entekhab.web.i18n import use_language

    use_language("fa")
    assert receipt_hour("2026-06-18T07") == "۱۴۰۵/۰۳/۲۸ ۱۰:۳۰"
