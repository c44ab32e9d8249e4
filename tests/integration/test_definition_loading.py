"""Loading a definition at HQ, on SQLite and PostgreSQL: checked, hashed, logged, idempotent;
bad input writes nothing but the record of its refusal."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import func, select

from entekhab.domain.definition_io import definition_hash, load_definition_text
from entekhab.errors import EntekhabError, ProblemList
from entekhab.service.audit.chain import verify_chain
from entekhab.service.definitions.loading import (
    get_definition,
    load_definition,
    load_definition_from_text,
    stored_definition,
)
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.definition_support import valid_document, valid_yaml


def _counts(uow_factory: UnitOfWorkFactory) -> tuple[int, list[str]]:
    with uow_factory() as uow:
        elections = uow.session.scalar(select(func.count()).select_from(ElectionRow)) or 0
        codes = list(uow.session.scalars(select(EventLogEntry.code).order_by(EventLogEntry.seq)))
    return elections, codes


def test_a_loaded_definition_reads_back_with_its_hash(uow_factory: UnitOfWorkFactory) -> None:
    outcome = load_definition_from_text(uow_factory, valid_yaml(), "yaml", actor="cli:test")
    expected = load_definition_text(valid_yaml(), "yaml")
    assert outcome.created and outcome.definition_hash == definition_hash(expected)
    with uow_factory() as uow:
        loaded = get_definition(uow.session, "test-1405")
    stored = stored_definition(uow_factory, "test-1405")
    assert loaded.definition == expected
    assert loaded.definition_hash == stored.definition_hash == outcome.definition_hash
    assert stored.document == expected.model_dump(mode="json")
    assert _counts(uow_factory) == (1, ["DEFINITION_LOADED"])
    assert verify_chain(uow_factory.engine).ok


def test_loading_the_same_document_twice_changes_nothing(uow_factory: UnitOfWorkFactory) -> None:
    first = load_definition_from_text(uow_factory, valid_yaml(), "yaml", actor="cli:test")
    as_json = json.dumps(valid_document(), ensure_ascii=False)
    again = load_definition_from_text(uow_factory, as_json, "json", actor="cli:test")
    assert not again.created and again.definition_hash == first.definition_hash
    assert _counts(uow_factory) == (1, ["DEFINITION_LOADED"])


def test_a_different_document_under_a_loaded_id_is_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = load_definition_from_text(uow_factory, valid_yaml(), "yaml", actor="cli:test")
    changed = valid_document()
    changed["branches"][0]["expected_voters"] = 801
    with pytest.raises(EntekhabError) as caught:
        load_definition_from_text(uow_factory, json.dumps(changed), "json", actor="cli:test")
    assert caught.value.code == "DEFINITION_ID_TAKEN" and caught.value.status == 409
    assert _counts(uow_factory) == (1, ["DEFINITION_LOADED", "DEFINITION_REFUSED"])
    with uow_factory() as uow:
        assert get_definition(uow.session, "test-1405").definition_hash == first.definition_hash


@pytest.mark.parametrize(
    ("text", "fmt", "code"),
    [
        ("id: [broken\n", "yaml", "DEFINITION_SYNTAX"),
        ('{"id": "x"}', "json", "DEFINITION_MISSING_FIELD"),
    ],
)
def test_an_unreadable_definition_writes_nothing(
    uow_factory: UnitOfWorkFactory, text: str, fmt: str, code: str
) -> None:
    with pytest.raises(ProblemList) as caught:
        load_definition_from_text(uow_factory, text, fmt, actor="cli:test")
    assert caught.value.problems[0].code == code
    assert _counts(uow_factory) == (0, ["DEFINITION_REFUSED"])


def test_a_definition_breaking_a_rule_writes_nothing(uow_factory: UnitOfWorkFactory) -> None:
    doc = valid_document()
    doc["party_lists"][0]["members"].append("201")  # a candidate of another contest
    doc["candidates"][3]["national_code"] = "1234567890"
    with pytest.raises(ProblemList) as caught:
        load_definition_from_text(uow_factory, json.dumps(doc), "json", actor="cli:test")
    assert {p.code for p in caught.value.problems} == {
        "LIST_MEMBER_NOT_CANDIDATE",
        "CANDIDATE_NATIONAL_CODE_INVALID",
    }
    assert _counts(uow_factory) == (0, ["DEFINITION_REFUSED"])


def test_a_model_built_in_code_is_checked_too(uow_factory: UnitOfWorkFactory) -> None:
    definition = load_definition_text(valid_yaml(), "yaml")
    bad = definition.model_copy(update={"contests": (*definition.contests, definition.contests[0])})
    with pytest.raises(ProblemList):
        load_definition(uow_factory, bad, actor="cli:test")
    assert _counts(uow_factory) == (0, ["DEFINITION_REFUSED"])


def test_an_unknown_election_is_a_coded_error(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(EntekhabError) as caught:
        get_definition(uow.session, "nope")
    assert caught.value.code == "ELECTION_UNKNOWN"


def test_two_concurrent_loads_of_one_document_store_it_once(
    uow_factory: UnitOfWorkFactory,
) -> None:
    definition = load_definition_text(valid_yaml(), "yaml")
    outcomes: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def run() -> None:
        barrier.wait()
        try:
            outcomes.append(load_definition(uow_factory, definition, actor="cli:test").created)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(outcomes) == [False, False, False, True]
    assert _counts(uow_factory) == (1, ["DEFINITION_LOADED"])
