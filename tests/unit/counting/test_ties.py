"""The verifiable lot and the tie-break chain: repeatable from the docs, refused when it cannot
settle a tie."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from entekhab.domain.counting.ties import Lot, TieFacts, break_tie, lot_seed
from entekhab.errors import EntekhabError

DOC = Path(__file__).resolve().parents[3] / "docs" / "ties.md"


def _block_after(marker: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(re.escape(marker) + r"\n```[a-z]*\n(.*?)```", text, re.S)
    assert found, f"no code block after {marker} in docs/ties.md"
    return found.group(1)


def test_the_snippet_in_the_docs_repeats_the_lot(tmp_path: Path) -> None:
    script = tmp_path / "lot.py"
    script.write_text(_block_after("<!-- lot-snippet -->"), encoding="utf-8")
    assert len(script.read_text().strip().splitlines()) <= 15
    command, printed = _block_after("<!-- lot-example -->").strip().splitlines()
    args = command.split()[3:]  # "$ python lot.py" then contest, root, nonce, codes
    contest, root, nonce, *tied = args
    run = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=True
    )
    ours = Lot.from_inputs(contest, root, nonce).order(tied)
    assert run.stdout.split() == ours == printed.split()


def test_the_seed_is_sha256_of_contest_root_and_nonce() -> None:
    expected = hashlib.sha256(b"PR1|ab12|c0ffee").hexdigest()
    assert lot_seed("PR1", "ab12", "c0ffee") == expected
    assert Lot.from_inputs("PR1", "ab12", "c0ffee").seed == expected


def test_the_lot_is_the_same_every_time_and_changes_with_the_nonce() -> None:
    codes = [f"{100 + i}" for i in range(40)]
    first = Lot.from_inputs("CT1", "00" * 32, "aa" * 16).order(codes)
    assert first == Lot.from_inputs("CT1", "00" * 32, "aa" * 16).order(reversed(codes))
    assert first != Lot.from_inputs("CT1", "00" * 32, "ab" * 16).order(codes)
    assert sorted(first) == sorted(codes)


def test_tie_goes_to_isargar_before_education() -> None:
    facts = {"a": TieFacts(isargar=False, education=7), "b": TieFacts(isargar=True, education=1)}
    order, steps = break_tie(["a", "b"], ("isargar", "education", "lot"), facts=facts)
    assert order == ["b", "a"]
    assert [s["rule"] for s in steps] == ["isargar"]


def test_equal_isargar_status_goes_on_to_education_then_lot() -> None:
    facts = {c: TieFacts(isargar=True, education=5) for c in "abc"} | {"d": TieFacts(False, 7)}
    lot = Lot.from_inputs("X", "00", "11")
    order, steps = break_tie(list("abcd"), ("isargar", "education", "lot"), facts=facts, lot=lot)
    assert order[3] == "d"
    assert order[:3] == lot.order("abc")
    assert [s["rule"] for s in steps] == ["isargar", "education", "lot"]
    assert steps[-1]["values"] == {c: lot.key(c) for c in "abc"}


def test_a_tie_needing_the_lot_is_refused_without_lot_inputs() -> None:
    with pytest.raises(EntekhabError) as err:
        break_tie(["a", "b"], ("isargar", "lot"))
    assert err.value.code == "ALLOCATION_LOT_REQUIRED"


def test_a_chain_that_cannot_settle_the_tie_is_refused() -> None:
    with pytest.raises(EntekhabError) as err:
        break_tie(["a", "b"], ("isargar", "education"))
    assert err.value.code == "ALLOCATION_TIE_UNRESOLVED"


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(EntekhabError) as err:
        break_tie(["a", "b"], ("age",))
    assert err.value.code == "ALLOCATION_UNKNOWN_TIE_RULE"
