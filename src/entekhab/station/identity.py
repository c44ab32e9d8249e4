"""Identity authentication at the branch: read the national card, match the fingerprint.

``IdentityVerifier`` is what the station needs from the devices (docs/identity-devices.md):

* ``read_card()`` → ``NationalCard(national_code, card_serial)``, blocking until a card is
  read, or raising ``EntekhabError(STATION_CARD_UNREADABLE)``;
* ``match_fingerprint(card)`` → ``FingerprintOutcome`` (``match`` / ``no_match`` /
  ``not_captured``): the live finger against the template on the card's chip (match-on-card)
  or the device's own matcher. The station sends only the outcome, never a template or image.

``SimulatedIdentityVerifier`` ships for demos and tests: cards are "presented" by the
simulation (``present``), and each fingerprint match fails with ``false_reject_rate`` using
the given ``random.Random``, so a run is repeatable.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from entekhab.domain.error_codes.election_day import STATION_CARD_UNREADABLE
from entekhab.domain.errors import EntekhabError
from entekhab.domain.voter_identity import FingerprintOutcome

__all__ = [
    "FingerprintOutcome",
    "IdentityVerifier",
    "NationalCard",
    "SimulatedIdentityVerifier",
]


@dataclass(frozen=True)
class NationalCard:
    """What the card reader read from the smart national card (کارت ملی هوشمند)."""

    national_code: str
    card_serial: str


class IdentityVerifier(Protocol):
    """The card reader and fingerprint matcher of a station (real device or simulation)."""

    def read_card(self) -> NationalCard: ...

    def match_fingerprint(self, card: NationalCard) -> FingerprintOutcome: ...


class SimulatedIdentityVerifier:
    """Cards handed in by the simulation; fingerprints falsely rejected at a set rate."""

    def __init__(
        self, false_reject_rate: float | Fraction = 0, rng: random.Random | None = None
    ) -> None:
        if not 0 <= false_reject_rate <= 1:
            raise ValueError("false_reject_rate must be within [0, 1]")
        self.false_reject_rate = float(false_reject_rate)
        self._rng = rng or random.Random(0)
        self._cards: deque[NationalCard] = deque()

    def present(self, national_code: str, card_serial: str) -> None:
        """A voter puts a card on the reader (the next ``read_card`` returns it)."""
        self._cards.append(NationalCard(national_code, card_serial))

    def read_card(self) -> NationalCard:
        if not self._cards:
            raise EntekhabError(STATION_CARD_UNREADABLE, {"reason": "no card on the reader"})
        return self._cards.popleft()

    def match_fingerprint(self, card: NationalCard) -> FingerprintOutcome:
        if self._rng.random() < self.false_reject_rate:
            return FingerprintOutcome.NO_MATCH
        return FingerprintOutcome.MATCH
