"""Reading definitions from YAML and JSON, the coded problems of bad files, and the hash."""

from __future__ import annotations

import json

import pytest
import yaml

from entekhab.domain.definition_io import (
    definition_hash,
    format_for_name,
    load_definition_text,
    read_document,
)
from entekhab.errors import ProblemList
from tests.definition_support import valid_document, valid_yaml


def _codes(error: ProblemList) -> list[tuple[str, str]]:
    return [(p.code, p.details["location"]) for p in error.problems]


def test_yaml_and_json_of_the_same_content_have_the_same_hash() -> None:
    from_yaml = load_definition_text(valid_yaml(), "yaml")
    from_json = load_definition_text(json.dumps(valid_document(), ensure_ascii=False), "json")
    assert from_yaml == from_json
    assert definition_hash(from_yaml) == definition_hash(from_json)


def test_key_order_and_white_space_do_not_change_the_hash() -> None:
    doc = valid_document()
    reordered = dict(reversed(list(doc.items())))
    a = load_definition_text(json.dumps(doc), "json")
    b = load_definition_text(json.dumps(reordered, indent=4), "json")
    assert definition_hash(a) == definition_hash(b)


def test_persian_text_in_decomposed_form_hashes_as_composed() -> None:
    doc = valid_document()
    doc["name_fa"] = "آزمون"  # ALEF WITH MADDA ABOVE, composed
    decomposed = dict(doc, name_fa="\u0627\u0653زمون")  # ALEF + MADDA ABOVE
    a = load_definition_text(json.dumps(doc), "json")
    b = load_definition_text(json.dumps(decomposed), "json")
    assert definition_hash(a) == definition_hash(b)


def test_any_change_of_content_changes_the_hash() -> None:
    doc = valid_document()
    before = definition_hash(load_definition_text(json.dumps(doc), "json"))
    doc["branches"][0]["expected_voters"] += 1
    assert definition_hash(load_definition_text(json.dumps(doc), "json")) != before


def test_yaml_numbers_with_leading_zeros_stay_codes() -> None:
    text = valid_yaml().replace("code: B1\n", "code: 012\n", 1)
    definition = load_definition_text(text, "yaml")
    assert definition.branches[0].code == "012"  # not octal 10


def test_yaml_no_is_a_code_not_false() -> None:
    text = valid_yaml().replace("code: B1\n", "code: NO\n", 1)
    assert load_definition_text(text, "yaml").branches[0].code == "NO"


def test_broken_yaml_is_a_coded_syntax_problem() -> None:
    with pytest.raises(ProblemList) as caught:
        load_definition_text("id: [unclosed\n", "yaml")
    assert [p.code for p in caught.value.problems] == ["DEFINITION_SYNTAX"]


def test_broken_json_is_a_coded_syntax_problem() -> None:
    with pytest.raises(ProblemList) as caught:
        load_definition_text('{"id": ', "json")
    assert [p.code for p in caught.value.problems] == ["DEFINITION_SYNTAX"]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [('{"id": "a", "id": "b"}', "json"), ("id: a\nname_fa: x\nid: b\n", "yaml")],
)
def test_a_key_given_twice_is_refused(text: str, fmt: str) -> None:
    with pytest.raises(ProblemList) as caught:
        read_document(text, fmt)
    assert caught.value.problems[0].code == "DEFINITION_DUPLICATE_KEY"
    assert caught.value.problems[0].details["key"] == "id"


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", ""])
def test_a_document_that_is_not_a_mapping_is_refused(text: str) -> None:
    with pytest.raises(ProblemList) as caught:
        load_definition_text(text, "yaml")
    assert _codes(caught.value) == [("DEFINITION_NOT_A_MAPPING", "")]


def test_unknown_and_missing_fields_are_located() -> None:
    doc = valid_document()
    doc["contests"][3]["colour"] = "blue"
    del doc["branches"][1]["network"]
    with pytest.raises(ProblemList) as caught:
        load_definition_text(json.dumps(doc), "json")
    assert _codes(caught.value) == [
        ("DEFINITION_UNKNOWN_FIELD", "contests[3].colour"),
        ("DEFINITION_MISSING_FIELD", "branches[1].network"),
    ]


def test_each_problem_has_persian_and_english_text() -> None:
    doc = valid_document()
    doc["contests"][3]["seats"] = 0
    with pytest.raises(ProblemList) as caught:
        load_definition_text(json.dumps(doc), "json")
    (found,) = caught.value.problems
    assert "contests[3].seats" in found.message_en
    assert "contests[3].seats" in found.message_fa
    assert found.message_fa != found.message_en


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ProblemList) as caught:
        read_document("{}", "toml")
    assert caught.value.problems[0].code == "DEFINITION_FORMAT_UNKNOWN"


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.yaml", "yaml"), ("b.YML", "yaml"), ("dir.x/c.json", "json")]
)
def test_format_follows_the_file_suffix(name: str, fmt: str) -> None:
    assert format_for_name(name) == fmt


def test_a_file_without_a_known_suffix_is_refused() -> None:
    with pytest.raises(ProblemList):
        format_for_name("definition.txt")


def test_deeply_nested_input_is_a_coded_problem_not_a_crash() -> None:
    with pytest.raises(ProblemList):
        load_definition_text("[" * 50_000, "json")
    with pytest.raises(ProblemList):
        load_definition_text("a: " + "[" * 50_000, "yaml")


def test_yaml_tags_for_python_objects_are_refused() -> None:
    text = "id: !!python/object/apply:os.system ['true']\n"
    with pytest.raises(ProblemList) as caught:
        load_definition_text(text, "yaml")
    assert caught.value.problems[0].code == "DEFINITION_SYNTAX"


def test_the_stored_document_reads_back_to_the_same_definition() -> None:
    definition = load_definition_text(valid_yaml(), "yaml")
    again = load_definition_text(json.dumps(definition.model_dump(mode="json")), "json")
    assert again == definition
    assert yaml.safe_load(valid_yaml())["id"] == definition.id


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000,  # flow nesting
        "a:\n" + "- " * 20_000 + "x\n",  # block nesting, two characters a level
    ],
)
def test_yaml_nested_past_the_limit_is_refused_before_it_is_built(text: str) -> None:
    with pytest.raises(ProblemList) as caught:
        load_definition_text(text, "yaml")
    assert caught.value.problems[0].code == "DEFINITION_SYNTAX"


def test_yaml_aliases_that_expand_to_billions_are_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    with pytest.raises(ProblemList) as caught:
        load_definition_text("\n".join(lines) + "\n", "yaml")
    assert caught.value.problems[0].code == "DEFINITION_SYNTAX"
    assert "expands" in caught.value.problems[0].details["reason"]


def test_yaml_anchors_and_merge_keys_of_modest_size_are_fine() -> None:
    text = valid_yaml().replace(
        "branches:\n", "school_fibre: &school_fibre {site: school, network: fibre}\nbranches:\n"
    )
    with pytest.raises(ProblemList) as caught:  # the extra top-level key is unknown ...
        load_definition_text(text, "yaml")
    assert [p.code for p in caught.value.problems] == ["DEFINITION_UNKNOWN_FIELD"]
    merged = read_document("base: &b {site: school}\nbranch: {<<: *b, code: B1}\n", "yaml")
    assert merged["branch"] == {"site": "school", "code": "B1"}  # ... but aliases do work
