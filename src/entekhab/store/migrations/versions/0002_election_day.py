"""Election-day tables (kept in step with ``entekhab.store.tables.election_day``).

Revision ID: 0002_election_day
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_election_day"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "stations",
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_key_hex", sa.String(64), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("enrolled_by", sa.String(200), nullable=False),
        sa.Column("enrolled_at", _TZ, nullable=False),
        sa.Column("revoked_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("key_id", name="pk_stations"),
        sa.UniqueConstraint("public_key_hex", name="uq_stations_public_key_hex"),
    )
    op.create_table(
        "branch_sessions",
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("definition_hash", sa.String(64), nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("opened_at", _TZ, nullable=False),
        sa.Column("closed_by", sa.String(200), nullable=True),
        sa.Column("closed_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("election_id", "branch", name="pk_branch_sessions"),
    )
    op.create_table(
        "participations",
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("national_code", sa.String(10), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("hour", sa.String(13), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("provisional_ref", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("election_id", "national_code", name="pk_participations"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_participations_hour", "participations", ["hour"])
    op.create_table(
        "ballot_tokens",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("ballot_style", sa.String(32), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_ballot_tokens"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "ballot_records",
        sa.Column("ballot_id", sa.String(32), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("hour", sa.String(13), nullable=False),
        sa.Column("ballot_style", sa.String(32), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("held_incident_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("ballot_id", name="pk_ballot_records"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_ballot_records_branch", "ballot_records", ["branch"])
    op.create_table(
        "idempotency_keys",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("station_key_id", sa.String(32), nullable=False),
        sa.Column("request_mac", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("sealed_response", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name="pk_idempotency_keys"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_idempotency_keys_station_key_id", "idempotency_keys", ["station_key_id"])
    op.create_table(
        "station_nonces",
        sa.Column("station_key_id", sa.String(32), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("seen_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("station_key_id", "nonce", name="pk_station_nonces"),
    )
    op.create_index("ix_station_nonces_seen_at", "station_nonces", ["seen_at"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(32), nullable=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("hour", sa.String(13), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_index("ix_incidents_election_id", "incidents", ["election_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_incidents_election_id", "incidents"),
        ("ix_station_nonces_seen_at", "station_nonces"),
        ("ix_idempotency_keys_station_key_id", "idempotency_keys"),
        ("ix_ballot_records_branch", "ballot_records"),
        ("ix_participations_hour", "participations"),
    ):
        op.drop_index(index, table)
    for table in (
        "incidents",
        "station_nonces",
        "idempotency_keys",
        "ballot_records",
        "ballot_tokens",
        "participations",
        "branch_sessions",
        "stations",
    ):
        op.drop_table(table)
