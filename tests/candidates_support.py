"""The candidate tests' world: the tiny sample's candidate history, loaded and played up to a
chosen phase, and a count of every table a refused request must leave alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from entekhab.crypto.confidential import StaticKeyProvider
from entekhab.service.definitions.loading import load_definition
from entekhab.sim.candidate_history import (
    CandidateHistory,
    HistoryOutcome,
    make_history,
    run_history,
)
from entekhab.sim.sample_election import make_election
from entekhab.store.tables.candidates import (
    BallotDrawRow,
    CandidateListRow,
    CandidateRow,
    PartyMeetingRow,
    PartyRow,
    PublishedListRow,
    QualificationStepRow,
    RepresentativeRow,
    VettingInquiryRow,
)
from entekhab.store.tables.foundation import DefinitionVersionRow, ElectionRow
from entekhab.store.tables.security import ConfidentialRecordRow, EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory

KEY_HEX = "5e" * 32
KEYS = StaticKeyProvider.from_hex(KEY_HEX)
NONCE = "ceremony-1405"

COUNTED = (
    CandidateRow,
    CandidateListRow,
    PartyRow,
    PartyMeetingRow,
    VettingInquiryRow,
    QualificationStepRow,
    BallotDrawRow,
    PublishedListRow,
    RepresentativeRow,
    DefinitionVersionRow,
    ConfidentialRecordRow,
    EventLogEntry,
)


def table_counts(uow_factory: UnitOfWorkFactory) -> dict[str, int]:
    with uow_factory() as uow:
        counts = {
            t.__tablename__: int(uow.session.scalar(select(func.count()).select_from(t)) or 0)
            for t in COUNTED
        }
        counts["definition"] = hash(
            uow.session.scalar(select(ElectionRow.definition_hash))  # the hash in force
        )
        return counts


@dataclass
class TinyWorld:
    history: CandidateHistory
    outcome: HistoryOutcome

    @property
    def election(self) -> str:
        return self.history.base.id

    def number(self, contest: str, index: int = 0) -> str:
        """The registration number of the contest's ``index``-th registered candidate."""
        found = [v for (c, _s), v in self.outcome.registrations.items() if c == contest]
        return found[index]


def tiny_world(uow_factory: UnitOfWorkFactory, until: str) -> TinyWorld:
    """The tiny sample before registration, loaded, with its history played ``until``."""
    history = make_history(make_election("tiny", 1405), 1405)
    load_definition(uow_factory, history.base, actor="test:hq")
    outcome = run_history(uow_factory, KEYS, history, ceremony_nonce=NONCE, until=until)
    return TinyWorld(history, outcome)


def add_candidate_rows(uow_factory: UnitOfWorkFactory) -> None:
    """For the permission matrix's world: a registered candidate in contest CT1 (inside P1) and
    one in CT9 (outside), and a party with its register entry."""
    now = datetime.now(UTC)
    with uow_factory() as uow:
        for number, contest in (("R00001", "CT1"), ("R00009", "CT9")):
            uow.session.add(
                CandidateRow(
                    election_id="two-1405",
                    contest=contest,
                    registration=number,
                    national_code=f"00000000{number[-1]}0",
                    given_name_fa="نام",
                    family_name_fa="نامزد",
                    given_name_en="",
                    family_name_en="",
                    birth_date=date(1980, 1, 1),
                    education="master",
                    isargar=False,
                    residence_division="T1",
                    occupation="آموزگار",
                    photo=b"\x89PNG",
                    photo_sha256="0" * 64,
                    registered_via="officer",
                    registered_by="test",
                    registered_at=now,
                    status="registered",
                )
            )
        uow.session.add(
            PartyRow(
                code="PT1",
                name_fa="حزب",
                name_en="Party",
                contacts=[{"name": "x", "role": "y", "phone": "1"}],
                registered_by="test",
                registered_at=now,
            )
        )
        uow.commit()
