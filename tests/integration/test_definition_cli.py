"""``entekhab definition ...`` as an operator runs it: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from entekhab.domain.definition_io import definition_hash, load_definition_text
from entekhab.store.db import make_engine
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory
from tests.definition_support import valid_document, valid_yaml

ENTEKHAB = str(Path(sys.executable).parent / "entekhab")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ENTEKHAB, *args], capture_output=True, text=True, env=env)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    as_yaml = tmp_path / "election.yaml"
    as_json = tmp_path / "election.json"
    as_yaml.write_text(valid_yaml(), encoding="utf-8")
    as_json.write_text(json.dumps(valid_document(), ensure_ascii=False, indent=1), "utf-8")
    return as_yaml, as_json


def test_hash_is_the_same_for_the_yaml_and_json_forms(tmp_path: Path) -> None:
    as_yaml, as_json = _files(tmp_path)
    from_yaml, from_json = (
        _run("definition", "hash", str(as_yaml)),
        _run("definition", "hash", str(as_json)),
    )
    assert from_yaml.returncode == from_json.returncode == 0, from_yaml.stderr
    expected = definition_hash(load_definition_text(valid_yaml(), "yaml"))
    assert from_yaml.stdout.strip() == from_json.stdout.strip() == expected


def test_validate_prints_every_problem_with_location_and_code(tmp_path: Path) -> None:
    doc = valid_document()
    doc["contests"][1]["seats"] = 7
    doc["branches"][0]["division"] = "NOWHERE"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    refused = _run("definition", "validate", str(bad))
    assert refused.returncode == 1
    assert "contests[1].seats  COUNCIL_SEATS_OFF_BAND" in refused.stderr
    assert "branches[0].division  BRANCH_DIVISION_UNKNOWN" in refused.stderr
    assert "شعبه B1 در تقسیم ناشناخته NOWHERE است." in refused.stderr
    assert "DEFINITION_INVALID" in refused.stderr


def test_villages_lists_the_excluded_ones_and_why(tmp_path: Path) -> None:
    result = _run("definition", "villages", str(_files(tmp_path)[0]))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines() if "\t" in line]
    assert [(r[0], r[3]) for r in rows] == [
        ("V2", "not_qualified_last_term"),
        ("V3", "qualification_not_recorded"),
    ]


def test_load_stores_the_definition_once(tmp_path: Path, database_url: str) -> None:
    as_yaml, as_json = _files(tmp_path)
    url = database_url
    first = _run("definition", "load", str(as_yaml), "--database-url", url)
    again = _run("definition", "load", str(as_json), "--database-url", url)
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert "loaded" in first.stdout and "unchanged" in again.stdout
    engine = make_engine(url)
    with UnitOfWorkFactory(engine)() as uow:
        hashes = list(uow.session.scalars(select(ElectionRow.definition_hash)))
    engine.dispose()
    assert hashes == [first.stdout.split()[-1]]


def test_schema_goes_to_the_given_file(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert _run("definition", "schema", "--out", str(out)).returncode == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert "contests" in schema["properties"] and "Contest" in schema["$defs"]
