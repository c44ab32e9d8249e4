"""Routes: stations."""

from fastapi import APIRouter

router = APIRouter(tags=["stations"])
