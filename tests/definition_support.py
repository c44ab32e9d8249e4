"""A small, valid election definition for definition tests, and helpers to break it.

Province P > county C > district D > cities T (2.5M people, list-PR council with the Tehran
override 21 + 11) and S (40,000, plurality council by band); rural district R > villages V1
(qualified last term, 900 people), V2 (not qualified), V3 (qualification not recorded).
Contests: TEH (list PR), SML (plurality), V1C (village council of V1), EXP (Assembly of Experts
by-election over the province). Branches in T, S and V1.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from entekhab.domain.national_code import generate
from entekhab.sim.sample_common import sample_calendar

_rng = random.Random(1405)
_CODES = [generate(_rng) for _ in range(40)]


def _div(code: str, kind: str, parent: str | None, pop: int, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "name_fa": f"تقسیم {code}",
        "name_en": code,
        "parent": parent,
        "population": pop,
        **extra,
    }


def _cand(n: int, contest: str, ballot_code: str, **extra: Any) -> dict[str, Any]:
    return {
        "national_code": _CODES[n],
        "ballot_code": ballot_code,
        "contest": contest,
        "given_name_fa": "نام",
        "family_name_fa": f"نامزد {n}",
        "birth_date": "1975-03-21",
        "education": "master",
        **extra,
    }


def _branch(code: str, division: str, style: str) -> dict[str, Any]:
    return {
        "code": code,
        "site": "school",
        "division": division,
        "expected_voters": 800,
        "network": "fibre",
        "ballot_style": style,
    }


def valid_document() -> dict[str, Any]:
    """A fresh copy of a definition that keeps every rule."""
    return copy.deepcopy(_VALID)


_VALID: dict[str, Any] = {
    "id": "test-1405",
    "name_fa": "انتخابات آزمایشی شوراها",
    "name_en": "Test council election",
    "polling_day": "2026-06-18",
    "calendar": sample_calendar().model_dump(mode="json"),
    "divisions": [
        _div("P", "province", None, 3_000_000),
        _div("C", "county", "P", 2_600_000),
        _div("D", "district", "C", 2_600_000),
        _div("T", "city", "D", 2_500_000),
        _div("S", "city", "D", 40_000),
        _div("R", "rural_district", "D", 5_000),
        _div("V1", "village", "R", 900, qualified_last_term=True),
        _div("V2", "village", "R", 120, qualified_last_term=False),
        _div("V3", "village", "R", 60),
    ],
    "contests": [
        {
            "code": "TEH",
            "name_fa": "شورای شهر ت",
            "name_en": "T city council",
            "kind": "list_pr",
            "constituency": ["T"],
            "council_of": "T",
            "seat_override": {"seats": 21, "alternates": 11, "reason": "قانون: تهران ۲۱ کرسی"},
            "pr": {"method": "hare", "threshold": "1/20", "open_list": True},
        },
        {
            "code": "SML",
            "name_fa": "شورای شهر س",
            "name_en": "S city council",
            "kind": "plurality",
            "constituency": ["S"],
            "council_of": "S",
        },
        {
            "code": "V1C",
            "name_fa": "شورای روستای ۱",
            "name_en": "V1 village council",
            "kind": "plurality",
            "constituency": ["V1"],
            "council_of": "V1",
            "seats": 3,
            "alternates": 2,
        },
        {
            "code": "EXP",
            "name_fa": "میان‌دوره‌ای خبرگان",
            "name_en": "Assembly of Experts by-election",
            "kind": "plurality",
            "constituency": ["P"],
            "seats": 1,
            "alternates": 0,
        },
    ],
    "candidates": [
        *(_cand(i, "TEH", f"1{i:02d}") for i in range(1, 7)),
        *(_cand(10 + i, "SML", f"2{i:02d}") for i in range(1, 7)),
        *(_cand(20 + i, "V1C", f"3{i:02d}") for i in range(1, 5)),
        _cand(30, "EXP", "401", isargar=True),
        _cand(31, "EXP", "402"),
    ],
    "party_lists": [
        {"code": "L1", "contest": "TEH", "name_fa": "فهرست ۱", "members": ["101", "102"]},
        {"code": "L2", "contest": "TEH", "name_fa": "فهرست ۲", "members": ["103", "104"]},
    ],
    "ballot_styles": [
        {"code": "ST-T", "contests": ["TEH", "EXP"]},
        {"code": "ST-S", "contests": ["SML", "EXP"]},
        {"code": "ST-V1", "contests": ["V1C", "EXP"]},
    ],
    "branches": [
        _branch("B1", "T", "ST-T"),
        _branch("B2", "T", "ST-T"),
        _branch("B3", "S", "ST-S"),
        _branch("B4", "V1", "ST-V1"),
    ],
}


def valid_yaml() -> str:
    """The valid definition written as YAML by hand-typical means (PyYAML's dumper)."""
    import yaml

    return yaml.safe_dump(valid_document(), allow_unicode=True, sort_keys=False)


def section_index(document: dict[str, Any], section: str, code: str, key: str = "code") -> int:
    """Index of the item with ``key == code`` in ``document[section]``."""
    return next(i for i, item in enumerate(document[section]) if item[key] == code)
