"""The simulated identity devices and the Jalali hour printed on receipts."""

from __future__ import annotations

import random

import pytest

from entekhab.domain.errors import EntekhabError
from entekhab.station.identity import FingerprintOutcome, SimulatedIdentityVerifier
from entekhab.station.prompt import persian_hour


def test_false_rejects_follow_the_rate_and_repeat_with_the_seed() -> None:
    def outcomes(seed: int) -> list[FingerprintOutcome]:
        verifier = SimulatedIdentityVerifier(0.1, random.Random(seed))
        verifier.present("0499370899", "S1")
        card = verifier.read_card()
        return [verifier.match_fingerprint(card) for _ in range(2000)]

    first = outcomes(4)
    assert first == outcomes(4)
    rejected = first.count(FingerprintOutcome.NO_MATCH)
    assert 140 <= rejected <= 260  # 10% of 2,000, well inside binomial bounds
    assert set(first) == {FingerprintOutcome.MATCH, FingerprintOutcome.NO_MATCH}


def test_cards_are_read_in_the_order_presented_and_none_is_a_coded_error() -> None:
    verifier = SimulatedIdentityVerifier()
    verifier.present("0499370899", "S1")
    verifier.present("0013542419", "S2")
    assert [verifier.read_card().card_serial for _ in range(2)] == ["S1", "S2"]
    with pytest.raises(EntekhabError) as caught:
        verifier.read_card()
    assert caught.value.code == "STATION_CARD_UNREADABLE"
    with pytest.raises(ValueError):
        SimulatedIdentityVerifier(1.5)


def test_receipt_hour_is_tehran_jalali_with_persian_digits() -> None:
    # 07:00 UTC on 18 June 2026 is 10:30 in Tehran on 28 Khordad 1405.
    assert persian_hour("2026-06-18T07") == "۱۴۰۵/۰۳/۲۸ ساعت ۱۰"
