"""The demo's branch stations: ``entekhab.station.Station`` with a journal file, a signed HTTP
client and simulated identity devices, behind the simulator's ``BranchStation`` interface."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from pathlib import Path

from entekhab.crypto.signing import keypair_from_seed
from entekhab.domain.ballot import ContestSelection
from entekhab.domain.definition import ElectionDefinition
from entekhab.sim.election_day import Visit
from entekhab.station.client import RetryPolicy, StationClient
from entekhab.station.identity import FingerprintOutcome, NationalCard, SimulatedIdentityVerifier
from entekhab.station.journal import Journal
from entekhab.station.station import Station

__all__ = ["BranchKeys", "SimulatedBranch", "branch_keys"]


class BranchKeys:
    """A branch's station key and branch head's key, derived from the demo's seed."""

    def __init__(self, seed: int, branch: str) -> None:
        self.station = keypair_from_seed(_seed_bytes(seed, branch, "station"))
        self.head = keypair_from_seed(_seed_bytes(seed, branch, "head"))


def _seed_bytes(seed: int, branch: str, role: str) -> bytes:
    return hashlib.sha256(f"entekhab-demo/{seed}/{branch}/{role}".encode()).digest()


def branch_keys(seed: int, branch: str) -> BranchKeys:
    return BranchKeys(seed, branch)


class CountingVerifier(SimulatedIdentityVerifier):
    """The simulated devices, counting the fingerprint matches they falsely reject."""

    false_rejects = 0

    def match_fingerprint(self, card: NationalCard) -> FingerprintOutcome:
        outcome = super().match_fingerprint(card)
        if outcome is not FingerprintOutcome.MATCH:
            self.false_rejects += 1
        return outcome


class SimulatedBranch:
    """One branch station of the demo (used by one thread)."""

    def __init__(
        self,
        *,
        definition: ElectionDefinition,
        branch: str,
        keys: BranchKeys,
        server: str,
        hq_public_key: str,
        journal_dir: Path,
        false_reject_rate: float,
        seed: int,
        journal_sync: str = "FULL",
    ) -> None:
        self.verifier = CountingVerifier(false_reject_rate, random.Random(f"{seed}/fp/{branch}"))
        self.client = StationClient(
            server,
            keys.station,
            retry=RetryPolicy(attempts=10, base_delay=0.2, max_delay=5.0),
            timeout=60.0,
            rng=random.Random(f"{seed}/retry/{branch}"),
        )
        self.journal = Journal(journal_dir / f"{branch}.sqlite", synchronous=journal_sync)
        self.station = Station(
            journal=self.journal,
            client=self.client,
            definition=definition,
            branch=branch,
            station_key=keys.station,
            hq_public_key=hq_public_key,
            head_key=keys.head,
            verifier=self.verifier,
        )
        self.branch = branch
        self._ticket: str | None = None

    def open(self) -> None:
        self.station.open(f"head-{self.branch}")

    def check_in(self, visit: Visit, override_reason: str | None) -> Sequence[str]:
        self.verifier.present(visit.national_code, visit.card_serial)
        checked = self.station.check_in(override_reason=override_reason)
        self._ticket = checked.ticket
        return checked.contests

    def cast(self, selections: Sequence[ContestSelection]) -> None:
        assert self._ticket is not None
        ticket, self._ticket = self._ticket, None
        self.station.cast(ticket, selections)

    def close(self) -> None:
        try:
            self.station.close(f"head-{self.branch}")
        finally:
            self.client.close()
            self.journal.close()

    @property
    def false_rejects(self) -> int:
        return self.verifier.false_rejects
