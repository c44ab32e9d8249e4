"""Routes: confidential."""

from fastapi import APIRouter

router = APIRouter(tags=["confidential"])
