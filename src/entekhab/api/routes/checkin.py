"""Routes: checkin."""

from fastapi import APIRouter

router = APIRouter(tags=["checkin"])
