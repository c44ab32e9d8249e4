"""Routes: definitions."""

from fastapi import APIRouter

router = APIRouter(tags=["definitions"])
