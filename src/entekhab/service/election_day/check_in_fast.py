"""The check-in's fast path on PostgreSQL: one statement, one round trip, on the event loop.

Polling day's rate (issue 11) is carried by the check-ins that succeed; refusals are rare. So a
check-in that looks like it will succeed is tried as one data-modifying statement, sent on an
autocommit connection of the server's event loop (``store.async_pool``): it reads the facts,
and only if every one of them admits the voter does it write the station request's nonce, the
participation and the idempotency key's stored answer. One statement is one transaction: it
writes all three or nothing.

Everything ``check_in`` decides in Python is decided here before the statement, from the cached
definition (polling hours, the branch's ballot style, final candidate lists), or passed to it as
bounds (``domain.check_in_rules.entitled_citizens``); the rest are facts the statement tests
(definition hash, station unrevoked, branch open, voter not yet taken part, key not yet used).
Whenever anything is not as a plain success needs it — an override, a refusal, a retry, a race
lost on a unique key, a definition not yet cached — ``try_check_in`` answers ``None`` having
written nothing, and the caller runs the general path (``check_in``), which gives the exact
coded answer and records what a refusal records. The unique keys still decide races: the
statement of the loser fails on them and writes nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg

from entekhab.domain.calendar import is_open
from entekhab.domain.candidates.final_list import require_final_lists
from entekhab.domain.check_in_rules import EntitledCitizens, entitled_citizens
from entekhab.domain.definition import Phase
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import require_valid
from entekhab.domain.voter_identity import require_identity
from entekhab.service.definitions.loading import LoadedDefinition, get_definition
from entekhab.service.election_day.check_in import CheckInRequest, CheckInResult
from entekhab.service.election_day.check_in_facts import nonce_hour
from entekhab.service.election_day.idempotency import IdempotencySlot
from entekhab.service.election_day.polling import context_of, hour_of
from entekhab.service.election_day.stations import MAX_SKEW, StationInfo
from entekhab.store.async_pool import AsyncPool, conninfo_of
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["FastCheckIn"]

_CHECK_IN = """
WITH facts AS (
  SELECT
    (SELECT definition_hash FROM elections WHERE id = %(election_id)s) AS definition_hash,
    EXISTS (SELECT 1 FROM stations
            WHERE key_id = %(key_id)s AND revoked_at IS NULL) AS unrevoked,
    EXISTS (SELECT 1 FROM branch_sessions
            WHERE election_id = %(election_id)s AND branch = %(branch)s
              AND closed_at IS NULL) AS open,
    EXISTS (SELECT 1 FROM citizens
            WHERE national_code = %(code)s AND birth_date <= %(born_by)s
              AND residence_division = ANY(%(divisions)s)
              AND residence_since <= %(resident_since_by)s) AS entitled,
    EXISTS (SELECT 1 FROM participations
            WHERE election_id = %(election_id)s AND national_code = %(code)s) AS took_part,
    EXISTS (SELECT 1 FROM idempotency_keys WHERE id_hash = %(id_hash)s) AS answered
),
admitted AS (
  SELECT 1 FROM facts
  WHERE definition_hash = %(definition_hash)s AND unrevoked AND open AND entitled
    AND NOT took_part AND NOT answered
),
nonce AS (
  INSERT INTO station_nonces (station_key_id, nonce, seen_at)
  SELECT %(key_id)s, %(nonce)s, %(seen_at)s FROM admitted
),
participation AS (
  INSERT INTO participations (election_id, national_code, branch, hour, provisional)
  SELECT %(election_id)s, %(code)s, %(branch)s, %(hour)s, false FROM admitted
  RETURNING 1
),
answer AS (
  INSERT INTO idempotency_keys (id_hash, station_key_id, request_mac, status, sealed_response)
  SELECT %(id_hash)s, %(key_id)s, %(request_mac)s, %(status)s, %(sealed_response)s FROM admitted
)
SELECT EXISTS (SELECT 1 FROM participation), definition_hash FROM facts
"""
"""The whole check-in; (checked in?, the election's definition hash)."""

_FORGET_NONCES = "DELETE FROM station_nonces WHERE seen_at < %(stale)s"


@dataclass(frozen=True)
class _Branch:
    """What the fast path needs of one branch, from the cached definition."""

    ballot_style: str
    contests: tuple[str, ...]
    entitled: EntitledCitizens
    divisions: list[str]


class FastCheckIn:
    """The fast path of one server process (see the module docstring)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, pool_size: int) -> None:
        self.uow_factory = uow_factory
        self.pool = AsyncPool(conninfo_of(uow_factory.engine), pool_size)
        self._definitions: dict[str, LoadedDefinition] = {}
        self._branches: dict[tuple[str, str, str], _Branch | None] = {}

    async def try_check_in(
        self,
        station: StationInfo,
        request: CheckInRequest,
        *,
        now: datetime,
        at: datetime,
        idem: IdempotencySlot,
        nonce: str,
    ) -> CheckInResult | None:
        """The check-in's answer, all written in one statement; or None, nothing written, when
        it is not a plain success (the caller then runs ``check_in``)."""
        try:
            code = require_valid(request.national_code)
            if require_identity(request.fingerprint, request.override_reason) is not None:
                return None  # an identity override is recorded as an incident: general path
        except EntekhabError:
            return None
        loaded = await self._definition(station.election_id)
        if loaded is None or not is_open(loaded.definition, Phase.POLLING, at):
            return None
        branch = self._branch(loaded, station)
        if branch is None:
            return None
        result = CheckInResult(station.branch, branch.ballot_style, branch.contests, hour_of(now))
        answer = idem.row(201, result.as_json())
        params: dict[str, Any] = {
            **answer,
            "election_id": station.election_id,
            "key_id": station.key_id,
            "branch": station.branch,
            "code": code,
            "born_by": branch.entitled.born_on_or_before,
            "divisions": branch.divisions,
            "resident_since_by": branch.entitled.resident_since_on_or_before,
            "definition_hash": loaded.definition_hash,
            "nonce": nonce,
            "seen_at": nonce_hour(now),
            "hour": result.hour,
        }
        async with self.pool.connection() as conn:
            try:
                row = await (await conn.execute(_CHECK_IN, params)).fetchone()
            except psycopg.errors.UniqueViolation:
                return None  # a replayed nonce, or a race lost: the general path says which
        assert row is not None
        checked_in, digest = row
        if digest != loaded.definition_hash:  # the definition changed: read it again
            self._definitions.pop(station.election_id, None)
        return result if checked_in else None

    async def close(self) -> None:
        await self.pool.close()

    async def forget_old_nonces(self, nonce: str, now: datetime) -> None:
        """As ``stations.forget_old_nonces``: about one request in 64, by its random nonce."""
        if nonce[-1:] != "0":
            return
        stale = nonce_hour(now) - max(2 * MAX_SKEW, timedelta(hours=1))
        async with self.pool.connection() as conn:
            await conn.execute(_FORGET_NONCES, {"stale": stale})

    async def _definition(self, election_id: str) -> LoadedDefinition | None:
        loaded = self._definitions.get(election_id)
        if loaded is None:  # once per election and server process
            try:
                loaded = await asyncio.to_thread(self._read_definition, election_id)
            except EntekhabError:
                return None
            self._definitions[election_id] = loaded
        return loaded

    def _read_definition(self, election_id: str) -> LoadedDefinition:
        with self.uow_factory() as uow:
            return get_definition(uow.session, election_id)

    def _branch(self, loaded: LoadedDefinition, station: StationInfo) -> _Branch | None:
        key = (station.election_id, loaded.definition_hash, station.branch)
        if key not in self._branches:
            self._branches[key] = _branch_of(loaded, station.branch)
        return self._branches[key]


def _branch_of(loaded: LoadedDefinition, code: str) -> _Branch | None:
    """The branch's ballot and bounds; None if a check-in there cannot succeed as it stands."""
    try:
        ctx = context_of(loaded, code)
        require_final_lists(ctx.definition, ctx.contests)
        entitled = entitled_citizens(ctx.definition, ctx.branch)
    except EntekhabError:
        return None
    return _Branch(ctx.branch.ballot_style, ctx.contests, entitled, sorted(entitled.divisions))
