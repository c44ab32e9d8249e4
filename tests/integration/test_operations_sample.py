"""The sample elections come with headquarters operations drawn from the seed: on the Sari
sample, one county headquarters whose directive every district answered, a weekly review with
decisions, lessons, the six playbooks, commitments and an approved, signed statement; the same
seed gives the same operations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from entekhab.crypto.hashing import canonical_json
from entekhab.crypto.signing import verify
from entekhab.domain.definition_io import format_for_name, load_definition_text
from entekhab.domain.operations.statements import signed_document
from entekhab.service.definitions.loading import load_definition
from entekhab.service.operations import statements
from entekhab.sim.operations import seed_key, seed_operations
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.tables import operations as tables
from entekhab.store.uow import UnitOfWorkFactory

SARI = Path(__file__).resolve().parents[2] / "examples" / "sari.yaml"


def _load(factory: UnitOfWorkFactory) -> None:
    definition = load_definition_text(SARI.read_text(encoding="utf-8"), format_for_name("x.yaml"))
    load_definition(factory, definition, actor="test")


def _content(factory: UnitOfWorkFactory) -> dict[str, Any]:
    with factory() as uow:
        s = uow.session
        return {
            "appointments": sorted(
                (a.committee or "", a.post, a.person, a.decree)
                for a in s.scalars(select(tables.AppointmentRow))
            ),
            "reports": sorted(
                (r.office, r.done) for r in s.scalars(select(tables.DirectiveReportRow))
            ),
            "lessons": sorted(
                (x.jurisdiction, x.kind, x.source) for x in s.scalars(select(tables.LessonRow))
            ),
            "meetings": [
                (m.kind, m.attendees, m.reviewed) for m in s.scalars(select(tables.MeetingRow))
            ],
            "signatures": [x.signature for x in s.scalars(select(tables.StatementRow))],
        }


def test_the_sari_sample_comes_with_its_headquarters_operations(
    engine: Engine, tmp_path: Path
) -> None:
    factory = UnitOfWorkFactory(engine)
    _load(factory)
    summary = seed_operations(factory, "sari-1405", 1405)
    assert (summary.headquarters, summary.directives, summary.reports) == (1, 1, 5)
    assert (summary.scenarios, summary.commitments, summary.statements) == (6, 4, 1)
    assert summary.meetings == 1 and summary.lessons >= 2
    content = _content(factory)
    assert {office for office, done in content["reports"] if done} == {
        f"D02-01-{n}" for n in range(1, 6)
    }
    [(kind, _attendees, reviewed)] = content["meetings"]
    assert kind == "weekly_review" and {r["rule"] for r in reviewed} == {
        "LAW-COUNCILS-ELECTIONS",
        "INSTR-EVOTING",
    }
    with factory() as uow:
        [shown] = statements.public_statements(uow)
    document = signed_document(
        statement_id=shown.id,
        hq=shown.hq,
        title=shown.title,
        text=shown.text,
        approved_by=shown.approved_by or "",
        published_at=shown.published_at,  # type: ignore[arg-type]
    )
    assert shown.approved_by == "user:head-C02-01"
    assert verify(seed_key(1405).public_hex, canonical_json(document), shown.signature or "")

    again = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    upgrade(again)
    twin = UnitOfWorkFactory(again)
    _load(twin)
    seed_operations(twin, "sari-1405", 1405)
    assert _content(twin) == content
    again.dispose()
