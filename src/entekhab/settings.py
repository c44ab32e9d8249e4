"""Settings, read once from ``ENTEKHAB_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ENTEKHAB_", extra="ignore")

    database_url: str = "sqlite:///./var/entekhab.db"
    """SQLAlchemy URL. SQLite (WAL) is the embedded default; PostgreSQL via psycopg 3 in
    production: ``postgresql+psycopg://user@host:5432/db``."""
    var_dir: str = "./var"
    """Where local state lives (SQLite files, station journals, keys, backups)."""
    confidential_key: str | None = None
    """Hex 32-byte key for confidential records (libsodium secretbox)."""
    confidential_old_keys: list[str] = []
    """Hex keys of earlier rotations, still needed to open records sealed with them."""
    max_request_bytes: int = 1_000_000
    db_pool_size: int = 20
    """PostgreSQL connections each server process keeps open. Below the number of requests in
    flight, connections beyond it are opened and closed per request (a backend process forked
    each time), which costs more than the request itself."""
    db_async_pool_size: int = 8
    """PostgreSQL connections each server process keeps for the check-in's fast path (one
    statement per check-in, on the event loop, so a few serve hundreds of check-ins a second)."""
    sign_in_failures_per_address: int = 20
    """Failed sign-ins one client address may make in 15 minutes before it gets 429."""
    max_definition_bytes: int = 32_000_000
    """Limit for ``POST /api/v1/definitions`` alone: a country-wide definition is megabytes."""
    station_timeout: float = 5.0
    """Branch station: seconds one request attempt may wait for the server (a black-holed link
    costs at most ``station_timeout`` × 2 before the branch follows its offline policy)."""
    station_attempts: int = 6
    """Branch station: attempts per request (refused connections and 5xx; backoff with jitter)."""
    station_probe_interval: float = 2.0
    """Branch station: seconds between probes of a link found down (``GET /health``)."""
    max_closing_bytes: int = 64_000_000
    """Limit for a branch's closing upload (every ballot record of the branch and its bulletins,
    sent once: docs/ballot-secrecy.md); about 100,000 ballots of a long list-PR ballot."""
    log_checkpoint_every: int = 1000
    log_seal_interval: float = 0.1
    """Seconds between the server's sealing passes over the event log (PostgreSQL)."""
    server_key_file: str | None = None
    """File holding the server's Ed25519 secret key (hex seed): it signs event-log checkpoints,
    and its public key is the one ``entekhab audit verify`` trusts."""
    cors_origins: list[str] = []
    """Origins allowed to call the API from a browser (none by default)."""
    trusted_proxies: list[str] = []
    """Reverse proxies (addresses or networks, e.g. ``["10.0.0.5", "10.1.0.0/24"]``) whose
    ``X-Forwarded-For`` names the client. From anyone else the header is ignored: the client is
    the TCP peer, for the sign-in throttle, the rate limit and the event log (api/proxies.py)."""
    behind_tls: bool = False
    """Set when the server is reached over HTTPS (adds Strict-Transport-Security)."""
    rate_per_address: float = 100.0
    """Requests per second allowed per client address (token bucket; burst = 5 s worth;
    0 turns the limit off, e.g. behind a proxy that limits already)."""
    page_secret: str | None = None
    """Hex key signing the web sign-in's step between password and code; a fresh random one per
    process when unset (then, with several server processes, set it so that they agree)."""
    day_figures_max_age: float = 15.0
    """Seconds the headquarters dashboard's polling-day figures are shared before they are
    counted again (one count of every check-in per election per period, however many officials
    watch; 0: count on every request)."""
    rate_per_station: float = 20.0
    """Requests per second allowed per station key (token bucket; burst = 5 s worth; 0: off)."""
    # -- the election clock (c-rules) -------------------------------------------------------
    clock_start: datetime | None = None
    """For rehearsals, the demo and tests only: the election clock starts at this aware instant
    (e.g. ``2026-06-18T08:00:00+03:30``) and runs at real speed, so polling hours are judged
    as on polling day. Unset in production: the machine's clock."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
