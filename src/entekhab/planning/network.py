"""Network plan: each branch's link (fibre first, mobile where there is no fibre), its backup,
the telecom provider's commitment, the risk that follows, and the offline policy to recommend.

Risk of a branch:
* **high** — no primary link, or the provider refused the primary link, or neither link is
  delivered with polling day inside ``due_soon_days``;
* **medium** — a 3G primary link, no backup link, or a primary link not yet delivered;
* **low** — otherwise.

Recommended offline policy (``OfflinePolicy`` of the definition): ``refuse`` (voters wait for
the link, no duplicates possible) only for low risk; ``provisional`` (record locally, reconcile)
for medium and high — a branch that may lose its link for hours must not turn voters away. High
risk also gets a courier for the removable copy of the ballot records at closing.

Upload per branch: check-ins + ballot records + signed bulletins, with sizes measured from the
landed wire formats by ``service/planning/network.measure_formats`` and passed in here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from entekhab.domain.definition import OfflinePolicy

__all__ = [
    "BranchLink",
    "Commitment",
    "LinkKind",
    "LinkRisk",
    "NetworkAssessment",
    "UploadSizes",
    "assess_link",
]


class LinkKind(StrEnum):
    FIBRE = "fibre"
    MOBILE_4G = "mobile_4g"
    MOBILE_3G = "mobile_3g"
    SATELLITE = "satellite"
    NONE = "none"


class Commitment(StrEnum):
    """The telecom provider's commitment for a link (تعهد اپراتور)."""

    REQUESTED = "requested"
    COMMITTED = "committed"
    DELIVERED = "delivered"
    REFUSED = "refused"


class LinkRisk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class BranchLink:
    branch: str
    primary: LinkKind
    backup: LinkKind
    provider: str
    primary_commitment: Commitment
    backup_commitment: Commitment
    due: date | None = None


@dataclass(frozen=True)
class UploadSizes:
    """Bytes on the wire, measured from the landed formats."""

    check_in: int
    ballot_record: int
    bulletin: int
    """A signed bulletin of the branch's ballot style, all contests together."""


@dataclass(frozen=True)
class NetworkAssessment:
    branch: str
    risk: LinkRisk
    reasons: tuple[str, ...]
    offline_policy: OfflinePolicy
    courier: bool
    upload_bytes: int


def assess_link(
    link: BranchLink,
    voters: int,
    sizes: UploadSizes,
    polling_day: date,
    today: date,
    *,
    due_soon_days: int = 7,
) -> NetworkAssessment:
    """Risk, offline policy and expected upload of one branch."""
    reasons: list[str] = []
    high = False
    if link.primary == LinkKind.NONE:
        reasons.append("no primary link")
        high = True
    if link.primary_commitment == Commitment.REFUSED:
        reasons.append("provider refused the primary link")
        high = True
    delivered = Commitment.DELIVERED in (link.primary_commitment, link.backup_commitment)
    if not delivered and (polling_day - today).days <= due_soon_days:
        reasons.append("no link delivered and polling day is near")
        high = True
    medium = False
    if link.primary == LinkKind.MOBILE_3G:
        reasons.append("3G primary link")
        medium = True
    if link.backup == LinkKind.NONE:
        reasons.append("no backup link")
        medium = True
    if link.primary != LinkKind.NONE and link.primary_commitment != Commitment.DELIVERED:
        reasons.append("primary link not yet delivered")
        medium = True
    risk = LinkRisk.HIGH if high else LinkRisk.MEDIUM if medium else LinkRisk.LOW
    policy = OfflinePolicy.REFUSE if risk == LinkRisk.LOW else OfflinePolicy.PROVISIONAL
    upload = voters * (sizes.check_in + sizes.ballot_record) + sizes.bulletin
    return NetworkAssessment(
        link.branch, risk, tuple(reasons), policy, risk == LinkRisk.HIGH, math.ceil(upload)
    )
