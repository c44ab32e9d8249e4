"""Fuzzing definitions: any mutation of a valid document, or any damage to its text, gives a
coded ``EntekhabError`` (or a valid definition) — never another exception."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entekhab.domain.definition_io import (
    definition_hash,
    load_definition_text,
    validate_definition,
)
from entekhab.errors import EntekhabError, ProblemList
from tests.definition_support import valid_document, valid_yaml

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_TEXT = settings(FUZZ, max_examples=50)  # YAML round trips cost more per example

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["T", "S", "V1", "V2", "TEH", "SML", "EXP", "101", "ST-T", "B1", "", "0"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every dict and list inside ``node``."""
    out = [path]
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in items:
        if isinstance(child, dict | list):
            out += _containers(child, (*path, key))
    return out


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    doc = valid_document()
    for _ in range(draw(st.integers(1, 4))):
        target = _at(doc, draw(st.sampled_from(_containers(doc))))
        op = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if isinstance(target, dict):
            keys = sorted(target, key=str)
            if op == "add" or not keys:
                target[draw(st.text(max_size=8))] = draw(values)
            elif op == "delete":
                del target[draw(st.sampled_from(keys))]
            else:
                target[draw(st.sampled_from(keys))] = draw(values)
        elif target:
            index = draw(st.integers(0, len(target) - 1))
            if op == "delete":
                del target[index]
            elif op == "duplicate":
                target.append(json.loads(json.dumps(target[index])))
            else:
                target[index] = draw(values)
        else:
            target.append(draw(values))
    return doc


def _only_coded_errors(run: Any) -> None:
    try:
        definition = run()
    except EntekhabError as error:
        assert error.code and error.message_fa and error.message_en
        if isinstance(error, ProblemList):
            assert error.problems and all("location" in p.details for p in error.problems)
        return
    if definition is not None:
        assert len(definition_hash(definition)) == 64


@FUZZ
@given(mutated_documents())
def test_a_mutated_document_gives_only_coded_errors(doc: dict[str, Any]) -> None:
    _only_coded_errors(lambda: validate_definition(doc))


@FUZZ_TEXT
@given(mutated_documents())
def test_a_mutated_document_as_yaml_and_json_text_gives_only_coded_errors(
    doc: dict[str, Any],
) -> None:
    as_json = json.dumps(doc, ensure_ascii=False)
    _only_coded_errors(lambda: load_definition_text(as_json, "json"))
    as_yaml = yaml.safe_dump(doc, allow_unicode=True)
    _only_coded_errors(lambda: load_definition_text(as_yaml, "yaml"))


@FUZZ_TEXT
@given(st.data())
def test_damaged_yaml_text_gives_only_coded_errors(data: st.DataObject) -> None:
    text = valid_yaml()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    insert = data.draw(st.text(alphabet=":-[]{}&*!|>'\"#%@` \n\t,?0a", max_size=6))
    _only_coded_errors(lambda: load_definition_text(text[:start] + insert + text[end:], "yaml"))


@FUZZ
@given(st.binary(max_size=200))
def test_arbitrary_bytes_give_only_coded_errors(blob: bytes) -> None:
    _only_coded_errors(lambda: load_definition_text(blob, "yaml"))
    _only_coded_errors(lambda: load_definition_text(blob, "json"))
