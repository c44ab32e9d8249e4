from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select

import entekhab.store.tables  # noqa: F401  (registers every table on Base.metadata)
from entekhab.store.base import Base
from entekhab.store.tables.foundation import Citizen
from entekhab.store.uow import UnitOfWorkFactory


def test_migrations_create_the_foundation_tables(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {"elections", "citizens", "alembic_version"} <= names


def test_unit_of_work_rolls_back_what_was_not_committed(uow_factory: UnitOfWorkFactory) -> None:
    citizen = Citizen(
        national_code="0012345679",
        birth_date=date(1990, 1, 1),
        gender="f",
        residence_division="X",
        residence_since=date(2000, 1, 1),
    )
    with uow_factory() as uow:
        uow.session.add(citizen)
        uow.session.flush()
    with uow_factory() as uow:
        assert uow.session.scalars(select(Citizen)).all() == []


def test_the_migrations_build_exactly_the_tables_the_models_declare(engine: Engine) -> None:
    """Alembic's autogenerate comparison, on both back ends: no table, column, index or
    constraint that the models have and the migrations lack, or the other way round."""
    assert {"elections", "polling_extensions", "branches_not_counted"} <= set(Base.metadata.tables)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
