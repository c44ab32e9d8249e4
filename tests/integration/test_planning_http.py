"""Branch planning over real HTTP (both back ends): a county officer of Sari assesses a site,
rosters staff, registers and hands over a device, reads readiness, the queue chart and the
county's plan; the bad inputs of the issue are coded refusals that write nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from entekhab.domain.access import Role
from entekhab.planning.readiness import default_checklist
from entekhab.service.definitions.loading import load_definition, read_definition_file
from entekhab.store.tables.planning import CustodyMoveRow, RosterRow
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user
from tests.http_support import running_server

SARI = Path(__file__).resolve().parents[2] / "examples" / "sari.yaml"
E = "sari-1405"


def _count(factory: UnitOfWorkFactory, table: Any) -> int:
    with factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_county_officer_plans_sari_over_http(uow_factory: UnitOfWorkFactory) -> None:
    load_definition(uow_factory, read_definition_file(SARI), actor="test")
    officer = {
        "Authorization": "Bearer "
        + mint_user(uow_factory, "sari-officer", Role.COUNTY_OFFICER, "C02-01")
    }
    auditor = {"Authorization": "Bearer " + mint_user(uow_factory, "auditor", Role.AUDITOR, "P02")}
    scores = {i.code: 4 for i in default_checklist().items} | {"ramp": 0}
    person = {
        "election_id": E,
        "branch": "B02-00001",
        "role": "head",
        "national_code": "0012345679",
        "full_name": "مریم احمدی",
        "birth_date": "1980-03-01",
        "education": "bachelor",
    }
    with running_server(uow_factory) as base, httpx.Client(base_url=base, timeout=60) as http:
        made = http.post(
            "/api/v1/planning/site-assessments",
            headers=officer,
            json={
                "election_id": E,
                "branch": "B02-00001",
                "scores": scores,
                "assessor": "A",
                "weaknesses": "نبود سطح شیب‌دار",
            },
        )
        assert made.status_code == 201, made.text
        got = http.get(f"/api/v1/planning/{E}/areas/C02-01/readiness", headers=auditor)
        assert got.status_code == 200
        branches = {b["branch"]: b for b in got.json()["branches"]}
        assert branches["B02-00001"]["status"] == "at_risk"
        assert branches["B02-00001"]["blockers"][0]["item"] == "ramp"

        assert http.post("/api/v1/planning/roster", headers=officer, json=person).status_code == 201
        rostered, events = _count(uow_factory, RosterRow), _count(uow_factory, EventLogEntry)
        twice = http.post(
            "/api/v1/planning/roster",
            headers=officer,
            json=person | {"branch": "B02-00002", "role": "agent"},
        )
        assert twice.status_code == 409
        assert twice.json()["error"]["code"] == "PLANNING_PERSON_DOUBLE_BOOKED"
        assert twice.json()["error"]["message_fa"]
        assert (_count(uow_factory, RosterRow), _count(uow_factory, EventLogEntry)) == (
            rostered,
            events,
        )
        unknown = http.post(
            "/api/v1/planning/roster",
            headers=officer,
            json=person | {"branch": "B02-99999", "national_code": "0000000019"},
        )
        # The permission gate finds no such branch before the service is reached.
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "NOT_FOUND"

        device = {
            "election_id": E,
            "county": "C02-01",
            "serial": "ID-77",
            "kind": "identity_device",
            "holder": "store",
        }
        assert (
            http.post("/api/v1/planning/devices", headers=officer, json=device).status_code == 201
        )
        moves = _count(uow_factory, CustodyMoveRow)
        half = http.post(
            "/api/v1/planning/devices/handover",
            headers=officer,
            json={
                "county": "C02-01",
                "serial": "ID-77",
                "giver": "store",
                "receiver": "head",
                "giver_signature": "g",
                "receiver_signature": "",
            },
        )
        assert half.json()["error"]["code"] == "PLANNING_CUSTODY_PARTY_MISSING"
        assert _count(uow_factory, CustodyMoveRow) == moves
        nope = http.post(
            "/api/v1/planning/devices/status",
            headers=officer,
            json={"county": "C02-01", "serial": "NO-SUCH", "target": "tested", "test_result": {}},
        )
        assert nope.status_code == 404 and nope.json()["error"]["code"] == "PLANNING_DEVICE_UNKNOWN"

        boxes = http.post(
            f"/api/v1/planning/{E}/areas/C02-01/mobile-boxes",
            headers=officer,
            json={
                "places": {"D02-01-1": [0, 0], "V02-01-1-3-04": [3, 4]},
                "villages": ["V02-01-1-3-04"],
            },
        )
        assert boxes.json()["error"]["code"] == "PLANNING_VILLAGE_NOT_ENTITLED"

        for path, body in (
            (
                "blockers",
                {
                    "election_id": E,
                    "branch": "B02-00001",
                    "item": "ramp",
                    "owner": "شهرداری ساری",
                    "due": "2026-06-01",
                },
            ),
            ("sensitivity", {"election_id": E, "jurisdiction": "B02-00001", "rating": 5}),
            (
                "network-security",
                {"election_id": E, "county": "C02-01", "responsible": "مدیر فناوری اطلاعات"},
            ),
        ):
            done = http.post(f"/api/v1/planning/{path}", headers=officer, json=body)
            assert done.status_code == 204, done.text
        work = http.get(f"/api/v1/planning/{E}/areas/C02-01/readiness", headers=auditor)
        first = work.json()["work"][0]
        assert (first["branch"], first["owner"], first["sensitivity"]) == (
            "B02-00001",
            "شهرداری ساری",
            5,
        )
        chain = http.get("/api/v1/planning/areas/C02-01/devices/ID-77/custody", headers=auditor)
        assert [m["kind"] for m in chain.json()] == ["registered"]
        svg = http.get(f"/api/v1/planning/{E}/branches/B02-00001/queue.svg", headers=auditor)
        assert svg.status_code == 200 and svg.text.startswith("<svg")
        cap = http.get(f"/api/v1/planning/{E}/branches/B02-00001/capacity", headers=auditor)
        assert cap.json()["devices"]["identity_device"] >= 1
        assert len(cap.json()["hours"]["check_in"]) == 13
        page = http.get(f"/api/v1/planning/{E}/areas/C02-01/plan", headers=auditor)
        assert page.status_code == 200 and "ساری" in page.text
        table = http.get(f"/api/v1/planning/{E}/areas/C02-01/plan/roster.csv", headers=auditor)
        assert table.text.splitlines()[1].startswith("B02-00001,head,0012345679")
        bad = http.get(f"/api/v1/planning/{E}/areas/C02-01/capacity?turnout=x", headers=auditor)
        assert bad.json()["error"]["code"] == "PLANNING_QUEUE_INPUT_INVALID"
        zero = http.get(
            f"/api/v1/planning/{E}/areas/C02-01/capacity?check_in_minutes=0", headers=auditor
        )
        assert zero.json()["error"]["code"] == "PLANNING_SERVICE_TIME_INVALID"
