"""Routes: ballots."""

from fastapi import APIRouter

router = APIRouter(tags=["ballots"])
