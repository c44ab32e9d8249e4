"""The practice ballot: the voter's screen on a sample election, for anyone to try — at the
portal (``/practice``) and at a station in practice mode (``entekhab station practice``).

Both fronts show the same templates as the branch's booth (``station/ballot``, ``review``,
``receipt``) with a watermark on every page, and take these steps:

* ``start``: the sample's ballot styles to choose from;
* ``ballot`` / ``review``: the ballot and its review, read and checked by ``web.ballot_form``
  (the same rules as a real ballot);
* ``cast``: the ballot is kept in the ``PracticeBox`` — its own SQLite file, never the station's
  journal nor headquarters' database — and a practice receipt is shown.

Nothing here can reach a count (``domain.practice``): the sample's election id is a practice id,
this module imports no station key, no client and no store of ours (an import-linter contract
holds it), and the box refuses to open a station journal while a journal refuses the box.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from entekhab.domain.ballot import BallotRecord
from entekhab.domain.ballot_rules import validate_ballot
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import definition_from_document
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.station_console import PRACTICE_STORE_MISMATCH
from entekhab.domain.errors import EntekhabError
from entekhab.domain.practice import PRACTICE_APPLICATION_ID, is_practice
from entekhab.web.ballot_form import (
    BallotForm,
    FormValues,
    ballot_views,
    read_ballot,
    receipt_hour,
    review_lines,
)

__all__ = [
    "PRACTICE_BRANCH",
    "PRACTICE_URLS",
    "PracticeBox",
    "Step",
    "ballot_step",
    "cast_step",
    "practice_definition",
    "review_step",
    "start_step",
]

PRACTICE_BRANCH = "PRACTICE"
PRACTICE_URLS = {
    "home": "/practice",
    "ballot": "/practice/ballot",
    "review": "/practice/review",
    "cast": "/practice/cast",
}


@cache
def practice_definition() -> ElectionDefinition:
    """The bundled sample election (the tiny sample, renamed as a practice election)."""
    text = resources.files("entekhab.web").joinpath("practice/sample.yaml").read_text("utf-8")
    definition = definition_from_document(yaml.safe_load(text))
    if not is_practice(definition.id):  # the sample must never pass for a real election
        raise EntekhabError(
            PRACTICE_STORE_MISMATCH, {"path": "practice/sample.yaml", "what": definition.id}
        )
    return definition


class PracticeBox:
    """The practice ballots: one SQLite file of their own, marked as a practice store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        marked = self._conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master")}
        if marked != PRACTICE_APPLICATION_ID and tables:  # a journal, or anything else
            self._conn.close()
            raise EntekhabError(
                PRACTICE_STORE_MISMATCH, {"path": str(path), "what": "not a practice store"}
            )
        self._conn.execute(f"PRAGMA application_id={PRACTICE_APPLICATION_ID}")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS practice_ballots (ballot_id TEXT PRIMARY KEY,"
            " record TEXT NOT NULL)"
        )

    def add(self, record: BallotRecord) -> None:
        if not is_practice(record.election_id):
            raise EntekhabError(
                PRACTICE_STORE_MISMATCH, {"path": str(self.path), "what": record.election_id}
            )
        with self._lock:
            self._conn.execute(
                "INSERT INTO practice_ballots VALUES (?, ?)",
                (record.ballot_id, json.dumps(record.as_json())),
            )

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM practice_ballots").fetchone()[0])

    def records(self) -> list[BallotRecord]:
        with self._lock:
            rows = self._conn.execute("SELECT record FROM practice_ballots").fetchall()
        return [BallotRecord.model_validate(json.loads(r[0])) for r in rows]

    def close(self) -> None:
        self._conn.close()


@dataclass(frozen=True)
class Step:
    """A page to render: template, context, status."""

    template: str
    context: dict[str, Any]
    status: int = 200


def _style(definition: ElectionDefinition, form: FormValues) -> tuple[str, tuple[str, ...]]:
    code = next(iter(form.get("style", [])), "") or definition.ballot_styles[0].code
    style = definition.style_by_code.get(code)
    if style is None:
        raise EntekhabError(INVALID_INPUT, {"reason": f"unknown ballot style {code!r}"})
    return code, style.contests


def start_step() -> Step:
    definition = practice_definition()
    styles = [
        (s.code, [definition.contest_by_code[c] for c in s.contests])
        for s in definition.ballot_styles
    ]
    return Step("practice/start.html.j2", {"definition": definition, "styles": styles})


def _ballot_page(form: FormValues, marked: BallotForm, status: int = 200) -> Step:
    definition = practice_definition()
    code, contests = _style(definition, form)
    context = {
        "contests": ballot_views(definition, contests),
        "marked": marked,
        "hidden": {"style": code},
        "urls": PRACTICE_URLS,
    }
    return Step("station/ballot.html.j2", context, status)


def ballot_step(form: FormValues, *, keep: bool = False) -> Step:
    """The ballot of the chosen style: blank, or as marked when the voter asks to change it."""
    definition = practice_definition()
    _code, contests = _style(definition, form)
    marked = read_ballot(definition, contests, form) if keep else BallotForm()
    marked.errors.clear()
    return _ballot_page(form, marked)


def review_step(form: FormValues, fields: list[tuple[str, str]]) -> Step:
    """The review with names, or the ballot again with each contest's error."""
    definition = practice_definition()
    _code, contests = _style(definition, form)
    marked = read_ballot(definition, contests, form)
    if marked:
        return _ballot_page(form, marked, 422)
    lines = review_lines(definition, contests, marked)
    return Step("station/review.html.j2", {"lines": lines, "fields": fields, "urls": PRACTICE_URLS})


def cast_step(
    box: PracticeBox,
    form: FormValues,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Step:
    """Keep the practice ballot in the practice box; the practice receipt."""
    definition = practice_definition()
    code, contests = _style(definition, form)
    marked = read_ballot(definition, contests, form)
    if marked:
        return _ballot_page(form, marked, 422)
    record = BallotRecord(
        ballot_id=secrets.token_hex(16),
        election_id=definition.id,
        branch=PRACTICE_BRANCH,
        ballot_style=code,
        hour=clock().astimezone(UTC).strftime("%Y-%m-%dT%H"),
        selections=validate_ballot(definition, contests, marked.selections()),
    )
    box.add(record)
    receipt = {"ballot_id": record.ballot_id, "digest": record.digest(), "hour": record.hour}
    context = {"receipt": receipt, "urls": PRACTICE_URLS, "hour_text": receipt_hour}
    return Step("station/receipt.html.j2", context)
