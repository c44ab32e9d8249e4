"""The generated reference documents are committed and current; catalogue codes are unique."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from entekhab.cli.docs import DOCUMENTS
from entekhab.domain.definition_io import load_definition_text
from entekhab.domain.error_codes import all_specs
from entekhab.domain.error_codes import calendar as calendar_codes
from entekhab.domain.error_codes import definition as codes
from entekhab.domain.errors import ErrorSpec
from entekhab.domain.event_codes import all_events

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_committed_document_is_current(name: str) -> None:
    path, render = DOCUMENTS[name]
    committed = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).exists() else ""
    assert committed == render(), f"{path} is stale: run `entekhab docs all` and commit it"


def test_error_codes_are_unique_and_bilingual() -> None:
    specs = [spec for _area, spec in all_specs()]
    repeated = [code for code, n in Counter(s.code for s in specs).items() if n > 1]
    assert repeated == []
    for spec in specs:
        assert spec.code.isupper() and spec.fa and spec.en and 400 <= spec.status < 600


def test_event_codes_are_unique_and_bilingual() -> None:
    events = [spec for _area, spec in all_events()]
    repeated = [code for code, n in Counter(e.code for e in events).items() if n > 1]
    assert repeated == []
    assert all(e.code.isupper() and e.fa and e.en for e in events)


def test_every_documented_error_code_appears_in_errors_md() -> None:
    text = (ROOT / "docs/errors.md").read_text(encoding="utf-8")
    assert all(f"`{spec.code}`" in text for _area, spec in all_specs())


def test_the_example_in_the_definition_guide_is_valid() -> None:
    guide = (ROOT / "docs/definition.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    definition = load_definition_text(example, "yaml")
    assert definition.id == "sorkheh-1405"


def test_every_definition_rule_code_is_explained_in_the_guide() -> None:
    guide = (ROOT / "docs/definition.md").read_text(encoding="utf-8")
    loading_only = {"INVALID_NATIONAL_CODE", "DEFINITION_INVALID", "DEFINITION_FORMAT_UNKNOWN"}
    loading_only.add("DEFINITION_ID_TAKEN")
    for value in [*vars(codes).values(), *vars(calendar_codes).values()]:
        if isinstance(value, ErrorSpec) and value.code not in loading_only:
            assert f"`{value.code}`" in guide, value.code
