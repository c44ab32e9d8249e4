"""Settings, read once from ``ENTEKHAB_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

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
    max_request_bytes: int = 1_000_000
    log_checkpoint_every: int = 1000


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
