"""Routes: a branch's network links and the provider's commitments; an area's network plan
(risk, recommended offline policy, expected upload per branch)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.planning import LinkIn, NetworkBranchOut, NetworkSecurityIn
from entekhab.service.planning.network import assign_network_security, network_report, set_link

__all__ = ["router"]

router = APIRouter(tags=["planning"])


@router.post("/planning/network-links", status_code=204)
def post_link(uow: Uow, user: CurrentUser, body: LinkIn) -> None:
    """Record (or replace) a branch's primary and backup link and the commitments for each."""
    with uow() as u:
        set_link(u, **body.model_dump(), actor=user.actor)


@router.get(
    "/planning/{election_id}/areas/{jurisdiction}/network", response_model=list[NetworkBranchOut]
)
def area_network(
    uow: Uow, election_id: str, jurisdiction: str, as_of: date | None = None
) -> list[NetworkBranchOut]:
    """Every branch of the area: links, risk, offline policy, upload bytes (measured)."""
    with uow() as u:
        report = network_report(u, election_id, jurisdiction, today=as_of)
    out = []
    for a in report.assessments:
        link = report.links[a.branch]
        out.append(
            NetworkBranchOut(
                branch=a.branch,
                primary=link.primary.value,
                backup=link.backup.value,
                provider=link.provider,
                primary_commitment=link.primary_commitment.value,
                risk=a.risk.value,
                reasons=list(a.reasons),
                offline_policy=a.offline_policy.value,
                courier=a.courier,
                upload_bytes=a.upload_bytes,
            )
        )
    return out


@router.post("/planning/network-security", status_code=204)
def post_security(uow: Uow, user: CurrentUser, body: NetworkSecurityIn) -> None:
    """Who is responsible for the network security of the governorate (county)."""
    with uow() as u:
        assign_network_security(
            u,
            election_id=body.election_id,
            governorate=body.county,
            responsible=body.responsible,
            contact=body.contact,
            actor=user.actor,
        )
