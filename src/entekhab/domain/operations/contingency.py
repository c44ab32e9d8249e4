"""Contingency scenarios (سناریوهای اضطراری) and their playbooks.

A scenario names the trouble it answers, the committee responsible and the ordered steps of its
playbook. ``STANDARD_PLAYBOOKS`` are the six a headquarters prepares in advance (power cut at a
branch, link loss, identity-device failure, equipment moved between branches, crowding, security
incident); a headquarters may adapt them. On election day a landed incident is bound to a
scenario whose kind fits it, and each step is ticked off with its time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from entekhab.domain.operations.organisation import CommitteeKind

__all__ = ["STANDARD_PLAYBOOKS", "Playbook", "ScenarioKind"]


class ScenarioKind(StrEnum):
    POWER_CUT = "power_cut"  # قطع برق شعبه
    LINK_LOSS = "link_loss"  # قطع ارتباط شبکه
    IDENTITY_DEVICE_FAILURE = "identity_device_failure"  # خرابی دستگاه احراز هویت
    EQUIPMENT_MOVED = "equipment_moved"  # جابه‌جایی تجهیزات میان شعب
    CROWDING = "crowding"  # ازدحام
    SECURITY_INCIDENT = "security_incident"  # رخداد امنیتی


@dataclass(frozen=True)
class Playbook:
    kind: ScenarioKind
    title: str
    committee: CommitteeKind
    steps: tuple[str, ...]


STANDARD_PLAYBOOKS: tuple[Playbook, ...] = (
    Playbook(
        ScenarioKind.POWER_CUT,
        "قطع برق شعبه",
        CommitteeKind.INFRASTRUCTURE,
        (
            "Confirm the branch runs on its UPS and note the battery time left",
            "Call the power company's duty officer under the memorandum",
            "Send the standby generator from the county depot",
            "Confirm power is back and the station journal is intact",
        ),
    ),
    Playbook(
        ScenarioKind.LINK_LOSS,
        "قطع ارتباط شبکه",
        CommitteeKind.INFRASTRUCTURE,
        (
            "Confirm the station switched to its offline policy",
            "Report the outage to the telecom company's duty desk",
            "Bring up the mobile-internet fallback",
            "Confirm the journal has reconciled after the link returns",
        ),
    ),
    Playbook(
        ScenarioKind.IDENTITY_DEVICE_FAILURE,
        "خرابی دستگاه احراز هویت",
        CommitteeKind.INFRASTRUCTURE,
        (
            "Record the device's serial number and fault",
            "Send a spare device from the nearest branch cluster",
            "Enrol the spare device and resume check-in",
        ),
    ),
    Playbook(
        ScenarioKind.EQUIPMENT_MOVED,
        "جابه‌جایی تجهیزات میان شعب",
        CommitteeKind.SUPPORT,
        (
            "Record what is moved, from which branch to which",
            "Escort the equipment with a police officer",
            "Both branch heads sign the hand-over sheet",
        ),
    ),
    Playbook(
        ScenarioKind.CROWDING,
        "ازدحام در شعبه",
        CommitteeKind.POLICE,
        (
            "Send police to keep the queue orderly",
            "Open the mobile box or an extra station at the site",
            "Announce nearby branches with short queues",
        ),
    ),
    Playbook(
        ScenarioKind.SECURITY_INCIDENT,
        "رخداد امنیتی",
        CommitteeKind.SECURITY,
        (
            "Secure the ballot box and the station",
            "Inform the security committee and the police",
            "File an incident report with the supervisory board",
            "Decide with the executive board whether the branch resumes",
        ),
    ),
)
