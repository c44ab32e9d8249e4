"""Routes: results."""

from fastapi import APIRouter

router = APIRouter(tags=["results"])
