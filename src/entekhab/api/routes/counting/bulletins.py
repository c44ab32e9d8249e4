"""Routes: branch bulletins (برگ نتیجه شعبه).

A bulletin needs no session: it carries its own proof, the station's signature and the branch
head's countersignature, both checked against enrolled keys by the service.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.counting import BulletinReceiptOut, HeadKeyIn, HeadKeyOut
from entekhab.service.counting.bulletins import enroll_head_key, receive_bulletin

__all__ = ["router"]

router = APIRouter(tags=["bulletins"])


@router.post("/bulletins", response_model=BulletinReceiptOut, status_code=201)
def post_bulletin(uow: Uow, payload: Any = Body(...)) -> BulletinReceiptOut:
    """Receive a signed bulletin; a refusal is coded, recorded and changes no totals."""
    key_id = payload.get("station_key_id") if isinstance(payload, dict) else None
    receipt = receive_bulletin(uow, payload, actor=f"station:{str(key_id)[:32]}")
    return BulletinReceiptOut(**receipt.as_json())


@router.post("/bulletins/head-keys", response_model=HeadKeyOut, status_code=201)
def post_head_key(uow: Uow, user: CurrentUser, body: HeadKeyIn) -> HeadKeyOut:
    """Enroll a branch head's public key (the key that countersigns the branch's bulletins)."""
    key_id = enroll_head_key(
        uow,
        election_id=body.election_id,
        branch=body.branch,
        public_hex=body.public_key.lower(),
        enrolled_by=user.actor,
    )
    return HeadKeyOut(key_id=key_id)
