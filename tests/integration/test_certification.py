"""Certification: unofficial → approved → confirmed → published, each by its board."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.store.tables.counting import CertificationStep
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import TinyElection, setup_tiny_election

NONCE = "5a" * 16


@pytest.fixture
def tiny(uow_factory: UnitOfWorkFactory) -> TinyElection:
    election = setup_tiny_election(uow_factory)
    for branch, votes in (("B1", {"101": 60, "102": 50, "103": 40}), ("B2", {"104": 30})):
        signed = election.sign(election.bulletin(branch, "CT1", candidate_votes=votes))
        receive_bulletin(uow_factory, signed, actor="station", keys=election.keys.directory())
    return election


def _approve(tiny: TinyElection, role: str = "executive_board") -> cert.CertificationStatus:
    return cert.approve(
        tiny.uow_factory,
        tiny.definition.id,
        "CT1",
        actor="user:exec",
        role=role,
        reason="counted all branches",
        ceremony_nonce=NONCE,
    )


def _state(tiny: TinyElection) -> tuple[str, int]:
    with tiny.uow_factory() as uow:
        s = cert.status(uow.session, tiny.definition.id, "CT1")
        return s.state, s.version


def test_each_board_takes_its_step_and_the_label_follows(tiny: TinyElection) -> None:
    approved = _approve(tiny)
    assert (approved.state, approved.label) == ("approved", "unofficial")
    assert approved.outcome is not None and approved.outcome["elected"] == ["101", "102", "103"]
    assert approved.bulletins_root is not None and approved.ceremony_nonce == NONCE
    confirmed = cert.confirm(
        tiny.uow_factory,
        tiny.definition.id,
        "CT1",
        actor="user:sup",
        role="supervisor",
        reason="checked",
    )
    assert (confirmed.state, confirmed.label) == ("confirmed", "official")
    published = cert.publish(
        tiny.uow_factory,
        tiny.definition.id,
        "CT1",
        actor="user:hq",
        role="hq_admin",
        reason="announce",
    )
    assert (published.state, published.label) == ("published", "official")
    with tiny.uow_factory() as uow:
        steps = uow.session.execute(
            select(
                CertificationStep.from_state, CertificationStep.to_state, CertificationStep.role
            ).order_by(CertificationStep.id)
        ).all()
    assert [tuple(s) for s in steps] == [
        ("unofficial", "approved", "executive_board"),
        ("approved", "confirmed", "supervisor"),
        ("confirmed", "published", "hq_admin"),
    ]


@pytest.mark.parametrize(
    ("step", "code"),
    [
        ("approve-by-supervisor", "ROLE_NOT_ALLOWED"),
        ("confirm-before-approval", "CERTIFICATION_WRONG_STATE"),
        ("publish-before-confirmation", "CERTIFICATION_WRONG_STATE"),
        ("no-reason", "CERTIFICATION_REASON_MISSING"),
        ("bad-nonce", "CERTIFICATION_NONCE_INVALID"),
        ("recount-of-unofficial", "CERTIFICATION_WRONG_STATE"),
    ],
)
def test_a_wrong_step_is_refused_and_changes_nothing(
    tiny: TinyElection, step: str, code: str
) -> None:
    f, e = tiny.uow_factory, tiny.definition.id
    calls = {
        "approve-by-supervisor": lambda: _approve(tiny, role="supervisor"),
        "confirm-before-approval": lambda: cert.confirm(
            f, e, "CT1", actor="u", role="supervisor", reason="r"
        ),
        "publish-before-confirmation": lambda: cert.publish(
            f, e, "CT1", actor="u", role="hq_admin", reason="r"
        ),
        "no-reason": lambda: cert.approve(
            f, e, "CT1", actor="u", role="executive_board", reason=" ", ceremony_nonce=NONCE
        ),
        "bad-nonce": lambda: cert.approve(
            f, e, "CT1", actor="u", role="executive_board", reason="r", ceremony_nonce="xyz"
        ),
        "recount-of-unofficial": lambda: cert.return_to_unofficial(
            f, e, "CT1", actor="u", role="supervisor", reason="recount"
        ),
    }
    with pytest.raises(EntekhabError) as refused:
        calls[step]()
    assert refused.value.code == code
    assert _state(tiny) == ("unofficial", 1)
    with tiny.uow_factory() as uow:
        assert uow.session.scalars(select(CertificationStep)).all() == []


def test_nothing_reported_cannot_be_approved(tiny: TinyElection) -> None:
    with pytest.raises(EntekhabError) as refused:
        cert.approve(
            tiny.uow_factory,
            tiny.definition.id,
            "PR1",
            actor="u",
            role="executive_board",
            reason="r",
            ceremony_nonce=NONCE,
        )
    assert refused.value.code == "CERTIFICATION_NOTHING_REPORTED"


def test_a_correction_after_approval_returns_the_result_to_unofficial(
    tiny: TinyElection,
) -> None:
    _approve(tiny)
    first_b2 = tiny.bulletin("B2", "CT1", candidate_votes={"104": 30}).digest()
    correction = tiny.bulletin(
        "B2",
        "CT1",
        candidate_votes={"104": 90},
        supersedes=first_b2,
        correction_reason="transcription error",
    )
    receive_bulletin(
        tiny.uow_factory, tiny.sign(correction), actor="station", keys=tiny.keys.directory()
    )
    assert _state(tiny) == ("unofficial", 2)
    again = _approve(tiny)
    assert again.outcome is not None and again.outcome["elected"][0] == "104"


def test_a_board_may_order_a_recount_after_confirmation(tiny: TinyElection) -> None:
    _approve(tiny)
    cert.confirm(
        tiny.uow_factory, tiny.definition.id, "CT1", actor="u", role="supervisor", reason="ok"
    )
    back = cert.return_to_unofficial(
        tiny.uow_factory,
        tiny.definition.id,
        "CT1",
        actor="user:sup",
        role="supervisor",
        reason="complaint upheld: recount branch B1",
    )
    assert (back.state, back.label, back.version, back.outcome) == (
        "unofficial",
        "unofficial",
        2,
        None,
    )
