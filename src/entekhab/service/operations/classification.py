"""Reading classified operations records: the clearance check and the logged read.

Who may read which level is the matrix's clearance table (``domain.operations.classification``);
this module asks it and, for anything above ``public``, records the read (who, what, level) in
the event log and commits it before the content is handed back, so no read goes unrecorded. A
refused read writes nothing.
"""

from __future__ import annotations

from entekhab.domain.access import Principal
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.classification import Level, is_logged, require_clearance
from entekhab.service.audit.events import record_event
from entekhab.store.uow import UnitOfWork

__all__ = ["open_classified"]


def open_classified(
    uow: UnitOfWork, reader: Principal, *, level: str, what: str, record_id: int | str
) -> None:
    """Refuse (OPS_CLEARANCE_REQUIRED, nothing written) or log and commit the read."""
    grade = Level(level)
    require_clearance(reader.role, grade)
    if is_logged(grade):
        record_event(
            uow.session,
            events.CLASSIFIED_READ,
            actor=reader.actor,
            payload={"what": what, "id": str(record_id), "level": grade.value},
        )
        uow.commit()
