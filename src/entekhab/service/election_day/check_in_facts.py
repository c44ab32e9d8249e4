"""Everything a check-in reads and writes, in two statements: two round trips to PostgreSQL.

1. **The facts.** The election's definition hash (the parsed definition is cached per hash),
   the branch's session (open? closed?), the person's registry facts, their earlier
   participation if any and, for a retried request, its stored response. Each fact is a scalar
   subquery on a primary key, so one statement costs the database the same index lookups as
   five. On PostgreSQL the same statement also records the station request's nonce, in a
   data-modifying CTE that inserts only while the station is unrevoked: a replayed nonce fails
   on the nonce table's key, a revoked station inserts nothing.
2. **The writes.** The participation (whose unique key on (election, person) decides a race
   between two branches) and the stored response of the idempotency key; on PostgreSQL one
   statement with a CTE.

Both run in the caller's one transaction, committed once. SQLite has no data-modifying CTEs;
there the nonce and the writes are separate statements of the same transaction (in process, so
no round trips are lost). The statements are built once, with bound parameters: SQLAlchemy's
compiled cache and psycopg's prepared statements then serve every later check-in. Core SQL, not
the ORM: this path runs once per voter, millions of times on polling day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Executable, bindparam, exists, func, insert, select
from sqlalchemy.sql.elements import BindParameter

from entekhab.domain.branch_state import require_open as branch_open
from entekhab.domain.check_in_rules import CitizenFacts
from entekhab.service.election_day.idempotency import IdempotencySlot, StoredResponse
from entekhab.store.tables.election_day import (
    BranchSession,
    IdempotencyRow,
    Participation,
    Station,
    StationNonce,
)
from entekhab.store.tables.foundation import Citizen, ElectionRow

__all__ = [
    "CheckInFacts",
    "FirstParticipation",
    "read_check_in_facts",
    "record_nonce",
    "write_check_in",
]


@dataclass(frozen=True)
class FirstParticipation:
    """The person's participation already recorded (the facts of an ALREADY_VOTED)."""

    branch: str
    hour: str
    provisional: bool


@dataclass(frozen=True)
class CheckInFacts:
    definition_hash: str | None
    """None: no such election."""
    opened_at: datetime | None
    closed_at: datetime | None
    citizen: CitizenFacts | None
    """None: not in the registry."""
    first: FirstParticipation | None
    """The person's earlier participation in this election, if any."""
    stored: StoredResponse | None
    """The stored response of this very request (a retry), if any."""
    nonce_recorded: bool | None
    """Whether the nonce was recorded (False: the station is revoked); None: none was given."""

    def require_open(self, branch: str) -> None:
        """BRANCH_NOT_OPEN / BRANCH_CLOSED unless the branch is open."""
        branch_open(branch, opened=self.opened_at is not None, closed=self.closed_at is not None)


def _param(name: str, column: Any) -> BindParameter[Any]:
    return bindparam(name, type_=column.type)


def _nonce_insert() -> Any:
    """INSERT of the nonce, only while the station is enrolled and unrevoked."""
    key_id = _param("key_id", StationNonce.station_key_id)
    unrevoked = exists().where(Station.key_id == key_id, Station.revoked_at.is_(None))
    row = select(key_id, _param("nonce", StationNonce.nonce), _param("now", StationNonce.seen_at))
    return insert(StationNonce).from_select(
        ["station_key_id", "nonce", "seen_at"], row.where(unrevoked)
    )


@cache
def _nonce_statement() -> Executable:
    return _nonce_insert().returning(StationNonce.nonce)  # type: ignore[no-any-return]


@cache
def _facts_statement(with_nonce: bool) -> Executable:
    def fact(column: Any, *where: Any) -> Any:
        return select(column).where(*where).scalar_subquery()

    election = _param("election_id", ElectionRow.id)
    branch = _param("branch", BranchSession.branch)
    code = _param("code", Citizen.national_code)
    in_branch = (BranchSession.election_id == election, BranchSession.branch == branch)
    person = Citizen.national_code == code
    voted = (Participation.election_id == election, Participation.national_code == code)
    key = IdempotencyRow.id_hash == _param("id_hash", IdempotencyRow.id_hash)
    columns = [
        fact(ElectionRow.definition_hash, ElectionRow.id == election),
        fact(BranchSession.opened_at, *in_branch),
        fact(BranchSession.closed_at, *in_branch),
        fact(Citizen.birth_date, person),
        fact(Citizen.residence_division, person),
        fact(Citizen.residence_since, person),
        fact(Participation.branch, *voted),
        fact(Participation.hour, *voted),
        fact(Participation.provisional, *voted),
        fact(IdempotencyRow.request_mac, key),
        fact(IdempotencyRow.status, key),
        fact(IdempotencyRow.sealed_response, key),
    ]
    if with_nonce:
        fresh = _nonce_insert().returning(StationNonce.nonce).cte("fresh_nonce")
        columns.append(select(func.count()).select_from(fresh).scalar_subquery())
    return select(*columns)


