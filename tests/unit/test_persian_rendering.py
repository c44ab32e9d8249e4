"""What people read: Persian digits, Jalali dates, the bulletin QR payload."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from entekhab.web.persian import fa_decimal, fa_digits, fa_number, jalali_date, jalali_datetime
from entekhab.web.qr import SCHEME, bulletin_payload, parse_payload, qr_svg
from tests.results_support import Keys, TinyElection, keypair, tiny_definition


def test_polling_day_shows_as_jalali_with_persian_digits() -> None:
    # 18 June 2026 is 28 Khordad 1405.
    assert jalali_date(date(2026, 6, 18)) == "۱۴۰۵/۰۳/۲۸"


def test_times_are_shown_in_tehran() -> None:
    # 18:00 UTC is 21:30 in Tehran (no daylight saving since 2022).
    assert jalali_datetime(datetime(2026, 6, 18, 18, 0, tzinfo=UTC)) == "۱۴۰۵/۰۳/۲۸ ۲۱:۳۰"


def test_numbers_get_persian_digits_and_separators() -> None:
    assert fa_number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert fa_digits("B-12") == "B-۱۲"
    assert fa_decimal(Fraction(1, 3), 4) == "۰٫۳۳۳۳"
    assert fa_decimal(Fraction(2, 3), 2) == "۰٫۶۷"
    assert fa_decimal(Fraction(-5, 2), 0) == "-۳"


@given(st.integers(min_value=0, max_value=10**12))
def test_persian_digits_read_back_to_the_same_number(n: int) -> None:
    back = fa_number(n).replace("٬", "").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    assert int(back) == n


def test_bulletin_qr_payload_carries_digest_and_summary() -> None:
    definition = tiny_definition()
    election = TinyElection(None, definition, "a" * 64, Keys())  # type: ignore[arg-type]
    bulletin = election.bulletin("B1", "CT1", blank=3, candidate_votes={"101": 50})
    signed = election.sign(bulletin)
    payload = bulletin_payload(signed)
    assert payload.startswith(SCHEME + ";")
    fields = parse_payload(payload)
    assert fields["d"] == bulletin.digest()
    assert (fields["b"], fields["c"], fields["bl"], fields["k"]) == ("B1", "CT1", "3", "100")
    svg = qr_svg(payload)
    assert svg.startswith("<svg") and "path" in svg
    assert keypair("x").key_id  # the helper keys are real Ed25519 keys


def test_the_working_keeps_codes_hashes_and_fractions_copyable() -> None:
    from entekhab.web.sheets import _cell

    assert _cell("L1") == "L1"
    assert _cell("512a8f" * 4) == "512a8f" * 4
    assert _cell(1405) == "۱٬۴۰۵"
    assert _cell("195/124") == "195/124 (≈ ۱٫۵۷۲۶)"
    assert _cell(True) == "True"
