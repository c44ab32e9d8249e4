"""Importing the civil registry on SQLite and PostgreSQL: all rows or none, coded refusals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from entekhab.cli import app
from entekhab.domain.errors import EntekhabError
from entekhab.service.registry.importing import (
    CitizenRecord,
    count_citizens,
    import_registry,
    read_registry_csv,
)
from entekhab.sim.registry import generate_registry
from entekhab.sim.sample_election import DOCUMENTED_SEED, make_election
from entekhab.store.db import make_engine
from entekhab.store.tables.foundation import Citizen
from entekhab.store.tables.security import EventLogEntry

TINY = make_election("tiny", DOCUMENTED_SEED)
LEAVES = {"T20-01-1-01", "T20-01-1-02", "V20-01-1-1-01"}
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def registry(count: int, seed: int = 3) -> list[CitizenRecord]:
    return list(generate_registry(TINY, count, seed))


def as_strings(row: CitizenRecord) -> list[str]:
    return [
        row.national_code,
        row.birth_date.isoformat(),
        row.gender,
        row.residence_division,
        row.residence_since.isoformat(),
    ]


def refusal(engine: Engine, rows: list, **kwargs: object) -> EntekhabError:  # type: ignore[type-arg]
    with pytest.raises(EntekhabError) as caught:
        import_registry(engine, rows, known_divisions=LEAVES, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_generated_registry_imports_whole(engine: Engine) -> None:
    rows = registry(5_000)
    seen: list[int] = []
    result = import_registry(engine, rows, known_divisions=LEAVES, progress=seen.append)
    assert result.imported == 5_000 and result.replaced == 0
    assert sum(seen) == 5_000
    assert count_citizens(engine) == 5_000
    with engine.connect() as conn:
        stored = conn.execute(
            select(Citizen).where(Citizen.national_code == rows[123].national_code)
        ).one()
    assert stored.birth_date == rows[123].birth_date
    assert stored.residence_since == rows[123].residence_since
    assert (stored.gender, stored.residence_division) == (
        rows[123].gender,
        rows[123].residence_division,
    )


def test_invalid_national_code_refuses_the_file_and_writes_nothing(engine: Engine) -> None:
    import_registry(engine, registry(100, seed=1))
    rows = [as_strings(r) for r in registry(2_000)]
    rows[1_500][0] = rows[1_500][0][:9] + str((int(rows[1_500][0][9]) + 1) % 10)
    rows[1_700][0] = "1111111111"
    error = refusal(engine, rows)
    assert error.code == "REGISTRY_INVALID"
    assert error.details["count"] == 2
    problems = error.details["problems"]
    assert [p["code"] for p in problems] == ["INVALID_NATIONAL_CODE"] * 2
    assert [p["details"]["line"] for p in problems] == [1_502, 1_702]  # the header is line 1
    assert count_citizens(engine) == 100


def test_duplicate_in_the_file_refuses_it(engine: Engine) -> None:
    rows = [as_strings(r) for r in registry(300)]
    rows.append(list(rows[10]))
    error = refusal(engine, rows)
    (problem,) = error.details["problems"]
    assert problem["code"] == "REGISTRY_DUPLICATE_CITIZEN"
    assert problem["details"] == {
        "line": 302,
        "national_code": rows[10][0],
        "first_line": 12,
    }
    assert count_citizens(engine) == 0


def test_bad_fields_are_each_reported_with_their_line(engine: Engine) -> None:
    rows = [as_strings(r) for r in registry(10)]
    rows[0][1] = "1370-01-01x"
    rows[1][2] = "x"
    rows[2][3] = "NOWHERE"
    rows[3][4] = rows[3][1].replace(rows[3][1][:4], str(int(rows[3][1][:4]) - 1))
    rows[4] = rows[4][:3]
    error = refusal(engine, rows)
    got = [
        (p["code"], p["details"]["line"], p["details"].get("field"))
        for p in error.details["problems"]
    ]
    assert got == [
        ("REGISTRY_FIELD_INVALID", 2, "birth_date"),
        ("REGISTRY_FIELD_INVALID", 3, "gender"),
        ("REGISTRY_UNKNOWN_DIVISION", 4, None),
        ("REGISTRY_FIELD_INVALID", 5, "residence_since"),
        ("REGISTRY_FIELD_INVALID", 6, "*"),
    ]
    assert count_citizens(engine) == 0


def test_citizen_already_registered_aborts_the_whole_load(engine: Engine) -> None:
    first = registry(1_000, seed=1)
    import_registry(engine, first)
    second = [*registry(5_000, seed=2), first[42]]
    error = refusal(engine, second)
    assert error.code == "REGISTRY_CITIZEN_EXISTS"
    assert error.details["national_codes"] == [first[42].national_code]
    assert error.status == 409
    assert count_citizens(engine) == 1_000


def test_replace_swaps_the_registry_in_one_transaction(engine: Engine) -> None:
    import_registry(engine, registry(1_000, seed=1))
    result = import_registry(engine, registry(700, seed=2), replace=True)
    assert (result.imported, result.replaced) == (700, 1_000)
    assert count_citizens(engine) == 700
    # A refused replacement leaves the old registry in place.
    bad = [as_strings(r) for r in registry(10, seed=4)] + [
        ["123", "2000-01-01", "m", "T20-01-1-01", "2000-01-01"]
    ]
    refusal(engine, bad, replace=True)
    assert count_citizens(engine) == 700


def test_persian_digits_in_a_national_code_are_normalized(engine: Engine) -> None:
    row = as_strings(registry(1)[0])
    row[0] = row[0].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    import_registry(engine, [row])
    with engine.connect() as conn:
        assert (
            conn.execute(select(Citizen.national_code)).scalar_one() == registry(1)[0].national_code
        )


def test_unreadable_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("code,born\n0012345679,2000-01-01\n", encoding="utf-8")
    with pytest.raises(EntekhabError) as caught:
        list(read_registry_csv(path))
    assert caught.value.code == "REGISTRY_FILE_UNREADABLE"


def test_cli_makes_and_imports_a_registry(tmp_path: Path, database_url: str) -> None:
    out = tmp_path / "registry.csv"
    runner = CliRunner()
    made = runner.invoke(
        app,
        [
            "sim",
            "make-registry",
            "--definition",
            str(EXAMPLES / "tiny.yaml"),
            "--voters",
            "3000",
            "--seed",
            "5",
            "--out",
            str(out),
        ],
    )
    assert made.exit_code == 0, made.output
    assert out.read_text(encoding="utf-8").count("\n") == 3_001
    env = {"ENTEKHAB_DATABASE_URL": database_url}
    loaded = runner.invoke(
        app, ["registry", "import", str(out), "--definition", str(EXAMPLES / "tiny.yaml")], env=env
    )
    assert loaded.exit_code == 0, loaded.output
    assert "3,000" in loaded.output
    again = runner.invoke(app, ["registry", "import", str(out)], env=env)
    assert isinstance(again.exception, EntekhabError)
    assert again.exception.code == "REGISTRY_CITIZEN_EXISTS"


def test_registry_rows_are_typed_like_the_table(engine: Engine) -> None:
    import_registry(engine, registry(50))
    with engine.connect() as conn:
        births = conn.execute(select(Citizen.birth_date)).scalars().all()
    assert all(isinstance(b, date) for b in births)


def test_bad_row_after_rows_were_streamed_still_writes_nothing(engine: Engine) -> None:
    rows = [as_strings(r) for r in registry(45_000, seed=9)]
    rows[41_000][0] = "0000000000"
    error = refusal(engine, rows)
    (problem,) = error.details["problems"]
    assert (problem["code"], problem["details"]["line"]) == ("INVALID_NATIONAL_CODE", 41_002)
    assert count_citizens(engine) == 0


def test_clash_with_the_registry_then_a_bad_row_reports_the_bad_row(engine: Engine) -> None:
    first = registry(100, seed=1)
    import_registry(engine, first)
    rows = [as_strings(r) for r in registry(30_000, seed=2)]
    rows[5] = as_strings(first[0])
    rows[25_000][2] = "?"
    error = refusal(engine, rows)
    assert error.code == "REGISTRY_INVALID"
    (problem,) = error.details["problems"]
    assert (problem["details"]["line"], problem["details"]["field"]) == (25_002, "gender")
    assert count_citizens(engine) == 100


def test_load_and_refusal_are_in_the_event_log(engine: Engine) -> None:
    import_registry(engine, registry(200), actor="hq-admin")
    bad = [as_strings(r) for r in registry(5, seed=11)]
    bad[0][0] = "12"
    refusal(engine, bad)
    with engine.connect() as conn:
        events = conn.execute(
            select(EventLogEntry.code, EventLogEntry.actor, EventLogEntry.payload).order_by(
                EventLogEntry.seq
            )
        ).all()
    assert [(e.code, e.actor) for e in events] == [
        ("REGISTRY_LOADED", "hq-admin"),
        ("REGISTRY_REFUSED", "system"),
    ]
    assert json.loads(events[0].payload) == {"imported": 200, "replaced": 0}
    assert json.loads(events[1].payload) == {"error": "REGISTRY_INVALID", "count": 1}
    assert count_citizens(engine) == 200


def test_cli_loads_a_generated_registry_straight_into_the_database(database_url: str) -> None:
    env = {"ENTEKHAB_DATABASE_URL": database_url}
    args = ["sim", "registry", "--kind", "tiny", "--citizens", "2500", "--seed", "3", "--load"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    engine = make_engine(database_url)
    try:
        assert count_citizens(engine) == 2_500
        with engine.connect() as conn:
            codes = set(conn.execute(select(Citizen.national_code)).scalars())
        assert codes == {r.national_code for r in generate_registry(TINY, 2_500, 3)}
    finally:
        engine.dispose()
