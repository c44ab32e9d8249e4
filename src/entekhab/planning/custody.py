"""Equipment and its chain of custody (زنجیره امانت): device kinds, statuses and the moves
allowed between them.

A device is registered, tested before the election (the result is kept), sealed, deployed to a
branch, and returned after it. A failed test sends it to ``faulty``; a faulty device may be
tested again after repair. On polling day a deployed device may move to another branch: that is
a transfer, recorded like any handover, with both parties signing.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["NEXT_STATUS", "DeviceKind", "DeviceStatus", "may_become"]


class DeviceKind(StrEnum):
    IDENTITY_DEVICE = "identity_device"  # دستگاه احراز هویت
    VOTING_TERMINAL = "voting_terminal"  # دستگاه رای‌گیری
    PRINTER = "printer"
    ROUTER = "router"
    UPS = "ups"


class DeviceStatus(StrEnum):
    REGISTERED = "registered"
    TESTED = "tested"
    FAULTY = "faulty"
    SEALED = "sealed"
    DEPLOYED = "deployed"
    RETURNED = "returned"


NEXT_STATUS: dict[DeviceStatus, frozenset[DeviceStatus]] = {
    DeviceStatus.REGISTERED: frozenset({DeviceStatus.TESTED, DeviceStatus.FAULTY}),
    DeviceStatus.FAULTY: frozenset({DeviceStatus.TESTED, DeviceStatus.FAULTY}),
    DeviceStatus.TESTED: frozenset({DeviceStatus.SEALED, DeviceStatus.FAULTY}),
    DeviceStatus.SEALED: frozenset({DeviceStatus.DEPLOYED}),
    DeviceStatus.DEPLOYED: frozenset({DeviceStatus.RETURNED}),
    DeviceStatus.RETURNED: frozenset({DeviceStatus.TESTED, DeviceStatus.FAULTY}),
}
"""tested → sealed → deployed → returned; a returned device is tested again before reuse."""


def may_become(current: DeviceStatus, target: DeviceStatus) -> bool:
    return target in NEXT_STATUS[current]