def _in_one_statement(conn: Connection) -> bool:
    """Whether this back end runs data-modifying CTEs (PostgreSQL; not SQLite)."""
    return conn.dialect.name == "postgresql"


def nonce_hour(now: datetime) -> datetime:
    """The time a nonce is kept with: the hour it was seen, never finer. The nonce is written in
    the check-in's own transaction, so a finer time would date the voter's participation
    (docs/ballot-secrecy.md)."""
    return now.replace(minute=0, second=0, microsecond=0)


def record_nonce(conn: Connection, key_id: str, nonce: str, now: datetime) -> bool:
    """Record a station request's nonce in the caller's transaction; False if the station is
    revoked (an IntegrityError if the nonce was seen before)."""
    params = {"key_id": key_id, "nonce": nonce, "now": nonce_hour(now)}
    return conn.execute(_nonce_statement(), params).first() is not None


def read_check_in_facts(
    conn: Connection,
    *,
    election_id: str,
    branch: str,
    national_code: str,
    idem: IdempotencySlot | None,
    nonce: tuple[str, str, datetime] | None = None,
) -> CheckInFacts:
    """The facts of one check-in, recording ``nonce`` = (station key id, nonce, now) in the same
    transaction if given (IDEMPOTENCY_KEY_REUSED if the key was another request's)."""
    params: dict[str, Any] = {
        "election_id": election_id,
        "branch": branch,
        "code": national_code,
        "id_hash": idem.id_hash if idem is not None else "",
    }
    nonce_recorded: bool | None = None
    with_nonce = nonce is not None and _in_one_statement(conn)
    if nonce is not None and with_nonce:
        key_id, value, now = nonce
        params |= {"key_id": key_id, "nonce": value, "now": nonce_hour(now)}
    row = conn.execute(_facts_statement(with_nonce), params).one()
    if with_nonce:
        nonce_recorded = int(row[12]) > 0
    elif nonce is not None:
        # SQLite: the facts were read before the database's one write lock is taken (by this
        # insert), so that the lock is held for the writes alone, as short as it can be.
        key_id, value, now = nonce
        nonce_recorded = record_nonce(conn, key_id, value, now)
    digest, opened_at, closed_at, birth, division, since = row[:6]
    citizen = None
    if birth is not None:
        citizen = CitizenFacts(_as_date(birth), str(division), _as_date(since))
    first = None
    if row[6] is not None:
        first = FirstParticipation(str(row[6]), str(row[7]), bool(row[8]))
    stored = None
    if idem is not None and row[9] is not None:
        stored = idem.interpret(str(row[9]), int(row[10]), str(row[11]))
    return CheckInFacts(
        digest, _as_time(opened_at), _as_time(closed_at), citizen, first, stored, nonce_recorded
    )


@cache
def _write_statements(one_statement: bool, with_idem: bool) -> tuple[Executable, ...]:
    election = _param("election_id", Participation.election_id)
    branch = _param("branch", Participation.branch)
    participation = insert(Participation).values(
        election_id=election,
        national_code=_param("code", Participation.national_code),
        branch=branch,
        hour=_param("hour", Participation.hour),
        provisional=False,
    )
    writes: list[Any] = [participation]
    if with_idem:
        writes.append(
            insert(IdempotencyRow).values(
                id_hash=_param("id_hash", IdempotencyRow.id_hash),
                station_key_id=_param("key_id", IdempotencyRow.station_key_id),
                request_mac=_param("request_mac", IdempotencyRow.request_mac),
                status=_param("status", IdempotencyRow.status),
                sealed_response=_param("sealed_response", IdempotencyRow.sealed_response),
            )
        )
    if not one_statement:
        return tuple(writes)
    *first, last = writes
    ctes = [w.cte(f"write_{i}") for i, w in enumerate(first)]
    return (last.add_cte(*ctes),)


def write_check_in(
    conn: Connection, params: dict[str, Any], idem_row: dict[str, Any] | None
) -> None:
    """Write the participation (and the idempotency key's stored response) in the caller's
    transaction: an IntegrityError if the person took part meanwhile or a twin of this
    request stored its response first."""
    params = params | (idem_row or {})
    for statement in _write_statements(_in_one_statement(conn), idem_row is not None):
        conn.execute(statement, params)


def _as_date(value: Any) -> date:
    """A DATE column read through a scalar subquery (SQLite hands back its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_time(value: Any) -> datetime | None:
    """A UtcDateTime column read through a scalar subquery (SQLite: naive ISO text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
