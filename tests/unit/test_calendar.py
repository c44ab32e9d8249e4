"""The election calendar: phase windows in Asia/Tehran, the coded refusal outside them, the
definition rules between phases, and the Jalali dates the refusal shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import jdatetime
import pytest

from entekhab.domain.calendar import is_open, open_phases, phase_window, require_phase
from entekhab.domain.definition import ElectionDefinition, Phase
from entekhab.domain.definition_io import definition_from_document, definition_hash
from entekhab.domain.jalali import jalali_date_fa, to_jalali
from entekhab.errors import EntekhabError
from tests.definition_support import valid_document
from tests.unit.test_definition_rules import problems

TEHRAN_OFFSET = timedelta(hours=3, minutes=30)  # Iran keeps no summer time since 2022


def tehran(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware UTC instant given as Tehran wall time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - TEHRAN_OFFSET


def definition(**calendar: Any) -> ElectionDefinition:
    doc = valid_document()
    doc["calendar"].update(calendar)
    return definition_from_document(doc)


POLLING = date(2026, 6, 18)


def test_polling_opens_at_eight_and_closes_at_six_tehran_time() -> None:
    d = definition()
    assert not is_open(d, Phase.POLLING, tehran(POLLING, 7, 59))
    assert is_open(d, Phase.POLLING, tehran(POLLING, 8, 0))
    assert is_open(d, Phase.POLLING, tehran(POLLING, 17, 59))
    assert not is_open(d, Phase.POLLING, tehran(POLLING, 18, 0))
    assert not is_open(d, Phase.POLLING, tehran(POLLING + timedelta(days=1), 10, 0))
    assert phase_window(d, Phase.POLLING).opens == datetime(2026, 6, 18, 4, 30, tzinfo=UTC)


def test_a_check_in_at_06_59_is_refused_naming_the_phase_and_its_hours_in_jalali() -> None:
    with pytest.raises(EntekhabError) as refused:
        require_phase(definition(), Phase.POLLING, tehran(POLLING, 6, 59))
    error = refused.value
    assert error.code == "PHASE_NOT_OPEN"
    assert error.status == 409
    assert error.details["phase"] == "polling"
    assert error.details["state"] == "not_yet"
    assert error.details["opens"] == "2026-06-18T08:00+03:30"
    assert "۱۴۰۵/۰۳/۲۸ ۰۸:۰۰" in error.message_fa
    assert "۱۴۰۵/۰۳/۲۸ ۱۸:۰۰" in error.message_fa
    assert "۰۶:۵۹" in error.message_fa
    assert "2026-06-18T18:00+03:30" in error.message_en


def test_after_closing_is_refused_as_over() -> None:
    with pytest.raises(EntekhabError) as refused:
        require_phase(definition(), Phase.POLLING, tehran(POLLING, 18, 0))
    assert refused.value.details["state"] == "over"


def test_a_recorded_extension_moves_closing_later_never_earlier() -> None:
    d = definition()
    later = tehran(POLLING, 22, 0)
    assert is_open(d, Phase.POLLING, tehran(POLLING, 21, 59), polling_closes=later)
    assert not is_open(d, Phase.POLLING, tehran(POLLING, 22, 0), polling_closes=later)
    earlier = tehran(POLLING, 12, 0)
    assert is_open(d, Phase.POLLING, tehran(POLLING, 15, 0), polling_closes=earlier)


def test_whole_day_phases_run_from_midnight_to_midnight_tehran_time() -> None:
    d = definition(registration={"first_day": "2026-04-09", "last_day": "2026-04-15"})
    first, last = date(2026, 4, 9), date(2026, 4, 15)
    assert not is_open(d, Phase.REGISTRATION, tehran(first, 0, 0) - timedelta(seconds=1))
    assert is_open(d, Phase.REGISTRATION, tehran(first, 0, 0))
    assert is_open(d, Phase.REGISTRATION, tehran(last, 23, 59))
    assert not is_open(d, Phase.REGISTRATION, tehran(last + timedelta(days=1), 0, 0))


def test_on_polling_day_polling_and_results_are_open_but_not_campaigning() -> None:
    phases = open_phases(definition(), tehran(POLLING, 10, 0))
    assert phases == [Phase.POLLING, Phase.RESULTS]
    assert open_phases(definition(), tehran(POLLING - timedelta(days=1), 10, 0)) == [
        Phase.CAMPAIGN_SILENCE
    ]


def test_the_hash_covers_the_calendar() -> None:
    base = definition_hash(definition())
    assert definition_hash(definition(polling={"opens": "08:00", "closes": "20:00"})) != base
    moved = {"first_day": "2026-04-10", "last_day": "2026-04-15"}
    assert definition_hash(definition(registration=moved)) != base


def _calendar_problems(**calendar: Any) -> list[tuple[str, str]]:
    doc = valid_document()
    doc["calendar"].update(calendar)
    return problems(doc)


def test_reversed_days_are_a_coded_problem_with_their_place() -> None:
    found = _calendar_problems(vetting={"first_day": "2026-04-29", "last_day": "2026-04-16"})
    assert ("PHASE_DAYS_REVERSED", "calendar.vetting.last_day") in found


def test_overlapping_phases_are_a_coded_problem() -> None:
    found = _calendar_problems(vetting={"first_day": "2026-04-15", "last_day": "2026-04-29"})
    assert found == [("PHASES_OUT_OF_ORDER", "calendar.vetting.first_day")]


def test_silence_must_reach_the_eve_of_polling() -> None:
    found = _calendar_problems(
        campaign_silence={"first_day": "2026-06-17", "last_day": "2026-06-18"}
    )
    assert found == [("SILENCE_NOT_BEFORE_POLLING", "calendar.campaign_silence.last_day")]


def test_results_and_complaints_do_not_start_before_polling_day() -> None:
    found = _calendar_problems(complaints={"first_day": "2026-06-17", "last_day": "2026-06-25"})
    assert found == [("PHASE_BEFORE_POLLING_DAY", "calendar.complaints.first_day")]


def test_polling_must_close_after_it_opens() -> None:
    found = _calendar_problems(polling={"opens": "18:00", "closes": "08:00"})
    assert found == [("POLLING_HOURS_REVERSED", "calendar.polling.closes")]


def test_an_unknown_time_zone_is_a_coded_problem() -> None:
    doc = valid_document()
    doc["timezone"] = "Mars/Olympus"
    assert ("TIMEZONE_UNKNOWN", "timezone") in problems(doc)


def test_a_definition_without_a_calendar_is_refused() -> None:
    doc = valid_document()
    del doc["calendar"]
    assert ("DEFINITION_MISSING_FIELD", "calendar") in problems(doc)


def test_jalali_dates_agree_with_jdatetime_every_day_from_1950_to_2150() -> None:
    day, end = date(1950, 1, 1), date(2150, 1, 1)
    while day < end:
        j = jdatetime.date.fromgregorian(date=day)
        assert to_jalali(day) == (j.year, j.month, j.day), day
        day += timedelta(days=1)
    assert jalali_date_fa(POLLING) == "۱۴۰۵/۰۳/۲۸"
