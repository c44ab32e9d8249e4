"""Alembic environment: runs on the connection handed in by ``entekhab.store.migrate``."""

from alembic import context

from entekhab.store import tables  # noqa: F401  (registers every table)
from entekhab.store.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through entekhab.store.migrate
    raise RuntimeError("run migrations through entekhab.store.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
