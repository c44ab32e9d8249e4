"""Routes: certification."""

from fastapi import APIRouter

router = APIRouter(tags=["certification"])
