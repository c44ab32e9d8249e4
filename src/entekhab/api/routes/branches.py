"""Routes: branches."""

from fastapi import APIRouter

router = APIRouter(tags=["branches"])
