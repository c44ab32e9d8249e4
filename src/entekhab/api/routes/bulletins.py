"""Routes: bulletins."""

from fastapi import APIRouter

router = APIRouter(tags=["bulletins"])
