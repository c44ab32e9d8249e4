"""The rules library: laws, executive regulations and instructions, each version with the date
it takes effect, the digest of its text and a change note — the change log is the list of
versions. A meeting's weekly review cites versions from here (``check_citations``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.error_codes.operations import (
    OPS_DUPLICATE,
    OPS_RULE_VERSION_UNKNOWN,
    OPS_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.rules_library import RuleKind, in_force
from entekhab.domain.operations.vocabulary import one_of, required_text
from entekhab.service.audit.events import record_event
from entekhab.store.tables.operations import RuleRow, RuleVersionRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "Citation",
    "Rule",
    "RuleVersion",
    "add_rule",
    "add_version",
    "check_citations",
    "rule_history",
    "rules_in_force",
]


@dataclass(frozen=True)
class Citation:
    rule: str
    version: int


@dataclass(frozen=True)
class RuleVersion:
    rule: str
    version: int
    effective_from: date
    sha256: str
    change_note: str
    text: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    title: str
    issuer: str
    current: RuleVersion | None
    versions: tuple[RuleVersion, ...]


def _version(row: RuleVersionRow) -> RuleVersion:
    return RuleVersion(
        row.rule,
        row.version,
        row.effective_from,
        row.sha256,
        row.change_note,
        row.text,
        row.recorded_by,
        row.recorded_at,
    )


def _versions(uow: UnitOfWork, code: str) -> list[RuleVersionRow]:
    return list(
        uow.session.scalars(
            select(RuleVersionRow)
            .where(RuleVersionRow.rule == code)
            .order_by(RuleVersionRow.version)
        )
    )


def add_rule(
    uow: UnitOfWork,
    *,
    code: str,
    kind: str,
    title: str,
    issuer: str,
    text: str,
    effective_from: date,
    actor: str,
    now: datetime | None = None,
) -> Rule:
    """A new rule with its first version."""
    code = required_text("code", code, 64)
    one_of("kind", kind, RuleKind)
    if uow.session.get(RuleRow, code) is not None:
        raise EntekhabError(OPS_DUPLICATE, {"what": f"rule {code}"})
    uow.session.add(
        RuleRow(
            code=code,
            kind=kind,
            title=required_text("title", title, 300),
            issuer=required_text("issuer", issuer, 200),
        )
    )
    uow.session.flush()
    record_event(
        uow.session,
        events.RULE_RECORDED,
        actor=actor,
        payload={"rule": code, "kind": kind},
    )
    return add_version(
        uow,
        code,
        text=text,
        effective_from=effective_from,
        change_note="first version",
        actor=actor,
        now=now,
    )


def add_version(
    uow: UnitOfWork,
    code: str,
    *,
    text: str,
    effective_from: date,
    change_note: str,
    actor: str,
    now: datetime | None = None,
) -> Rule:
    """A new version, taking effect after the previous one; the change note says what changed."""
    if uow.session.get(RuleRow, code) is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"rule {code}"})
    previous = _versions(uow, code)
    body = required_text("text", text, 200_000)
    note = required_text("change_note", change_note, 5_000)
    if previous and effective_from <= previous[-1].effective_from:
        raise EntekhabError(
            INVALID_INPUT,
            {"reason": f"a new version takes effect after {previous[-1].effective_from}"},
        )
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if previous and digest == previous[-1].sha256:
        raise EntekhabError(INVALID_INPUT, {"reason": "the text has not changed"})
    number = previous[-1].version + 1 if previous else 1
    uow.session.add(
        RuleVersionRow(
            rule=code,
            version=number,
            effective_from=effective_from,
            text=body,
            sha256=digest,
            change_note=note,
            recorded_by=actor,
            recorded_at=now or datetime.now(UTC),
        )
    )
    record_event(
        uow.session,
        events.RULE_VERSION_ADDED,
        actor=actor,
        payload={
            "rule": code,
            "version": number,
            "effective_from": effective_from.isoformat(),
            "sha256": digest,
        },
    )
    uow.commit()
    return rule_history(uow, code, on=effective_from)


def rule_history(uow: UnitOfWork, code: str, *, on: date) -> Rule:
    """A rule with every version (its change log) and the one in force on ``on``."""
    row = uow.session.get(RuleRow, code)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"rule {code}"})
    versions = [_version(v) for v in _versions(uow, code)]
    return Rule(row.code, row.kind, row.title, row.issuer, in_force(versions, on), tuple(versions))


def rules_in_force(uow: UnitOfWork, *, on: date, kind: str | None = None) -> list[Rule]:
    """Every rule with a version in force on ``on``."""
    stmt = select(RuleRow).order_by(RuleRow.kind, RuleRow.code)
    if kind is not None:
        stmt = stmt.where(RuleRow.kind == kind)
    rules = [rule_history(uow, row.code, on=on) for row in uow.session.scalars(stmt)]
    return [rule for rule in rules if rule.current is not None]


def check_citations(uow: UnitOfWork, citations: list[Citation]) -> list[dict[str, object]]:
    """The cited versions as stored on a meeting (rule, version, digest); each must exist."""
    out: list[dict[str, object]] = []
    for citation in citations:
        found = uow.session.scalars(
            select(RuleVersionRow).where(
                RuleVersionRow.rule == citation.rule, RuleVersionRow.version == citation.version
            )
        ).one_or_none()
        if found is None:
            raise EntekhabError(
                OPS_RULE_VERSION_UNKNOWN, {"rule": citation.rule, "version": citation.version}
            )
        out.append({"rule": found.rule, "version": found.version, "sha256": found.sha256})
    return out
