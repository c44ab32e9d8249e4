"""Routes: branch bulletins (برگ نتیجه شعبه).

A bulletin needs no session: it carries its own proof, the station's signature and the branch
head's countersignature, both checked against enrolled keys by the service.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from entekhab.api.deps import Uow
from entekhab.api.schemas.counting import BulletinReceiptOut
from entekhab.service.bulletins import receive_bulletin

__all__ = ["router"]

router = APIRouter(tags=["bulletins"])


@router.post("/bulletins", response_model=BulletinReceiptOut, status_code=201)
def post_bulletin(uow: Uow, payload: Any = Body(...)) -> BulletinReceiptOut:
    """Receive a signed bulletin; a refusal is coded, recorded and changes no totals."""
    key_id = payload.get("station_key_id") if isinstance(payload, dict) else None
    receipt = receive_bulletin(uow, payload, actor=f"station:{str(key_id)[:32]}")
    return BulletinReceiptOut(**receipt.as_json())
