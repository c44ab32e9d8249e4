"""The election calendar at an instant: is phase P open at time t, and a coded refusal if not.

Pure: the instant is passed in (services take it from their clock; tests and rehearsals set
that clock), and so is any recorded extension of polling hours. Windows are half-open,
``[opens, closes)``, in aware UTC; a ``PhaseDays`` phase opens at 00:00 of its first day and
closes at 24:00 of its last day in the election's time zone, polling opens and closes at the
definition's hours on polling day. The refusal PHASE_NOT_OPEN names the phase and its window in
Jalali with Persian digits (fa) and in ISO 8601 local time (en, details).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from entekhab.domain.definition import ElectionDefinition, Phase, PhaseDays
from entekhab.domain.error_codes.calendar import PHASE_NOT_OPEN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.jalali import jalali_datetime_fa

__all__ = [
    "PHASE_NAMES_FA",
    "PhaseWindow",
    "compute_windows",
    "election_zone",
    "is_open",
    "open_phases",
    "phase_window",
    "require_phase",
]

PHASE_NAMES_FA: dict[Phase, str] = {
    Phase.REGISTRATION: "ثبت‌نام داوطلبان",
    Phase.VETTING: "بررسی سوابق داوطلبان",
    Phase.QUALIFICATION: "رسیدگی به صلاحیت داوطلبان",
    Phase.APPEALS: "رسیدگی به شکایت داوطلبان",
    Phase.CAMPAIGN: "تبلیغات انتخاباتی",
    Phase.CAMPAIGN_SILENCE: "سکوت تبلیغاتی",
    Phase.POLLING: "رای‌گیری",
    Phase.RESULTS: "شمارش و اعلام نتایج",
    Phase.COMPLAINTS: "شکایت از انتخابات",
}


@dataclass(frozen=True)
class PhaseWindow:
    """When ``phase`` is open: ``opens`` <= t < ``closes`` (aware UTC)."""

    phase: Phase
    opens: datetime
    closes: datetime

    def contains(self, at: datetime) -> bool:
        return self.opens <= at < self.closes


def election_zone(definition: ElectionDefinition) -> ZoneInfo:
    """The election's time zone (checked by the definition rules: TIMEZONE_UNKNOWN)."""
    return ZoneInfo(definition.timezone)


def _local(day_and_time: datetime, zone: ZoneInfo) -> datetime:
    return day_and_time.replace(tzinfo=zone).astimezone(UTC)


def _days(phase: Phase, days: PhaseDays, zone: ZoneInfo) -> PhaseWindow:
    first = datetime.combine(days.first_day, time())
    after_last = datetime.combine(days.last_day + timedelta(days=1), time())
    return PhaseWindow(phase, _local(first, zone), _local(after_last, zone))


def compute_windows(definition: ElectionDefinition) -> dict[Phase, PhaseWindow]:
    """Every phase's window as the definition sets it (cached as
    ``ElectionDefinition.phase_windows``)."""
    return {phase: _window(definition, phase) for phase in Phase}


def phase_window(
    definition: ElectionDefinition, phase: Phase, *, polling_closes: datetime | None = None
) -> PhaseWindow:
    """The window of ``phase``. ``polling_closes``: the closing instant set by a recorded
    extension of polling hours; it replaces the definition's closing hour only when later."""
    window: PhaseWindow = definition.phase_windows[phase]
    if polling_closes is not None and phase is Phase.POLLING and polling_closes > window.closes:
        return PhaseWindow(phase, window.opens, polling_closes.astimezone(UTC))
    return window


def _window(definition: ElectionDefinition, phase: Phase) -> PhaseWindow:
    zone = election_zone(definition)
    calendar = definition.calendar
    if phase is not Phase.POLLING:
        days: PhaseDays = getattr(calendar, phase.value)
        return _days(phase, days, zone)
    day = definition.polling_day
    opens = _local(datetime.combine(day, calendar.polling.opens), zone)
    closes = _local(datetime.combine(day, calendar.polling.closes), zone)
    return PhaseWindow(phase, opens, closes)


def is_open(
    definition: ElectionDefinition,
    phase: Phase,
    at: datetime,
    *,
    polling_closes: datetime | None = None,
) -> bool:
    """Whether ``phase`` is open at the aware instant ``at``."""
    return phase_window(definition, phase, polling_closes=polling_closes).contains(at)


def open_phases(definition: ElectionDefinition, at: datetime) -> list[Phase]:
    """Every phase open at ``at`` (results and complaints may run side by side)."""
    return [phase for phase in Phase if is_open(definition, phase, at)]


def require_phase(
    definition: ElectionDefinition,
    phase: Phase,
    at: datetime,
    *,
    polling_closes: datetime | None = None,
) -> None:
    """Nothing when ``phase`` is open at ``at``; PHASE_NOT_OPEN naming its window otherwise."""
    window = phase_window(definition, phase, polling_closes=polling_closes)
    if window.contains(at):
        return
    zone = election_zone(definition)
    raise EntekhabError(
        PHASE_NOT_OPEN,
        {
            "phase": phase.value,
            "phase_fa": PHASE_NAMES_FA[phase],
            "opens": window.opens.astimezone(zone).isoformat(timespec="minutes"),
            "closes": window.closes.astimezone(zone).isoformat(timespec="minutes"),
            "at": at.astimezone(zone).isoformat(timespec="minutes"),
            "opens_fa": jalali_datetime_fa(window.opens, zone),
            "closes_fa": jalali_datetime_fa(window.closes, zone),
            "at_fa": jalali_datetime_fa(at, zone),
            "state": "not_yet" if at < window.opens else "over",
        },
    )
