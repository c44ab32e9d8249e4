"""A real branch station against a real server, for integration tests: the test election of
``election_day_support``, a station key and a branch-head key enrolled, a journal on disk."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.domain.definition import ElectionDefinition
from entekhab.service.counting.bulletins import enroll_head_key
from entekhab.station.client import RetryPolicy, StationClient
from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.journal import Journal
from entekhab.station.mirror import BallotMirror
from entekhab.station.station import Station
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import ELECTION, HQ_KEY, definition_document, enrol

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)

BLANK_ST1 = [
    {"contest": "TEH", "list_code": None, "candidates": []},
    {"contest": "EXP", "list_code": None, "candidates": []},
]


def definition(offline_policy: str = "refuse") -> ElectionDefinition:
    return ElectionDefinition.model_validate(definition_document(offline_policy))


def head_key_for(branch: str) -> KeyPair:
    return keypair_from_seed(("head-" + branch).encode().ljust(32, b"\0"))


@dataclass
class StationKeys:
    station: KeyPair
    head: KeyPair


def enrol_station_and_head(uow_factory: UnitOfWorkFactory, branch: str, seed: int) -> StationKeys:
    kp, _info = enrol(uow_factory, branch, seed)
    head = head_key_for(branch)
    enroll_head_key(
        uow_factory,
        election_id=ELECTION,
        branch=branch,
        public_hex=head.public_hex,
        enrolled_by="hq-test",
    )
    return StationKeys(kp, head)


def make_station(
    url: str,
    keys: StationKeys,
    journal_path: Path,
    branch: str,
    *,
    verifier: SimulatedIdentityVerifier | None = None,
    retry: RetryPolicy = FAST_RETRY,
    offline_policy: str = "refuse",
) -> Station:
    """A station with its journal at ``journal_path`` and the removable copy of its ballots in
    ``<journal_path>.media`` (as ``entekhab station run`` has it by default)."""
    return Station(
        journal=Journal(journal_path),
        mirror=BallotMirror(journal_path.with_name(journal_path.name + ".media")),
        client=StationClient(url, keys.station, retry=retry, rng=random.Random(1)),
        definition=definition(offline_policy),
        branch=branch,
        station_key=keys.station,
        hq_public_key=HQ_KEY.public_hex,
        head_key=keys.head,
        verifier=verifier or SimulatedIdentityVerifier(0, random.Random(2)),
    )
